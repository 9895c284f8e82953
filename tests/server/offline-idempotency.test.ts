import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * The phone's outbox (src/web/offline/outbox.ts) sends each record with the id it chose and
 * sends it again after a lost answer or a retry: the server must keep one record and one audit
 * event however often, and however concurrently, the same id arrives; an id already used by
 * another user is 409. One test per kind the outbox sends (the gate log's is in gate-log.test.ts).
 */
let t: TestApp;
let officer: Client; // school_safety_officer of YJT0101
let principal: Client; // principal of YJT0101: same school, another user
let staff: Client; // staff of YJT0101
let school = '';
const daysAgo = (n: number) => shanghaiDay(new Date(Date.now() - n * 86_400_000));

beforeAll(async () => {
  t = await createTestApp();
  [officer, principal, staff] = await t.loginAll(['school_officer', 'principal', 'staff'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
});
afterAll(() => t.close());

function expectConflict(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(409);
  expect(res.json().error.code).toBe('CONFLICT');
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
}

async function rowsWithClientId(table: 'drill' | 'education_session' | 'staff_training' | 'patrol_log', clientId: string) {
  const r = await sql<{ id: string }>`select id from ${sql.table(table)} where client_id = ${clientId}`.execute(t.db);
  return r.rows.map((x) => x.id);
}

async function auditCount(entityId: string) {
  const r = await t.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity_id', '=', entityId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Sends the same body twice at once, then checks one row and one audit event, and the other user's 409. */
async function sameIdTwice(
  table: 'drill' | 'education_session' | 'staff_training' | 'patrol_log',
  url: string,
  body: { clientId: string },
  owner: Client,
  other: Client,
  idOf: (json: Record<string, unknown>) => string,
) {
  const [a, b] = await Promise.all([owner.post(url, body), owner.post(url, body)]);
  expect([a.statusCode, b.statusCode].sort(), `${a.body}\n${b.body}`).toEqual(expect.arrayContaining([201]));
  for (const r of [a, b]) expect(r.statusCode, r.body).toBeLessThan(300);
  const ids = await rowsWithClientId(table, body.clientId);
  expect(ids).toHaveLength(1);
  expect(idOf(a.json())).toBe(ids[0]);
  expect(idOf(b.json())).toBe(ids[0]);
  expect(await auditCount(ids[0] as string)).toBe(1);
  // A third, later resend (the answer was lost) is also harmless.
  const c = await owner.post(url, body);
  expect(c.statusCode, c.body).toBeLessThan(300);
  expect(idOf(c.json())).toBe(ids[0]);
  // Someone else's id is not theirs to send.
  expectConflict(await other.post(url, body));
  expect(await rowsWithClientId(table, body.clientId)).toHaveLength(1);
  expect(await auditCount(ids[0] as string)).toBe(1);
}

describe('one record per client id', () => {
  it('patrol logs', async () => {
    const body = {
      clientId: randomUUID(),
      schoolId: school,
      route: 'key_places',
      patrolledAt: new Date(Date.now() - 60_000).toISOString(),
      points: ['校门', '教学楼'],
    };
    await sameIdTwice('patrol_log', '/api/patrol-logs', body, staff, officer, (j) => (j.patrolLog as { id: string }).id);
  });

  it('drills (submitted at once)', async () => {
    const body = {
      clientId: randomUUID(),
      schoolId: school,
      type: 'fire',
      startedAt: new Date(Date.now() - 86_400_000).toISOString(),
      scenario: '教学楼起火，全校疏散',
      organiser: '黄国平',
      studentParticipants: 60,
      staffParticipants: 8,
      buildings: [{ name: '教学楼', floors: 4, seconds: 95 }],
      assemblyPoint: '操场',
      summary: '有序疏散',
      submit: true,
    };
    await sameIdTwice('drill', '/api/drills', body, officer, principal, (j) => (j.drill as { id: string }).id);
  });

  it('education sessions', async () => {
    const body = {
      clientId: randomUUID(),
      schoolId: school,
      heldOn: daysAgo(2),
      audienceKind: 'school',
      topic: 'drowning',
      hours: 1,
      speakerName: '李老师',
      speakerType: 'teacher',
    };
    await sameIdTwice('education_session', '/api/education-sessions', body, officer, principal, (j) => (j.session as { id: string }).id);
  });

  it('staff trainings', async () => {
    const body = {
      clientId: randomUUID(),
      schoolId: school,
      trainedOn: daysAgo(2),
      kind: 'fire',
      title: '消防培训',
      trainer: '刘教官',
      trainerBody: '区消防救援支队',
      hours: 2,
      attendeeCount: 45,
    };
    await sameIdTwice('staff_training', '/api/trainings', body, officer, principal, (j) => (j.training as { id: string }).id);
  });
});
