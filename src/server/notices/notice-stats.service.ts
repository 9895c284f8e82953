import { shanghaiDay } from '../../domain/calendar.js';
import { AppError } from '../../domain/errors.js';
import { type NoticeIssuerKind, noticeIssuerKinds } from '../../domain/notice-number.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { recordScopeOf, shanghaiDayRange } from './notice-scope.js';
import { countNoticesByKindAndMonth, type UnitNarrowing } from './notices.repository.js';
import { countPenaltiesByMonth } from './penalties.repository.js';

const MAX_MONTHS = 120;

/** Every month from the one of `from` to the one of `to`, as YYYY-MM. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last || months.length > MAX_MONTHS) return months;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

/**
 * 整改通知书 and 执法处罚书 counted in the actor's scope (seed 000: “226 notices and 21 penalty
 * decisions in 2020”). Notices count by their Shanghai issue day, penalties by their decision
 * date. Without dates: this year up to today (without `from`: from 1 January of `to`'s year).
 */
export async function getNoticeStats(db: Db, actor: Actor, input: { from?: string | undefined; to?: string | undefined } & UnitNarrowing, now = new Date()) {
  const today = shanghaiDay(now);
  const to = input.to ?? today;
  const from = input.from ?? `${to.slice(0, 4)}-01-01`;
  if (from > to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期', [{ path: 'from', message: '开始日期不能晚于结束日期' }]);
  const months = monthsBetween(from, to);
  if (months.length > MAX_MONTHS) throw new AppError('VALIDATION_FAILED', `统计区间最长 ${MAX_MONTHS / 12} 年`, [{ path: 'to', message: '统计区间过长' }]);
  const range = shanghaiDayRange(from, to) as { from: Date; to: Date };
  const scope = recordScopeOf(actor);
  const [notices, penalties] = await Promise.all([
    countNoticesByKindAndMonth(db, scope, range.from, range.to, input),
    countPenaltiesByMonth(db, scope, from, to, input),
  ]);
  const byIssuerKind = Object.fromEntries(noticeIssuerKinds.map((k) => [k, 0])) as Record<NoticeIssuerKind, number>;
  const byMonth = new Map(months.map((month) => [month, { month, notices: 0, penalties: 0 }]));
  for (const r of notices) {
    byIssuerKind[r.kind] += r.n;
    const m = byMonth.get(r.month);
    if (m) m.notices += r.n;
  }
  for (const r of penalties) {
    const m = byMonth.get(r.month);
    if (m) m.penalties += r.n;
  }
  return {
    from,
    to,
    notices: notices.reduce((s, r) => s + r.n, 0),
    penalties: penalties.reduce((s, r) => s + r.n, 0),
    byIssuerKind,
    byMonth: [...byMonth.values()],
  };
}
