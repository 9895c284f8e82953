import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { applyFilter, type HazardFilter, hazards, openStates } from '../hazards/hazards.repository.js';
import { narrowToUnit, type UnitNarrowing } from '../notices/notices.repository.js';

type Q = Kysely<Database>;

/**
 * The dashboard's aggregates. Every hazard figure starts from the ledger's own filter
 * (hazards.repository applyFilter), so a count and the filtered ledger it links to agree; the
 * grouping is done by PostgreSQL (GROUP BY / GROUPING SETS), never over rows in JS.
 */

/** Active schools in the read scope (null: all), narrowed to one township/centre or school, with their map position. */
export async function findScopeSchools(db: Q, districtId: string, scopeIds: readonly string[] | null, unit: UnitNarrowing) {
  if (scopeIds && scopeIds.length === 0) return [];
  let q = db
    .selectFrom('org_unit as o')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'o.district_id').onRef('s.id', '=', 'o.id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'o.district_id').onRef('p.id', '=', 'o.parent_id'))
    .select(['o.id', 'o.name', 'o.code', 'o.parent_id as parentId', 'p.name as parentName', 's.longitude', 's.latitude'])
    .where('o.district_id', '=', districtId)
    .where('o.kind', '=', 'school')
    .where('o.is_active', '=', true);
  if (scopeIds) q = q.where('o.id', 'in', scopeIds);
  q = narrowToUnit(q, 'o.id', districtId, unit);
  return q.orderBy('o.code').execute();
}
export type ScopeSchool = Awaited<ReturnType<typeof findScopeSchools>>[number];

/** The open hazards (未销号, whenever found) per school: open, overdue, major, listed for supervision. */
export async function countBacklogBySchool(db: Q, f: HazardFilter) {
  const rows = await applyFilter(hazards(db, f.districtId), { ...f, open: true })
    .select([
      'h.school_id',
      (eb) => eb.fn.countAll<number>().as('open'),
      sql<number>`count(*) filter (where h.deadline < ${f.today})`.as('overdue'),
      sql<number>`count(*) filter (where h.level = 'major')`.as('major'),
      sql<number>`count(*) filter (where h.supervision_listed)`.as('listed'),
    ])
    .groupBy('h.school_id')
    .execute();
  return rows.map((r) => ({ schoolId: r.school_id, open: Number(r.open), overdue: Number(r.overdue), major: Number(r.major), listed: Number(r.listed) }));
}

/** Shanghai month of the found time, as the notices' monthly counts compute it (PGlite has no time-zone files). */
const foundMonth = sql<string>`to_char((h.found_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;

export type HazardGroup = {
  dim: 'all' | 'month' | 'category' | 'place' | 'parent';
  key: string;
  found: number;
  closed: number;
  closedOnTime: number;
  overdue: number;
};

/**
 * The period's hazards (the filter's found range) counted once per grouping set: in total, by
 * found month, category, place and the school's township/centre. One scan instead of five.
 */
export async function countHazardGroups(db: Q, f: HazardFilter): Promise<HazardGroup[]> {
  const rows = await applyFilter(hazards(db, f.districtId), f)
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'h.district_id').onRef('s.id', '=', 'h.school_id'))
    .select([
      foundMonth.as('month'),
      'h.category',
      'h.place',
      's.parent_id',
      sql<number>`grouping(${foundMonth}, h.category, h.place, s.parent_id)`.as('g'),
      (eb) => eb.fn.countAll<number>().as('found'),
      sql<number>`count(*) filter (where h.state = 'closed')`.as('closed'),
      sql<number>`count(*) filter (where h.state = 'closed' and h.closed_on_time)`.as('closed_on_time'),
      sql<number>`count(*) filter (where h.state <> 'closed' and h.deadline < ${f.today})`.as('overdue'),
    ])
    .groupBy(sql`grouping sets ((${foundMonth}), (h.category), (h.place), (s.parent_id), ())`)
    .execute();
  // grouping() sets a bit for each column NOT in the row's set: 0b0111 is the month's set, and so on.
  const dims: Record<number, HazardGroup['dim']> = { 15: 'all', 7: 'month', 11: 'category', 13: 'place', 14: 'parent' };
  return rows.map((r) => {
    const dim = dims[Number(r.g)] ?? 'all';
    const key = dim === 'month' ? r.month : dim === 'category' ? r.category : dim === 'place' ? r.place : dim === 'parent' ? (r.parent_id ?? '') : '';
    return { dim, key, found: Number(r.found), closed: Number(r.closed), closedOnTime: Number(r.closed_on_time), overdue: Number(r.overdue) };
  });
}

/** Names of org units by id (the townships of the ranking). */
export async function findUnitNames(db: Q, districtId: string, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('org_unit').select(['id', 'name']).where('district_id', '=', districtId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Schools with a submitted inspection at one of `levels` in [from, to] (Shanghai days). */
export async function countInspectedSchools(
  db: Q,
  districtId: string,
  scopeIds: readonly string[] | null,
  unit: UnitNarrowing,
  range: { from: string; to: string; levels: readonly string[] },
): Promise<number> {
  if (scopeIds?.length === 0 || range.levels.length === 0) return 0;
  let q = db
    .selectFrom('inspection as i')
    .select(sql<number>`count(distinct i.school_id)`.as('n'))
    .where('i.district_id', '=', districtId)
    .where('i.status', '=', 'submitted')
    .where('i.inspected_on', '>=', range.from)
    .where('i.inspected_on', '<=', range.to)
    .where('i.level', 'in', [...range.levels]);
  if (scopeIds) q = q.where('i.school_id', 'in', scopeIds);
  q = narrowToUnit(q, 'i.school_id', districtId, unit);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Of the filter's hazards: how many schools have any, and how many of those still have one open. */
export async function countHazardSchools(db: Q, f: HazardFilter): Promise<{ schools: number; rectifying: number }> {
  const perSchool = applyFilter(hazards(db, f.districtId), f)
    .select(['h.school_id', sql<boolean>`bool_or(h.state in (${sql.join(openStates)}))`.as('has_open')])
    .groupBy('h.school_id');
  const r = await db
    .selectFrom(perSchool.as('t'))
    .select([(eb) => eb.fn.countAll<number>().as('schools'), sql<number>`count(*) filter (where t.has_open)`.as('rectifying')])
    .executeTakeFirstOrThrow();
  return { schools: Number(r.schools), rectifying: Number(r.rectifying) };
}
