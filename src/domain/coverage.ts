import { addDays, isCalendarDay } from './calendar.js';
import type { DutyFact } from './duty.js';
import { hoursPerClass } from './education.js';
import type { Period } from './periods.js';
import type { InspectionLevel, ObligationDef } from './policy/pack-schema.js';

/**
 * The one compliance computation of the duty engine: what an obligation requires in a period and
 * whether it was met, for every kind of record (inspections, drills, education, trainings, letters,
 * documents, patrols, rosters) and every count rule (records, distinct days, class hours per school
 * or per class, schools reached; only records with a share taking part when minShare is set).
 * The subject × period grid of the coverage page, rates by township, school type and inspector, the
 * subjects still uncovered. Pure: the server loads the facts (DutyFacts from each kind's source,
 * schools or departments, assignments) and calls coverageOf.
 */

/**
 * A subject of school or department duties. since: the first day its duties count (coverageStart);
 * a period that ended before it is 'none'. Departments have unitKind 'department' and their type.
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
  unitKind?: 'school' | 'department';
  departmentType?: string | null;
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
  facts: readonly DutyFact[];
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
  if (subject.unitKind === 'department') return false;
  return schoolMatches(ob, subject);
}

/** The school conditions of appliesTo (also which schools a department's duty must reach). */
export function schoolMatches(ob: Pick<ObligationDef, 'appliesTo'>, school: SchoolFact): boolean {
  const types = ob.appliesTo?.schoolTypes;
  if (types && types.length > 0 && !types.includes(school.schoolType)) return false;
  const boarding = ob.appliesTo?.boarding;
  if (boarding !== undefined && school.boarding !== boarding) return false;
  const hasBus = ob.appliesTo?.hasBus;
  return hasBus === undefined || (school.hasBus ?? false) === hasBus;
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
 * One cell from the facts already known to count and to fall in the period; dueDate = period end +
 * grace days. required: the obligation's count, or the schools to reach (countBy schools).
 */
function cellOf(
  ob: ObligationDef,
  period: Period,
  dueDate: string,
  counted: readonly DutyFact[],
  today: string,
  since?: string,
  schoolsToReach?: number,
  classes?: readonly string[],
): ObligationCell {
  const levels: InspectionLevel[] = [];
  let lastDay: string | null = null;
  for (const f of counted) {
    if (f.level !== undefined && !levels.includes(f.level)) levels.push(f.level);
    if (lastDay === null || f.day > lastDay) lastDay = f.day;
  }
  const done = amountOf(ob, counted, classes);
  const required = ob.countBy === 'schools' ? (schoolsToReach ?? ob.count) : ob.count;
  const status: CellStatus =
    done >= required ? 'done' : since !== undefined && period.end < since ? 'none' : period.start > today ? 'upcoming' : today > dueDate ? 'overdue' : 'open';
  return { periodKey: period.key, required, done, status, dueDate, lastDay, levels };
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
  const counted = facts.filter((f) => countsFor(ob, f) && inPeriod(f, period));
  return cellOf(ob, period, dueDateOf(ob, period), counted, today, since, schoolsToReach);
}

/** A district-subject obligation (the joint group's 2 days a week) over all facts, one cell per period. */
export function districtCells(ob: ObligationDef, periods: readonly Period[], facts: readonly DutyFact[], today: string, since?: string): ObligationCell[] {
  assertToday(today);
  const buckets = bucketByPeriod(
    facts.filter((f) => countsFor(ob, f)),
    periods,
  );
  return periods.map((p, i) => cellOf(ob, p, dueDateOf(ob, p), buckets[i] ?? [], today, since));
}

/** The facts of each period (by index); a fact lands in every period holding its day. */
function bucketByPeriod(facts: readonly DutyFact[], periods: readonly Period[]): DutyFact[][] {
  const buckets = periods.map((): DutyFact[] => []);
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
  const classesOf = new Map(schools.map((s) => [s.id, s.classes]));
  const cellsOf = (schoolId: string, keep?: (f: DutyFact) => boolean) =>
    periods.map((p, i) => {
      const facts = buckets.get(schoolId)?.[i] ?? [];
      return cellOf(ob, p, dueDates[i] as string, keep ? facts.filter(keep) : facts, today, since.get(schoolId), input.schoolsToReach, classesOf.get(schoolId));
    });
  const rows = schools.map((school) => ({ school, cells: cellsOf(school.id) }));
  const byParent = input.parents.flatMap((parent) => {
    const grid = rows.filter((r) => r.school.parentId === parent.id).map((r) => r.cells);
    return grid.length === 0 ? [] : [{ parentId: parent.id, name: parent.name, cells: rateCells(periods, grid) }];
  });
  // An inspector's own coverage: over their assigned schools, only the facts they took part in count.
  const byInspector = input.inspectors.flatMap((inspector) => {
    const schoolIds = [...new Set(inspector.schoolIds)].filter((id) => buckets.has(id));
    const grid = schoolIds.map((id) => cellsOf(id, (f) => f.actorIds.includes(inspector.userId)));
    return grid.length === 0 ? [] : [{ userId: inspector.userId, name: inspector.name, cells: rateCells(periods, grid) }];
  });
  const totals = rateCells(
    periods,
    rows.map((r) => r.cells),
  );
  const types = [...new Set(rows.filter((r) => r.school.unitKind !== 'department').map((r) => r.school.schoolType))].sort();
  const byType = types.map((schoolType) => ({
    schoolType,
    cells: rateCells(
      periods,
      rows.filter((r) => r.school.schoolType === schoolType).map((r) => r.cells),
    ),
  }));
  return { periods: [...periods], rows, totals, byParent, byType, byInspector, uncovered: uncoveredOf(rows, periods, today) };
}

/** The counting facts of each applicable school, bucketed by period: one pass over all facts. */
function indexFacts(ob: ObligationDef, schools: readonly SchoolFact[], facts: readonly DutyFact[], periods: readonly Period[]) {
  const bySchool = new Map<string, DutyFact[]>(schools.map((s) => [s.id, []]));
  for (const f of facts) {
    if (countsFor(ob, f)) bySchool.get(f.subjectId)?.push(f);
  }
  const buckets = new Map<string, DutyFact[][]>();
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

const roundHours = (h: number) => Math.round(h * 100) / 100;
