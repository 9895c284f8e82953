import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import type { Role } from '../../src/domain/roles.js';
import type { Actor } from '../../src/server/auth/actor.js';
import { resolveScope } from '../../src/server/auth/scope.resolver.js';
import { listMissedDuties } from '../../src/server/coverage/coverage.service.js';
import { type Client, createTestApp, idOfUser, type TestApp } from '../support/harness.js';

/**
 * Risk point reviews as a duty of the duty engine (kind risk_review, national obligation
 * risk_point_review, monthly, schools with a red or orange point): the duty applies once a school
 * has such a point; a review missed by a day shows the same 逾期 on the coverage grid, the
 * obligations page, the workbench to-do, the compliance calendar and listMissedDuties (the early
 * warning's rows); a review on its due day turns the month done on all of them. Dates run from the
 * real today, as the server judges them.
 */
const CODE = 'risk_point_review';
let t: TestApp;
let admin: Client, principal: Client, officer: Client;
let districtId = '';
let schoolA = ''; // the principal's school
let clean: string[] = []; // schools without any risk point
const today = shanghaiDay(new Date());
const monthKey = today.slice(0, 7);
const monthEnd = (() => {
  const [y, m] = monthKey.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
})();

type Cell = { periodKey: string; status: string; done: number; required: number; dueDate: string };

const point = (schoolId: string, l: number, s: number, assessedOn: string, name = '临河护栏') => ({
  schoolId,
  name,
  sourceCode: 'near_water',
  place: '北侧围墙外',
  controlMeasures: '设置警示牌和防护栏；汛期每日巡查',
  controlLevel: 'school',
  assessment: { method: 'ls', l, s },
  assessedOn,
});

