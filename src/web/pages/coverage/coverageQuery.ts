import { addDays, shanghaiDay } from '../../../domain/calendar';
import { periodOf } from '../../../domain/periods';

/** 月度督查覆盖 (school × month, supervision) or 周自查 (school × week, the school's own check). */
export type CoverageView = 'month' | 'week';

/**
 * The coverage filters live in the URL so a link (or a reload) shows the same grid. `from` and
 * `to` are months (YYYY-MM) in both views: the week view shows the weeks of those months.
 * Empty means the server's default (this semester's months so far).
 */
/** obligation: any obligation of the pack (a drill, education …); empty = the view's default (督查全覆盖 or 周检查). */
export type CoverageQuery = { view: CoverageView; from: string; to: string; parentId: string; obligation: string };

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

export const today = () => shanghaiDay(new Date());
export const monthKeyOf = (day: string) => periodOf('monthly', day, []).key;
export const weekKeyOf = (day: string) => periodOf('weekly', day, []).key;

/** The week view opens on last month and this one (8 or 9 weeks); the month view on the server's default. */
export function defaultRange(view: CoverageView, day = today()): { from: string; to: string } {
  if (view === 'month') return { from: '', to: '' };
  const thisMonth = periodOf('monthly', day, []);
  return { from: monthKeyOf(addDays(thisMonth.start, -1)), to: thisMonth.key };
}

export function readQuery(sp: URLSearchParams): CoverageQuery {
  const view: CoverageView = sp.get('view') === 'week' ? 'week' : 'month';
  const from = sp.get('from') ?? '';
  const to = sp.get('to') ?? '';
  const ok = MONTH_RE.test(from) && MONTH_RE.test(to) && from <= to;
  const obligation = sp.get('obligation') ?? '';
  return {
    view,
    ...(ok ? { from, to } : defaultRange(view)),
    parentId: sp.get('parentId') ?? '',
    obligation: /^[a-z][a-z0-9_]{0,39}$/.test(obligation) ? obligation : '',
  };
}

export function writeQuery(q: CoverageQuery): URLSearchParams {
  const sp = new URLSearchParams();
  if (q.view === 'week') sp.set('view', 'week');
  const def = defaultRange(q.view);
  if (q.from && q.to && (q.from !== def.from || q.to !== def.to)) {
    sp.set('from', q.from);
    sp.set('to', q.to);
  }
  if (q.parentId) sp.set('parentId', q.parentId);
  if (q.obligation) sp.set('obligation', q.obligation);
  return sp;
}

/**
 * A period's column heading: 3月 for a month, 第47周 (47周 on a phone) for a week, its first day under
 * it; other periods of other duties (季度、学期、时段) by their label without the year.
 */
export function periodHeading(_view: CoverageView, key: string, start: string, short = false, label?: string): { title: string; sub: string } {
  const isMonth = /^\d{4}-\d{2}$/.test(key);
  const isWeek = /^\d{4}-W\d{2}$/.test(key);
  if (!isMonth && !isWeek) return { title: (label ?? key).replace(/^\d{4}年/, '').slice(0, short ? 6 : 12), sub: start.slice(0, 4) };
  if (isMonth) return { title: `${Number(key.slice(5, 7))}月`, sub: key.slice(0, 4) };
  const week = Number(key.slice(6));
  return { title: short ? `${week}周` : `第${week}周`, sub: `${Number(start.slice(5, 7))}/${Number(start.slice(8, 10))}` };
}
