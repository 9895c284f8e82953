import { addDays, daysBetween, isCalendarDay } from './calendar.js';
import type { DueOn, Holiday, MakeUpDay, ObligationPeriod, PeriodKind, Semester, WindowDef } from './policy/pack-schema.js';
import { isSchoolDay, schoolDayOf } from './school-days.js';

/**
 * The periods obligations are counted in (日/周/月/学期/半年/年), as Asia/Shanghai calendar days.
 * Weeks are ISO-8601: they start on Monday and belong to the year of their Thursday, so
 * 2027-01-01 is in 2026-W53. A semester that crosses the new year belongs to its start year.
 */
export type Period = { kind: PeriodKind | 'window'; key: string; label: string; start: string; end: string };

/** A known Monday: weekdays are counted from it with daysBetween, no Date weekday involved. */
const REFERENCE_MONDAY = '2024-01-01';
const MONTH_DAY_RE = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const keyFormats: Record<PeriodKind, string> = {
  daily: '日的编码应为 YYYY-MM-DD，例如 2026-11-22',
  weekly: '周的编码应为 YYYY-Www，例如 2026-W47',
  monthly: '月的编码应为 YYYY-MM，例如 2026-11',
  quarterly: '季度的编码应为 YYYY-Qn，例如 2026-Q4',
  semester: '学期的编码应为 起始年份-学期编码，例如 2026-autumn',
  half_year: '半年的编码应为 YYYY-H1 或 YYYY-H2',
  yearly: '年的编码应为 YYYY，例如 2026',
};

const pad2 = (n: number) => String(n).padStart(2, '0');
const yearOf = (day: string) => Number(day.slice(0, 4));
const monthOf = (day: string) => Number(day.slice(5, 7));
const monthDayLabel = (day: string) => `${monthOf(day)}月${Number(day.slice(8, 10))}日`;

