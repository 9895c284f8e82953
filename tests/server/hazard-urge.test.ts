import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import type { HazardTable } from '../../src/server/db/schema.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/** 催办: who may, scope, the timeline + inbox + audit written together, once a day, bad input. */
let t: TestApp;
const id: Record<string, string> = {};
const today = shanghaiDay(new Date());
const c: Record<string, Client> = {};

let seq = 0;
async function hazard(name: string, over: Partial<Insertable<HazardTable>> = {}) {
  seq += 1;
  const school = over.school_id ?? (id.A as string);
  const row = await t.db
    .insertInto('hazard')
    .values({
      district_id: id.YJ as string,
      code: `UR-${seq}`,
      school_id: school,
      title: name,
      place: '校门',
      category: 'fire',
      source: 'school_self',
      found_at: new Date(Date.now() - 20 * 86_400_000),
      reported_by_name: '测试',
      responsible_unit_id: school,
      level: 'general',
      state: 'rectifying',
      deadline: addDays(today, -4),
      ...over,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  id[name] = row.id;
  return row.id;
}

const urge = (u: string, hazardId: string, body: unknown = { note: '请本周内完成' }) => (c[u] as Client).post(`/api/hazards/${hazardId}/urge`, body);
const inbox = async (u: string) =>
  (await (c[u] as Client).get('/api/notifications?unreadOnly=true')).json().items as { kind: string; entityId: string; title: string; body: string }[];
const urgesOf = (hazardId: string) => t.db.selectFrom('hazard_event').selectAll().where('hazard_id', '=', hazardId).where('action', '=', 'urge').execute();

beforeAll(async () => {
  t = await createTestApp();
  id.A = await idOfSchool(t.db, 'YJT0101');
  id.B = await idOfSchool(t.db, 'YJT0201');
  const unit = (code: string) => t.db.selectFrom('org_unit').select(['id', 'district_id']).where('code', '=', code).executeTakeFirstOrThrow();
  id.YJ = (await unit('YJT0101')).district_id;
  id.PS = (await unit('D-PS01')).id;
  for (const u of ['admin', 'centre_officer', 'inspector', 'inspector02', 'leader', 'principal', 'school_officer', 'staff', 'police', 'other_admin'])
    c[u] = await t.login(u);
  await hazard('逾期');
  await hazard('未逾期', { deadline: addDays(today, 3) });
  await hazard('已销号逾期', { state: 'closed', closed_at: new Date() });
  await hazard('交办逾期', { responsible_unit_id: id.PS, handed_over_to: id.PS });
  await hazard('B校逾期', { school_id: id.B });
  await hazard('并发');
}, 120_000);
afterAll(() => t.close());

describe('POST /api/hazards/:id/urge', () => {
  it('writes the timeline entry, the audit event and the message to the school managers; the hazard itself is unchanged', async () => {
    const before = await t.db
      .selectFrom('hazard')
      .select(['version', 'updated_at', 'state'])
      .where('id', '=', id.逾期 as string)
      .executeTakeFirstOrThrow();
    const r = await urge('centre_officer', id.逾期 as string);
    expect(r.statusCode, r.body).toBe(200);
    const detail = r.json();
    expect(detail.canUrge).toBe(false); // once a day
    const entry = detail.timeline.at(-1);
    expect(entry).toMatchObject({
      action: 'urge',
      actionLabel: '催办',
      note: '请本周内完成',
      actorName: '李文斌',
      fromState: 'rectifying',
      toState: 'rectifying',
    });
    expect(entry.data).toEqual({ deadline: addDays(today, -4), overdueDays: 4 });
    const [audit] = await auditEventsFor(t.db, id.逾期 as string);
    expect(audit).toMatchObject({ action: 'hazard.urge', entity_type: 'hazard', org_unit_id: id.A });
    for (const u of ['principal', 'school_officer']) {
      const [n] = (await inbox(u)).filter((x) => x.entityId === id.逾期);
      expect(n?.kind).toBe('urged');
      expect(n?.title).toContain('已逾期 4 天');
      expect(n?.body).toContain('请本周内完成');
    }
    expect((await inbox('staff')).some((x) => x.entityId === id.逾期)).toBe(false);
    const after = await t.db
      .selectFrom('hazard')
      .select(['version', 'updated_at', 'state'])
      .where('id', '=', id.逾期 as string)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('refuses a second 催办 by the same user on the same day (409), but another supervisor may', async () => {
    const again = await urge('centre_officer', id.逾期 as string, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'CONFLICT', message: '您今天已催办过该隐患，请明天再催办' });
    expect((await urge('admin', id.逾期 as string, {})).statusCode).toBe(200);
    expect(await urgesOf(id.逾期 as string)).toHaveLength(2);
  });

  it('two 催办 at the same moment: one passes, one is refused', async () => {
    const [a, b] = await Promise.all([urge('inspector', id.并发 as string, {}), urge('inspector', id.并发 as string, {})]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(await urgesOf(id.并发 as string)).toHaveLength(1);
  });

  it('a hazard handed over (交办) is urged at the department that now rectifies it', async () => {
    expect((await urge('admin', id.交办逾期 as string)).statusCode).toBe(200);
    expect((await inbox('police')).filter((x) => x.entityId === id.交办逾期).map((x) => x.kind)).toEqual(['urged']);
    expect((await inbox('principal')).some((x) => x.entityId === id.交办逾期)).toBe(false);
  });

  it('only an overdue, open hazard can be urged', async () => {
    for (const h of ['未逾期', '已销号逾期']) {
      const r = await urge('admin', id[h] as string);
      expect(r.statusCode, h).toBe(409);
      expect(r.json().error.message).toBe('只有已逾期且未销号的隐患可以催办');
    }
  });

  it('the responsible side and staff may not urge (403); outside the scope it does not exist (404)', async () => {
    for (const u of ['principal', 'school_officer', 'staff']) {
      const r = await urge(u, id.逾期 as string);
      expect(r.statusCode, u).toBe(403);
      expect(r.json().error.code).toBe('FORBIDDEN');
    }
    expect((await urge('police', id.交办逾期 as string)).statusCode).toBe(403); // its own hazard now
    expect((await urge('inspector02', id.逾期 as string)).statusCode).toBe(404); // YJT0101 is not its school
    expect((await urge('other_admin', id.逾期 as string)).statusCode).toBe(404);
    expect((await urge('inspector02', id.B校逾期 as string)).statusCode).toBe(200);
  });

  it('bad input is a 400 with a Chinese message, never a 500', async () => {
    const long = await urge('leader', id.逾期 as string, { note: '催'.repeat(201) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toContain('催办说明不超过 200 个字');
    expect((await urge('leader', id.逾期 as string, { note: 5 })).statusCode).toBe(400);
    expect((await urge('leader', id.逾期 as string, { level: 'major' })).statusCode).toBe(400);
    expect((await urge('leader', 'not-a-uuid')).statusCode).toBe(400);
    expect((await urge('leader', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const noCsrf = await (c.leader as Client).request({ method: 'POST', url: `/api/hazards/${id.逾期}/urge`, payload: {}, headers: { 'x-csrf-token': 'x' } });
    expect(noCsrf.statusCode).toBe(403);
    expect(await urgesOf(id.逾期 as string)).toHaveLength(2); // nothing written by the refused requests
  });

  it('getHazard tells the truth about 催办', async () => {
    const canUrge = async (u: string, h: string) => (await (c[u] as Client).get(`/api/hazards/${id[h]}`)).json().canUrge;
    expect(await canUrge('leader', '逾期')).toBe(true);
    expect(await canUrge('admin', '逾期')).toBe(false); // already today
    expect(await canUrge('school_officer', '逾期')).toBe(false);
    expect(await canUrge('leader', '未逾期')).toBe(false);
    expect((await (c.leader as Client).get(`/api/hazards/${id.逾期}`)).json().availableActions.map((a: { action: string }) => a.action)).not.toContain('urge');
  });
});
