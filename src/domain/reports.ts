import { addDays, isCalendarDay } from './calendar.js';
import { type Period, periodByKey, periodOf } from './periods.js';

/**
 * Reports up the chain (报表报送, issue 13): the pure rules of a report type's periods, due days,
 * standing and the centre's aggregation of its schools' reports. The pack declares the types
 * (policies/…/reports.yaml, pack-schema reportsFileSchema); the server computes the cells.
 *
 * Due days are Asia/Shanghai calendar days and inclusive: "每月28日前报送上月…" is on time when
 * filed on or before the 28th of the month after the period (the office's reading of 前 in a
 * deadline); a due day past a short month's end is that month's last day.
 */
export const reportPeriods = ['daily', 'weekly', 'monthly', 'yearly', 'once'] as const;
export type ReportPeriodKind = (typeof reportPeriods)[number];
export const reportPeriodLabels: Record<ReportPeriodKind, string> = { daily: '每日', weekly: '每周', monthly: '每月', yearly: '每年', once: '一次性' };

/** When a period's report is due: monthly `day` of the next month; yearly `month`/`day` of the next year; daily/weekly `daysAfterEnd`; once `date`. */
export type DueRule = { day?: number | undefined; month?: number | undefined; daysAfterEnd?: number | undefined; date?: string | undefined };

export type ReportTypeRule = { period: ReportPeriodKind; due: DueRule; code: string; label: string; from?: string | undefined };

const pad2 = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** The day `day` of month m (1–12) of year y, or that month's last day when it is shorter. */
export const clampedDay = (y: number, m: number, day: number) => `${y}-${pad2(m)}-${pad2(Math.min(day, lastDayOfMonth(y, m)))}`;

/** The last day a period's report is on time. */
export function dueDayOf(rule: ReportTypeRule, p: Period): string {
  const y = Number(p.end.slice(0, 4));
  const m = Number(p.end.slice(5, 7));
  switch (rule.period) {
    case 'monthly':
      return m === 12 ? clampedDay(y + 1, 1, rule.due.day ?? 28) : clampedDay(y, m + 1, rule.due.day ?? 28);
    case 'yearly':
      return clampedDay(y + 1, rule.due.month ?? 1, rule.due.day ?? 20);
    case 'once':
      return rule.due.date ?? p.end;
    default:
      return addDays(p.end, rule.due.daysAfterEnd ?? 0);
  }
}

/** The one period of a one-off report: from its `from` (or its due date) to its due date. */
const oncePeriod = (rule: ReportTypeRule): Period => {
  const due = rule.due.date ?? '2000-01-01';
  return { kind: 'window', key: 'once', label: rule.label, start: rule.from ?? due, end: due };
};

/** The period of the type holding `day`. */
export function reportPeriodOf(rule: ReportTypeRule, day: string): Period {
  return rule.period === 'once' ? oncePeriod(rule) : periodOf(rule.period, day, []);
}

/** The period a key names; a RangeError for a malformed key or one of another kind. */
export function reportPeriodByKey(rule: ReportTypeRule, key: string): Period {
  if (rule.period === 'once') {
    if (key !== 'once') throw new RangeError(`一次性报表的周期编码应为 once，收到 ${key}`);
    return oncePeriod(rule);
  }
  return periodByKey(rule.period, key, []);
}

/**
 * A period can be filed from its last day on (a month's report from the 30th/31st; a day's
 * report on the day); a one-off report from its start.
 */
export const isFileable = (rule: ReportTypeRule, p: Period, today: string) => (rule.period === 'once' ? p.start <= today : p.end <= today);

/** The latest fileable period on `today`: the month before, or this month on its last day; null for a one-off not yet open. */
export function currentReportPeriod(rule: ReportTypeRule, today: string): Period | null {
  const p = reportPeriodOf(rule, today);
  if (isFileable(rule, p, today)) return p;
  if (rule.period === 'once') return null;
  return reportPeriodOf(rule, addDays(p.start, -1));
}

/** The last `n` fileable periods on `today`, newest first (the status board's columns). */
export function recentReportPeriods(rule: ReportTypeRule, today: string, n: number): Period[] {
  const out: Period[] = [];
  for (let p = currentReportPeriod(rule, today); p && out.length < n; ) {
    out.push(p);
    if (rule.period === 'once') break;
    p = reportPeriodOf(rule, addDays(p.start, -1));
  }
  return out;
}

export const reportStates = ['draft', 'submitted', 'returned'] as const;
export type ReportState = (typeof reportStates)[number];
export const reportStateLabels: Record<ReportState, string> = { draft: '草稿', submitted: '已报送', returned: '已退回' };

/** How a unit stands on one period's report: on time, late (filed after the due day), returned, missing (past due, not filed), pending (not due yet). */
export const reportStandings = ['on_time', 'late', 'returned', 'missing', 'pending'] as const;
export type ReportStanding = (typeof reportStandings)[number];
export const reportStandingLabels: Record<ReportStanding, string> = {
  on_time: '按时报送',
  late: '迟报',
  returned: '退回待重报',
  missing: '逾期未报',
  pending: '未到期',
};

export type ReportFact = { state: ReportState; firstSubmittedDay: string | null } | null;

/**
 * The standing of one unit's report. Lateness is judged on the first submission: a report filed on
 * time and returned for a correction stays on time once resubmitted (the return is counted apart);
 * a returned report not yet resubmitted is 'returned' whatever the day.
 */
export function reportStanding(fact: ReportFact, due: string, today: string): ReportStanding {
  if (fact?.state === 'returned') return 'returned';
  if (fact?.state === 'submitted' && fact.firstSubmittedDay) return fact.firstSubmittedDay <= due ? 'on_time' : 'late';
  return today > due ? 'missing' : 'pending';
}

export const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isCalendarDay(s);

/* ---- aggregation: a centre's report over its schools' submitted reports ---- */

export type ChildReport = { unitId: string; unitName: string; state: ReportState | null; cells: Record<string, number | null> };

/**
 * The centre's summary of its schools: each cell summed over the schools' submitted reports (their
 * final figures, corrections included), how many filed, and the schools still missing (no report
 * or a draft) or returned. A school's null cell (not applicable) adds nothing.
 */
export function aggregateReports(children: readonly ChildReport[], cellKeys: readonly string[]) {
  const filed = children.filter((c) => c.state === 'submitted');
  const sums: Record<string, number> = {};
  for (const key of cellKeys) sums[key] = filed.reduce((n, c) => n + (c.cells[key] ?? 0), 0);
  const names = (pred: (c: ChildReport) => boolean) => children.filter(pred).map((c) => ({ unitId: c.unitId, unitName: c.unitName }));
  return {
    expected: children.length,
    filed: filed.length,
    sums,
    missing: names((c) => c.state === null || c.state === 'draft'),
    returned: names((c) => c.state === 'returned'),
  };
}