function assertDay(day: string): void {
  if (!isCalendarDay(day)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${day}`);
}

function firstOfNextMonth(year: number, month: number): string {
  return month === 12 ? `${year + 1}-01-01` : `${year}-${pad2(month + 1)}-01`;
}

function dailyPeriod(day: string): Period {
  return { kind: 'daily', key: day, label: monthDayLabel(day), start: day, end: day };
}

function weeklyPeriod(day: string): Period {
  const offset = daysBetween(REFERENCE_MONDAY, day) % 7;
  const monday = addDays(day, -(offset < 0 ? offset + 7 : offset));
  const sunday = addDays(monday, 6);
  // ISO week-year: the year of the week's Thursday; week 1 is the week holding the year's first Thursday.
  const thursday = addDays(monday, 3);
  const weekYear = yearOf(thursday);
  const week = Math.floor(daysBetween(`${weekYear}-01-01`, thursday) / 7) + 1;
  const label = `${weekYear}年第${week}周（${monthDayLabel(monday)}—${monthDayLabel(sunday)}）`;
  return { kind: 'weekly', key: `${weekYear}-W${pad2(week)}`, label, start: monday, end: sunday };
}

function monthlyPeriod(day: string): Period {
  const year = yearOf(day);
  const month = monthOf(day);
  const start = `${year}-${pad2(month)}-01`;
  const end = addDays(firstOfNextMonth(year, month), -1);
  return { kind: 'monthly', key: `${year}-${pad2(month)}`, label: `${year}年${month}月`, start, end };
}

function quarterlyPeriod(day: string): Period {
  const year = yearOf(day);
  const q = Math.floor((monthOf(day) - 1) / 3) + 1;
  const start = `${year}-${pad2(q * 3 - 2)}-01`;
  const end = addDays(firstOfNextMonth(year, q * 3), -1);
  return { kind: 'quarterly', key: `${year}-Q${q}`, label: `${year}年第${q}季度`, start, end };
}

function halfYearPeriod(day: string): Period {
  const year = yearOf(day);
  if (monthOf(day) <= 6) return { kind: 'half_year', key: `${year}-H1`, label: `${year}年上半年`, start: `${year}-01-01`, end: `${year}-06-30` };
  return { kind: 'half_year', key: `${year}-H2`, label: `${year}年下半年`, start: `${year}-07-01`, end: `${year}-12-31` };
}

function yearlyPeriod(day: string): Period {
  const year = yearOf(day);
  return { kind: 'yearly', key: String(year), label: `${year}年`, start: `${year}-01-01`, end: `${year}-12-31` };
}

/**
 * A semester's MM-DD in a given year. A day the month lacks in that year (02-29 in a common year,
 * or 04-31) moves an end back to the month's last day and a start on to the next month's 1st,
 * so a semester ending 02-29 and one starting 03-01 still touch in every year.
 */
function semesterDay(semester: Semester, year: number, edge: 'start' | 'end'): string {
  const monthDay = semester[edge];
  if (!MONTH_DAY_RE.test(monthDay)) throw new RangeError(`学期“${semester.label}”的起止日期应为 MM-DD，例如 09-01：${monthDay}`);
  const day = `${year}-${monthDay}`;
  if (isCalendarDay(day)) return day;
  const next = firstOfNextMonth(year, Number(monthDay.slice(0, 2)));
  return edge === 'start' ? next : addDays(next, -1);
}

/** The semester that starts in `startYear`; null when it is empty that year (02-29..02-29 in a common year). */
function semesterPeriod(semester: Semester, startYear: number): Period | null {
  const crossesYear = semester.start > semester.end;
  const start = semesterDay(semester, startYear, 'start');
  const end = semesterDay(semester, crossesYear ? startYear + 1 : startYear, 'end');
  if (start > end) return null;
  return { kind: 'semester', key: `${startYear}-${semester.code}`, label: `${startYear}年${semester.label}`, start, end };
}

function semesterOf(day: string, semesters: readonly Semester[]): Period {
  const year = yearOf(day);
  for (const semester of semesters) {
    for (const startYear of [year, year - 1]) {
      const p = semesterPeriod(semester, startYear);
      if (p && p.start <= day && day <= p.end) return p;
    }
  }
  throw new RangeError(`${day} 不在任何学期内，请检查政策包的学期设置`);
}

/** The period of `kind` that holds `day`. */
export function periodOf(kind: PeriodKind, day: string, semesters: readonly Semester[]): Period {
  assertDay(day);
  switch (kind) {
    case 'daily':
      return dailyPeriod(day);
    case 'weekly':
      return weeklyPeriod(day);
    case 'monthly':
      return monthlyPeriod(day);
    case 'quarterly':
      return quarterlyPeriod(day);
    case 'semester':
      return semesterOf(day, semesters);
    case 'half_year':
      return halfYearPeriod(day);
    case 'yearly':
      return yearlyPeriod(day);
    default:
      throw new RangeError(`未知的周期：${String(kind)}`);
  }
}

/**
 * Every period of `kind` that overlaps [from, to], in order; empty when from > to. Semesters
 * are listed as configured: a stretch of days in no semester is skipped, not an error.
 */
export function periodsBetween(kind: PeriodKind, from: string, to: string, semesters: readonly Semester[]): Period[] {
  assertDay(from);
  assertDay(to);
  if (from > to) return [];
  if (kind === 'semester') return semestersBetween(from, to, semesters);
  const periods: Period[] = [];
  for (let p = periodOf(kind, from, semesters); p.start <= to; p = periodOf(kind, addDays(p.end, 1), semesters)) periods.push(p);
  return periods;
}

function semestersBetween(from: string, to: string, semesters: readonly Semester[]): Period[] {
  const periods: Period[] = [];
  for (let year = yearOf(from) - 1; year <= yearOf(to); year++) {
    for (const semester of semesters) {
      const p = semesterPeriod(semester, year);
      if (p && p.start <= to && p.end >= from) periods.push(p);
    }
  }
  return periods.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** The period a key names (as made by periodOf); a RangeError when the key is malformed or names no period. */
export function periodByKey(kind: PeriodKind, key: string, semesters: readonly Semester[]): Period {
  const bad = () => new RangeError(`周期编码无效：${key}，${keyFormats[kind] ?? '周期类型未知'}`);
  const p = kind === 'semester' ? semesterByKey(key, semesters, bad) : periodOfKey(kind, key, semesters);
  // Rebuilding from a day of the period and comparing keys rejects 2025-W53, 2026-13, 2026-02-30 …
  if (p === null || p.key !== key) throw bad();
  return p;
}

function periodOfKey(kind: PeriodKind, key: string, semesters: readonly Semester[]): Period | null {
  const day = firstDayOfKey(kind, key);
  return day !== null && isCalendarDay(day) ? periodOf(kind, day, semesters) : null;
}

/** A day inside the period a key names, or null when the key has the wrong shape. */
function firstDayOfKey(kind: PeriodKind, key: string): string | null {
  let m: RegExpExecArray | null;
  switch (kind) {
    case 'daily':
      return /^\d{4}-\d{2}-\d{2}$/.test(key) ? key : null;
    case 'weekly': {
      m = /^(\d{4})-W(\d{2})$/.exec(key);
      const jan4 = m ? `${m[1]}-01-04` : '';
      // Week 1 is the week holding 4 January.
      return m && isCalendarDay(jan4) ? addDays(weeklyPeriod(jan4).start, (Number(m[2]) - 1) * 7) : null;
    }
    case 'monthly':
      m = /^(\d{4})-(\d{2})$/.exec(key);
      return m ? `${m[1]}-${m[2]}-01` : null;
    case 'quarterly':
      m = /^(\d{4})-Q([1-4])$/.exec(key);
      return m ? `${m[1]}-${pad2(Number(m[2]) * 3 - 2)}-01` : null;
    case 'half_year':
      m = /^(\d{4})-H([12])$/.exec(key);
      return m ? `${m[1]}-${m[2] === '1' ? '01' : '07'}-01` : null;
    case 'yearly':
      return /^\d{4}$/.test(key) ? `${key}-01-01` : null;
    default:
      return null;
  }
}

function semesterByKey(key: string, semesters: readonly Semester[], bad: () => RangeError): Period | null {
  const m = /^(\d{4})-(.+)$/.exec(key);
  const semester = m ? semesters.find((s) => s.code === m[2]) : undefined;
  if (!m || !semester || !isCalendarDay(`${m[1]}-01-01`)) throw bad();
  return semesterPeriod(semester, Number(m[1]));
}

/**
 * The calendar an obligation's periods are read from (the pack's calendar.yaml). Public holidays and
 * 调休上班日 decide the school days of a school-days-only duty (none listed: only the holidays and weekends).
 */
export type DutyCalendar = {
  semesters: readonly Semester[];
  holidays: readonly Holiday[];
  publicHolidays?: readonly Holiday[] | undefined;
  makeUpDays?: readonly MakeUpDay[] | undefined;
};
/** What decides an obligation's periods: its period kind, its window when the kind is 'window', and for a daily duty which days are due. */
export type PeriodRule = { period: ObligationPeriod; window?: WindowDef | undefined; dueOn?: DueOn | undefined };

/** A daily duty due on school days only (dueOn: school_days): its other days are no period at all. */
const schoolDaysOnly = (rule: PeriodRule) => rule.period === 'daily' && rule.dueOn === 'school_days';
/** Whether the rule has a period on this day: always, but for a school-days-only duty on a non-school day. */
export function isDueDay(rule: PeriodRule, day: string, cal: DutyCalendar): boolean {
  if (!schoolDaysOnly(rule)) return true;
  return isSchoolDay(schoolDayOf(day, { holidays: cal.holidays, publicHolidays: cal.publicHolidays ?? [], makeUpDays: cal.makeUpDays ?? [] }));
}
/** How far to look for the nearest school day (a summer holiday is ~60 days). */
const SCHOOL_DAY_SEARCH = 400;

const byStart = (a: Period, b: Period) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Words for a window: 开学第一周, 放假前 7 天, 学期结束后 10 天内 … */
export function windowLabel(w: WindowDef): string {
  const days = w.days === 7 ? '1 周' : `${w.days} 天`;
  if (w.anchor === 'semester_start') return w.when === 'after' ? (w.days === 7 ? '开学第一周' : `开学后 ${days}内`) : `开学前 ${days}内`;
  if (w.anchor === 'semester_end') return w.when === 'after' ? `学期结束后 ${days}内` : `学期结束前 ${days}内`;
  return w.when === 'before' ? `每个假期前 ${days}内` : `每个假期后 ${days}内`;
}

/**
 * The dated windows of a rule that overlap [from, to], ordered by start. Windows of close holidays
 * may overlap each other; coverage handles that (a record counts for every window holding its day).
 */
function windowsBetween(w: WindowDef, from: string, to: string, cal: DutyCalendar): Period[] {
  const make = (anchorKey: string, anchorLabel: string, start: string, end: string): Period => ({
    kind: 'window',
    key: `${anchorKey}:${w.anchor === 'holiday' ? 'holiday' : w.anchor === 'semester_start' ? 'start' : 'end'}${w.when === 'after' ? '+' : '-'}${w.days}`,
    label: `${anchorLabel}${w.anchor === 'holiday' ? (w.when === 'before' ? `前 ${w.days} 天` : `后 ${w.days} 天`) : windowLabel(w)}`,
    start,
    end,
  });
  const out: Period[] = [];
  if (w.anchor === 'holiday') {
    for (const h of cal.holidays) {
      const end = h.end ?? h.start;
      const p =
        w.when === 'before'
          ? make(`${h.start}`, h.name, addDays(h.start, -w.days), addDays(h.start, -1))
          : make(`${h.start}`, h.name, addDays(end, 1), addDays(end, w.days));
      out.push({ ...p, label: `${h.start.slice(0, 4)}年${p.label}` });
    }
  } else {
    // Semesters near the range: a window may lie up to 120 days outside its semester.
    for (const s of periodsBetween('semester', addDays(from, -200), addDays(to, 200), cal.semesters)) {
      const anchor = w.anchor === 'semester_start' ? classesDay(s, cal.semesters, 'classesStart') : classesDay(s, cal.semesters, 'classesEnd');
      const [start, end] =
        w.anchor === 'semester_start'
          ? w.when === 'after'
            ? [anchor, addDays(anchor, w.days - 1)]
            : [addDays(anchor, -w.days), addDays(anchor, -1)]
          : w.when === 'after'
            ? [addDays(anchor, 1), addDays(anchor, w.days)]
            : [addDays(anchor, -(w.days - 1)), anchor];
      out.push(make(s.key, s.label, start, end));
    }
  }
  return out.filter((p) => p.start <= to && p.end >= from).sort(byStart);
}

/** The day classes begin or end in a semester period (its first or last day when the calendar does not say). */
function classesDay(p: Period, semesters: readonly Semester[], edge: 'classesStart' | 'classesEnd'): string {
  const def = semesters.find((x) => p.key.endsWith(`-${x.code}`));
  const md = def?.[edge];
  const fallback = edge === 'classesStart' ? p.start : p.end;
  if (!md || !MONTH_DAY_RE.test(md)) return fallback;
  for (const year of [yearOf(p.start), yearOf(p.start) + 1]) {
    const day = `${year}-${md}`;
    if (isCalendarDay(day) && p.start <= day && day <= p.end) return day;
  }
  return fallback;
}

/** Every period of a rule that overlaps [from, to], in order (calendar periods or dated windows). */
export function rulePeriodsBetween(rule: PeriodRule, from: string, to: string, cal: DutyCalendar): Period[] {
  assertDay(from);
  assertDay(to);
  if (from > to) return [];
  if (schoolDaysOnly(rule)) return periodsBetween('daily', from, to, cal.semesters).filter((p) => isDueDay(rule, p.start, cal));
  if (rule.period !== 'window') return periodsBetween(rule.period, from, to, cal.semesters);
  if (!rule.window) throw new RangeError('周期为 window 的义务缺少时段设置');
  return windowsBetween(rule.window, from, to, cal);
}

/** The nearest day from `day` (included) in direction `step` (+1 later, −1 earlier) the rule is due; null when none within the search span. */
function dueDayFrom(rule: PeriodRule, day: string, step: 1 | -1, cal: DutyCalendar): string | null {
  for (let d = day, i = 0; i < SCHOOL_DAY_SEARCH; d = addDays(d, step), i++) if (isDueDay(rule, d, cal)) return d;
  return null;
}

/**
 * The rule's period "now": the calendar period holding the day; for a window, the window holding
 * it, else the next one to come, else the last one before (null when the calendar has none within a year);
 * for a school-days-only daily duty on a day off, likewise the next school day, else the last one.
 */
export function rulePeriodAt(rule: PeriodRule, day: string, cal: DutyCalendar): Period | null {
  if (schoolDaysOnly(rule)) {
    // A school-days-only duty on a day off: the next school day (upcoming), else the last one before.
    const at = dueDayFrom(rule, day, 1, cal) ?? dueDayFrom(rule, day, -1, cal);
    return at ? periodOf('daily', at, cal.semesters) : null;
  }
  if (rule.period !== 'window') return periodOf(rule.period, day, cal.semesters);
  const around = rulePeriodsBetween(rule, addDays(day, -400), addDays(day, 400), cal);
  return around.find((p) => p.start <= day && day <= p.end) ?? around.find((p) => p.start > day) ?? around.filter((p) => p.end < day).at(-1) ?? null;
}

/** The rule's period before the given one (where overdue shows); null when there is none within a year. */
export function rulePeriodBefore(rule: PeriodRule, period: Period, cal: DutyCalendar): Period | null {
  if (schoolDaysOnly(rule)) {
    const at = dueDayFrom(rule, addDays(period.start, -1), -1, cal);
    return at ? periodOf('daily', at, cal.semesters) : null;
  }
  if (rule.period !== 'window') return periodOf(rule.period, addDays(period.start, -1), cal.semesters);
  return (
    rulePeriodsBetween(rule, addDays(period.start, -400), addDays(period.start, -1), cal)
      .filter((p) => p.start < period.start && p.key !== period.key)
      .at(-1) ?? null
  );
}
