import { addDays, isCalendarDay } from './calendar.js';
import type { Period } from './periods.js';
import type { InspectionLevel, ObligationDef } from './policy/pack-schema.js';

/**
 * What an obligation requires in a period and whether it was met: the school × period grid of
 * the coverage page, rates by township and inspector, the schools still uncovered. Pure: the
 * server loads the facts (submitted inspections, schools, assignments) and calls coverageOf.
 */

export type InspectionFact = { id: string; schoolId: string; level: InspectionLevel; templateCode: string; day: string; inspectorIds: readonly string[] };
/** since: the first day the school's duties count (coverageStart); a period that ended before it is 'none'. */
export type SchoolFact = { id: string; name: string; code: string; parentId: string | null; schoolType: string; boarding: boolean; since?: string };
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
  facts: readonly InspectionFact[];
  inspectors: readonly { userId: string; name: string; schoolIds: readonly string[] }[];
  today: string;
};
/** schools: those the period applies to (not 'none'); rate: done / schools in percent with one decimal (66.7); null when there is none. */
export type RateCell = { periodKey: string; schools: number; done: number; overdue: number; rate: number | null };
export type Coverage = {
  periods: Period[];
  rows: { school: SchoolFact; cells: ObligationCell[] }[];
  totals: RateCell[];
  byParent: { parentId: string; name: string; cells: RateCell[] }[];
  byInspector: { userId: string; name: string; cells: RateCell[] }[];
  uncovered: { school: SchoolFact; periodKey: string; status: 'open' | 'overdue' }[];
};

/** Whether a school-subject obligation applies to the school; a district-subject one applies to no school. */
export function obligationApplies(ob: ObligationDef, school: SchoolFact): boolean {
  if (ob.subject === 'district') return false;
  const types = ob.appliesTo?.schoolTypes;
  if (types && types.length > 0 && !types.includes(school.schoolType)) return false;
  const boarding = ob.appliesTo?.boarding;
  return boarding === undefined || school.boarding === boarding;
}

