import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { applyFilter, type HazardFilter, hazards } from '../hazards/hazards.repository.js';
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

export type HazardGroup = {
  dim: 'all' | 'category' | 'place' | 'school';
  key: string;
  found: number;
  closed: number;
  closedOnTime: number;
  overdue: number;
};
export type MonthCount = { key: string; found: number; closed: number };

/**
 * The period's hazards (the filter's found range) counted once per grouping set: in total,
 * by category, place and school (the caller sums schools into their township, a few hundred groups
 * at most), and per month as FILTERed counts of the total row. One scan of the hazard table
 * alone, no join, and every set hashed: a GROUP BY on the month sorted 50,000 rows on disk.
 */
export async function countHazardGroups(db: Q, f: HazardFilter, months: readonly { key: string; from: Date; to: Date }[]) {
  const inMonth = (m: { from: Date; to: Date }) => sql`h.found_at >= ${m.from} and h.found_at < ${m.to}`;
  const rows = await applyFilter(hazards(db, f.districtId), f)
    .select([
      'h.category',
      'h.place',
      'h.school_id',
      sql<number>`grouping(h.category, h.place, h.school_id)`.as('g'),
      (eb) => eb.fn.countAll<number>().as('found'),
      sql<number>`count(*) filter (where h.state = 'closed')`.as('closed'),
      sql<number>`count(*) filter (where h.state = 'closed' and h.closed_on_time)`.as('closed_on_time'),
      sql<number>`count(*) filter (where h.state <> 'closed' and h.deadline < ${f.today})`.as('overdue'),
      ...months.flatMap((m, i) => [
        sql<number>`count(*) filter (where ${inMonth(m)})`.as(`f${i}`),
        sql<number>`count(*) filter (where h.state = 'closed' and ${inMonth(m)})`.as(`c${i}`),
      ]),
    ])
    .groupBy(sql`grouping sets ((h.category), (h.place), (h.school_id), ())`)
    .execute();
  // grouping() sets a bit for each column NOT in the row's set: 0b011 is the category's set, and so on.
  const dims: Record<number, HazardGroup['dim']> = { 7: 'all', 3: 'category', 5: 'place', 6: 'school' };
  const groups: HazardGroup[] = rows.map((r) => {
    const dim = dims[Number(r.g)] ?? 'all';
    const key = dim === 'category' ? r.category : dim === 'place' ? r.place : dim === 'school' ? r.school_id : '';
    return { dim, key, found: Number(r.found), closed: Number(r.closed), closedOnTime: Number(r.closed_on_time), overdue: Number(r.overdue) };
  });
  const total = rows.find((r) => Number(r.g) === 7) as Record<string, unknown> | undefined;
  const byMonth: MonthCount[] = months.map((m, i) => ({ key: m.key, found: Number(total?.[`f${i}`] ?? 0), closed: Number(total?.[`c${i}`] ?? 0) }));
  return { groups, byMonth };
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

/**
 * The filter's hazards in one pass: the ledger's counts (total, closed, overdue, on time) and the
 * schools: with any, and with one still open (正在整改; the others have all theirs closed).
 */
export async function countHazardsAndSchools(db: Q, f: HazardFilter) {
  const r = await applyFilter(hazards(db, f.districtId), f)
    .select([
      (eb) => eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) filter (where h.state = 'closed')`.as('closed'),
      sql<number>`count(*) filter (where h.state <> 'closed' and h.deadline < ${f.today})`.as('overdue'),
      sql<number>`count(distinct h.school_id)`.as('schools'),
      sql<number>`count(distinct h.school_id) filter (where h.state <> 'closed')`.as('rectifying'),
    ])
    .executeTakeFirstOrThrow();
  const [total, closed] = [Number(r.total), Number(r.closed)];
  return { total, closed, open: total - closed, overdue: Number(r.overdue), schools: Number(r.schools), rectifying: Number(r.rectifying) };
}
