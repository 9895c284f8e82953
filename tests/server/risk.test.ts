import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.js';
import type { Actor } from '../../src/server/auth/actor.js';
import { resolveScope } from '../../src/server/auth/scope.resolver.js';
import { riskAlertTally } from '../../src/server/risk/risk-alerts.service.js';
import { getEarlyWarnings, getRepeatHazards, getSelfCheckMisses } from '../../src/server/risk/risk-analytics.service.js';
import { type Client, createTestApp, idOfUser, type TestApp } from '../support/harness.js';

/**
 * The risk register, risk alerts and analytics (issue 14): scores and colours through HTTP, bad
 * input, scope (a school sees its own, a centre its schools, another district 404), the audit
 * row of every change, alerts sent by township and acknowledged, chased and tallied; and the
 * analytics on a hand-built 2019 ledger (no demo data that year) whose flagged rows are known.
 */
let t: TestApp;
let admin: Client, centre: Client, principal: Client, officer: Client, staff: Client, other: Client, police: Client;
let schoolA = ''; // the principal's school
let schoolSameArea = ''; // another school of the same township/centre
let schoolB = ''; // a school of another township
let areaA = '';
let districtId = '';

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}
const auditCount = async (action: string) =>
  Number(
    (
      await t.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n,
  );

const point = (over: Record<string, unknown> = {}) => ({
  schoolId: schoolA,
  name: '教学楼北侧临河护栏',
  sourceCode: 'near_water',
  place: '北侧围墙外',
  description: '围墙外 20 米为河道，汛期水位高',
  accidentTypes: '淹溺',
  controlMeasures: '设置警示牌和防护栏；汛期每日巡查',
  controlLevel: 'school',
  controlPerson: '黄国平',
  assessment: { method: 'ls', l: 4, s: 5 },
  assessedOn: '2026-11-01',
  ...over,
});

async function actorOf(username: string): Promise<Actor> {
  const u = await t.db.selectFrom('app_user').selectAll().where('username', '=', username).where('district_id', '=', districtId).executeTakeFirstOrThrow();
  const role = u.role as Role;
  return {
    userId: u.id,
    districtId,
    username: u.username,
    displayName: u.display_name,
    role,
    orgUnitId: u.org_unit_id,
    sessionId: 'test',
    csrfToken: '',
    mustChangePassword: false,
    scope: await resolveScope(t.db, { userId: u.id, districtId, role, orgUnitId: u.org_unit_id }),
    ip: '',
  };
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, centre, principal, officer, staff, other, police] = await t.loginAll([
    'admin',
    'centre_officer',
    'principal',
    'school_officer',
    'staff',
    'other_admin',
    'police',
  ] as const);
  const p = await t.db
    .selectFrom('app_user')
    .select(['org_unit_id', 'district_id'])
    .where('id', '=', await idOfUser(t.db, 'principal'))
    .executeTakeFirstOrThrow();
  schoolA = p.org_unit_id;
  districtId = p.district_id;
  const c = await t.db
    .selectFrom('app_user')
    .select('org_unit_id')
    .where('id', '=', await idOfUser(t.db, 'centre_officer'))
    .executeTakeFirstOrThrow();
  areaA = c.org_unit_id;
  const schools = await t.db
    .selectFrom('org_unit as o')
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'o.district_id').onRef('p.id', '=', 'o.parent_id'))
    .select(['o.id', 'o.parent_id', 'p.parent_id as grandparent_id'])
    .where('o.district_id', '=', districtId)
    .where('o.kind', '=', 'school')
    .where('o.is_active', '=', true)
    .orderBy('o.code')
    .execute();
  const inArea = (s: { parent_id: string | null; grandparent_id: string | null }) => s.parent_id === areaA || s.grandparent_id === areaA;
  expect(inArea(schools.find((s) => s.id === schoolA) as (typeof schools)[number])).toBe(true);
  schoolSameArea = (schools.find((s) => s.id !== schoolA && inArea(s)) as { id: string }).id;
  schoolB = (schools.find((s) => !inArea(s)) as { id: string }).id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('risk points', () => {
  let id = '';
  it('a school registers a point; LS 4×5 = 20 is red, reviewed in 30 days; the history and the audit row are written', async () => {
    const before = await auditCount('risk_point.create');
    const res = await officer.post('/api/risk-points', point());
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json().riskPoint;
    id = r.id;
    expect(r).toMatchObject({ score: 20, colour: 'red', colourLabel: '红', nextReviewDue: '2026-12-01', sourceLabel: '临水', controlLevelLabel: '学校' });
    expect(r.history).toHaveLength(1);
    expect(await auditCount('risk_point.create')).toBe(before + 1);
  });

  it('LEC 3×6×15 = 270 is orange', async () => {
    const res = await officer.post(
      '/api/risk-points',
      point({ name: '化学实验室危化品柜', sourceCode: 'hazardous_chemicals', assessment: { method: 'lec', l: 3, e: 6, c: 15 } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().riskPoint).toMatchObject({ score: 270, colour: 'orange' });
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const before = await auditCount('risk_point.create');
    expectError(await officer.post('/api/risk-points', point({ sourceCode: 'no_such_source' })), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/risk-points', point({ assessment: { method: 'ls', l: 6, s: 1 } })), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/risk-points', point({ assessment: { method: 'lec', l: 5, e: 6, c: 15 } })), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/risk-points', point({ assessment: { method: 'ls', l: 1, s: 1, e: 1 } })), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/risk-points', point({ assessedOn: '2099-01-01' })), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/risk-points', point({ controlMeasures: '' })), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/risk-points', point({ controlLevel: 'city' })), 400, 'VALIDATION_FAILED');
    expectError(await officer.get('/api/risk-points?colour=purple'), 400, 'VALIDATION_FAILED');
    expect(await auditCount('risk_point.create')).toBe(before);
  });

  it('scope: a school writes only its own, staff not at all, a centre its schools, only the district a district-level point', async () => {
    expectError(await officer.post('/api/risk-points', point({ schoolId: schoolB })), 404, 'NOT_FOUND');
    expectError(await staff.post('/api/risk-points', point()), 403, 'FORBIDDEN');
    expectError(await police.post('/api/risk-points', point()), 403, 'FORBIDDEN');
    expect((await centre.post('/api/risk-points', point({ schoolId: schoolSameArea, name: '校门临主干道' }))).statusCode).toBe(201);
    expectError(await centre.post('/api/risk-points', point({ schoolId: schoolB })), 404, 'NOT_FOUND');
    expectError(await centre.post('/api/risk-points', point({ schoolId: null })), 403, 'FORBIDDEN');
    const d = await admin.post('/api/risk-points', point({ schoolId: null, name: '区域防汛', controlLevel: 'district' }));
    expect(d.statusCode, d.body).toBe(201);
    expect(d.json().riskPoint.schoolName).toBe('区级');
    expect((await admin.post('/api/risk-points', point({ schoolId: schoolB, name: '周边施工工地', sourceCode: 'nearby_construction' }))).statusCode).toBe(201);
  });

  it('scope: a school lists its own points, a centre its area, the district all; another district 404', async () => {
    const mine = (await principal.get('/api/risk-points')).json();
    expect(mine.total).toBe(2);
    expect(mine.items.every((i: { schoolId: string }) => i.schoolId === schoolA)).toBe(true);
    expect(mine.counts).toEqual({ red: 1, orange: 1, yellow: 0, blue: 0 });
    const c = (await centre.get('/api/risk-points')).json();
    expect(c.total).toBe(3);
    expect((await admin.get('/api/risk-points')).json().total).toBe(5);
    expect((await admin.get('/api/risk-points?districtLevel=true')).json().total).toBe(1);
    expectError(await principal.get(`/api/risk-points?schoolId=${schoolB}`), 404, 'NOT_FOUND');
    expectError(await other.get(`/api/risk-points/${id}`), 404, 'NOT_FOUND');
    const bPoint = (await admin.get(`/api/risk-points?schoolId=${schoolB}`)).json().items[0].id;
    expectError(await principal.get(`/api/risk-points/${bPoint}`), 404, 'NOT_FOUND');
    expectError(await other.put(`/api/risk-points/${id}`, { ...point(), schoolId: undefined, version: 1 }), 404, 'NOT_FOUND');
  });

  it('the red point is overdue for review (30 days after 2026-11-01); the list and the workbench count it alike', async () => {
    const overdue = (await officer.get('/api/risk-points?overdue=true')).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(id);
    const wb = (await officer.get('/api/workbench')).json();
    const item = JSON.stringify(wb).match(/"key":"risk_points\.overdue_review","label":"[^"]+","count":(\d+)/);
    expect(Number(item?.[1])).toBe(overdue.total);
  });

  it('a review keeps the old assessment and moves the colour and the next review date', async () => {
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    expectError(
      await officer.post(`/api/risk-points/${id}/reviews`, { assessment: { method: 'ls', l: 2, s: 2 }, assessedOn: '2026-10-01' }),
      400,
      'VALIDATION_FAILED',
    );
    const res = await officer.post(`/api/risk-points/${id}/reviews`, { assessment: { method: 'ls', l: 2, s: 2 }, assessedOn: today, note: '已加装护栏' });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json().riskPoint;
    expect(r).toMatchObject({ score: 4, colour: 'yellow', reviewOverdue: false });
    expect(r.history.map((h: { colour: string }) => h.colour)).toEqual(['yellow', 'red']);
    expect(await auditCount('risk_point.review')).toBe(1);
    // An edit with a stale version is refused.
    expectError(await officer.put(`/api/risk-points/${id}`, { ...point(), schoolId: undefined, version: 1 }), 409, 'CONFLICT');
  });

  it('the map colours each school by its highest active point', async () => {
    const m = (await admin.get('/api/risk-map')).json();
    const a = m.items.find((s: { schoolId: string }) => s.schoolId === schoolA);
    expect(a).toMatchObject({ colour: 'orange', counts: { red: 0, orange: 1, yellow: 1, blue: 0 } });
    expect((await principal.get('/api/risk-map')).json().items).toHaveLength(1);
  });
});

