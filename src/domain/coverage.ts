import { addDays, isCalendarDay } from './calendar.js';
import type { DutyFact } from './duty.js';
import { hoursPerClass } from './education.js';
import type { Period } from './periods.js';
import type { InspectionLevel, ObligationDef } from './policy/pack-schema.js';
import { reviewOnTime } from './risk-review.js';

/**
 * The one compliance computation of the duty engine: what an obligation requires in a period and
 * whether it was met, for every kind of record (inspections, drills, education, trainings, letters,
 * documents, patrols, rosters) and every count rule (records, distinct days, class hours per school
 * or per class, schools reached; only records with a share taking part when minShare is set).
 * The subject × period grid of the coverage page, rates by township, school type and inspector, the
 * subjects still uncovered. Pure: the server loads the facts (DutyFacts from each kind's source,
 * schools or departments, assignments) and calls coverageOf.
 *
 * Cells are judged on tallies (DutyTally: records, distinct days, distinct schools, hours and the
 * last day of the counting records of one subject in one period, split by type or audience when
 * the rule counts per type or per class). A duty source may compute the tallies in SQL (what the
 * obligations page and the coverage grid ask for: a few hundred rows instead of tens of thousands
 * of facts); otherwise tallyFacts makes them from the facts. Either way the same judge decides.
 */

/**
 * A subject of school or department duties. since: the first day its duties count (coverageStart);
 * a period that ended before it is 'none'. Departments have unitKind 'department' and their type;
 * 教管中心/街道 (subjects of centre duties) unitKind 'centre'.
 */
export type SchoolFact = {
  id: string;
  name: string;
  code: string;
  parentId: string | null;
  schoolType: string;
  boarding: boolean;
  hasBus?: boolean;
  /** The school's class list as audience keys (classKeysOf); a per-class hours rule counts every one of them. */
  classes?: readonly string[];
  since?: string;
  unitKind?: 'school' | 'department' | 'centre';
  departmentType?: string | null;
  /** The colours of the school's active risk points (appliesTo.riskColours). */
  riskColours?: readonly string[];
};
/**
 * done: required count reached; upcoming: the period has not started; overdue: missing after the
 * grace days; open: otherwise; none: the period ended before the records begin (无数据): not overdue.
 */
export type CellStatus = 'done' | 'open' | 'overdue' | 'upcoming' | 'none';
export type ObligationCell = {
  periodKey: string;
  required: number;
  done: number;
  status: CellStatus;
  dueDate: string;
  lastDay: string | null;
  levels: InspectionLevel[];
};
export type CoverageInput = {
  ob: ObligationDef;
  schools: readonly SchoolFact[];
  parents: readonly { id: string; name: string }[];
  periods: readonly Period[];
  /** The facts of the obligation's kind; or, instead, `tallies` already made by the duty source. */
  facts?: readonly DutyFact[];
  /** Tallies of the counting records (tallySpec of the obligation) by subject and period key; facts are then not needed. */
  tallies?: readonly DutyTally[];
  /** 包校 inspectors: their own rates need the facts (who took part); none with tallies alone. */
  inspectors: readonly { userId: string; name: string; schoolIds: readonly string[] }[];
  today: string;
  /** countBy schools: how many schools a department's duty must reach in each period. */
  schoolsToReach?: number;
};
/** schools: those the period applies to (not 'none'); rate: done / schools in percent with one decimal (66.7); null when there is none. */
export type RateCell = { periodKey: string; schools: number; done: number; overdue: number; rate: number | null };
export type Coverage = {
  periods: Period[];
  rows: { school: SchoolFact; cells: ObligationCell[] }[];
  totals: RateCell[];
  byParent: { parentId: string; name: string; cells: RateCell[] }[];
  byType: { schoolType: string; cells: RateCell[] }[];
  byInspector: { userId: string; name: string; cells: RateCell[] }[];
  uncovered: { school: SchoolFact; periodKey: string; status: 'open' | 'overdue' }[];
};

/** Whether an obligation applies to a subject: a school by type, boarding and bus; a department by its type; a district one to none. */
export function obligationApplies(ob: ObligationDef, subject: SchoolFact): boolean {
  if (ob.subject === 'district') return false;
  if (ob.subject === 'department') return subject.unitKind === 'department' && subject.departmentType === ob.departmentType;
  if (ob.subject === 'centre') return subject.unitKind === 'centre';
  if (subject.unitKind === 'department' || subject.unitKind === 'centre') return false;
  return schoolMatches(ob, subject);
}

