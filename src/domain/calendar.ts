/**
 * Calendar days as 'YYYY-MM-DD' strings in Asia/Shanghai, the day every deadline is counted in.
 * Pure arithmetic, no time-zone library: Asia/Shanghai is UTC+8 all year (no DST since 1991).
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Shanghai calendar day of an instant: 16:00 UTC is midnight in Shanghai. */
export function shanghaiDay(date: Date): string {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('无效的时间');
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether `day` is a real calendar day written as YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDay(day: string): boolean {
  const m = DAY_RE.exec(day);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === day;
}

/** The day `n` days after (or before, when negative) `day`; calendar days, no time zone involved. */
export function addDays(day: string, n: number): string {
  if (!isCalendarDay(day)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${day}`);
  if (!Number.isInteger(n)) throw new RangeError(`天数必须是整数：${n}`);
  // Counted on the UTC midnight of the day: UTC has no DST, so n × 24 h is always n calendar days.
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  if (!isCalendarDay(from) || !isCalendarDay(to)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${from}、${to}`);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