describe('risk alerts', () => {
  let alertId = '';
  const alert = (over: Record<string, unknown> = {}) => ({
    title: '汛期防溺水风险提示',
    content: '近期强降雨，请加强临水区域巡查，落实防溺水“六不”教育。',
    kind: 'weather',
    deadline: '2099-12-31',
    target: { areaIds: [areaA] },
    ...over,
  });

  it('the district sends to a township: every school of it and none other; the schools are notified', async () => {
    const before = await auditCount('risk_alert.send');
    const res = await admin.post('/api/risk-alerts', alert());
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json().alert;
    alertId = a.id;
    const ids = a.schools.map((s: { schoolId: string }) => s.schoolId);
    expect(ids).toContain(schoolA);
    expect(ids).toContain(schoolSameArea);
    expect(ids).not.toContain(schoolB);
    expect(a.counts).toMatchObject({ total: ids.length, pending: ids.length, acknowledged: 0 });
    expect(await auditCount('risk_alert.send')).toBe(before + 1);
    const inbox = await t.db.selectFrom('notification').select('user_id').where('entity_id', '=', alertId).where('kind', '=', 'risk_alert').execute();
    expect(inbox.map((n) => n.user_id)).toContain(await idOfUser(t.db, 'principal'));
  });

  it('refuses bad input and senders without the right', async () => {
    expectError(await admin.post('/api/risk-alerts', alert({ target: {} })), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/risk-alerts', alert({ kind: 'gossip' })), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/risk-alerts', alert({ deadline: '2020-01-01' })), 400, 'VALIDATION_FAILED');
    expectError(await centre.post('/api/risk-alerts', alert({ target: { schoolIds: [schoolB] } })), 400, 'VALIDATION_FAILED');
    expectError(await principal.post('/api/risk-alerts', alert()), 403, 'FORBIDDEN');
    expectError(await police.post('/api/risk-alerts', alert()), 403, 'FORBIDDEN');
  });

  it('a centre sends by risk colour within its own schools only', async () => {
    const res = await centre.post('/api/risk-alerts', alert({ title: '橙色风险点复查', kind: 'data', target: { colours: ['orange'] } }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().alert.schools.map((s: { schoolId: string }) => s.schoolId)).toEqual([schoolA]);
  });

  it('a school sees only its own row; the pending list equals the workbench count', async () => {
    const a = (await principal.get(`/api/risk-alerts/${alertId}`)).json().alert;
    expect(a.schools).toHaveLength(1);
    expect(a.schools[0]).toMatchObject({ schoolId: schoolA, state: 'pending', canAcknowledge: true });
    const pending = (await principal.get('/api/risk-alerts?pending=true')).json();
    expect(pending.total).toBe(2);
    const wb = JSON.stringify((await principal.get('/api/workbench')).json());
    expect(Number(wb.match(/"key":"risk_alerts\.pending","label":"[^"]+","count":(\d+)/)?.[1])).toBe(2);
    expectError(await other.get(`/api/risk-alerts/${alertId}`), 404, 'NOT_FOUND');
  });

  it('the district chases the unacknowledged in one tap: each school gets a new message', async () => {
    const before = await t.db.selectFrom('notification').select('id').where('entity_id', '=', alertId).execute();
    const res = await admin.post(`/api/risk-alerts/${alertId}/chase`, {});
    expect(res.statusCode, res.body).toBe(200);
    const after = await t.db.selectFrom('notification').select('id').where('entity_id', '=', alertId).execute();
    expect(after.length).toBeGreaterThan(before.length);
    expect(res.json().alert.schools.every((s: { chaseCount: number }) => s.chaseCount === 1)).toBe(true);
    expectError(await principal.post(`/api/risk-alerts/${alertId}/chase`, {}), 403, 'FORBIDDEN');
  });

  it('the school acknowledges with its measures once; staff cannot; the board and the tally show it', async () => {
    expectError(await staff.post(`/api/risk-alerts/${alertId}/acknowledge`, { measures: '已巡查' }), 403, 'FORBIDDEN');
    expectError(await principal.post(`/api/risk-alerts/${alertId}/acknowledge`, { measures: '' }), 400, 'VALIDATION_FAILED');
    expectError(await other.post(`/api/risk-alerts/${alertId}/acknowledge`, { measures: '已巡查' }), 404, 'NOT_FOUND');
    const res = await principal.post(`/api/risk-alerts/${alertId}/acknowledge`, { measures: '已在河边加装护栏，每日放学后巡查' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().alert.schools[0]).toMatchObject({ state: 'acknowledged', measures: '已在河边加装护栏，每日放学后巡查' });
    expectError(await officer.post(`/api/risk-alerts/${alertId}/acknowledge`, { measures: '再次签收' }), 409, 'CONFLICT');
    expect(await auditCount('risk_alert.acknowledge')).toBe(1);
    const board = (await admin.get(`/api/risk-alerts/${alertId}`)).json().alert;
    expect(board.counts.acknowledged).toBe(1);
    expect(board.counts.pending).toBe(board.counts.total - 1);
    const tally = await riskAlertTally(t.ctx, await actorOf('admin'));
    const a = tally.find((x) => x.schoolId === schoolA);
    expect(a).toEqual({ schoolId: schoolA, sent: 2, acknowledged: 1, late: 0, pending: 1, overdue: 0 });
    const list = (await admin.get('/api/risk-alerts')).json();
    expect(list.items.find((i: { id: string }) => i.id === alertId).counts.acknowledged).toBe(1);
  });
});

describe('analytics on a hand-built 2019 ledger', () => {
  const ids: Record<string, string> = {};
  let seq = 0;
  async function hazard(
    key: string,
    h: { school: string; category: string; place: string; found: string; closed?: string; deadline?: string; source?: string; item?: string },
  ) {
    const r = await t.db
      .insertInto('hazard')
      .values({
        district_id: districtId,
        code: `T2019-${String(++seq).padStart(3, '0')}`,
        school_id: h.school,
        title: `测试隐患 ${key}`,
        place: h.place,
        category: h.category,
        level: 'general',
        source: h.source ?? 'school_self',
        state: h.closed ? 'closed' : 'rectifying',
        found_at: new Date(`${h.found}T10:00:00+08:00`),
        closed_at: h.closed ? new Date(`${h.closed}T10:00:00+08:00`) : null,
        reported_by: null,
        reported_by_name: '测试',
        responsible_unit_id: h.school,
        handed_over_to: null,
        deadline: h.deadline ?? null,
        supervision_listed_at: null,
        extension_requested_deadline: null,
        closed_on_time: null,
        recurrence_of: null,
        inspection_item_code: h.item ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[key] = r.id;
  }

  beforeAll(async () => {
    // Repeats: A's 食堂 fire hazards recur after closure twice; an electric one found again while still open is no repeat.
    await hazard('A1', { school: schoolA, category: 'fire_t', place: '食堂', found: '2019-02-01', closed: '2019-02-10' });
    await hazard('A2', { school: schoolA, category: 'fire_t', place: '食堂', found: '2019-05-01', closed: '2019-05-05' });
    await hazard('A3', { school: schoolA, category: 'fire_t', place: '食堂', found: '2019-08-01' });
    await hazard('A4', { school: schoolA, category: 'fire_t', place: '宿舍', found: '2019-03-01' });
    await hazard('A5', { school: schoolA, category: 'elec_t', place: '教学楼', found: '2019-04-01', closed: '2019-04-20' });
    await hazard('A6', { school: schoolA, category: 'elec_t', place: '教学楼', found: '2019-04-03' });
    await hazard('B1', { school: schoolB, category: 'fire_t', place: '食堂', found: '2019-06-01' });
    // Self-check misses: A passed X1 and failed X2 on 2019-09-01.
    const template = await t.db
      .selectFrom('checklist_template')
      .select(['id', 'code', 'version', 'name'])
      .where('district_id', '=', districtId)
      .executeTakeFirstOrThrow();
    const creator = await idOfUser(t.db, 'school_officer');
    const insp = await t.db
      .insertInto('inspection')
      .values({
        district_id: districtId,
        client_id: crypto.randomUUID(),
        code: 'T2019-ZJ-1',
        school_id: schoolA,
        template_id: template.id,
        template_code: template.code,
        template_version: template.version,
        template_name: template.name,
        level: 'school_self',
        status: 'submitted',
        inspected_at: new Date('2019-09-01T09:00:00+08:00'),
        inspected_on: '2019-09-01',
        inspectors: JSON.stringify([]),
        report_due: null,
        reported_at: null,
        reported_by: null,
        reported_by_name: null,
        report_signature_id: null,
        plan_id: null,
        created_by: creator,
        created_by_name: '测试',
        submitted_at: new Date('2019-09-01T10:00:00+08:00'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const item = (code: string, position: number, result: 'pass' | 'fail') => ({
      district_id: districtId,
      inspection_id: insp.id,
      code,
      position,
      text: `检查项 ${code}`,
      category: 'fire_t',
      place: null,
      photo_required: false,
      fail_level: 'general',
      result,
      hazard_id: null,
    });
    await t.db
      .insertInto('inspection_item')
      .values([item('X1', 1, 'pass'), item('X2', 2, 'fail')])
      .execute();
    await hazard('M1', { school: schoolA, category: 'sc_t', place: 'p1', found: '2019-09-15', source: 'centre', item: 'X1' });
    await hazard('M2', { school: schoolA, category: 'sc_t', place: 'p2', found: '2019-09-15', source: 'centre', item: 'X2' });
    await hazard('M3', { school: schoolA, category: 'sc_t', place: 'p3', found: '2019-09-16', source: 'school_self', item: 'X1' });
    await hazard('M4', { school: schoolA, category: 'sc_t', place: 'p4', found: '2019-11-15', source: 'police', item: 'X1' });
    await hazard('M5', { school: schoolB, category: 'scb_t', place: 'p5', found: '2019-09-10', source: 'inspector', item: 'X1' });
    // Early warning: A's overdue hazards at the ends of Sep, Oct, Nov and on 2019-12-20: 1, 2, 3, 4; B's 1, 2, 1, 1.
    await hazard('E1', { school: schoolA, category: 'ew_t', place: 'e1', found: '2019-09-01', deadline: '2019-09-20' });
    await hazard('E2', { school: schoolA, category: 'ew_t', place: 'e2', found: '2019-10-01', deadline: '2019-10-15' });
    await hazard('E3', { school: schoolA, category: 'ew_t', place: 'e3', found: '2019-11-01', deadline: '2019-11-15' });
    await hazard('E4', { school: schoolA, category: 'ew_t', place: 'e4', found: '2019-12-01', deadline: '2019-12-10' });
    await hazard('F1', { school: schoolB, category: 'ewb_t', place: 'f1', found: '2019-09-01', deadline: '2019-09-20' });
    await hazard('F2', { school: schoolB, category: 'ewb_t', place: 'f2', found: '2019-10-01', deadline: '2019-10-15', closed: '2019-11-20' });
  });

  const range = '?from=2019-01-01&to=2019-12-31';

  it('repeat hazards: the one group that recurred after closure, with its rows; fire_t across two schools', async () => {
    const r = (await admin.get(`/api/risk-analytics/repeat-hazards${range}`)).json();
    expect(r.atSchools).toHaveLength(1);
    const g = r.atSchools[0];
    expect(g).toMatchObject({ schoolId: schoolA, category: 'fire_t', place: '食堂', repeats: 2, total: 3 });
    expect(g.hazards.map((h: { id: string; repeat: boolean }) => [h.id, h.repeat])).toEqual([
      [ids.A1, false],
      [ids.A2, true],
      [ids.A3, true],
    ]);
    expect(r.acrossSchools.map((c: { category: string; schools: number; hazards: number }) => [c.category, c.schools, c.hazards])).toEqual([['fire_t', 2, 5]]);
    // A school sees only its own.
    const mine = (await principal.get(`/api/risk-analytics/repeat-hazards${range}`)).json();
    expect(mine.atSchools).toHaveLength(1);
    expect(mine.acrossSchools).toEqual([]);
    expectError(await principal.get(`/api/risk-analytics/repeat-hazards${range}&schoolId=${schoolB}`), 404, 'NOT_FOUND');
    expectError(await admin.get('/api/risk-analytics/repeat-hazards?from=2019-12-31&to=2019-01-01'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/risk-analytics/repeat-hazards?from=2019-02-30'), 400, 'VALIDATION_FAILED');
  });

  it('self-check misses: only the supervision finding on an item the school passed within 4 weeks', async () => {
    const r = (await admin.get(`/api/risk-analytics/self-check-misses${range}`)).json();
    expect(r.weeks).toBe(4);
    expect(r.items.map((i: { id: string }) => i.id)).toEqual([ids.M1]);
    expect(r.items[0]).toMatchObject({ itemCode: 'X1', selfCheck: { code: 'T2019-ZJ-1', inspectedOn: '2019-09-01' } });
    expect(r.bySchool).toEqual([{ schoolId: schoolA, schoolName: expect.any(String), count: 1, items: 1 }]);
    expect(r.byItem).toEqual([{ itemCode: 'X1', itemText: '检查项 X1', count: 1, schools: 1 }]);
    // Eleven weeks back reaches the police finding of 2019-11-15 too.
    const wide = (await admin.get(`/api/risk-analytics/self-check-misses${range}&weeks=11`)).json();
    expect(wide.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.M1, ids.M4].sort());
    expectError(await admin.get(`/api/risk-analytics/self-check-misses${range}&weeks=0`), 400, 'VALIDATION_FAILED');
  });

  it('early warning: A rose three months in a row (1, 2, 3, 4) and shows its four overdue hazards; B did not', async () => {
    const r = await getEarlyWarnings(t.ctx, await actorOf('admin'), {}, new Date('2019-12-20T12:00:00+08:00'));
    expect(r.periods).toBe(3);
    expect(r.flags.map((f) => f.schoolId)).toEqual([schoolA]);
    const f = r.flags[0];
    expect(f?.series.map((s) => s.value)).toEqual([1, 2, 3, 4]);
    expect(f?.hazards.map((h) => h.id)).toEqual([ids.E1, ids.E2, ids.E3, ids.E4]);
    expect(f?.suggestedAlert).toMatchObject({ kind: 'data', schoolIds: [schoolA] });
    // The centre of another township sees nothing of A? The principal of A sees its own flag.
    const own = await getEarlyWarnings(t.ctx, await actorOf('principal'), {}, new Date('2019-12-20T12:00:00+08:00'));
    expect(own.flags).toHaveLength(1);
    expect((await admin.get('/api/risk-analytics/early-warnings')).statusCode).toBe(200);
  });

  it("early warning on missed duties: A's missed duty periods rise Aug–Nov (0, 68, 85, 89) and its rows say which; B's do not; scope", async () => {
    // A kindergarten's own duties from the district's start (2019-09-01, its first submitted
    // inspection), counted by due date: 日巡查 one a school day (Monday to Friday: 21, 23, 21), 值班 and
    // 重点部位巡查 one a day (30, 31, 30), 周检查 due
    // the Monday after (Sep 2, 9, 16, 23, 30: 5; Oct 4; Nov 4), in September the quarterly alarm
    // drill, the quarterly kindergarten drill and 开学第一课; in October and November 月排查 (due the
    // 3rd), the two monthly screenings and the education session: 89, 93, 89 with no records (B).
    // A carried out its daily patrol every day of September and on Oct 1–10 (8 school days): 89 − 21, 93 − 8, 89.
    const creator = await idOfUser(t.db, 'school_officer');
    const template = await t.db
      .selectFrom('checklist_template')
      .select(['id', 'code', 'version', 'name'])
      .where('district_id', '=', districtId)
      .executeTakeFirstOrThrow();
    const days = [
      ...Array.from({ length: 30 }, (_, i) => `2019-09-${String(i + 1).padStart(2, '0')}`),
      ...Array.from({ length: 10 }, (_, i) => `2019-10-${String(i + 1).padStart(2, '0')}`),
    ];
    await t.db
      .insertInto('inspection')
      .values(
        days.map((day, i) => ({
          district_id: districtId,
          client_id: crypto.randomUUID(),
          code: `T2019-XC-${i + 1}`,
          school_id: schoolA,
          template_id: template.id,
          template_code: 'daily_patrol',
          template_version: template.version,
          template_name: '日巡查',
          level: 'school_self',
          status: 'submitted',
          inspected_at: new Date(`${day}T08:00:00+08:00`),
          inspected_on: day,
          inspectors: JSON.stringify([]),
          report_due: null,
          reported_at: null,
          reported_by: null,
          reported_by_name: null,
          report_signature_id: null,
          plan_id: null,
          created_by: creator,
          created_by_name: '测试',
          submitted_at: new Date(`${day}T09:00:00+08:00`),
        })),
      )
      .execute();
    const now = new Date('2019-12-20T12:00:00+08:00');
    const r = await getEarlyWarnings(t.ctx, await actorOf('admin'), {}, now);
    expect(r.months).toEqual(['2019年8月', '2019年9月', '2019年10月', '2019年11月']);
    const missed = r.flags.filter((f) => f.measure === 'missed_duties');
    const a = missed.find((f) => f.schoolId === schoolA);
    expect(a?.series.map((x) => x.value)).toEqual([0, 68, 85, 89]);
    expect(a?.reason).toBe('漏做的义务周期连续 3 个月上升：2019年8月 0 个，2019年9月 68 个，2019年10月 85 个，2019年11月 89 个');
    // The rows are the missed periods themselves: 242 of them; no September patrol, October's from the 11th.
    // 日巡查 is due on school days only (dueOn: school_days; 2019 lists no holidays, so Monday to Friday):
    // 15 in October from Friday the 11th, 21 in November; weekends are not missed.
    expect(a?.duties).toHaveLength(68 + 85 + 89);
    const patrols = (a?.duties ?? []).filter((d) => d.obligationCode === 'daily_patrol');
    expect(patrols.map((d) => d.dueDate)[0]).toBe('2019-10-11');
    expect(patrols).toHaveLength(15 + 21);
    expect(patrols.every((d) => ![0, 6].includes(new Date(`${d.dueDate}T12:00:00+08:00`).getUTCDay()))).toBe(true);
    expect(a?.duties.filter((d) => d.obligationCode === 'weekly_self_check').map((d) => d.dueDate)).toContain('2019-09-02');
    expect(a?.suggestedAlert).toMatchObject({ kind: 'data', schoolIds: [schoolA], title: expect.stringContaining('漏做') });
    expect(a?.suggestedAlert.content).toContain('日巡查 36 期');
    // B has no records: 89, 93, 89 is no rise; the same school type in A's township neither.
    expect(missed.map((f) => f.schoolId)).not.toContain(schoolB);
    expect(missed.map((f) => f.schoolId)).not.toContain(schoolSameArea);
    // The one computation: A's rows are the coverage service's missed periods of A in those months.
    const { listMissedDuties } = await import('../../src/server/coverage/coverage.service.js');
    const own = await listMissedDuties(t.ctx, await actorOf('admin'), { from: '2019-08-01', to: '2019-11-30', schoolIds: [schoolA] }, now);
    expect(own.missed.map((m) => `${m.obligation.code}|${m.period.key}`).sort()).toEqual(a?.duties.map((d) => d.key).sort());
    // Scope: the centre sees A's flag and only its own schools'; B's centre-less view is not its to see.
    const centreView = await getEarlyWarnings(t.ctx, await actorOf('centre_officer'), {}, now);
    expect(centreView.flags.some((f) => f.measure === 'missed_duties' && f.schoolId === schoolA)).toBe(true);
    const centreScope = (await actorOf('centre_officer')).scope;
    expect(centreView.flags.every((f) => centreScope.read.all || centreScope.read.ids.has(f.schoolId))).toBe(true);
    expect(centreView.flags.map((f) => f.schoolId)).not.toContain(schoolB);
    // A school sees its own flags only, and asking for another school is 404 (service and route).
    const mine = await getEarlyWarnings(t.ctx, await actorOf('principal'), {}, now);
    expect(mine.flags.map((f) => [f.measure, f.schoolId]).sort()).toEqual([
      ['missed_duties', schoolA],
      ['overdue_hazards', schoolA],
    ]);
    await expect(getEarlyWarnings(t.ctx, await actorOf('principal'), { schoolId: schoolB }, now)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expectError(await principal.get(`/api/risk-analytics/early-warnings?schoolId=${schoolB}`), 404, 'NOT_FOUND');
    expectError(await centre.get(`/api/risk-analytics/early-warnings?schoolId=${schoolB}`), 404, 'NOT_FOUND');
    expectError(await other.get(`/api/risk-analytics/early-warnings?schoolId=${schoolA}`), 404, 'NOT_FOUND');
    expectError(await admin.get('/api/risk-analytics/early-warnings?schoolId=x'), 400, 'VALIDATION_FAILED');
    const live = await centre.get('/api/risk-analytics/early-warnings');
    expect(live.statusCode).toBe(200);
    expect(live.json().flags.every((f: { schoolId: string }) => centreScope.read.all || centreScope.read.ids.has(f.schoolId))).toBe(true);
    const liveOwn = await principal.get('/api/risk-analytics/early-warnings');
    expect(liveOwn.json().flags.every((f: { schoolId: string }) => f.schoolId === schoolA)).toBe(true);
  });

  it('the services answer the same rows as the routes', async () => {
    const s = await getRepeatHazards(t.ctx, await actorOf('admin'), { from: '2019-01-01', to: '2019-12-31' });
    expect(s.atSchools[0]?.repeats).toBe(2);
    const m = await getSelfCheckMisses(t.ctx, await actorOf('centre_officer'), { from: '2019-01-01', to: '2019-12-31' });
    expect(m.items.map((i) => i.id)).toEqual([ids.M1]);
  });
});