/** The school conditions of appliesTo (also which schools a department's duty must reach). */
export function schoolMatches(ob: Pick<ObligationDef, 'appliesTo'>, school: SchoolFact): boolean {
  const types = ob.appliesTo?.schoolTypes;
  if (types && types.length > 0 && !types.includes(school.schoolType)) return false;
  const boarding = ob.appliesTo?.boarding;
  if (boarding !== undefined && school.boarding !== boarding) return false;
  const hasBus = ob.appliesTo?.hasBus;
  if (hasBus !== undefined && (school.hasBus ?? false) !== hasBus) return false;
  // Schools with at least one active risk point of one of these colours (重大/较大风险点的学校).
  const colours = ob.appliesTo?.riskColours;
  return colours === undefined || colours.some((c) => school.riskColours?.includes(c));
}

type CountFilter = Pick<ObligationDef, 'kind' | 'levels' | 'templates' | 'types' | 'occasions' | 'minShare'>;

/**
 * Whether a record counts toward the obligation: its kind; an inspection by level and template;
 * other kinds by type (any when none named) and occasion; and the share taking part when minShare is set.
 */
export function countsFor(ob: CountFilter, fact: DutyFact): boolean {
  return filterOf(ob)(fact);
}

/** The obligation's filter, built once per obligation object: coverage runs it over every fact. */
const filters = new WeakMap<CountFilter, (f: DutyFact) => boolean>();
function filterOf(ob: CountFilter): (f: DutyFact) => boolean {
  const known = filters.get(ob);
  if (known) return known;
  const kind = ob.kind ?? 'inspection';
  const types = new Set(kind === 'inspection' ? [...ob.templates, ...(ob.types ?? [])] : (ob.types ?? []));
  const levels = new Set<string>(ob.levels);
  const occasions = new Set(ob.occasions ?? []);
  const { minShare } = ob;
  const keep = (f: DutyFact) => {
    if (f.kind !== kind) return false;
    if (kind === 'inspection' && (f.level === undefined || !levels.has(f.level))) return false;
    if (types.size > 0 && !types.has(f.type)) return false;
    if (occasions.size > 0 && (f.occasion === undefined || !occasions.has(f.occasion))) return false;
    if (minShare !== undefined && (!f.base || f.base <= 0 || f.participants === undefined || f.participants / f.base < minShare)) return false;
    return true;
  };
  filters.set(ob, keep);
  return keep;
}

/**
 * What the counted records amount to under the count rule: records, distinct days, distinct schools,
 * or class hours — for the school, or per class: the school's class list when it keeps one, and the
 * classes the records name (and grades taught only as a whole), each credited with its own, its grade's and the whole school's hours; the
 * least-served class decides (no class records: the school is the one unit).
 */
export function amountOf(ob: Pick<ObligationDef, 'countBy' | 'per' | 'types'>, counted: readonly DutyFact[], classes?: readonly string[]): number {
  // Each listed type on its own (每个岗位一份责任书): the least-served type decides.
  if (ob.per === 'type' && ob.types.length)
    return Math.min(
      ...ob.types.map((t) =>
        amountOf(
          { ...ob, per: 'school' },
          counted.filter((f) => f.type === t),
          classes,
        ),
      ),
    );
  switch (ob.countBy) {
    case 'days':
      return new Set(counted.map((f) => f.day)).size;
    case 'schools':
      return new Set(counted.map((f) => f.schoolId ?? f.subjectId)).size;
    case 'on_time':
      return counted.filter(reviewOnTime).length;
    case 'hours': {
      if (ob.per !== 'class') return roundHours(counted.reduce((sum, f) => sum + (f.hours ?? 0), 0));
      // The education page's own rule (domain/education.ts): a class gets its sessions, its grade's
      // and the whole school's; the least-served class decides.
      const rows = hoursPerClass(
        counted.map((f) => ({ schoolId: '', audience: f.audience ?? 'school', hours: f.hours ?? 0, type: f.type })),
        classes ? new Map([['', classes]]) : undefined,
      );
      return rows.length ? Math.min(...rows.map((r) => r.hours)) : 0;
    }
    default:
      return counted.length;
  }
}

