import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { coverageStart } from '../../src/domain/coverage.js';
import { fullMonthsBefore } from '../../src/domain/risk.js';
import { findDistrictStart } from '../../src/server/coverage/coverage.repository.js';
import { type DemoModulesSummary, loadDemoModules } from '../../src/server/demo/demo-modules.js';
import { packForDistrict } from '../../src/server/policy/policy.service.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * The demo of the modules of issues 13 and 14: every module's list has rows for the demo accounts,
 * and scope still holds on the demo's own data (a school sees its own school's records only, a
 * centre its area's). Loaded as `npm start` loads it, through the modules' services.
 */
let t: TestApp;
let summary: DemoModulesSummary;
let ms = 0;
let admin: Client, principal: Client, centre: Client;
let school = '';
let area = new Set<string>();
let districtId = '';
beforeAll(async () => {
  t = await createTestApp();
  school = await idOfSchool(t.db, 'YJT0101');
  const { district_id: district, parent_id: centreId } = await t.db
    .selectFrom('org_unit')
    .select(['district_id', 'parent_id'])
    .where('id', '=', school)
    .executeTakeFirstOrThrow();
  area = new Set([centreId as string, ...(await t.db.selectFrom('org_unit').select('id').where('parent_id', '=', centreId).execute()).map((r) => r.id)]);
  districtId = district;
  const pack = await packForDistrict(t.db, t.ctx.policies, districtId);
  const t0 = performance.now();
  summary = await loadDemoModules(t.ctx, pack, districtId);
  ms = performance.now() - t0;
  [admin, principal, centre] = await t.loginAll(['admin', 'principal', 'centre_officer'] as const);
}, 240_000);
afterAll(() => t.close());

const ok = async (c: Client, url: string) => {
  const res = await c.get(url);
  expect(res.statusCode, `${c.username} ${url}: ${res.body.slice(0, 200)}`).toBe(200);
  return res.json();
};

