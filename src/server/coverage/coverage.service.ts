import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { type Coverage, coverageOf, coverageStart, districtCells, type ObligationCell } from '../../domain/coverage.js';
import { AppError } from '../../domain/errors.js';
import { reportStanding } from '../../domain/inspection.js';
import { type Period, periodByKey, periodOf, periodsBetween } from '../../domain/periods.js';
import { type ObligationDef, periodKindLabels, type ResolvedPack, type WithOrigin } from '../../domain/policy/pack-schema.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './coverage.repository.js';

/**
 * Coverage and obligations: the server loads the facts in the actor's scope (schools, submitted
 * inspections in the range, 包校 assignments) and the pure domain (domain/coverage.ts) decides
 * what is done, open or overdue. Scope: the actor's read scope; a school sees only itself.
 */
const MAX_PERIODS = 24;

const scopeIds = (actor: Actor) => (actor.scope.read.all ? null : [...actor.scope.read.ids]);

/** One school (the one-school file asks for its own row), or the whole scope; a school outside the scope gives no rows. */
const idsFor = (actor: Actor, schoolId: string | undefined) => (schoolId ? (canRead(actor.scope, schoolId) ? [schoolId] : []) : scopeIds(actor));
/** The first day the district's own duties count (the workbench asks for those alone). */
async function districtStart(app: AppContext, districtId: string) {
  const start = await repo.findDistrictStart(app.db, districtId);
  return coverageStart(start, start.createdDay);
}

/** The schools with the first day their duties count, and that day for the district's own duties. */
async function schoolsWithStart(app: AppContext, districtId: string, ids: string[] | null, parentId?: string) {
  const [start, schools] = await Promise.all([repo.findDistrictStart(app.db, districtId), repo.findSchoolFacts(app.db, districtId, ids, parentId)]);
  return { districtSince: coverageStart(start, start.createdDay), schools: schools.map((s) => ({ ...s, since: coverageStart(start, s.createdDay) })) };
}

function obligationNamed(pack: ResolvedPack, code: string): WithOrigin<ObligationDef> {
  const ob = pack.obligations.find((o) => o.code === code);
  if (!ob) throw new AppError('VALIDATION_FAILED', `本区政策包中没有检查义务「${code}」`, [{ path: 'obligation', message: '检查义务不存在' }]);
  return ob;
}

const obligationDto = (ob: WithOrigin<ObligationDef>, pack: ResolvedPack) => ({
  code: ob.code,
  label: ob.label,
  description: ob.description,
  source: ob.source,
  period: ob.period,
  periodLabel: periodKindLabels[ob.period],
  count: ob.count,
  countBy: ob.countBy,
  subject: ob.subject,
  graceDays: ob.graceDays,
  levels: ob.levels,
  levelLabels: ob.levels.map((l) => pack.levels.find((x) => x.code === l)?.label ?? l),
  templates: ob.templates,
  origin: ob.origin,
});

export type CoverageQuery = {
  view: 'month' | 'week';
  from?: string | undefined;
  to?: string | undefined;
  parentId?: string | undefined;
  obligation?: string | undefined;
  schoolId?: string | undefined;
};

/** The months (or the weeks of the months) asked for; by default this semester's months so far, or this month's weeks. */
function periodsFor(pack: ResolvedPack, q: CoverageQuery, ob: ObligationDef, today: string): Period[] {
  const semesters = pack.calendar.semesters;
  const thisMonth = periodOf('monthly', today, semesters);
  const fromMonth = q.from
    ? periodByKey('monthly', q.from, semesters)
    : q.view === 'month'
      ? periodOf('monthly', periodOf('semester', today, semesters).start, semesters)
      : thisMonth;
  const toMonth = q.to ? periodByKey('monthly', q.to, semesters) : q.view === 'month' ? thisMonth : fromMonth;
  if (toMonth.end < fromMonth.start) throw new AppError('VALIDATION_FAILED', '结束月份不能早于开始月份', [{ path: 'to', message: '结束月份不能早于开始月份' }]);
  const periods = periodsBetween(ob.period, fromMonth.start, toMonth.end, semesters);
  if (periods.length > MAX_PERIODS)
    throw new AppError('VALIDATION_FAILED', `一次最多查看 ${MAX_PERIODS} 个周期，请缩小时间范围`, [{ path: 'from', message: '时间范围过大' }]);
  return periods;
}