function assertToday(today: string): void {
  if (!isCalendarDay(today)) throw new RangeError(`今天的日期格式应为 YYYY-MM-DD：${today}`);
}

/**
 * The first day a school's duties count. Records begin when the district started using the
 * platform for inspections: its first submitted inspection (older records brought in, as in the
 * demo, move it back), or the day it was created while it has none. A school added later counts
 * from the day it was added (a school set up on the district's first day shares its start). Before that there is nothing to judge: a spring semester that ended
 * before an autumn start is 无数据, not 逾期 for every school.
 */
export function coverageStart(district: { createdDay: string; firstInspectionDay: string | null }, schoolCreatedDay: string): string {
  const districtStart = district.firstInspectionDay ?? district.createdDay;
  // Schools set up with the district (the same day) share its start, older records included.
  const addedLater = schoolCreatedDay > district.createdDay;
  return addedLater && schoolCreatedDay > districtStart ? schoolCreatedDay : districtStart;
}

const inPeriod = (fact: DutyFact, period: Period) => period.start <= fact.day && fact.day <= period.end;

/**
 * The tally of one subject's counting records in one period: how many, on how many distinct days,
 * at how many distinct schools (a department's records), their hours, the last day and the
 * inspection levels in order of first appearance. `part` is the type (per: 'type') or the audience
 * (class hours per class) the row is about, null when the rule does not split (tallySplit).
 */
export type DutyTally = {
  subjectId: string;
  periodKey: string;
  part: string | null;
  records: number;
  days: number;
  schools: number;
  hours: number;
  lastDay: string;
  levels: InspectionLevel[];
  /**
   * Count rule on_time (risk point reviews): how many of the items were met by their own due day, and
   * the earliest that was not; lastDay is then the latest review that answered one ('' when none).
   */
  met?: number;
  firstUnmet?: string | null;
};

/** How an obligation's counting records are split before they are judged: by type (每类), by audience (每班课时) or not. */
export type TallySplit = 'type' | 'audience' | null;
export function tallySplit(ob: Pick<ObligationDef, 'countBy' | 'per' | 'types'>): TallySplit {
  if (ob.per === 'type' && ob.types.length) return 'type';
  if (ob.countBy === 'hours' && ob.per === 'class') return 'audience';
  return null;
}

/**
 * The tallies of the facts that count for the obligation, by subject (subjectOf; a district
 * duty's facts all under one), period (a fact lands in every period holding its day) and part.
 * What a duty source computes in SQL instead, for the same obligation and periods.
 */
export function tallyFacts(
  ob: CountFilter & Pick<ObligationDef, 'countBy' | 'per'>,
  facts: readonly DutyFact[],
  periods: readonly Period[],
  subjectOf: (f: DutyFact) => string = (f) => f.subjectId,
): DutyTally[] {
  const keep = filterOf(ob);
  const split = tallySplit(ob);
  const onTime = ob.countBy === 'on_time';
  const ordered = isOrdered(periods);
  const acc = new Map<string, { t: DutyTally; days: Set<string>; schools: Set<string> }>();
  const out: DutyTally[] = [];
  for (const f of facts) {
    if (!keep(f)) continue;
    const part = split === 'type' ? f.type : split === 'audience' ? (f.audience ?? 'school') : null;
    const subjectId = subjectOf(f);
    // The day of the record: a rolling item's is the review that answered it ('' while none), shown as 最近一次.
    const recordDay = onTime ? (f.reviewedOn ?? '') : f.day;
    const add = (i: number, carried = false) => {
      const key = `${subjectId}\u0000${i}\u0000${part ?? ''}`;
      let a = acc.get(key);
      if (!a) {
        const t: DutyTally = {
          subjectId,
          periodKey: (periods[i] as Period).key,
          part,
          records: 0,
          days: 0,
          schools: 0,
          hours: 0,
          lastDay: recordDay,
          levels: [],
        };
        a = { t, days: new Set(), schools: new Set() };
        acc.set(key, a);
        out.push(t);
      }
      const { t } = a;
      t.records++;
      t.hours += f.hours ?? 0;
      if (recordDay > t.lastDay) t.lastDay = recordDay;
      if (f.level !== undefined && !t.levels.includes(f.level)) t.levels.push(f.level);
      if (onTime) {
        // A record of a rolling duty is one item due on its day, met when answered by then
        // (domain/risk-review.ts); carried into a later period it is still unmet there.
        if (!carried && reviewOnTime(f)) t.met = (t.met ?? 0) + 1;
        else if (t.firstUnmet == null || f.day < t.firstUnmet) t.firstUnmet = f.day;
      }
      a.days.add(f.day);
      a.schools.add(f.schoolId ?? f.subjectId);
      t.days = a.days.size;
      t.schools = a.schools.size;
    };
    if (onTime)
      periods.forEach((p, i) => {
        if (inPeriod(f, p)) add(i);
        else if (outstandingAt(f, p.start)) add(i, true);
      });
    else if (ordered) {
      const i = periodIndex(periods, f.day);
      if (i >= 0) add(i);
    } else
      periods.forEach((p, i) => {
        if (inPeriod(f, p)) add(i);
      });
  }
  return out;
}

