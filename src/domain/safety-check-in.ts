import { z } from 'zod';
import { addDays, daysBetween, isCalendarDay, shanghaiDay } from './calendar.js';
import { isoDay } from './input-dates.js';
import { schoolTypes } from './school.js';

/**
 * 报平安 during a sensitive period (敏感时期): every school in scope reports 平安 or an exception
 * once a day before the period's cut-off time (Asia/Shanghai). Pure rules; the server stores the
 * check-ins and asks these functions what a day's state is and what counts as late or missing.
 */
export const safetyPeriodKinds = ['holiday', 'major_event', 'flood_season', 'other'] as const;
export type SafetyPeriodKind = (typeof safetyPeriodKinds)[number];
export const safetyPeriodKindLabels: Record<SafetyPeriodKind, string> = {
  holiday: '节假日',
  major_event: '重大活动',
  flood_season: '汛期',
  other: '其他重点时段',
};

export const checkInStatuses = ['safe', 'exception'] as const;
export type CheckInStatus = (typeof checkInStatuses)[number];

/** What the board shows for a school on a day. */
export type BoardStatus = 'safe' | 'exception' | 'pending' | 'missing';
export const boardStatusLabels: Record<BoardStatus, string> = {
  safe: '平安',
  exception: '异常',
  pending: '未报（未到截止时间）',
  missing: '未报（已过截止时间）',
};

/** The case types a school may open from an exception (codes of the pack's cases.yaml). */
export const exceptionCaseTypes = ['emergency', 'accident', 'threat', 'dispute'] as const;

const CUTOFF_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const SHANGHAI_OFFSET_MIN = 8 * 60;

export const isCutoffTime = (s: string): boolean => CUTOFF_RE.test(s);

/** The instant of `day`'s cut-off: HH:MM on that day in Shanghai (UTC+8 all year). */
export function cutoffInstant(day: string, cutoff: string): Date {
  const m = CUTOFF_RE.exec(cutoff);
  if (!m || !isCalendarDay(day)) throw new RangeError(`截止时间无效：${day} ${cutoff}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]) - SHANGHAI_OFFSET_MIN;
  return new Date(Date.parse(`${day}T00:00:00Z`) + minutes * 60_000);
}

export type PeriodDays = { startsOn: string; endsOn: string; cutoffTime: string; closedAt?: Date | null };

/** Whether `day` is one of the period's report days. */
export const isPeriodDay = (p: PeriodDays, day: string): boolean => day >= p.startsOn && day <= p.endsOn;

/** The day a check-in made at `at` belongs to: the Shanghai day, when it is a period day; else null. */
export function checkInDay(p: PeriodDays, at: Date): string | null {
  const day = shanghaiDay(at);
  return isPeriodDay(p, day) ? day : null;
}

/** Late: written after the cut-off of its day (the cut-off minute itself is still on time). */
export const isLate = (day: string, cutoff: string, at: Date): boolean => at.getTime() > cutoffInstant(day, cutoff).getTime() + 59_999;

/** A school's state on `day` as seen at `now`, given its check-in on that day (if any). */
export function boardStatus(day: string, cutoff: string, now: Date, checkIn?: { status: CheckInStatus } | null): BoardStatus {
  if (checkIn) return checkIn.status;
  return now.getTime() > cutoffInstant(day, cutoff).getTime() + 59_999 ? 'missing' : 'pending';
}

/**
 * The period days whose cut-off has passed at `now` (a day not reported by then is missing).
 * A closed period stops counting at the day it was closed.
 */
export function dueDays(p: PeriodDays, now: Date): string[] {
  const days: string[] = [];
  const stop = p.closedAt && p.closedAt < now ? p.closedAt : now;
  for (let d = p.startsOn; d <= p.endsOn; d = addDays(d, 1)) {
    if (cutoffInstant(d, p.cutoffTime).getTime() + 59_999 >= stop.getTime()) break;
    days.push(d);
  }
  return days;
}

export type SchoolTally = { dueDays: number; reported: number; onTime: number; late: number; missing: number; exceptions: number };

/** Late and missing check-ins of one school in one period at `now`: the numbers assessment uses. */
export function tallySchool(p: PeriodDays, now: Date, checkIns: readonly { day: string; status: CheckInStatus; late: boolean }[]): SchoolTally {
  const due = dueDays(p, now);
  const byDay = new Map(checkIns.filter((c) => isPeriodDay(p, c.day)).map((c) => [c.day, c]));
  const reportedDue = due.filter((d) => byDay.has(d)).length;
  const all = [...byDay.values()];
  const late = all.filter((c) => c.late).length;
  return {
    dueDays: due.length,
    reported: all.length,
    onTime: all.length - late,
    late,
    missing: due.length - reportedDue,
    exceptions: all.filter((c) => c.status === 'exception').length,
  };
}

/* ---- inputs ---- */
const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不超过 ${max} 个字`);
const optional = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, `${label}不超过 ${max} 个字`);

/** A period lasts at most a year: a flood season is the longest real one. */
export const MAX_PERIOD_DAYS = 366;

export const openSafetyPeriodInput = z
  .object({
    title: text('名称', 60),
    kind: z.enum(safetyPeriodKinds, { error: '类别应为节假日、重大活动、汛期或其他' }),
    startsOn: isoDay(),
    endsOn: isoDay(),
    cutoffTime: z.string({ error: '请填写每日截止时间' }).regex(CUTOFF_RE, '每日截止时间格式应为 HH:MM，如 10:00'),
    schoolTypes: z
      .array(z.enum(schoolTypes, { error: '学校类型无效' }), { error: '学校类型应为列表' })
      .max(20, '学校类型最多 20 个')
      .default([]),
    unitIds: z.array(z.uuid('街道/教管中心无效'), { error: '范围应为列表' }).max(200, '范围最多 200 个单位').default([]),
    note: optional('说明', 500).default(''),
  })
  .strict()
  .superRefine((v, ctx) => {
    // zod 4 runs this even when a field failed its own check: compare real days only.
    if (!isCalendarDay(v.startsOn) || !isCalendarDay(v.endsOn)) return;
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: '结束日期不能早于开始日期' });
    else if (daysBetween(v.startsOn, v.endsOn) >= MAX_PERIOD_DAYS)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: `一个时段最长 ${MAX_PERIOD_DAYS} 天` });
  });
export type OpenSafetyPeriodInput = z.input<typeof openSafetyPeriodInput>;

export const submitCheckInInput = z
  .object({
    status: z.enum(checkInStatuses, { error: '请选择平安或异常' }),
    note: optional('情况说明', 1000).default(''),
    exception: z
      .object({
        typeCode: z.enum(exceptionCaseTypes, { error: '异常类别应为突发事件、安全事故、扬言报复或矛盾纠纷' }).default('emergency'),
        title: text('异常标题', 100),
        description: optional('异常情况', 5000).default(''),
        place: optional('地点', 100).default(''),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.status === 'exception' && !v.exception) ctx.addIssue({ code: 'custom', path: ['exception'], message: '报告异常时请填写异常标题和情况' });
    if (v.status === 'safe' && v.exception) ctx.addIssue({ code: 'custom', path: ['exception'], message: '报平安时不填写异常情况' });
  });
export type SubmitCheckInInput = z.input<typeof submitCheckInInput>;
