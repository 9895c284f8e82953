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
