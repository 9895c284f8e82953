import { addDays, shanghaiDay } from './calendar.js';
import type { IncidentLevel, IncidentLevelDef, IncidentPolicy, TimeLimit } from './policy/cases-schema.js';
import type { Holiday } from './policy/pack-schema.js';

/**
 * Time limits of case steps and incident reports, in Asia/Shanghai. Hours count from the instant;
 * days end at midnight after the Nth calendar day; working days skip Saturdays, Sundays and the
 * pack's public holidays, except the weekend days worked instead (调休上班). Pure.
 */
export type WorkCalendar = { publicHolidays: readonly Holiday[]; workdays: readonly string[] };

const HOUR_MS = 3_600_000;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** The set of public-holiday days (YYYY-MM-DD) of a calendar. */
export function holidayDays(cal: WorkCalendar): Set<string> {
  const out = new Set<string>();
  for (const h of cal.publicHolidays) {
    const end = h.end ?? h.start;
    for (let d = h.start; d <= end; d = addDays(d, 1)) out.add(d);
  }
  return out;
}

/** Whether a Shanghai day is a working day. */
export function isWorkingDay(day: string, cal: WorkCalendar, holidays = holidayDays(cal)): boolean {
  if (cal.workdays.includes(day)) return true;
  if (holidays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The Nth working day after `day` (the start day itself is not counted). */
export function addWorkingDays(day: string, n: number, cal: WorkCalendar): string {
  const holidays = holidayDays(cal);
  let d = day;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal, holidays)) left--;
  }
  return d;
}

/** Shanghai midnight at the start of `day`, as an instant. */
export const startOfShanghaiDay = (day: string): Date => new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);

/** When a limit counted from `from` runs out: the instant, and the last Shanghai day for day limits. */
export function dueAt(from: Date, limit: TimeLimit, cal: WorkCalendar): Date {
  if (limit.unit === 'hours') return new Date(from.getTime() + limit.amount * HOUR_MS);
  const start = shanghaiDay(from);
  const lastDay = limit.unit === 'days' ? addDays(start, limit.amount) : addWorkingDays(start, limit.amount, cal);
  return startOfShanghaiDay(addDays(lastDay, 1));
}

/** Adds an extension to a due instant (the extension counts from the old due day). */
export function extendDue(due: Date, ext: TimeLimit, cal: WorkCalendar): Date {
  if (ext.unit === 'hours') return new Date(due.getTime() + ext.amount * HOUR_MS);
  // The old limit ends at midnight; its last day is the day before.
  const lastDay = addDays(shanghaiDay(due), -1);
  const newLast = ext.unit === 'days' ? addDays(lastDay, ext.amount) : addWorkingDays(lastDay, ext.amount, cal);
  return startOfShanghaiDay(addDays(newLast, 1));
}

export const slaStatuses = ['none', 'on_time', 'due_soon', 'overdue'] as const;
export type SlaStatus = (typeof slaStatuses)[number];
export const slaStatusLabels: Record<SlaStatus, string> = { none: '无时限', on_time: '正常', due_soon: '即将到期', overdue: '已超时' };

/** Due soon: a quarter of the limit or less left, and at most one day. */
export function slaStatus(enteredAt: Date, due: Date | null, now: Date): SlaStatus {
  if (!due) return 'none';
  const left = due.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  const span = Math.max(due.getTime() - enteredAt.getTime(), 0);
  return left <= Math.min(span / 4, 24 * HOUR_MS) ? 'due_soon' : 'on_time';
}

/* ---- incidents (RULES.md SG-01) ---- */

export type Casualties = { deaths: number; seriousInjuries: number; lossYuan: number };

const rank: Record<IncidentLevel, number> = { general: 0, larger: 1, major: 2, especially_major: 3 };
export const incidentLevelRank = (l: IncidentLevel) => rank[l];

/** The highest level any of whose thresholds is met (以上含本数); the lowest level otherwise. */
export function incidentLevelOf(levels: readonly IncidentLevelDef[], c: Casualties): IncidentLevelDef {
  const sorted = [...levels].sort((a, b) => rank[b.code] - rank[a.code]);
  const lowest = sorted[sorted.length - 1] as IncidentLevelDef;
  const met = (l: IncidentLevelDef) =>
    (l.deaths > 0 && c.deaths >= l.deaths) || (l.seriousInjuries > 0 && c.seriousInjuries >= l.seriousInjuries) || (l.lossYuan > 0 && c.lossYuan >= l.lossYuan);
  return sorted.find(met) ?? lowest;
}

/** Whether an incident of this level (and deaths) notifies the district and the police at once. */
export const incidentEscalates = (p: Pick<IncidentPolicy, 'escalateFromLevel' | 'escalateOnDeath'>, level: IncidentLevel, deaths: number): boolean =>
  rank[level] >= rank[p.escalateFromLevel] || (p.escalateOnDeath && deaths > 0);