function wrapBadKey<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RangeError) throw new AppError('VALIDATION_FAILED', err.message);
    throw err;
  }
}

export async function getCoverage(app: AppContext, actor: Actor, q: CoverageQuery, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const ob = obligationNamed(pack, q.obligation ?? (q.view === 'month' ? 'monthly_supervision' : 'weekly_self_check'));
  if (ob.subject !== 'school')
    throw new AppError('VALIDATION_FAILED', `「${ob.label}」不是按学校统计的义务`, [{ path: 'obligation', message: '应为按学校统计的义务' }]);
  const periods = wrapBadKey(() => periodsFor(pack, q, ob, today));
  const first = periods[0] as Period;
  const last = periods[periods.length - 1] as Period;
  const ids = idsFor(actor, q.schoolId);
  const { schools, districtSince } = await schoolsWithStart(app, actor.districtId, ids, q.parentId);
  const schoolIds = schools.map((s) => s.id);
  const [facts, parents, inspectors] = await Promise.all([
    repo.findInspectionFacts(app.db, actor.districtId, first.start, last.end, ids === null && !q.parentId ? null : schoolIds, ob),
    repo.findParents(app.db, actor.districtId, [...new Set(schools.flatMap((s) => (s.parentId ? [s.parentId] : [])))]),
    ob.levels.includes('inspector') ? repo.findInspectorAssignments(app.db, actor.districtId) : Promise.resolve([]),
  ]);
  const visible = new Set(schoolIds);
  const coverage = coverageOf({
    ob,
    schools,
    parents,
    periods,
    facts,
    // An inspector's rate is over their assigned schools that the actor can see.
    inspectors: inspectors.map((i) => ({ ...i, schoolIds: i.schoolIds.filter((id) => visible.has(id)) })).filter((i) => i.schoolIds.length > 0),
    today,
  });
  // The district-wide duty of the same cadence (the joint group's 2 days a week) when the actor sees the district.
  const districtObligations = actor.scope.read.all && !q.schoolId ? pack.obligations.filter((o) => o.subject === 'district' && o.period === ob.period) : [];
  const districtFacts = districtObligations.length ? await repo.findInspectionFacts(app.db, actor.districtId, first.start, last.end, null) : [];
  return {
    today,
    view: q.view,
    obligation: obligationDto(ob, pack),
    ...toDto(coverage, schools),
    district: districtObligations.map((d) => ({ obligation: obligationDto(d, pack), cells: districtCells(d, periods, districtFacts, today, districtSince) })),
  };
}

function toDto(c: Coverage, schools: Awaited<ReturnType<typeof repo.findSchoolFacts>>) {
  const parentName = new Map(schools.map((s) => [s.id, s.parentName]));
  const school = (s: Coverage['rows'][number]['school']) => ({
    id: s.id,
    name: s.name,
    code: s.code,
    parentId: s.parentId,
    parentName: parentName.get(s.id) ?? null,
  });
  return {
    periods: c.periods,
    rows: c.rows.map((r) => ({ school: school(r.school), cells: r.cells })),
    totals: c.totals,
    byParent: c.byParent,
    byInspector: c.byInspector,
    uncovered: c.uncovered.map((u) => ({ school: school(u.school), periodKey: u.periodKey, status: u.status })),
  };
}

/** schools: those the period applies to; none: those whose records begin after it (无数据, not overdue). */
type Summary = { period: Period; schools: number; done: number; open: number; overdue: number; upcoming: number; none: number; rate: number | null };

