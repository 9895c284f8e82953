import { addDays, shanghaiDay } from '../../domain/calendar.js';
import {
  type Coverage,
  coverageOf,
  coverageStart,
  districtCellsOfTallies,
  type ObligationCell,
  type SchoolFact,
  schoolMatches,
} from '../../domain/coverage.js';
import { type DutyFact, type DutyKind, dutyKindLabels, recordLink } from '../../domain/duty.js';
import { ruleText } from '../../domain/duty-rule.js';
import { AppError } from '../../domain/errors.js';
import { reportStanding } from '../../domain/inspection.js';
import { type Period, periodByKey, periodOf, rulePeriodAt, rulePeriodBefore, rulePeriodsBetween } from '../../domain/periods.js';
import { type ObligationDef, periodKindLabels, type ResolvedPack, type WithOrigin } from '../../domain/policy/pack-schema.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import { getSchool } from '../schools/schools.service.js';
import * as repo from './coverage.repository.js';
import { factsFor, talliesOf, typesOf, wantedBy } from './coverage-tallies.js';

/**
 * Coverage and obligations for every kind of duty: the server loads the facts in the actor's scope
 * (schools or departments, each kind's records through its duty source, 包校 assignments) and the
 * pure domain (domain/coverage.ts) decides what is done, open or overdue. Scope: the actor's read
 * scope; a school sees only itself; departments' own duties show to district-wide readers and to
 * the department's own users.
 */
/** A month of days (daily duties: patrols, rosters) fits; two years of months too. */
const MAX_PERIODS = 31;

const scopeIds = (actor: Actor) => (actor.scope.read.all ? null : [...actor.scope.read.ids]);

/** One school (the one-school file asks for its own row), or the whole scope; a school outside the scope gives no rows. */
const idsFor = (actor: Actor, schoolId: string | undefined) => (schoolId ? (canRead(actor.scope, schoolId) ? [schoolId] : []) : scopeIds(actor));
/** Duties whose subjects are units of their own: each department of a type, each 教管中心/街道. */
const ofUnits = (ob: Pick<ObligationDef, 'subject'>) => ob.subject === 'department' || ob.subject === 'centre';

/**
 * The departments and 教管中心/街道 whose own duties the actor sees: all for district-wide readers,
 * else the actor's own unit when it is one (a centre officer sees its centre's).
 */
async function visibleDepartments(app: AppContext, actor: Actor): Promise<SchoolFact[]> {
  const [departments, centres] = await Promise.all([repo.findDepartmentFacts(app.db, actor.districtId), repo.findCentreFacts(app.db, actor.districtId)]);
  const all = [...departments, ...centres];
  return actor.scope.read.all ? all : all.filter((d) => d.id === actor.orgUnitId);
}

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

