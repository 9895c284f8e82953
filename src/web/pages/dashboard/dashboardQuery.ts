import type { QueryValue } from '../../api/client';
import type { PeriodKind } from './dashboardTypes';

/** The dashboard's pickers live in the URL: a link (or a reload, or the 大屏's refresh) shows the same view. */
export type DashboardQuery = { period: PeriodKind; date: string; from: string; to: string; areaId: string; schoolId: string };

const kinds: readonly PeriodKind[] = ['month', 'semester', 'year', 'custom'];
export const periodLabels: Record<PeriodKind, string> = { month: '月度', semester: '学期', year: '年度', custom: '自定义' };

export function readQuery(sp: URLSearchParams, fallback: PeriodKind = 'year'): DashboardQuery {
  const p = sp.get('period') as PeriodKind | null;
  // orgUnitId from a drill-down (a township row's link) is a township; schoolId picks one school.
  return {
    period: p && kinds.includes(p) ? p : fallback,
    date: sp.get('date') ?? '',
    from: sp.get('from') ?? '',
    to: sp.get('to') ?? '',
    areaId: sp.get('orgUnitId') ?? '',
    schoolId: sp.get('schoolId') ?? '',
  };
}

export function writeQuery(q: DashboardQuery): URLSearchParams {
  const sp = new URLSearchParams();
  sp.set('period', q.period);
  if (q.period === 'custom') {
    if (q.from) sp.set('from', q.from);
    if (q.to) sp.set('to', q.to);
  } else if (q.date) sp.set('date', q.date);
  if (q.areaId) sp.set('orgUnitId', q.areaId);
  if (q.schoolId) sp.set('schoolId', q.schoolId);
  return sp;
}

export const apiParams = (q: DashboardQuery): Record<string, QueryValue> => ({
  period: q.period,
  date: q.period === 'custom' ? undefined : q.date,
  from: q.period === 'custom' ? q.from : undefined,
  to: q.period === 'custom' ? q.to : undefined,
  orgUnitId: q.schoolId || q.areaId,
});

export const queryKey = (q: DashboardQuery) => writeQuery(q).toString();