/**
 * A rolling item (count rule on_time) due before `day` and still unanswered at its start: its
 * point is past its review date then, so every period that begins while it is outstanding holds
 * it too (unmet) — a school is done in a period only when none of its points was past its date.
 */
const outstandingAt = (f: DutyFact, day: string) => f.day < day && (f.reviewedOn == null || f.reviewedOn > day);

/** What one tally row amounts to under the count rule. */
function amountOfTally(countBy: ObligationDef['countBy'], t: DutyTally): number {
  switch (countBy) {
    case 'days':
      return t.days;
    case 'schools':
      return t.schools;
    case 'hours':
      return roundHours(t.hours);
    case 'on_time':
      return t.met ?? 0;
    default:
      return t.records;
  }
}

/**
 * What the tallies of one subject in one period amount to: the same rule as amountOf over the
 * records — each listed type on its own (the least-served decides), class hours per class (a class
 * gets its own, its grade's and the whole school's hours; the least-served decides), else the one row.
 */
export function amountOfTallies(ob: Pick<ObligationDef, 'countBy' | 'per' | 'types'>, rows: readonly DutyTally[], classes?: readonly string[]): number {
  const split = tallySplit(ob);
  if (split === 'type')
    return Math.min(
      ...ob.types.map((t) => {
        const row = rows.find((r) => r.part === t);
        return row ? amountOfTally(ob.countBy, row) : 0;
      }),
    );
  if (split === 'audience') {
    // The school's class list (when it has one) makes a class without lessons count as 0 hours.
    const perClass = hoursPerClass(
      rows.map((r) => ({ schoolId: '', audience: r.part ?? 'school', hours: r.hours, type: '' })),
      classes ? new Map([['', classes]]) : undefined,
    );
    return perClass.length ? Math.min(...perClass.map((c) => c.hours)) : 0;
  }
  const row = rows[0];
  return row ? amountOfTally(ob.countBy, row) : 0;
}

/**
 * One cell from the tallies of the subject in the period; dueDate = period end + grace days.
 * required: the obligation's count, or the schools to reach (countBy schools).
 */
function cellOf(
  ob: ObligationDef,
  period: Period,
  dueDate: string,
  rows: readonly DutyTally[],
  today: string,
  since?: string,
  schoolsToReach?: number,
  classes?: readonly string[],
): ObligationCell {
  const levels: InspectionLevel[] = [];
  let lastDay: string | null = null;
  for (const r of rows) {
    for (const l of r.levels) if (!levels.includes(l)) levels.push(l);
    if (lastDay === null || r.lastDay > lastDay) lastDay = r.lastDay;
  }
  const done = amountOfTallies(ob, rows, classes);
  if (ob.countBy === 'on_time') return rollingCellOf(period, dueDate, rows, done, today, lastDay, levels, since);
  const required = ob.countBy === 'schools' ? (schoolsToReach ?? ob.count) : ob.count;
  const status: CellStatus =
    done >= required ? 'done' : since !== undefined && period.end < since ? 'none' : period.start > today ? 'upcoming' : today > dueDate ? 'overdue' : 'open';
  return { periodKey: period.key, required, done, status, dueDate, lastDay, levels };
}