export const obligationDto = (ob: WithOrigin<ObligationDef>, pack: ResolvedPack) => ({
  code: ob.code,
  label: ob.label,
  description: ob.description,
  source: ob.source,
  kind: ob.kind,
  kindLabel: dutyKindLabels[ob.kind],
  period: ob.period,
  periodLabel: periodKindLabels[ob.period],
  window: ob.window ?? null,
  /** Daily duties: every_day, or school_days (no period on weekends, holidays and public holidays). */
  dueOn: ob.dueOn ?? 'every_day',
  count: ob.count,
  countBy: ob.countBy,
  per: ob.per,
  minShare: ob.minShare ?? null,
  rule: ruleText(ob, pack),
  subject: ob.subject,
  departmentType: ob.departmentType ?? null,
  graceDays: ob.graceDays,
  levels: ob.levels,
  levelLabels: ob.levels.map((l) => pack.levels.find((x) => x.code === l)?.label ?? l),
  templates: ob.templates,
  types: ob.types,
  occasions: ob.occasions,
  appliesTo: ob.appliesTo ?? null,
  link: recordLink(ob.kind, typesOf(ob)[0]),
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
  const periods = rulePeriodsBetween(ob, fromMonth.start, toMonth.end, pack.calendar);
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

/** The coverage computation of one obligation over the actor's scope; `ratesOnly` skips the 包校 inspectors' rates. */
async function computeCoverage(app: AppContext, actor: Actor, q: CoverageQuery, now: Date, ratesOnly: boolean) {
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const ob = obligationNamed(pack, q.obligation ?? (q.view === 'month' ? 'monthly_supervision' : 'weekly_self_check'));
  if (ob.subject === 'district')
    throw new AppError('VALIDATION_FAILED', `「${ob.label}」是区县整体的义务，不按学校统计`, [{ path: 'obligation', message: '应为按学校或部门统计的义务' }]);
  const periods = wrapBadKey(() => periodsFor(pack, q, ob, today));
  const first = periods[0] as Period | undefined;
  const last = periods[periods.length - 1] as Period | undefined;
  const ids = idsFor(actor, q.schoolId);
  const { schools: allSchools, districtSince } = await schoolsWithStart(app, actor.districtId, ids, q.parentId);
  // A department's duty: the departments of its type are the rows; their facts anywhere in the district count.
  const departments = ofUnits(ob) && !q.schoolId && !q.parentId ? await visibleDepartments(app, actor) : [];
  const subjects = ofUnits(ob) ? departments.map((d) => ({ ...d, since: districtSince })) : allSchools;
  const schoolIds = allSchools.map((s) => s.id);
  const wantsInspectors = ob.kind === 'inspection' && ob.levels.includes('inspector') && !ratesOnly;
  const schoolScope = ids === null && !q.parentId ? null : schoolIds;
  // Everything is judged on tallies (cached, in SQL where the source can) but the 包校 inspectors'
  // own rates, which need the facts (who carried each record out).
  const [tallies, facts, parents, inspectors] = await Promise.all([
    !wantsInspectors && subjects.length
      ? talliesOf(app, actor.districtId, [ofUnits(ob) ? { ob, periods, subjectIds: null, departments } : { ob, periods, subjectIds: schoolScope }]).then(
          (r) => r[0] ?? [],
        )
      : Promise.resolve(undefined),
    wantsInspectors && first && last && subjects.length
      ? factsFor(app, actor.districtId, wantedBy(ob), first.start, last.end, schoolScope)
      : Promise.resolve([]),
    repo.findParents(app.db, actor.districtId, [...new Set(allSchools.flatMap((s) => (s.parentId ? [s.parentId] : [])))]),
    wantsInspectors ? repo.findInspectorAssignments(app.db, actor.districtId) : Promise.resolve([]),
  ]);
  const schoolsToReach =
    ob.countBy === 'schools' ? (await repo.findSchoolFacts(app.db, actor.districtId, null)).filter((s) => schoolMatches(ob, s)).length : undefined;
  const visible = new Set(schoolIds);
  const coverage = coverageOf({
    ob,
    schools: subjects,
    parents,
    periods,
    ...(tallies ? { tallies } : { facts }),
    // An inspector's rate is over their assigned schools that the actor can see.
    inspectors: inspectors.map((i) => ({ ...i, schoolIds: i.schoolIds.filter((id) => visible.has(id)) })).filter((i) => i.schoolIds.length > 0),
    today,
    ...(schoolsToReach !== undefined && { schoolsToReach }),
  });
  return { pack, today, ob, periods, first, last, coverage, allSchools, districtSince };
}

/**
 * The rates by period of one obligation (the dashboard's coverage panel): the same computation as
 * getCoverage, without the grid's DTOs, the inspectors' rates or the district's own duties.
 */
export async function getCoverageTotals(app: AppContext, actor: Actor, q: CoverageQuery, now = new Date()) {
  const { pack, ob, coverage } = await computeCoverage(app, actor, q, now, true);
  return { obligation: obligationDto(ob, pack), periods: coverage.periods, totals: coverage.totals };
}

export async function getCoverage(app: AppContext, actor: Actor, q: CoverageQuery, now = new Date()) {
  const { pack, today, ob, periods, coverage, allSchools, districtSince } = await computeCoverage(app, actor, q, now, false);
  // The district-wide duty of the same cadence (the joint group's 2 days a week) when the actor sees the district.
  const districtObligations =
    actor.scope.read.all && !q.schoolId ? pack.obligations.filter((o) => o.subject === 'district' && o.period === ob.period && o.period !== 'window') : [];
  const dTallies = await talliesOf(
    app,
    actor.districtId,
    districtObligations.map((d) => ({ ob: d, periods, subjectIds: null })),
  );
  const district = districtObligations.map((d, i) => ({
    obligation: obligationDto(d, pack),
    cells: districtCellsOfTallies(d, periods, dTallies[i] ?? [], today, districtSince),
  }));
  return {
    today,
    view: q.view,
    obligation: obligationDto(ob, pack),
    ...toDto(coverage, allSchools),
    district,
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
    byType: c.byType,
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
  q: { day?: string | undefined; schoolId?: string | undefined; subject?: ObligationDef['subject'] | undefined },
  now = new Date(),
) {
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const day = q.day ?? today;
  const obligations = q.subject ? pack.obligations.filter((ob) => ob.subject === q.subject) : pack.obligations;
  const windows = wrapBadKey(() =>
    obligations.flatMap((ob) => {
      const current = rulePeriodAt(ob, day, pack.calendar);
      const previous = current && rulePeriodBefore(ob, current, pack.calendar);
      // A dated window with no anchor within a year (no holidays listed): nothing due.
      return current && previous ? [{ ob, current, previous }] : [];
    }),
  );
  // YYYY-MM-DD strings sort as days do.
  const from = [day, ...windows.map((w) => w.previous.start)].sort()[0] as string;
  const to = [day, ...windows.map((w) => w.current.end)].sort().at(-1) as string;
  const ids = idsFor(actor, q.schoolId);
  const { schools, districtSince } =
    q.subject === 'district' ? { schools: [], districtSince: await districtStart(app, actor.districtId) } : await schoolsWithStart(app, actor.districtId, ids);
  const wantsDepartments =
    !q.schoolId && (q.subject === undefined || q.subject === 'department' || q.subject === 'centre') && windows.some((w) => ofUnits(w.ob));
  const departments = wantsDepartments ? (await visibleDepartments(app, actor)).map((d) => ({ ...d, since: districtSince })) : [];
  // Every obligation's tallies over its two periods, through the duty engine's cache: school duties
  // over the scope (in SQL, one statement per kind on a miss), district and department duties over
  // the whole district (the kind's facts once; departments credited with what they carried out).
  const wanted = windows.filter(
    ({ ob }) =>
      (ob.subject === 'school' && schools.length > 0) ||
      (ob.subject === 'district' && actor.scope.read.all && !q.schoolId) ||
      (ofUnits(ob) && departments.length > 0),
  );
  const tallied = await talliesOf(
    app,
    actor.districtId,
    wanted.map(({ ob, current, previous }) => ({
      ob,
      periods: [previous, current],
      subjectIds: ob.subject === 'school' ? ids : null,
      ...(ofUnits(ob) && { departments }),
    })),
  );
  const obTallies = new Map(wanted.map((w, i) => [w.ob, tallied[i] ?? []]));
  // Schools a department's duty must reach: all the district's (the scope's list when it is the district).
  const allSchools = windows.some((w) => w.ob.subject === 'department' && w.ob.countBy === 'schools')
    ? ids === null && q.subject !== 'district'
      ? schools
      : await repo.findSchoolFacts(app.db, actor.districtId, null)
    : [];
  const reports = windows.some((w) => w.ob.kind === 'inspection' && w.ob.templates.length)
    ? await repo.findReports(app.db, actor.districtId, from, to, ids)
    : [];
  // The school's own cells: for its own users, and for anyone asking about one school (the one-school file).
  const ownSchool = schools.length === 1 && (actor.orgUnitId === schools[0]?.id || q.schoolId) ? schools[0] : undefined;
  const ownDepartment = departments.find((d) => d.id === actor.orgUnitId);
  // Two shapes: per-subject summaries, or the district's own cells (subject 'district').
  const items = windows.flatMap<Record<string, unknown>>(({ ob, current, previous }) => {
    if (ob.subject === 'district') {
      if (!actor.scope.read.all || q.schoolId) return [];
      const [prev, cur] = districtCellsOfTallies(ob, [previous, current], obTallies.get(ob) ?? [], today, districtSince);
      return [{ obligation: obligationDto(ob, pack), current: { period: current, district: cur }, previous: { period: previous, district: prev } }];
    }
    const isDept = ofUnits(ob);
    const schoolsToReach = ob.countBy === 'schools' ? allSchools.filter((s) => schoolMatches(ob, s)).length : undefined;
    const cov = coverageOf({
      ob,
      schools: isDept ? departments : schools,
      parents: [],
      periods: [previous, current],
      tallies: obTallies.get(ob) ?? [],
      inspectors: [],
      today,
      ...(schoolsToReach !== undefined && { schoolsToReach }),
    });
    if (cov.rows.length === 0) return [];
    const cells = (i: number) => cov.rows.map((r) => r.cells[i] as ObligationCell);
    const templates = new Set(ob.kind === 'inspection' ? ob.templates : []);
    const due = reports.filter((r) => templates.has(r.template_code));
    const mine = isDept ? cov.rows.find((r) => r.school.id === ownDepartment?.id) : ownSchool ? cov.rows[0] : undefined;
    return [
      {
        obligation: obligationDto(ob, pack),
        current: { ...summarize(current, cells(1)), mine: mine?.cells[1] ?? null },
        previous: { ...summarize(previous, cells(0)), mine: mine?.cells[0] ?? null },
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

export type CalendarRange = 'week' | 'month' | 'semester';

/** A school's own duty (its compliance calendar, its missed duties): supervision it receives (督查) is the supervisors' to do. */
const isSchoolOwnDuty = (ob: ObligationDef) => ob.subject === 'school' && (ob.kind !== 'inspection' || ob.levels.includes('school_self'));

/** Day spans a missed-duty query may cover: a year of daily duties is ~365 periods per school and obligation. */
const MAX_MISSED_DAYS = 400;

/**
 * 漏做的义务周期: every period of a school's own duties that came due in [from, to] (due date =
 * period end + grace days) and is overdue today — the cells the coverage grid and the compliance
 * calendar mark 逾期, from the same tallies and the same judge. Schools: the given ones the actor
 * can read, or the actor's whole read scope. The early warning (risk analytics) counts these per month.
 */
export async function listMissedDuties(
  app: AppContext,
  actor: Actor,
  q: { from: string; to: string; schoolIds?: readonly string[] | undefined },
  now = new Date(),
) {
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  if (q.from > q.to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期', [{ path: 'from', message: '开始日期不能晚于结束日期' }]);
  if (addDays(q.from, MAX_MISSED_DAYS) < q.to)
    throw new AppError('VALIDATION_FAILED', `一次最多查看 ${MAX_MISSED_DAYS} 天`, [{ path: 'from', message: '时间范围过大' }]);
  const ids = q.schoolIds ? q.schoolIds.filter((id) => canRead(actor.scope, id)) : scopeIds(actor);
  const { schools } = await schoolsWithStart(app, actor.districtId, ids);
  if (!schools.length) return { today, missed: [] };
  const dueIn = (ob: ObligationDef, p: Period) => {
    const due = addDays(p.end, ob.graceDays);
    return q.from <= due && due <= q.to;
  };
  const plans = wrapBadKey(() =>
    pack.obligations
      .filter((ob) => isSchoolOwnDuty(ob) && schools.some((s) => schoolMatches(ob, s)))
      .map((ob) => ({ ob, periods: rulePeriodsBetween(ob, addDays(q.from, -ob.graceDays), q.to, pack.calendar).filter((p) => dueIn(ob, p)) })),
  ).filter((p) => p.periods.length);
  const tallies = await talliesOf(
    app,
    actor.districtId,
    plans.map(({ ob, periods }) => ({ ob, periods, subjectIds: ids })),
  );
  const missed = plans.flatMap(({ ob, periods }, i) => {
    const cov = coverageOf({ ob, schools, parents: [], periods, tallies: tallies[i] ?? [], inspectors: [], today });
    const dto = obligationDto(ob, pack);
    const obligation = { code: dto.code, label: dto.label, kind: dto.kind, kindLabel: dto.kindLabel, rule: dto.rule, link: dto.link };
    return cov.rows.flatMap(({ school, cells }) =>
      cells.flatMap((cell, j) =>
        cell.status === 'overdue' ? [{ schoolId: school.id, schoolName: school.name, obligation, period: periods[j] as Period, cell }] : [],
      ),
    );
  });
  missed.sort((a, b) => (a.cell.dueDate < b.cell.dueDate ? -1 : a.cell.dueDate > b.cell.dueDate ? 1 : a.obligation.code.localeCompare(b.obligation.code)));
  return { today, missed };
}

/**
 * 合规日历: everything one school must do in this week, month or semester, across every kind of
 * duty, with its status and where to record it. The periods of each obligation that overlap the
 * range; ordered by due date. Scope: getSchool answers 404 outside the actor's read scope.
 */
export async function getComplianceCalendar(app: AppContext, actor: Actor, schoolId: string, range: CalendarRange, now = new Date()) {
  const school = await getSchool(app.db, actor, schoolId);
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const window = wrapBadKey(() => periodOf(range === 'week' ? 'weekly' : range === 'month' ? 'monthly' : 'semester', today, pack.calendar.semesters));
  const { schools } = await schoolsWithStart(app, actor.districtId, [schoolId]);
  const subject = schools[0];
  if (!subject) return { today, range, period: window, school: { id: school.id, name: school.name }, items: [] };
  const applicable = pack.obligations.filter((ob) => isSchoolOwnDuty(ob) && schoolMatches(ob, subject));
  const plans = wrapBadKey(() => applicable.map((ob) => ({ ob, periods: rulePeriodsBetween(ob, window.start, window.end, pack.calendar) }))).filter(
    (p) => p.periods.length,
  );
  const from = [window.start, ...plans.map((p) => (p.periods[0] as Period).start)].sort()[0] as string;
  const to = [window.end, ...plans.map((p) => (p.periods.at(-1) as Period).end)].sort().at(-1) as string;
  const facts = new Map<DutyKind, DutyFact[]>();
  for (const k of new Set(plans.map((p) => p.ob.kind))) facts.set(k, await factsFor(app, actor.districtId, { kind: k }, from, to, [schoolId]));
  // One item per obligation: its period now (or the next to come, or the last in the range), and the
  // periods of the range it missed — a semester of daily patrols is one line, not 150.
  const items = plans.map(({ ob, periods }) => {
    const cov = coverageOf({ ob, schools: [subject], parents: [], periods, facts: facts.get(ob.kind) ?? [], inspectors: [], today });
    const cells = cov.rows[0]?.cells ?? [];
    const dto = obligationDto(ob, pack);
    const at = periods.findIndex((p) => p.start <= today && today <= p.end);
    const next = periods.findIndex((p) => p.start > today);
    const i = at >= 0 ? at : next >= 0 ? next : periods.length - 1;
    const cell = cells[i] as ObligationCell;
    const missed = cells.flatMap((c, j) => (c.status === 'overdue' && j !== i ? [{ period: periods[j] as Period, done: c.done, required: c.required }] : []));
    const doneCount = cells.filter((c) => c.status === 'done').length;
    return {
      obligation: { code: dto.code, label: dto.label, kind: dto.kind, kindLabel: dto.kindLabel, rule: dto.rule, source: dto.source, origin: dto.origin },
      period: periods[i] as Period,
      cell,
      /** Periods of the range: how many, how many done, and the missed ones (overdue), latest last. */
      periods: { total: periods.length, done: doneCount },
      missed: missed.slice(-10),
      missedCount: missed.length,
      link: cell.status === 'done' && missed.length === 0 ? null : dto.link,
    };
  });
  const rank = { overdue: 0, open: 1, upcoming: 2, done: 3, none: 4 } as const;
  const rankOf = (x: (typeof items)[number]) => (x.missedCount > 0 ? 0 : rank[x.cell.status]);
  items.sort((a, b) => rankOf(a) - rankOf(b) || (a.cell.dueDate < b.cell.dueDate ? -1 : a.cell.dueDate > b.cell.dueDate ? 1 : 0));
  return { today, range, period: window, school: { id: school.id, name: school.name }, items };
}
