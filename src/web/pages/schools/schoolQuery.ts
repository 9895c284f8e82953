import type { QueryValue } from '../../api/client';

/**
 * The list filters live in the URL, so a filtered list survives opening a school and coming
 * back, and can be bookmarked or sent to a colleague.
 */
export type SchoolQuery = {
  page: number;
  keyword: string;
  parentId: string;
  schoolType: string;
  ownership: string;
  boarding: boolean;
  sort: string;
};

export const PAGE_SIZE = 50;

export function readQuery(sp: URLSearchParams): SchoolQuery {
  const page = Number(sp.get('page') ?? '1');
  return {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    keyword: sp.get('keyword') ?? '',
    parentId: sp.get('parentId') ?? '',
    schoolType: sp.get('schoolType') ?? '',
    ownership: sp.get('ownership') ?? '',
    boarding: sp.get('boarding') === 'true',
    sort: sp.get('sort') ?? '',
  };
}

export function writeQuery(q: SchoolQuery): URLSearchParams {
  const sp = new URLSearchParams();
  if (q.page > 1) sp.set('page', String(q.page));
  for (const key of ['keyword', 'parentId', 'schoolType', 'ownership', 'sort'] as const) if (q[key]) sp.set(key, q[key]);
  if (q.boarding) sp.set('boarding', 'true');
  return sp;
}

/** The filters as the API takes them (export uses the same ones, without paging). */
export function apiFilters(q: SchoolQuery): Record<string, QueryValue> {
  return {
    keyword: q.keyword.trim(),
    parentId: q.parentId,
    schoolType: q.schoolType,
    ownership: q.ownership,
    boarding: q.boarding ? 'true' : undefined,
    sort: q.sort,
  };
}
