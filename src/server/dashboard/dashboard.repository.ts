import { type Kysely, sql } from 'kysely';
import { supervisionSources } from '../../domain/hazard.js';
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
  /** Of these, found by a supervising level (督查: all sources but 学校自查 and 群众举报), the 督查汇总's hazards. */
  supervision: { found: number; closed: number; overdue: number };
};
export type MonthCount = { key: string; found: number; closed: number };

/**
 * The period's hazards (the filter's found range) counted once per grouping set: in total, by
 * category, place, school (the caller sums schools into their township, a few hundred groups at
 * most) and month (`months`: the period's months so far as instant ranges, the first and last
 * clipped to the period). One index-only scan of hazard_period_ix, no join, every set hashed.
 * - The rows are read in a subquery kept apart by OFFSET 0: the planner then takes the month for
 *   a column of unknown spread (200 groups) instead of one group per row. Grouped on the table
 *   directly it expected 50,000 months (or, with the months as 24 FILTERed counts, a wide row)
 *   and sorted 50,000 rows on disk for one set: 0.8–2 s on PGlite under load, against 0.5–0.9 s.
 * - The month is a width_bucket over the months' first instants: half the CPU of converting every
 *   found_at to Shanghai time (date_trunc … at time zone).
 * - Each school's group also counts its supervision hazards (the 督查汇总's, supervisionCountsOf),
 *   so the dashboard scans the period once.
 */
export async function countHazardGroups(db: Q, f: HazardFilter, months: readonly { key: string; from: Date; to: Date }[]) {
  const last = months.at(-1);
  // Bucket i is months[i]; bucket months.length lies after the last month (ignored).
  const bounds = last ? [...months.slice(1).map((m) => m.from), last.to] : [];
  const month = bounds.length ? sql<number>`width_bucket(h.found_at, array[${sql.join(bounds)}]::timestamptz[])` : sql<number>`0`;
  const period = applyFilter(hazards(db, f.districtId), f)
    .select(['h.category', 'h.place', 'h.school_id', 'h.state', 'h.closed_on_time', 'h.deadline'])
    .select(sql<boolean>`h.source in (${sql.join(supervisionSources)})`.as('supervised'))
    .select(month.as('month'))
    .offset(0);
  const rows = await db
    .selectFrom(period.as('p'))
    .select([
      'p.category',
      'p.place',
      'p.school_id',
      'p.month',
      sql<number>`grouping(p.category, p.place, p.school_id, p.month)`.as('g'),
      (eb) => eb.fn.countAll<number>().as('found'),
      sql<number>`count(*) filter (where p.state = 'closed')`.as('closed'),
      sql<number>`count(*) filter (where p.state = 'closed' and p.closed_on_time)`.as('closed_on_time'),
      sql<number>`count(*) filter (where p.state <> 'closed' and p.deadline < ${f.today})`.as('overdue'),
      sql<number>`count(*) filter (where p.supervised)`.as('s_found'),
      sql<number>`count(*) filter (where p.supervised and p.state = 'closed')`.as('s_closed'),
      sql<number>`count(*) filter (where p.supervised and p.state <> 'closed' and p.deadline < ${f.today})`.as('s_overdue'),
    ])
    .groupBy(sql`grouping sets ((p.category), (p.place), (p.school_id), (p.month), ())`)
    .execute();
  // grouping() sets a bit for each column NOT in the row's set: 0b0111 is the category's set, and so on.
  const dims: Record<number, HazardGroup['dim'] | 'month'> = { 15: 'all', 7: 'category', 11: 'place', 13: 'school', 14: 'month' };
  const groups: HazardGroup[] = [];
  const byBucket = new Map<number, { found: number; closed: number }>();
  for (const r of rows) {
    const dim = dims[Number(r.g)] ?? 'all';
    const [found, closed] = [Number(r.found), Number(r.closed)];
    if (dim === 'month') {
      byBucket.set(Number(r.month), { found, closed });
      continue;
    }
    const key = dim === 'category' ? r.category : dim === 'place' ? r.place : dim === 'school' ? r.school_id : '';
    const supervision = { found: Number(r.s_found), closed: Number(r.s_closed), overdue: Number(r.s_overdue) };
    groups.push({ dim, key, found, closed, closedOnTime: Number(r.closed_on_time), overdue: Number(r.overdue), supervision });
  }
  const byMonth: MonthCount[] = months.map((m, i) => ({ key: m.key, found: byBucket.get(i)?.found ?? 0, closed: byBucket.get(i)?.closed ?? 0 }));
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