describe('demo of reports, 报平安, campaigns, meetings, bulletins, screenings, risk, assessment and outbound', () => {
  it('loads every module, and says how long each step took', () => {
    console.log(`[demo-modules] ${JSON.stringify(summary)} in ${ms.toFixed(0)} ms on ${t.kind}`);
    expect(summary.campaigns).toBeGreaterThanOrEqual(1);
    expect(summary.meetings).toBe(2);
    expect(summary.riskPoints).toBeGreaterThan(50);
    expect(summary.reports).toBeGreaterThan(200);
    expect(summary.checkIns).toBeGreaterThan(800);
    expect(summary.channels).toBe(2);
  });

  it('monthly reports: the district sees most units filed, some late, missing and returned; a school only its own, a centre its area', async () => {
    const types = (await ok(admin, '/api/report-types')).items as { code: string; current: { key: string } }[];
    const monthly = types.find((x) => x.code === 'monthly_work') as { current: { key: string } };
    const [y, m] = monthly.current.key.split('-').map(Number) as [number, number];
    const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const board = await ok(admin, `/api/reports/status?typeCode=monthly_work&periodKey=${previous}`);
    expect(board.totals.expected).toBe(290);
    expect(board.totals.on_time).toBeGreaterThan(230);
    expect(board.totals.late).toBeGreaterThan(0);
    expect(board.totals.missing).toBeGreaterThan(0);
    expect(board.totals.returned).toBeGreaterThan(0);
    expect(board.totals.returns).toBeGreaterThanOrEqual(2);
    const all = await ok(admin, '/api/reports?pageSize=200');
    expect(all.total).toBeGreaterThan(200);
    const mine = (await ok(principal, '/api/reports?pageSize=200')).items as { unitId: string; state: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.unitId === school)).toBe(true);
    const theirs = (await ok(centre, '/api/reports?pageSize=200')).items as { unitId: string }[];
    expect(theirs.length).toBeGreaterThan(mine.length);
    expect(theirs.every((r) => area.has(r.unitId))).toBe(true);
    // A filed statistics table holds the platform's figures as computed for that unit and period.
    const draft = await ok(admin, `/api/reports/draft?typeCode=monthly_work&periodKey=${previous}&unitId=${school}`);
    expect(draft.report.versions[0].cells.length).toBeGreaterThan(5);
    // Units without demo accounts: their frozen 三防 standing is what the report service computes for them now.
    const filed = (board.rows as { unitId: string; unitKind: string; reportId: string | null }[]).filter((r) => r.reportId && r.unitId !== school);
    const sample = [...filed.filter((r) => r.unitKind === 'school').slice(-3), ...filed.filter((r) => r.unitKind !== 'school').slice(-2)];
    expect(sample).toHaveLength(5);
    for (const r of sample) {
      const d = await ok(admin, `/api/reports/draft?typeCode=monthly_work&periodKey=${previous}&unitId=${r.unitId}`);
      const sanfang = (d.cells as { key: string; computed: number; submittedComputed: number }[]).filter((c) => c.key.startsWith('sanfang.'));
      expect(sanfang).toHaveLength(3);
      for (const c of sanfang) expect(c.submittedComputed, `${r.unitId} ${c.key}`).toBe(c.computed);
    }
  });

  it('报平安: the board lists every school with who has reported; the first school sees its own period, not the board', async () => {
    const periods = (await ok(admin, '/api/safety-periods')).items as { id: string }[];
    expect(periods).toHaveLength(1);
    const id = (periods[0] as { id: string }).id;
    const board = await ok(admin, `/api/safety-periods/${id}/board`);
    expect(board.rows).toHaveLength(270);
    const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const past = await ok(admin, `/api/safety-periods/${id}/board?day=${yesterday}`);
    expect(past.summary.safe + past.summary.exception).toBeGreaterThan(240);
    expect(past.summary.missing).toBeGreaterThan(0);
    const own = (await ok(principal, '/api/safety-periods')).items;
    expect(own).toHaveLength(1);
    expect((await principal.get(`/api/safety-periods/${id}/board`)).statusCode).toBe(403);
    const areaBoard = await ok(centre, `/api/safety-periods/${id}/board`);
    expect(areaBoard.rows.every((r: { schoolId: string }) => area.has(r.schoolId))).toBe(true);
  });

  it('campaigns: the 护校安园 行动 runs in its four phases; a school sees its own row of the progress only', async () => {
    const list = (await ok(admin, '/api/campaigns')).items as { id: string; name: string; phases: { label: string }[] }[];
    const main = list.find((c) => c.name.includes('护校安园')) as (typeof list)[number];
    expect(main.phases.map((p) => p.label)).toEqual(['摸排', '整改', '验收', '巩固提高']);
    const progress = await ok(admin, `/api/campaigns/${main.id}/progress`);
    expect(progress.schoolCount).toBe(270);
    const mine = await ok(principal, `/api/campaigns/${main.id}/progress`);
    expect(mine.schoolCount).toBe(1);
    expect(mine.phases[0].rows.map((r: { schoolId: string }) => r.schoolId)).toEqual([school]);
  });

  it('joint meetings and their tasks: the district sees both meetings; the school the one it attended and its own task', async () => {
    expect((await ok(admin, '/api/meetings')).total).toBe(2);
    expect((await ok(principal, '/api/meetings')).total).toBe(1);
    const tasks = await ok(admin, '/api/meeting-tasks?pageSize=100');
    expect(tasks.total).toBe(summary.meetingTasks);
    const states = new Set((tasks.items as { state: string; overdue: boolean }[]).map((x) => x.state));
    expect(states).toEqual(new Set(['open', 'submitted', 'closed']));
    expect(tasks.items.some((x: { overdue: boolean }) => x.overdue)).toBe(true);
    const own = (await ok(principal, '/api/meeting-tasks')).items as { ownerUnitId: string }[];
    expect(own.length).toBe(1);
    expect(own.every((x) => x.ownerUnitId === school)).toBe(true);
  });

  it('bulletins: the district sees its 约谈 and 挂牌督办; the school only the one addressed to it', async () => {
    const all = (await ok(admin, '/api/bulletins')).items as { unitId: string; kind: string; state: string }[];
    expect(all.map((b) => b.kind)).toEqual(expect.arrayContaining(['summons', 'listed']));
    expect(all.find((b) => b.kind === 'summons')?.state).toBe('closed');
    const own = (await ok(principal, '/api/bulletins')).items as { unitId: string; state: string }[];
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ unitId: school, state: 'acknowledged' });
  });

  it('screenings: the district sees every unit’s records; the school its own four', async () => {
    expect((await ok(admin, '/api/screenings')).total).toBe(6);
    const own = (await ok(principal, '/api/screenings')).items as { unitId: string }[];
    expect(own).toHaveLength(4);
    expect(own.every((r) => r.unitId === school)).toBe(true);
  });

  it('risk register and alerts: four colours across the district; the school sees its own points and alerts', async () => {
    const all = await ok(admin, '/api/risk-points?pageSize=100');
    expect(all.total).toBe(summary.riskPoints);
    for (const c of ['red', 'orange', 'yellow', 'blue']) expect(all.counts[c], c).toBeGreaterThan(0);
    const own = (await ok(principal, '/api/risk-points?pageSize=100')).items as { schoolId: string; colour: string }[];
    expect(new Set(own.map((p) => p.colour))).toEqual(new Set(['red', 'orange', 'yellow', 'blue']));
    expect(own.every((p) => p.schoolId === school)).toBe(true);
    const alerts = (await ok(admin, '/api/risk-alerts')).items as { counts: { total: number; acknowledged: number; overdue: number } }[];
    expect(alerts).toHaveLength(3);
    expect(alerts.some((a) => a.counts.overdue > 0 && a.counts.acknowledged > 0)).toBe(true);
    const mine = (await ok(principal, '/api/risk-alerts')).items as { counts: { total: number } }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((a) => a.counts.total === 1)).toBe(true);
  });

  it('early warning: one school’s missed duties rise month after month, and the district sees its flag with the rows', async () => {
    const w = await ok(admin, '/api/risk-analytics/early-warnings');
    // A month before the district's records begin is 无数据 (no miss): once they cover the N months before this
    // one (all but the first the warning reads), the school's misses rise.
    const months = fullMonthsBefore(shanghaiDay(new Date()), w.periods + 1);
    const start = await findDistrictStart(t.db, districtId);
    const since = coverageStart(start, start.createdDay);
    if (since > (months[1] as { start: string }).start) return;
    expect(summary.earlyWarning.rises).toBe(true);
    type Flag = { schoolId: string; measure: string; series: { value: number }[]; duties: { obligationCode: string; dueDate: string }[] };
    const flags = (w.flags as Flag[]).filter((f) => f.measure === 'missed_duties');
    expect(flags).toHaveLength(1);
    const flag = flags[0] as Flag;
    expect(flag.schoolId).toBe(summary.earlyWarning.schoolId);
    const values = flag.series.map((s) => s.value);
    expect(values).toEqual(summary.earlyWarning.series);
    expect(values).toHaveLength(w.periods + 1);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1] as number);
    // The rows are every missed period of those months: as many as the series adds up to, the roster among them.
    expect(flag.duties).toHaveLength(values.reduce((a, b) => a + b, 0));
    expect(flag.duties.some((d) => d.obligationCode === 'duty_roster')).toBe(true);
    // The school is no demo account's: a school user sees no flag of another school.
    const own = (await ok(principal, '/api/risk-analytics/early-warnings')).flags as Flag[];
    expect(own.every((f) => f.schoolId === school)).toBe(true);
  });

  it('assessment: an open round with every school; a school sees its own line without scores, and its self-assessment', async () => {
    const rounds = (await ok(admin, '/api/assessment/rounds')).items as { id: string }[];
    expect(rounds).toHaveLength(1);
    const id = (rounds[0] as { id: string }).id;
    const round = await ok(admin, `/api/assessment/rounds/${id}`);
    expect(round.units).toHaveLength(270);
    expect(round.units.every((u: { total: number | null }) => u.total !== null)).toBe(true);
    const seen = await ok(principal, `/api/assessment/rounds/${id}`);
    expect(seen.units.map((u: { unitId: string }) => u.unitId)).toEqual([school]);
    expect(seen.scoresHidden).toBe(true);
    const mine = await ok(principal, `/api/assessment/rounds/${id}/units/${school}`);
    expect(mine.items.some((i: { selfScore: number | null }) => i.selfScore !== null)).toBe(true);
    const other = round.units.find((u: { unitId: string }) => u.unitId !== school).unitId;
    expect((await principal.get(`/api/assessment/rounds/${id}/units/${other}`)).statusCode).toBe(404);
  });

  it('outbound: two channels configured and disabled, seen by the district admin only', async () => {
    const channels = (await ok(admin, '/api/outbound/channels')).items as { isActive: boolean }[];
    expect(channels).toHaveLength(2);
    expect(channels.every((c) => !c.isActive)).toBe(true);
    expect((await principal.get('/api/outbound/channels')).statusCode).toBe(403);
    expect((await ok(admin, '/api/outbound/deliveries')).items).toHaveLength(0);
  });
});