function summarize(period: Period, cells: readonly ObligationCell[]): Summary {
  const n = (s: ObligationCell['status']) => cells.filter((c) => c.status === s).length;
  const done = n('done');
  const none = n('none');
  const schools = cells.length - none;
  return {
    period,
    schools,
    done,
    open: n('open'),
    overdue: n('overdue'),
    upcoming: n('upcoming'),
    none,
    rate: schools ? Math.round((done / schools) * 1000) / 10 : null,
  };
}

/**
 * What is due now for the actor's scope: each obligation of the pack in its current period and
 * the one before (where overdue shows). A school user also gets its own cells; district-wide
 * duties (the joint group's days) only for users who see the whole district.
 *
 * `subject` narrows to one kind of obligation (the workbench asks only for the district's own
 * duties of a district user, without computing every school's); each obligation's answer is the
 * same either way.
 */
export async function listObligations(
  app: AppContext,
  actor: Actor,
  q: { day?: string | undefined; schoolId?: string | undefined; subject?: 'school' | 'district' | undefined },
  now = new Date(),
) {
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const day = q.day ?? today;
  const semesters = pack.calendar.semesters;
  const obligations = q.subject ? pack.obligations.filter((ob) => ob.subject === q.subject) : pack.obligations;
  const windows = wrapBadKey(() =>
    obligations.map((ob) => {
      const current = periodOf(ob.period, day, semesters);
      return { ob, current, previous: periodOf(ob.period, addDays(current.start, -1), semesters) };
    }),
  );
  // YYYY-MM-DD strings sort as days do.
  const from = [day, ...windows.map((w) => w.previous.start)].sort()[0] as string;
  const to = [day, ...windows.map((w) => w.current.end)].sort().at(-1) as string;
  const ids = idsFor(actor, q.schoolId);
  const { schools, districtSince } =
    q.subject === 'district' ? { schools: [], districtSince: await districtStart(app, actor.districtId) } : await schoolsWithStart(app, actor.districtId, ids);
  const [facts, reports] = await Promise.all([
    repo.findInspectionFacts(app.db, actor.districtId, from, to, ids),
    repo.findReports(app.db, actor.districtId, from, to, ids),
  ]);
  const allFacts = actor.scope.read.all ? facts : [];
  // The school's own cells: for its own users, and for anyone asking about one school (the one-school file).
  const ownSchool = schools.length === 1 && (actor.orgUnitId === schools[0]?.id || q.schoolId) ? schools[0] : undefined;
  // Two shapes: per-school summaries, or the district's own cells (subject 'district').
  const items = windows.flatMap<Record<string, unknown>>(({ ob, current, previous }) => {
    if (ob.subject === 'district') {
      if (!actor.scope.read.all || q.schoolId) return [];
      const [prev, cur] = districtCells(ob, [previous, current], allFacts, today, districtSince);
      return [{ obligation: obligationDto(ob, pack), current: { period: current, district: cur }, previous: { period: previous, district: prev } }];
    }
    const cov = coverageOf({ ob, schools, parents: [], periods: [previous, current], facts, inspectors: [], today });
    if (cov.rows.length === 0) return [];
    const cells = (i: number) => cov.rows.map((r) => r.cells[i] as ObligationCell);
    const templates = new Set(ob.templates);
    const due = reports.filter((r) => templates.has(r.template_code));
    return [
      {
        obligation: obligationDto(ob, pack),
        current: { ...summarize(current, cells(1)), mine: ownSchool ? (cov.rows[0]?.cells[1] ?? null) : null },
        previous: { ...summarize(previous, cells(0)), mine: ownSchool ? (cov.rows[0]?.cells[0] ?? null) : null },
        reports: due.length
          ? ['reported', 'late', 'due', 'overdue'].map((standing) => {
              const rows = due.filter((r) => reportStanding(r.due, r.reported_at ? shanghaiDay(r.reported_at) : null, today) === standing);
              // The earliest due day of the reports in this standing (the workbench says "due in N days").
              return { standing, count: rows.length, firstDue: rows.map((r) => r.due).sort()[0] ?? null };
            })
          : null,
      },
    ];
  });
  return { today, day, school: ownSchool ? { id: ownSchool.id, name: ownSchool.name } : null, items };
}