export const incidentReportKinds = ['first', 'written', 'follow_up', 'final'] as const;
export type IncidentReportKind = (typeof incidentReportKinds)[number];
export const incidentReportLabels: Record<IncidentReportKind, string> = { first: '首报', written: '书面报告', follow_up: '续报', final: '终报' };

/**
 * The district's upward report (逐级上报, RULES.md SG-01/SG-02: the bureau reports upward within 2 h
 * [M]) is due `upwardHours` after the district learns of an incident that escalates (at or above
 * the pack's level, or with a death); null when the incident does not escalate.
 */
export function upwardDueAt(
  p: Pick<IncidentPolicy, 'escalateFromLevel' | 'escalateOnDeath' | 'upwardHours'>,
  level: IncidentLevel,
  deaths: number,
  learnedAt: Date,
): Date | null {
  return incidentEscalates(p, level, deaths) ? new Date(learnedAt.getTime() + p.upwardHours * HOUR_MS) : null;
}

/** The report deadlines of an incident of a level, from the time it happened. */
export function reportDeadlines(level: IncidentLevelDef, occurredAt: Date): Record<IncidentReportKind, Date | null> {
  const t = occurredAt.getTime();
  return {
    first: new Date(t + level.firstReportHours * HOUR_MS),
    written: new Date(t + level.writtenReportHours * HOUR_MS),
    follow_up: level.followUpHours ? new Date(t + level.followUpHours * HOUR_MS) : null,
    final: new Date(t + level.finalReportDays * 24 * HOUR_MS),
  };
}

/**
 * Whether each report an incident's level requires was made on time (迟报 is punished in
 * assessment, seed 004; RULES.md SG-01). A report is required when its level names a deadline
 * (续报 only where the level sets followUpHours). Late: made after the deadline, by so many
 * minutes; missing: not made and the deadline has passed; pending: not made, still in time.
 */
export const reportStandingStatuses = ['on_time', 'late', 'missing', 'pending', 'not_required'] as const;
export type ReportStandingStatus = (typeof reportStandingStatuses)[number];
export const reportStandingLabels: Record<ReportStandingStatus, string> = {
  on_time: '按时',
  late: '迟报',
  missing: '逾期未报',
  pending: '未到时限',
  not_required: '不要求',
};
export type ReportStanding = { kind: IncidentReportKind; dueAt: Date | null; doneAt: Date | null; status: ReportStandingStatus; lateMinutes: number | null };

export function incidentReportStanding(
  deadlines: Record<IncidentReportKind, Date | null> | null,
  done: Record<IncidentReportKind, Date | null>,
  now: Date,
): ReportStanding[] {
  return incidentReportKinds.map((kind) => {
    const dueAt = deadlines?.[kind] ?? null;
    const doneAt = done[kind];
    const late = (until: Date) => (dueAt ? Math.ceil((until.getTime() - dueAt.getTime()) / 60_000) : null);
    if (!dueAt) return { kind, dueAt, doneAt, status: 'not_required', lateMinutes: null };
    if (doneAt)
      return doneAt > dueAt
        ? { kind, dueAt, doneAt, status: 'late', lateMinutes: late(doneAt) }
        : { kind, dueAt, doneAt, status: 'on_time', lateMinutes: null };
    return dueAt < now ? { kind, dueAt, doneAt, status: 'missing', lateMinutes: late(now) } : { kind, dueAt, doneAt, status: 'pending', lateMinutes: null };
  });
}

/** The late and missing reports only: what assessment counts (迟报/漏报). */
export const faultyReports = (standing: readonly ReportStanding[]) => standing.filter((r) => r.status === 'late' || r.status === 'missing');

/** "迟报 1 小时 20 分钟" — how late, in Chinese. */
export function lateText(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = [d ? `${d} 天` : '', h ? `${h} 小时` : '', m || (!d && !h) ? `${m} 分钟` : ''];
  return parts.filter(Boolean).join(' ');
}

/**
 * 任务分办 with a deadline: the assigning unit names the last day (Shanghai) of the handling step.
 * It ends at that day's midnight, may not lie before today, nor beyond the pack's handling limit
 * counted from the assignment (a district cannot give a unit more time than the rules allow).
 */
export function assignerHandlingDue(
  lastDay: string,
  now: Date,
  limit: TimeLimit | undefined,
  cal: WorkCalendar,
): { ok: true; due: Date } | { ok: false; message: string } {
  if (lastDay < shanghaiDay(now)) return { ok: false, message: '办理期限不能早于今天' };
  const due = startOfShanghaiDay(addDays(lastDay, 1));
  if (limit) {
    const max = dueAt(now, limit, cal);
    if (due > max) {
      // The last day whose end (midnight) is within the limit.
      const lastAllowed = addDays(shanghaiDay(max), -1);
      return { ok: false, message: `办理期限不能超过政策包规定的办理时限（最迟 ${lastAllowed}）` };
    }
  }
  return { ok: true, due };
}
