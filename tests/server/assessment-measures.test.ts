import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import type { Role } from '../../src/domain/roles.js';
import { findAssessedUnits } from '../../src/server/assessment/assessment.repository.js';
import { type MeasureContext, measureNamed } from '../../src/server/assessment/measures.registry.js';
import type { Actor } from '../../src/server/auth/actor.js';
import { resolveScope } from '../../src/server/auth/scope.resolver.js';
import { packOf } from '../../src/server/policy/policy.service.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * The measures of the modules merged last (reports, 报平安, bulletins, risk alerts, 三防,
 * education hours): for a school, each measure's figure equals the figure the module's own page
 * shows (its HTTP endpoint), after activity made here that moves it. The measure is called as a
 * round calls it: once, with every school of the district.
 */
let t: TestApp;
let admin: Client, principal: Client;
let school = ''; // YJT0101, the principal's
let districtId = '';
const today = shanghaiDay(new Date());

function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function adminActor(): Promise<Actor> {
  const u = await t.db.selectFrom('app_user').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
  const role = u.role as Role;
  return {
    userId: u.id,
    districtId: u.district_id,
    username: u.username,
    displayName: u.display_name,
    role,
    orgUnitId: u.org_unit_id,
    sessionId: 'test',
    csrfToken: '',
    mustChangePassword: false,
    scope: await resolveScope(t.db, { userId: u.id, districtId: u.district_id, role, orgUnitId: u.org_unit_id }),
    ip: '',
  };
}

/** The measure's value and detail for the school, over every school of the district, as a round computes it. */
async function measure(code: string, params: MeasureContext['params'], from: string, to: string, unitType: 'school' | 'centre' = 'school', unitId = school) {
  const m = measureNamed(code);
  if (!m) throw new Error(`no measure ${code}`);
  const pack = await packOf(t.ctx, districtId);
  expect(m.checkParams(params, pack)).toBeNull();
  const units = await findAssessedUnits(t.db, districtId, unitType);
  const values = await m.compute({ app: t.ctx, actor: await adminActor(), pack, from, to, units, unitType, params, now: new Date() });
  expect(values.size).toBe(units.length);
  const v = values.get(unitId);
  if (!v) throw new Error('no value for the unit');
  return v;
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal] = await t.loginAll(['admin', 'principal'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  districtId = (await t.db.selectFrom('org_unit').select('district_id').where('id', '=', school).executeTakeFirstOrThrow()).district_id;
}, 240_000);
afterAll(async () => t?.close());