/**
 * A cell of a rolling duty (count rule on_time, risk point reviews): every item that came due in
 * the period is required, each by its own due day (period end does not matter). upcoming before
 * the period; done when every item due in it was met on time (none due: nothing was missed);
 * overdue as soon as one item's due day has passed unmet — it can no longer be on time (an item
 * carried from an earlier period is past already); else open. dueDate: the earliest unmet item's
 * due day (the period's first day for a carried one), else the period's end.
 */
function rollingCellOf(
  period: Period,
  periodDue: string,
  rows: readonly DutyTally[],
  done: number,
  today: string,
  lastDay: string | null,
  levels: InspectionLevel[],
  since?: string,
): ObligationCell {
  const required = rows.reduce((n, r) => n + r.records, 0);
  let firstUnmet: string | null = null;
  for (const r of rows) if (r.firstUnmet != null && (firstUnmet === null || r.firstUnmet < firstUnmet)) firstUnmet = r.firstUnmet;
  const status: CellStatus =
    since !== undefined && period.end < since
      ? 'none'
      : period.start > today
        ? 'upcoming'
        : done >= required
          ? 'done'
          : firstUnmet !== null && firstUnmet < today
            ? 'overdue'
            : 'open';
  // A carried item is missed from the period's first day: the cell is dated in its own period (the early warning counts misses by this date).
  const dueDate = firstUnmet === null ? periodDue : firstUnmet < period.start ? period.start : firstUnmet;
  return { periodKey: period.key, required, done, status, dueDate, lastDay: lastDay || null, levels };
}

const dueDateOf = (ob: ObligationDef, period: Period) => addDays(period.end, ob.graceDays);

/** The obligation in one period over one subject's facts (a school's, or all for a district obligation). */
export function evaluateCell(
  ob: ObligationDef,
  period: Period,
  facts: readonly DutyFact[],
  today: string,
  since?: string,
  schoolsToReach?: number,
): ObligationCell {
  assertToday(today);
  const rows = tallyFacts(ob, facts, [period], () => '');
  return cellOf(ob, period, dueDateOf(ob, period), rows, today, since, schoolsToReach);
}

/** A district-subject obligation (the joint group's 2 days a week) over all facts, one cell per period. */
export function districtCells(ob: ObligationDef, periods: readonly Period[], facts: readonly DutyFact[], today: string, since?: string): ObligationCell[] {
  return districtCellsOfTallies(
    ob,
    periods,
    tallyFacts(ob, facts, periods, () => ''),
    today,
    since,
  );
}

/** districtCells from the tallies of all the district's facts under one subject '' (tallyFacts with subjectOf () => ''). */
export function districtCellsOfTallies(
  ob: ObligationDef,
  periods: readonly Period[],
  tallies: readonly DutyTally[],
  today: string,
  since?: string,
): ObligationCell[] {
  assertToday(today);
  const byPeriod = groupTallies(tallies).get('');
  return periods.map((p) => cellOf(ob, p, dueDateOf(ob, p), byPeriod?.get(p.key) ?? [], today, since));
}

/** Tallies by subject, then by period key. */
function groupTallies(tallies: readonly DutyTally[]): Map<string, Map<string, DutyTally[]>> {
  const out = new Map<string, Map<string, DutyTally[]>>();
  for (const t of tallies) {
    let bySubject = out.get(t.subjectId);
    if (!bySubject) {
      bySubject = new Map();
      out.set(t.subjectId, bySubject);
    }
    const rows = bySubject.get(t.periodKey);
    if (rows) rows.push(t);
    else bySubject.set(t.periodKey, [t]);
  }
  return out;
}

/** periodsBetween gives ordered, disjoint periods: a binary search then finds the one period of a day. */
const isOrdered = (periods: readonly Period[]) => periods.every((p, i) => i === 0 || (periods[i - 1] as Period).end < p.start);

