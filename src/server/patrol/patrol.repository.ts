import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { PatrolFindingTable, PatrolLogTable } from '../db/schema.js';

/** Patrol logs (巡查记录) and their findings: the only SQL of the module. */
export type PatrolLogRecord = Selectable<PatrolLogTable> & { school_name: string };
export type PatrolFindingRecord = Selectable<PatrolFindingTable>;

export type PatrolFilter = {
  districtId: string;
  /** Schools in the actor's scope; null = the whole district. */
  schoolIds: readonly string[] | null;
  schoolId?: string | undefined;
  route?: string | undefined;
  /** Inclusive patrol days (a night patrol after midnight counts for the night before). */
  from?: string | undefined;
  to?: string | undefined;
  withFindings?: boolean | undefined;
};

function filtered(db: Db, f: PatrolFilter) {
  let q = db
    .selectFrom('patrol_log as p')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'p.district_id').onRef('o.id', '=', 'p.school_id'))
    .where('p.district_id', '=', f.districtId);
  if (f.schoolIds) q = q.where('p.school_id', 'in', f.schoolIds.length ? f.schoolIds : ['00000000-0000-0000-0000-000000000000']);
  if (f.schoolId) q = q.where('p.school_id', '=', f.schoolId);
  if (f.route) q = q.where('p.route', '=', f.route);
  if (f.from) q = q.where('p.patrol_day', '>=', f.from);
  if (f.to) q = q.where('p.patrol_day', '<=', f.to);
  if (f.withFindings) q = q.where('p.finding_count', '>', 0);
  return q;
}

const columns = [
  'p.district_id',
  'p.id',
  'p.client_id',
  'p.code',
  'p.school_id',
  'p.route',
  'p.patrolled_at',
  sql<string>`to_char(p.patrol_day, 'YYYY-MM-DD')`.as('patrol_day'),
  'p.points',
  'p.patrollers',
  'p.patroller_ids',
  'p.note',
  'p.finding_count',
  'p.hazard_count',
  'p.content_hash',
  'p.created_by',
  'p.created_by_name',
  'p.created_at',
  'o.name as school_name',
] as const;