describe('assessment measures equal the modules’ own figures', () => {
  it('report_standing: the status board’s late / missing / returned columns for the school', async () => {
    // The school files October's report now, past its due day (28 November): late.
    ok(await principal.post('/api/reports', { typeCode: 'monthly_work', periodKey: '2026-10', zeroReport: true }), 201);
    const from = '2026-09-01';
    const to = '2027-08-31';
    const board: Record<string, number> = { late: 0, missing: 0, returned: 0 };
    for (const key of ['2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08']) {
      const r = await admin.get(`/api/reports/status?typeCode=monthly_work&periodKey=${key}`);
      if (r.statusCode === 400) continue; // not over yet: not on the board
      const row = ok(r).rows.find((x: { unitId: string }) => x.unitId === school);
      if (row && row.standing in board) board[row.standing as string] = (board[row.standing as string] ?? 0) + 1;
      if (key === '2026-10') expect(row.standing).toBe('late');
    }
    const both = await measure('report_standing', { type: 'monthly_work', count: 'late,missing' }, from, to);
    expect(both.value).toBe((board.late ?? 0) + (board.missing ?? 0));
    expect(both.value).toBeGreaterThanOrEqual(1);
    expect(both.rows.some((r) => r.text.startsWith('2026年10月：迟报'))).toBe(true);
    expect((await measure('report_standing', { type: 'monthly_work', count: 'late' }, from, to)).value).toBe(board.late);
    expect((await measure('report_standing', { type: 'monthly_work', count: 'returned' }, from, to)).value).toBe(board.returned);
    const pack = await packOf(t.ctx, districtId);
    expect(measureNamed('report_standing')?.checkParams({ type: 'nothing' }, pack)).toContain('没有报表类型');
    expect(measureNamed('report_standing')?.checkParams({ type: 'monthly_work', count: 'late,early' }, pack)).toContain('count');
  });

  it('safety_check_ins: the 报平安 board’s missing and late days of the school', async () => {
    const opened = ok(
      await admin.post('/api/safety-periods', { title: '元旦假期', kind: 'holiday', startsOn: today, endsOn: addDays(today, 6), cutoffTime: '23:59' }),
      201,
    );
    // The period began three days ago (a period cannot be opened in the past): three days are due.
    await t.db
      .updateTable('safety_period')
      .set({ starts_on: addDays(today, -3) })
      .where('id', '=', opened.id)
      .execute();
    ok(await principal.post(`/api/safety-periods/${opened.id}/check-ins`, { status: 'safe' }), 201);
    // The board of every period that began in the span (the demo may have its own).
    const from = addDays(today, -3);
    const to = addDays(today, 10);
    let missing = 0;
    let late = 0;
    for (const p of ok(await admin.get('/api/safety-periods')).items as { id: string; startsOn: string }[]) {
      if (p.startsOn < from || p.startsOn > to) continue;
      const row = ok(await admin.get(`/api/safety-periods/${p.id}/board?day=${p.startsOn}`)).rows.find((r: { schoolId: string }) => r.schoolId === school);
      if (p.id === opened.id) expect(row.periodMissing).toBe(3); // the three earlier days, never reported
      missing += row?.periodMissing ?? 0;
      late += row?.periodLate ?? 0;
    }
    const v = await measure('safety_check_ins', { count: 'late_missing' }, from, to);
    expect(v.value).toBe(missing + late);
    expect((await measure('safety_check_ins', { count: 'missing' }, from, to)).value).toBe(missing);
    expect((await measure('safety_check_ins', { count: 'late' }, from, to)).value).toBe(late);
    expect(v.rows.some((r) => r.text.startsWith('元旦假期'))).toBe(true);
    // A span before the period began: not judged.
    expect((await measure('safety_check_ins', {}, '2026-01-01', '2026-01-31')).value).toBeNull();
  });

  it('bulletins: the bulletin statistics of the school', async () => {
    const body = { unitId: school, title: '隐患整改迟缓约谈', reason: '多项隐患逾期未整改', requirements: '一周内制定整改方案', respondBy: addDays(today, 7) };
    ok(await admin.post('/api/bulletins', { ...body, kind: 'summons' }), 201);
    ok(await admin.post('/api/bulletins', { ...body, kind: 'criticism', title: '通报批评' }), 201);
    const from = addDays(today, -30);
    const stats = ok(await admin.get(`/api/bulletins/counts?from=${from}&to=${today}`));
    const row = stats.items.find((r: { unitId: string }) => r.unitId === school);
    expect(row.total).toBeGreaterThanOrEqual(2);
    expect((await measure('bulletins', {}, from, today)).value).toBe(row.total);
    expect((await measure('bulletins', { kind: 'summons' }, from, today)).value).toBe(row.summons);
    expect((await measure('bulletins', {}, '2020-01-01', '2020-12-31')).value).toBe(0);
  });

  it('risk_alert_ack_rate and risk_alert_missed: the states on the alerts’ own pages for the school', async () => {
    const alert = { content: '近期强降雨，请加强临水区域巡查。', kind: 'weather', deadline: addDays(today, 5), target: { schoolIds: [school] } };
    const a1 = ok(await admin.post('/api/risk-alerts', { ...alert, title: '汛期防溺水风险提示' }), 201).alert.id as string;
    const a2 = ok(await admin.post('/api/risk-alerts', { ...alert, title: '寒潮防冻风险提示' }), 201).alert.id as string;
    ok(await principal.post(`/api/risk-alerts/${a1}/acknowledge`, { measures: '已加装护栏，每日巡查' }));
    // The second one's deadline has passed without an acknowledgement: overdue.
    await t.db
      .updateTable('risk_alert')
      .set({ deadline: addDays(today, -1) })
      .where('id', '=', a2)
      .execute();
    const list = ok(await admin.get(`/api/risk-alerts?schoolId=${school}&pageSize=200`));
    const states: string[] = [];
    for (const item of list.items as { id: string }[]) {
      const detail = ok(await admin.get(`/api/risk-alerts/${item.id}`)).alert;
      const mine = detail.schools.find((s: { schoolId: string }) => s.schoolId === school);
      if (mine) states.push(mine.state);
    }
    const n = (s: string) => states.filter((x) => x === s).length;
    expect(n('overdue')).toBeGreaterThanOrEqual(1);
    expect(n('acknowledged')).toBeGreaterThanOrEqual(1);
    const from = addDays(today, -400);
    const missed = await measure('risk_alert_missed', {}, from, addDays(today, 1));
    expect(missed.value).toBe(n('late') + n('overdue'));
    const rate = await measure('risk_alert_ack_rate', {}, from, addDays(today, 1));
    expect(rate.value).toBe(Math.round((n('acknowledged') / (n('acknowledged') + n('late') + n('overdue'))) * 1000) / 10);
  });

  it('sanfang_rate and sanfang_gaps: the school’s 三防 page and the township’s summary', async () => {
    const page = ok(await admin.get(`/api/sanfang/schools/${school}`));
    for (const r of page.rates as { code: string; status: boolean | null }[]) {
      const v = await measure('sanfang_rate', { rate: r.code }, '2026-09-01', '2027-08-31');
      expect(v.value, r.code).toBe(r.status === null ? null : r.status ? 100 : 0);
    }
    const unmet = (page.standards as { applies: boolean; met: boolean }[]).filter((s) => s.applies && !s.met).length;
    expect((await measure('sanfang_gaps', {}, '2026-09-01', '2027-08-31')).value).toBe(unmet);
    // A centre: the summary with its township chosen, as the 三防 page shows it.
    const township = (await t.db.selectFrom('org_unit').select('parent_id').where('id', '=', school).executeTakeFirstOrThrow()).parent_id as string;
    const summary = ok(await admin.get(`/api/sanfang/summary?orgUnitId=${township}`));
    const guards = summary.rates.find((r: { code: string }) => r.code === 'guards');
    expect((await measure('sanfang_rate', { rate: 'guards' }, '2026-09-01', '2027-08-31', 'centre', township)).value).toBe(guards.rate);
    const pack = await packOf(t.ctx, districtId);
    expect(measureNamed('sanfang_rate')?.checkParams({ rate: 'walls' }, pack)).toContain('rate');
  });

  it('education_class_rate: the class-hours page of the school', async () => {
    ok(
      await principal.post('/api/education-sessions', {
        schoolId: school,
        heldOn: addDays(today, -2),
        audienceKind: 'class',
        grade: 3,
        classes: [1, 2],
        topic: 'drowning',
        hours: 2,
        speakerName: '李老师',
        speakerType: 'teacher',
        participants: 80,
      }),
      201,
    );
    const from = addDays(today, -30);
    const hours = ok(await admin.get(`/api/education-sessions/hours?schoolId=${school}&from=${from}&to=${today}&pageSize=200`));
    expect(hours.total).toBeLessThanOrEqual(200);
    const met = (hours.items as { hours: number }[]).filter((c) => c.hours >= 2).length;
    expect(met).toBeGreaterThanOrEqual(2);
    const v = await measure('education_class_rate', { hours: 2 }, from, today);
    expect(v.value).toBe(Math.round((met / hours.total) * 1000) / 10);
    expect(v.rows.length).toBe(Math.min(100, hours.total - met));
    const drowning = (hours.items as { byTopic: { topic: string; hours: number }[] }[]).filter(
      (c) => (c.byTopic.find((x) => x.topic === 'drowning')?.hours ?? 0) >= 2,
    ).length;
    expect((await measure('education_class_rate', { hours: 2, topic: 'drowning' }, from, today)).value).toBe(Math.round((drowning / hours.total) * 1000) / 10);
  });
});
