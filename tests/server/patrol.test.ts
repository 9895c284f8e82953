import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { patrolDay } from '../../src/domain/patrol.js';
import { dutySource } from '../../src/server/duty/duty.registry.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { uploadPhoto } from '../support/hazard-helpers.js';
import { inspectionBody } from '../support/inspection-helpers.js';

let t: TestApp;
let admin: Client, inspector: Client, inspector2: Client, principal: Client, officer: Client, staff: Client, police: Client;
let school = ''; // YJT0101: the school users' school, in the inspector's scope, not inspector02's
let otherSchool = ''; // YJC0501
let district = '';
const today = shanghaiDay(new Date());

beforeAll(async () => {
  t = await createTestApp();
  [admin, inspector, inspector2, principal, officer, staff, police] = await t.loginAll([
    'admin',
    'inspector',
    'inspector02',
    'principal',
    'school_officer',
    'staff',
    'police',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
  district = (await admin.get('/api/auth/me')).json().districtId;
});
afterAll(() => t.close());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}

const patrol = (over: Record<string, unknown> = {}) => ({
  clientId: randomUUID(),
  schoolId: school,
  route: 'key_places',
  patrolledAt: new Date(Date.now() - 60_000).toISOString(),
  points: ['校门', '教学楼'],
  ...over,
});

describe('patrol logs', () => {
  it('staff record a round; a resend returns the same entry; a changed resend is a conflict; audited', async () => {
    const body = patrol({ note: '正常' });
    const first = await staff.post('/api/patrol-logs', body);
    expect(first.statusCode, first.body).toBe(201);
    const log = first.json().patrolLog;
    expect(log).toMatchObject({
      schoolId: school,
      route: 'key_places',
      routeLabel: '重点部位巡查',
      points: ['校门', '教学楼'],
      findingCount: 0,
      // The day of the round itself: `today` is read when the file loads, and CI may cross midnight.
      patrolDay: shanghaiDay(new Date(body.patrolledAt as string)),
    });
    expect(log.code).toMatch(/^XC\d{10}$/);
    const again = await staff.post('/api/patrol-logs', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().patrolLog.id).toBe(log.id);
    expectError(await staff.post('/api/patrol-logs', { ...body, note: '改过' }), 409, 'CONFLICT');
    expectError(await officer.post('/api/patrol-logs', body), 409, 'CONFLICT'); // another user's clientId
    const events = await auditEventsFor(t.db, log.id);
    expect(events.map((e) => e.action)).toEqual(['patrol_log.create']);
    expect(events[0]?.org_unit_id).toBe(school);
  });

  it('refuses bad input with 4xx and a code', async () => {
    expectError(await staff.post('/api/patrol-logs', patrol({ route: 'nowhere' })), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/patrol-logs', patrol({ route: 'Bad Route' })), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/patrol-logs', { ...patrol(), clientId: 'x' }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/patrol-logs', patrol({ patrolledAt: new Date(Date.now() + 3_600_000).toISOString() })), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/patrol-logs', patrol({ patrolledAt: '2026-13-01T00:00:00Z' })), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/patrol-logs', patrol({ findings: [{ text: '消防门锁闭', raiseHazard: true }] })), 400, 'VALIDATION_FAILED');
    expectError(
      await staff.post('/api/patrol-logs', patrol({ findings: [{ text: 'x', raiseHazard: true, category: 'fire', level: 'major' }] })),
      403,
      'FORBIDDEN',
    );
    expectError(await staff.post('/api/patrol-logs', patrol({ points: ['x'.repeat(41)] })), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/patrol-logs', patrol({ extra: 1 })), 400, 'VALIDATION_FAILED');
    expectError(await staff.get('/api/patrol-logs?from=2026-02-30'), 400, 'VALIDATION_FAILED');
    expectError(await staff.get(`/api/patrol-logs/${randomUUID()}`), 404, 'NOT_FOUND');
  });

  it('only the school records its own patrols', async () => {
    expectError(await admin.post('/api/patrol-logs', patrol()), 403, 'FORBIDDEN');
    expectError(await inspector.post('/api/patrol-logs', patrol()), 403, 'FORBIDDEN');
    expectError(await staff.post('/api/patrol-logs', patrol({ schoolId: otherSchool })), 404, 'NOT_FOUND');
  });

  it('a finding becomes a hazard (学校自查) in the same step, with the photo on the patrol', async () => {
    const photo = await uploadPhoto(officer, school, 'patrol');
    const res = await officer.post(
      '/api/patrol-logs',
      patrol({
        route: 'perimeter',
        findings: [
          { text: '东侧围墙破损', place: '围墙', raiseHazard: true, category: 'facility', attachmentIds: [photo] },
          { text: '路灯不亮', place: '周边道路' },
        ],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const log = res.json().patrolLog;
    expect(log).toMatchObject({ findingCount: 2, hazardCount: 1 });
    expect(log.attachments.map((a: { id: string }) => a.id)).toEqual([photo]);
    const [raised, plain] = log.findings;
    expect(plain.hazardId).toBeNull();
    const hazard = (await officer.get(`/api/hazards/${raised.hazardId}`)).json().hazard;
    expect(hazard).toMatchObject({ schoolId: school, title: '东侧围墙破损', place: '围墙', category: 'facility', source: 'school_self' });
    expect(hazard.description).toContain(log.code);
    expect((await auditEventsFor(t.db, raised.hazardId)).map((e) => e.action)).toContain('hazard.report');
    const withFindings = (await officer.get(`/api/patrol-logs?schoolId=${school}&withFindings=true`)).json();
    expect(withFindings.items.map((x: { id: string }) => x.id)).toEqual([log.id]);

    // The other finding, later, in one step.
    const url = `/api/patrol-logs/${log.id}/findings/1/hazard`;
    expectError(await inspector.post(url, { category: 'facility' }), 403, 'FORBIDDEN');
    expectError(await staff.post(url, { category: 'nope' }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post(url, {}), 400, 'VALIDATION_FAILED');
    expectError(await staff.post(`/api/patrol-logs/${log.id}/findings/7/hazard`, { category: 'facility' }), 404, 'NOT_FOUND');
    const later = await staff.post(url, { category: 'facility' });
    expect(later.statusCode, later.body).toBe(201);
    expect(later.json().hazard).toMatchObject({ title: '路灯不亮', place: '周边道路', source: 'school_self' });
    expectError(await staff.post(url, { category: 'facility' }), 409, 'CONFLICT');
    const after = (await officer.get(`/api/patrol-logs/${log.id}`)).json().patrolLog;
    expect(after.hazardCount).toBe(2);
    expect(after.findings[1].hazardId).toBe(later.json().hazard.id);
  });

  it('supervisors read within their scope; others answer 404', async () => {
    const id = (await staff.post('/api/patrol-logs', patrol())).json().patrolLog.id;
    expect((await inspector.get(`/api/patrol-logs/${id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/patrol-logs/${id}`)).json().patrolLog.canCheck).toBe(true);
    expect((await staff.get(`/api/patrol-logs/${id}`)).json().patrolLog.canCheck).toBe(false);
    expectError(await inspector2.get(`/api/patrol-logs/${id}`), 404, 'NOT_FOUND');
    const mine = (await inspector.get(`/api/patrol-logs?schoolId=${school}`)).json();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.routes.map((r: { code: string }) => r.code)).toEqual(['key_places', 'dormitory_night', 'perimeter']);
    expect((await inspector2.get(`/api/patrol-logs?schoolId=${school}`)).json().total).toBe(0);
    expect((await inspector2.get('/api/patrol-logs')).json().items.some((x: { schoolId: string }) => x.schoolId === school)).toBe(false);
    const counts = (await staff.get(`/api/patrol-logs?from=${today}&to=${today}`)).json();
    expect(counts.byRoute.key_places ?? 0).toBe(counts.items.filter((x: { route: string }) => x.route === 'key_places').length);
  });

  it('exports the list as Excel', async () => {
    const res = await inspector.get(`/api/patrol-logs/export?schoolId=${school}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('filename*=UTF-8');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('counts a dormitory round after midnight for the night before, as a duty fact', async () => {
    expect(patrolDay('dormitory_night', new Date(`${today}T01:30:00+08:00`))).toBe(addDays(today, -1));
    expect(patrolDay('dormitory_night', new Date(`${today}T22:30:00+08:00`))).toBe(today);
    expect(patrolDay('key_places', new Date(`${today}T01:30:00+08:00`))).toBe(today);
    const at = new Date(Math.min(Date.now() - 60_000, Date.parse(`${today}T01:30:00+08:00`)));
    const res = await staff.post('/api/patrol-logs', patrol({ route: 'dormitory_night', patrolledAt: at.toISOString() }));
    expect(res.statusCode, res.body).toBe(201);
    const log = res.json().patrolLog;
    const facts = await dutySource('patrol').loadFacts(t.db, {
      districtId: district,
      from: addDays(today, -2),
      to: today,
      subjectIds: [school],
      types: ['dormitory_night'],
    });
    const fact = facts.find((f) => f.id === log.id);
    expect(fact).toMatchObject({ kind: 'patrol', subjectId: school, schoolId: school, type: 'dormitory_night', day: patrolDay('dormitory_night', at) });
    expect(fact?.actorIds).toEqual([(await staff.get('/api/auth/me')).json().id]);
    expect(await dutySource('patrol').ownerOf(t.db, district, log.id)).toMatchObject({ unitId: school });
  });
});

describe('duty roster', () => {
  const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
  const week = (start: string, leader = '张校长') =>
    Array.from({ length: 7 }, (_, i) => ({
      day: addDays(start, i),
      leaderName: i < 5 ? leader : '',
      nightDutyName: i === 0 ? '刘老师' : '',
      phone: '13800000000',
    }));

  it('the principal fills a week; a blank day is cleared; audited; facts and export follow', async () => {
    const res = await principal.put('/api/duty-roster', { schoolId: school, days: week(monday) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().days).toHaveLength(5);
    const cleared = await principal.put('/api/duty-roster', { schoolId: school, days: [{ day: addDays(monday, 4), leaderName: '' }] });
    expect(cleared.statusCode, cleared.body).toBe(200);
    const got = (await inspector.get(`/api/duty-roster?schoolId=${school}&from=${monday}&to=${addDays(monday, 6)}`)).json();
    expect(got.days.map((d: { day: string }) => d.day)).toEqual([0, 1, 2, 3].map((i) => addDays(monday, i)));
    expect(got.canEdit).toBe(false);
    expect((await auditEventsFor(t.db, school)).filter((e) => e.action === 'duty_roster.save')).toHaveLength(2);
    const facts = await dutySource('roster').loadFacts(t.db, { districtId: district, from: monday, to: addDays(monday, 6), subjectIds: [school] });
    expect(facts.filter((f) => f.type === 'day_leader')).toHaveLength(4);
    expect(facts.filter((f) => f.type === 'night_duty').map((f) => f.day)).toEqual([monday]);
    const xlsx = await inspector.get(`/api/duty-roster/export?schoolId=${school}&from=${monday}&to=${addDays(monday, 6)}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('only the school’s principal or safety officer writes; others read within scope', async () => {
    const body = { schoolId: school, days: week(addDays(monday, 7)) };
    expectError(await staff.put('/api/duty-roster', body), 403, 'FORBIDDEN');
    expectError(await inspector.put('/api/duty-roster', body), 403, 'FORBIDDEN');
    expectError(await admin.put('/api/duty-roster', body), 403, 'FORBIDDEN');
    expectError(await principal.put('/api/duty-roster', { ...body, schoolId: otherSchool }), 404, 'NOT_FOUND');
    expectError(await inspector2.get(`/api/duty-roster?schoolId=${school}&from=${monday}&to=${monday}`), 404, 'NOT_FOUND');
    expectError(await principal.get(`/api/duty-roster?schoolId=${otherSchool}&from=${monday}&to=${monday}`), 404, 'NOT_FOUND');
    expect((await officer.put('/api/duty-roster', body)).statusCode).toBe(200);
  });

  it('refuses bad input', async () => {
    const d = { day: monday, leaderName: '张' };
    expectError(await principal.put('/api/duty-roster', { schoolId: school, days: [d, d] }), 400, 'VALIDATION_FAILED');
    expectError(await principal.put('/api/duty-roster', { schoolId: school, days: [] }), 400, 'VALIDATION_FAILED');
    expectError(await principal.put('/api/duty-roster', { schoolId: school, days: [{ ...d, phone: 'abc' }] }), 400, 'VALIDATION_FAILED');
    expectError(await principal.put('/api/duty-roster', { schoolId: school, days: [{ ...d, leaderUserId: randomUUID() }] }), 400, 'VALIDATION_FAILED');
    expectError(await principal.get(`/api/duty-roster?schoolId=${school}&from=${monday}&to=${addDays(monday, -1)}`), 400, 'VALIDATION_FAILED');
    expectError(await principal.get(`/api/duty-roster?schoolId=${school}&from=${monday}&to=${addDays(monday, 400)}`), 400, 'VALIDATION_FAILED');
    expectError(await principal.get(`/api/duty-roster?schoolId=${school}`), 400, 'VALIDATION_FAILED');
  });
});

describe('抽查核实 marks', () => {
  let patrolId = '';
  beforeAll(async () => {
    patrolId = (await staff.post('/api/patrol-logs', patrol())).json().patrolLog.id;
  });

  it('a supervisor with the school in scope marks a patrol; the school sees the mark; audited', async () => {
    const res = await inspector.post('/api/record-checks', { kind: 'patrol', recordId: patrolId, result: 'checked', note: '现场核实属实' });
    expect(res.statusCode, res.body).toBe(201);
    const mark = res.json().recordCheck;
    expect(mark).toMatchObject({ kind: 'patrol', recordId: patrolId, result: 'checked', resultLabel: '已核实' });
    const seen = (await staff.get(`/api/record-checks?kind=patrol&recordId=${patrolId}`)).json();
    expect(seen.items.map((x: { id: string }) => x.id)).toEqual([mark.id]);
    expect(seen.canMark).toBe(false);
    const events = await auditEventsFor(t.db, mark.id);
    expect(events.map((e) => e.action)).toEqual(['record_check.create']);
    expect(events[0]?.org_unit_id).toBe(school);
  });

  it('a supervisor outside the school’s scope is refused; a school user cannot mark', async () => {
    expectError(await inspector2.post('/api/record-checks', { kind: 'patrol', recordId: patrolId, result: 'checked' }), 404, 'NOT_FOUND');
    expectError(await inspector2.get(`/api/record-checks?kind=patrol&recordId=${patrolId}`), 404, 'NOT_FOUND');
    expectError(await principal.post('/api/record-checks', { kind: 'patrol', recordId: patrolId, result: 'checked' }), 403, 'FORBIDDEN');
    expectError(await staff.post('/api/record-checks', { kind: 'patrol', recordId: patrolId, result: 'checked' }), 403, 'FORBIDDEN');
  });

  it('refuses bad input: a question needs a note, unknown records and kinds', async () => {
    expectError(await inspector.post('/api/record-checks', { kind: 'patrol', recordId: patrolId, result: 'questioned' }), 400, 'VALIDATION_FAILED');
    expectError(await inspector.post('/api/record-checks', { kind: 'patrol', recordId: patrolId, result: 'ok' }), 400, 'VALIDATION_FAILED');
    expectError(await inspector.post('/api/record-checks', { kind: 'nope', recordId: patrolId, result: 'checked' }), 400, 'VALIDATION_FAILED');
    expectError(await inspector.post('/api/record-checks', { kind: 'patrol', recordId: randomUUID(), result: 'checked' }), 404, 'NOT_FOUND');
    // Every kind has a source now: a patrol's id is no drill.
    expectError(await inspector.post('/api/record-checks', { kind: 'drill', recordId: patrolId, result: 'checked' }), 404, 'NOT_FOUND');
    expectError(await inspector.get('/api/record-checks?kind=patrol'), 400, 'VALIDATION_FAILED');
  });

  it('works for inspections through the inspection source', async () => {
    const created = await officer.post('/api/inspections', await inspectionBody(officer, school, 'daily_patrol', 'school_self'));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().inspection.id;
    const q = await police.post('/api/record-checks', { kind: 'inspection', recordId: id, result: 'questioned', note: '照片与现场不符' });
    expect(q.statusCode, q.body).toBe(201);
    expectError(await inspector2.post('/api/record-checks', { kind: 'inspection', recordId: id, result: 'checked' }), 404, 'NOT_FOUND');
    expect((await principal.get(`/api/record-checks?kind=inspection&recordId=${id}`)).json().items[0]).toMatchObject({
      result: 'questioned',
      note: '照片与现场不符',
    });
  });
});

describe('demo data', () => {
  it('gives the demo school two weeks of patrols and a roster, counted by the duty sources', async () => {
    const { loadDemoPatrols } = await import('../../src/server/demo/demo-patrol.js');
    const r = await t.db.transaction().execute((trx) => loadDemoPatrols(trx, district));
    expect(r.patrols).toBeGreaterThan(0);
    const from = addDays(today, -13);
    const patrols = await dutySource('patrol').loadFacts(t.db, { districtId: district, from, to: today, subjectIds: [school], types: ['key_places'] });
    expect(new Set(patrols.map((f) => f.day)).size).toBeGreaterThanOrEqual(13);
    const roster = await dutySource('roster').loadFacts(t.db, { districtId: district, from, to: today, subjectIds: [school] });
    expect(roster.filter((f) => f.type === 'day_leader').length).toBeGreaterThan(5);
    // The next entry's code does not collide with the demo's.
    expect((await staff.post('/api/patrol-logs', patrol())).statusCode).toBe(201);
  });
});
