import type { QueryValue } from '../../api/client';

/** Which of the two ledgers (双台账) is shown: the hazards, or their rectification measures. */
export type Ledger = 'hazards' | 'measures';

/** The ledger filters live in the URL, like the school list: they survive opening a hazard. */
export type HazardQuery = {
  ledger: Ledger;
  page: number;
  keyword: string;
  parentId: string;
  schoolId: string;
  category: string;
  level: string;
  state: string;
  source: string;
  overdue: boolean;
  supervisionListed: boolean;
  /** Set by the workbench's links (no control of their own): see WorkbenchFilterTags. */
  responsibleUnitId: string;
  extensionDecidedFrom: string;
  extensionPending: boolean;
  verificationFailed: boolean;
  /** Drill-downs from the dashboard: 未销号, 督查发现, one place. */
  open: boolean;
  supervision: boolean;
  place: string;
  from: string;
  to: string;
  /** Hazards tagged with a 专项行动 (its progress page links here). */
  campaignId: string;
  sort: string;
};

export const PAGE_SIZE = 50;

const textKeys = [
  'keyword',
  'parentId',
  'schoolId',
  'category',
  'level',
  'state',
  'source',
  'place',
  'responsibleUnitId',
  'extensionDecidedFrom',
  'from',
  'to',
  'campaignId',
  'sort',
] as const;
const flagKeys = ['overdue', 'supervisionListed', 'extensionPending', 'verificationFailed', 'open', 'supervision'] as const;

export function readQuery(sp: URLSearchParams): HazardQuery {
  const page = Number(sp.get('page') ?? '1');
  const q = {
    ledger: sp.get('ledger') === 'measures' ? 'measures' : 'hazards',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  } as HazardQuery;
  for (const key of textKeys) q[key] = sp.get(key) ?? '';
  for (const key of flagKeys) q[key] = sp.get(key) === 'true';
  return q;
}

export function writeQuery(q: HazardQuery): URLSearchParams {
  const sp = new URLSearchParams();
  if (q.ledger === 'measures') sp.set('ledger', 'measures');
  if (q.page > 1) sp.set('page', String(q.page));
  for (const key of textKeys) if (q[key]) sp.set(key, q[key]);
  for (const key of flagKeys) if (q[key]) sp.set(key, 'true');
  return sp;
}

/** The filters as the API takes them; the list, the counts and the export use the same ones. */
export function apiFilters(q: HazardQuery): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = { keyword: q.keyword.trim() };
  for (const key of textKeys) if (key !== 'keyword') out[key] = q[key];
  for (const key of flagKeys) out[key] = q[key] ? 'true' : undefined;
  return out;
}

/** Whether any filter narrows the list (the 清除筛选 link shows only then). */
export const isFiltered = (q: HazardQuery): boolean => textKeys.some((k) => k !== 'sort' && q[k] !== '') || flagKeys.some((k) => q[k]);