export async function findPatrolPage(db: Db, f: PatrolFilter, limit: number, offset: number) {
  const [items, total, byRoute] = await Promise.all([
    filtered(db, f).select(columns).orderBy('p.patrolled_at', 'desc').orderBy('p.code', 'desc').limit(limit).offset(offset).execute(),
    filtered(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    filtered(db, f)
      .select(['p.route', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('p.route')
      .execute(),
  ]);
  return { items: items as PatrolLogRecord[], total: Number(total.n), byRoute: Object.fromEntries(byRoute.map((r) => [r.route, Number(r.n)])) };
}

/** Keyset pages for the export, newest first. */
export async function findPatrolExportPage(db: Db, f: PatrolFilter, limit: number, offset: number) {
  return (await filtered(db, f)
    .select(columns)
    .orderBy('p.patrolled_at', 'desc')
    .orderBy('p.code', 'desc')
    .limit(limit)
    .offset(offset)
    .execute()) as PatrolLogRecord[];
}

export async function findPatrolById(db: Db, districtId: string, id: string): Promise<PatrolLogRecord | undefined> {
  return (await filtered(db, { districtId, schoolIds: null }).select(columns).where('p.id', '=', id).executeTakeFirst()) as PatrolLogRecord | undefined;
}

export async function findPatrolByClientId(db: Db, districtId: string, clientId: string): Promise<PatrolLogRecord | undefined> {
  return (await filtered(db, { districtId, schoolIds: null }).select(columns).where('p.client_id', '=', clientId).executeTakeFirst()) as
    | PatrolLogRecord
    | undefined;
}

export async function insertPatrolLog(trx: Db, row: Insertable<PatrolLogTable>): Promise<string> {
  const r = await trx.insertInto('patrol_log').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertFindings(trx: Db, rows: readonly Insertable<PatrolFindingTable>[]) {
  if (rows.length) await trx.insertInto('patrol_finding').values(rows).execute();
}

export async function findFindings(db: Db, districtId: string, ids: readonly string[]): Promise<PatrolFindingRecord[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('patrol_finding')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('patrol_log_id', 'in', ids)
    .orderBy('patrol_log_id')
    .orderBy('position')
    .execute();
}

/** Counts of patrols by school, day and route for the duty engine and the panels. */
export async function findPatrolFacts(
  db: Db,
  q: { districtId: string; from: string; to: string; subjectIds: readonly string[] | null; types?: readonly string[] },
) {
  let query = db
    .selectFrom('patrol_log')
    .select(['id', 'school_id', 'route', sql<string>`to_char(patrol_day, 'YYYY-MM-DD')`.as('day'), 'patroller_ids'])
    .where('district_id', '=', q.districtId)
    .where('patrol_day', '>=', q.from)
    .where('patrol_day', '<=', q.to);
  if (q.subjectIds) query = query.where('school_id', 'in', q.subjectIds);
  if (q.types?.length) query = query.where('route', 'in', q.types);
  return query.execute();
}

/** The same entries as the duty engine's fact relation (server/duty/duty-tally.repository.ts). */
export function patrolFactRelation(
  db: Db,
  q: { districtId: string; from: string; to: string; subjectIds: readonly string[] | null; types?: readonly string[] },
) {
  let query = db
    .selectFrom('patrol_log')
    .select([
      'school_id as subject_id',
      'school_id',
      'patrol_day as day',
      'route as type',
      sql<null>`null::text`.as('level'),
      sql<null>`null::numeric`.as('hours'),
      sql<null>`null::text`.as('audience'),
      sql<null>`null::text`.as('occasion'),
      sql<null>`null::int`.as('participants'),
      sql<null>`null::int`.as('base'),
    ])
    .where('district_id', '=', q.districtId)
    .where('patrol_day', '>=', q.from)
    .where('patrol_day', '<=', q.to);
  if (q.subjectIds) query = query.where('school_id', 'in', q.subjectIds);
  if (q.types?.length) query = query.where('route', 'in', q.types);
  return query;
}

export async function findPatrolOwner(db: Db, districtId: string, id: string) {
  return db
    .selectFrom('patrol_log as p')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'p.district_id').onRef('o.id', '=', 'p.school_id'))
    .select(['p.school_id', 'o.name', 'p.code'])
    .where('p.district_id', '=', districtId)
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** Bulk insert for the demo loader. */
export async function insertDemoPatrols(trx: Db, logs: readonly Insertable<PatrolLogTable>[]) {
  for (let i = 0; i < logs.length; i += 1000)
    await trx
      .insertInto('patrol_log')
      .values(logs.slice(i, i + 1000))
      .execute();
}

/** A school of the district with what the patrol and roster pages need (boarding or not). */
export async function findSchoolInfo(db: Db, districtId: string, id: string) {
  return db
    .selectFrom('org_unit as o')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'o.district_id').onRef('s.id', '=', 'o.id'))
    .select(['o.id', 'o.name', 'o.kind', 's.boarding_students'])
    .where('o.district_id', '=', districtId)
    .where('o.id', '=', id)
    .executeTakeFirst();
}

/** Links a hazard to a finding not yet raised; false when it already has one (a race or a repeat). */
export async function setFindingHazard(trx: Db, districtId: string, logId: string, position: number, hazardId: string): Promise<boolean> {
  const r = await trx
    .updateTable('patrol_finding')
    .set({ hazard_id: hazardId })
    .where('district_id', '=', districtId)
    .where('patrol_log_id', '=', logId)
    .where('position', '=', position)
    .where('hazard_id', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await trx
    .updateTable('patrol_log')
    .set((eb) => ({ hazard_count: eb('hazard_count', '+', 1) }))
    .where('district_id', '=', districtId)
    .where('id', '=', logId)
    .execute();
  return true;
}