function periodIndex(periods: readonly Period[], day: string): number {
  let lo = 0;
  let hi = periods.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = periods[mid] as Period;
    if (day < p.start) hi = mid - 1;
    else if (day > p.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Rates over the schools a period applies to: a school whose records begin later is not counted. */
function rateCells(periods: readonly Period[], grid: readonly (readonly ObligationCell[])[]): RateCell[] {
  return periods.map((p, i) => {
    let done = 0;
    let overdue = 0;
    let none = 0;
    for (const cells of grid) {
      const status = cells[i]?.status;
      if (status === 'done') done++;
      else if (status === 'overdue') overdue++;
      else if (status === 'none') none++;
    }
    const schools = grid.length - none;
    return { periodKey: p.key, schools, done, overdue, rate: schools === 0 ? null : Math.round((done / schools) * 1000) / 10 };
  });
}

const byCode = (a: SchoolFact, b: SchoolFact) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The school × period grid of one school-subject obligation with its rates, from the tallies the
 * duty source made in SQL or, given facts, from tallyFacts: one pass over the facts either way.
 */
export function coverageOf(input: CoverageInput): Coverage {
  const { ob, periods, today } = input;
  assertToday(today);
  const schools = input.schools.filter((s) => obligationApplies(ob, s)).sort(byCode);
  const applicable = new Set(schools.map((s) => s.id));
  const facts = input.facts ?? [];
  const own = input.tallies ? [] : facts.filter((f) => applicable.has(f.subjectId));
  const tallies = groupTallies(input.tallies ?? tallyFacts(ob, own, periods));
  const dueDates = periods.map((p) => dueDateOf(ob, p));
  const since = new Map(schools.map((s) => [s.id, s.since]));
  const classesOf = new Map(schools.map((s) => [s.id, s.classes]));
  const cellsOf = (schoolId: string, index: Map<string, Map<string, DutyTally[]>>) => {
    const byPeriod = index.get(schoolId);
    return periods.map((p, i) =>
      cellOf(ob, p, dueDates[i] as string, byPeriod?.get(p.key) ?? [], today, since.get(schoolId), input.schoolsToReach, classesOf.get(schoolId)),
    );
  };
  const rows = schools.map((school) => ({ school, cells: cellsOf(school.id, tallies) }));
  const byParent = input.parents.flatMap((parent) => {
    const grid = rows.filter((r) => r.school.parentId === parent.id).map((r) => r.cells);
    return grid.length === 0 ? [] : [{ parentId: parent.id, name: parent.name, cells: rateCells(periods, grid) }];
  });
  // An inspector's own coverage: over their assigned schools, only the facts they took part in count
  // (so it needs the facts: with tallies alone there is no inspector's rate).
  const byInspector = input.tallies
    ? []
    : input.inspectors.flatMap((inspector) => {
        const schoolIds = [...new Set(inspector.schoolIds)].filter((id) => applicable.has(id));
        const mine = new Set(schoolIds);
        const index = groupTallies(
          tallyFacts(
            ob,
            own.filter((f) => mine.has(f.subjectId) && f.actorIds.includes(inspector.userId)),
            periods,
          ),
        );
        const grid = schoolIds.map((id) => cellsOf(id, index));
        return grid.length === 0 ? [] : [{ userId: inspector.userId, name: inspector.name, cells: rateCells(periods, grid) }];
      });
  const totals = rateCells(
    periods,
    rows.map((r) => r.cells),
  );
  const types = [...new Set(rows.filter((r) => r.school.unitKind !== 'department' && r.school.unitKind !== 'centre').map((r) => r.school.schoolType))].sort();
  const byType = types.map((schoolType) => ({
    schoolType,
    cells: rateCells(
      periods,
      rows.filter((r) => r.school.schoolType === schoolType).map((r) => r.cells),
    ),
  }));
  return { periods: [...periods], rows, totals, byParent, byType, byInspector, uncovered: uncoveredOf(rows, periods, today) };
}

/** Schools not done in the latest period that has started (none when every period is still upcoming). */
function uncoveredOf(rows: Coverage['rows'], periods: readonly Period[], today: string): Coverage['uncovered'] {
  let latest = -1;
  periods.forEach((p, i) => {
    if (p.start <= today && (latest < 0 || p.start > (periods[latest] as Period).start)) latest = i;
  });
  if (latest < 0) return [];
  const periodKey = (periods[latest] as Period).key;
  return rows.flatMap(({ school, cells }) => {
    const status = cells[latest]?.status;
    return status === 'open' || status === 'overdue' ? [{ school, periodKey, status }] : [];
  });
}

const roundHours = (h: number) => Math.round(h * 100) / 100;