/** Whether an inspection counts toward the obligation: its level, and its template when the obligation names templates. */
export function countsFor(ob: Pick<ObligationDef, 'levels' | 'templates'>, fact: InspectionFact): boolean {
  return ob.levels.includes(fact.level) && (ob.templates.length === 0 || ob.templates.includes(fact.templateCode));
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

const inPeriod = (fact: InspectionFact, period: Period) => period.start <= fact.day && fact.day <= period.end;

/** One cell from the facts already known to count and to fall in the period; dueDate = period end + grace days. */
function cellOf(ob: ObligationDef, period: Period, dueDate: string, counted: readonly InspectionFact[], today: string, since?: string): ObligationCell {
  const days = new Set<string>();
  const levels: InspectionLevel[] = [];
  let lastDay: string | null = null;
  for (const f of counted) {
    days.add(f.day);
    if (!levels.includes(f.level)) levels.push(f.level);
    if (lastDay === null || f.day > lastDay) lastDay = f.day;
  }
  const done = ob.countBy === 'days' ? days.size : counted.length;
  const status: CellStatus =
    done >= ob.count ? 'done' : since !== undefined && period.end < since ? 'none' : period.start > today ? 'upcoming' : today > dueDate ? 'overdue' : 'open';
  return { periodKey: period.key, required: ob.count, done, status, dueDate, lastDay, levels };
}

const dueDateOf = (ob: ObligationDef, period: Period) => addDays(period.end, ob.graceDays);

/** The obligation in one period over one subject's facts (a school's, or all for a district obligation). */
export function evaluateCell(ob: ObligationDef, period: Period, facts: readonly InspectionFact[], today: string, since?: string): ObligationCell {
  assertToday(today);
  const counted = facts.filter((f) => countsFor(ob, f) && inPeriod(f, period));
  return cellOf(ob, period, dueDateOf(ob, period), counted, today, since);
}

/** A district-subject obligation (the joint group's 2 days a week) over all facts, one cell per period. */
export function districtCells(
  ob: ObligationDef,
  periods: readonly Period[],
  facts: readonly InspectionFact[],
  today: string,
  since?: string,
): ObligationCell[] {
  assertToday(today);
  const buckets = bucketByPeriod(
    facts.filter((f) => countsFor(ob, f)),
    periods,
  );
  return periods.map((p, i) => cellOf(ob, p, dueDateOf(ob, p), buckets[i] ?? [], today, since));
}

/** The facts of each period (by index); a fact lands in every period holding its day. */
function bucketByPeriod(facts: readonly InspectionFact[], periods: readonly Period[]): InspectionFact[][] {
  const buckets = periods.map((): InspectionFact[] => []);
  // periodsBetween gives ordered, disjoint periods: a binary search finds the one period of a day.
  const ordered = periods.every((p, i) => i === 0 || (periods[i - 1] as Period).end < p.start);
  for (const f of facts) {
    if (ordered) {
      const i = periodIndex(periods, f.day);
      if (i >= 0) buckets[i]?.push(f);
    } else {
      periods.forEach((p, i) => {
        if (inPeriod(f, p)) buckets[i]?.push(f);
      });
    }
  }
  return buckets;
}

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
 * The school × period grid of one school-subject obligation with its rates. Facts are indexed
 * by school and period once, so 300 schools × 12 periods × 40,000 facts stays a single pass.
 */
export function coverageOf(input: CoverageInput): Coverage {
  const { ob, periods, today } = input;
  assertToday(today);
  const schools = input.schools.filter((s) => obligationApplies(ob, s)).sort(byCode);
  const buckets = indexFacts(ob, schools, input.facts, periods);
  const dueDates = periods.map((p) => dueDateOf(ob, p));
  const since = new Map(schools.map((s) => [s.id, s.since]));
  const cellsOf = (schoolId: string, keep?: (f: InspectionFact) => boolean) =>
    periods.map((p, i) => {
      const facts = buckets.get(schoolId)?.[i] ?? [];
      return cellOf(ob, p, dueDates[i] as string, keep ? facts.filter(keep) : facts, today, since.get(schoolId));
    });
  const rows = schools.map((school) => ({ school, cells: cellsOf(school.id) }));
  const byParent = input.parents.flatMap((parent) => {
    const grid = rows.filter((r) => r.school.parentId === parent.id).map((r) => r.cells);
    return grid.length === 0 ? [] : [{ parentId: parent.id, name: parent.name, cells: rateCells(periods, grid) }];
  });
  // An inspector's own coverage: over their assigned schools, only the facts they took part in count.
  const byInspector = input.inspectors.flatMap((inspector) => {
    const schoolIds = [...new Set(inspector.schoolIds)].filter((id) => buckets.has(id));
    const grid = schoolIds.map((id) => cellsOf(id, (f) => f.inspectorIds.includes(inspector.userId)));
    return grid.length === 0 ? [] : [{ userId: inspector.userId, name: inspector.name, cells: rateCells(periods, grid) }];
  });
  const totals = rateCells(
    periods,
    rows.map((r) => r.cells),
  );
  return { periods: [...periods], rows, totals, byParent, byInspector, uncovered: uncoveredOf(rows, periods, today) };
}

/** The counting facts of each applicable school, bucketed by period: one pass over all facts. */
function indexFacts(ob: ObligationDef, schools: readonly SchoolFact[], facts: readonly InspectionFact[], periods: readonly Period[]) {
  const bySchool = new Map<string, InspectionFact[]>(schools.map((s) => [s.id, []]));
  for (const f of facts) {
    if (countsFor(ob, f)) bySchool.get(f.schoolId)?.push(f);
  }
  const buckets = new Map<string, InspectionFact[][]>();
  for (const [schoolId, own] of bySchool) buckets.set(schoolId, bucketByPeriod(own, periods));
  return buckets;
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
