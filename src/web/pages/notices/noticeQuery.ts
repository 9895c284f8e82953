import type { QueryValue } from '../../api/client';

/** The notice list's filters, kept in the URL like the ledger's. */
export type NoticeQuery = { page: number; schoolId: string; parentId: string; state: string; issuerUnitId: string; mine: string; from: string; to: string };

export const PAGE_SIZE = 50;
// issuerUnitId and mine come from the workbench's links (我发出的、本单位发出的), parentId from the dashboard's.
const keys = ['schoolId', 'parentId', 'state', 'issuerUnitId', 'mine', 'from', 'to'] as const;

export function readQuery(sp: URLSearchParams): NoticeQuery {
  const page = Number(sp.get('page') ?? '1');
  const q = { page: Number.isInteger(page) && page > 0 ? page : 1 } as NoticeQuery;
  for (const k of keys) q[k] = sp.get(k) ?? '';
  return q;
}

export function writeQuery(q: NoticeQuery): URLSearchParams {
  const sp = new URLSearchParams();
  if (q.page > 1) sp.set('page', String(q.page));
  for (const k of keys) if (q[k]) sp.set(k, q[k]);
  return sp;
}

export const apiFilters = (q: NoticeQuery): Record<string, QueryValue> => ({
  schoolId: q.schoolId,
  parentId: q.parentId,
  state: q.state,
  issuerUnitId: q.issuerUnitId,
  mine: q.mine,
  from: q.from,
  to: q.to,
});

export const noticeStateOptions = [
  { value: 'unacknowledged', label: '待签收' },
  { value: 'acknowledged', label: '已签收待回执' },
  { value: 'replied', label: '已回执' },
  { value: 'overdue', label: '逾期未回执' },
];