async function create(c: Client, body: ReturnType<typeof point>): Promise<string> {
  const res = await c.post('/api/risk-points', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().riskPoint.id;
}

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

/** The month's cell of the school on every surface that shows it. */
async function surfaces(schoolId: string, own?: Client) {
  const cov = await admin.get(`/api/coverage?view=month&obligation=${CODE}`);
  expect(cov.statusCode, cov.body).toBe(200);
  const row = (cov.json().rows as { school: { id: string }; cells: Cell[] }[]).find((r) => r.school.id === schoolId);
  const coverage = row?.cells.find((c) => c.periodKey === monthKey);
  const obl = await (own ?? admin).get(own ? '/api/obligations' : `/api/obligations?schoolId=${schoolId}`);
  expect(obl.statusCode, obl.body).toBe(200);
  const item = (obl.json().items as { obligation: { code: string }; current: { mine: Cell | null } }[]).find((i) => i.obligation.code === CODE);
  const cal = await (own ?? admin).get(`/api/schools/${schoolId}/compliance-calendar?range=month`);
  expect(cal.statusCode, cal.body).toBe(200);
  const calendar = (cal.json().items as { obligation: { code: string }; cell: Cell }[]).find((i) => i.obligation.code === CODE)?.cell;
  const { missed } = await listMissedDuties(t.ctx, await actorOf('admin'), { from: `${monthKey}-01`, to: monthEnd, schoolIds: [schoolId] });
  const missedHere = missed.filter((m) => m.obligation.code === CODE && m.period.key === monthKey);
  let workbench: { status: string; done: number; required: number; start: string | null } | undefined;
  if (own) {
    const wb = await own.get('/api/workbench');
    expect(wb.statusCode, wb.body).toBe(200);
    type Item = { key: string; duty?: { status: string; done: number; required: number; start: string | null } };
    workbench = (wb.json().sections as { items: Item[] }[]).flatMap((s) => s.items).find((i) => i.key === `duties.${CODE}`)?.duty;
  }
  return { coverage, obligations: item?.current.mine ?? undefined, listed: item !== undefined, calendar, missedHere, workbench };
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, officer] = await t.loginAll(['admin', 'principal', 'school_officer'] as const);
  const p = await t.db
    .selectFrom('app_user')
    .select(['org_unit_id', 'district_id'])
    .where('id', '=', await idOfUser(t.db, 'principal'))
    .executeTakeFirstOrThrow();
  schoolA = p.org_unit_id;
  districtId = p.district_id;
  const rows = await t.db
    .selectFrom('org_unit as o')
    .select('o.id')
    .where('o.district_id', '=', districtId)
    .where('o.kind', '=', 'school')
    .where('o.is_active', '=', true)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('risk_point as r').select('r.id').whereRef('r.school_id', '=', 'o.id'))))
    .orderBy('o.code')
    .limit(3)
    .execute();
  clean = rows.map((r) => r.id);
  expect(clean).toHaveLength(3);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('risk point reviews in the duty engine', () => {
  it('applies only to schools with an active red or orange point', async () => {
    const school = clean[0] as string;
    const listed = async () => (await surfaces(school)).listed;
    expect(await listed()).toBe(false);
    await create(admin, point(school, 2, 3, today, '学校食堂')); // 6: yellow
    expect(await listed()).toBe(false);
    await create(admin, point(school, 3, 3, today, '校门临主干道')); // 9: orange, next review in 90 days
    const s = await surfaces(school);
    expect(s.listed).toBe(true);
    // Nothing is due this month: nothing was missed.
    expect(s.coverage).toMatchObject({ status: 'done', required: 0, done: 0 });
    expect(s.obligations).toMatchObject({ status: 'done', required: 0 });
    expect(s.calendar).toMatchObject({ status: 'done' });
  });

  it('a review missed by a day is 逾期 on the grid, the obligations page, the workbench, the calendar and the missed duties alike', async () => {
    // Red (4×5 = 20): assessed 31 days ago, its review was due yesterday.
    const id = await create(officer, point(schoolA, 4, 5, addDays(today, -31), '旧教学楼'));
    const s = await surfaces(schoolA, principal);
    expect(s.coverage?.status).toBe('overdue');
    expect(s.obligations).toMatchObject({ status: 'overdue', done: s.coverage?.done, required: s.coverage?.required, dueDate: s.coverage?.dueDate });
    expect(s.calendar).toMatchObject({ status: 'overdue', done: s.coverage?.done, required: s.coverage?.required });
    expect(s.workbench).toMatchObject({ status: 'overdue', done: s.coverage?.done, required: s.coverage?.required, start: '/risk?overdue=true' });
    expect(s.missedHere).toHaveLength(1);
    expect(s.missedHere[0]?.cell).toEqual(s.coverage);
    // Reviewed today, a day late: the month stays missed everywhere (a late review is not on time).
    const res = await officer.post(`/api/risk-points/${id}/reviews`, { assessment: { method: 'ls', l: 4, s: 5 }, assessedOn: today });
    expect(res.statusCode, res.body).toBe(201);
    const after = await surfaces(schoolA, principal);
    expect([after.coverage?.status, after.obligations?.status, after.calendar?.status, after.workbench?.status]).toEqual([
      'overdue',
      'overdue',
      'overdue',
      'overdue',
    ]);
  });

  it('a review on its due day is on time: the month turns done on every surface', async () => {
    const school = clean[1] as string;
    // Red: assessed 30 days ago, due today — open until reviewed, done once reviewed today.
    const id = await create(admin, point(school, 4, 5, addDays(today, -30), '危化品储存室'));
    const before = await surfaces(school);
    expect(before.coverage).toMatchObject({ status: 'open', required: 1, done: 0, dueDate: today });
    expect(before.obligations).toMatchObject({ status: 'open', required: 1, done: 0 });
    expect(before.calendar).toMatchObject({ status: 'open' });
    expect(before.missedHere).toHaveLength(0);
    const res = await admin.post(`/api/risk-points/${id}/reviews`, { assessment: { method: 'ls', l: 3, s: 3 }, assessedOn: today });
    expect(res.statusCode, res.body).toBe(201);
    // Now orange: the next review in 90 days.
    expect(res.json().riskPoint.nextReviewDue).toBe(addDays(today, 90));
    const after = await surfaces(school);
    expect(after.coverage).toMatchObject({ status: 'done', required: 1, done: 1 });
    expect(after.obligations).toMatchObject({ status: 'done', required: 1, done: 1 });
    expect(after.calendar).toMatchObject({ status: 'done' });
    expect(after.missedHere).toHaveLength(0);
  });

  it('retiring its only red point takes the school out of the duty', async () => {
    const school = clean[2] as string;
    const id = await create(admin, point(school, 4, 5, addDays(today, -31), '周边建筑工地'));
    expect((await surfaces(school)).coverage?.status).toBe('overdue');
    const got = (await admin.get(`/api/risk-points/${id}`)).json().riskPoint;
    const res = await admin.put(`/api/risk-points/${id}`, {
      name: got.name,
      sourceCode: got.sourceCode,
      place: got.place,
      controlMeasures: got.controlMeasures,
      controlLevel: got.controlLevel,
      status: 'retired',
      assessment: got.assessment,
      assessedOn: got.assessedOn,
      version: got.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    // Retired: the school has no active red or orange point left, so the duty no longer applies to it.
    expect((await surfaces(school)).listed).toBe(false);
  });

  it('scope: a school user reads only its own school’s duty', async () => {
    expect((await principal.get(`/api/schools/${clean[1]}/compliance-calendar?range=month`)).statusCode).toBe(404);
    const mine = (await principal.get(`/api/coverage?view=month&obligation=${CODE}`)).json();
    expect((mine.rows as { school: { id: string } }[]).every((r) => r.school.id === schoolA)).toBe(true);
  });
});
