import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Database, SchoolBusPersonTable, SchoolBusRouteTable, SchoolBusTable } from '../db/schema.js';

type Q = Kysely<Database>;

export type BusRecord = Selectable<SchoolBusTable> & { school_name: string; parent_id: string | null; parent_name: string | null };
export type BusPersonRecord = Selectable<SchoolBusPersonTable>;
export type BusRouteRecord = Selectable<SchoolBusRouteTable>;

const base = (db: Q, districtId: string) =>
  db
    .selectFrom('school_bus as b')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'b.district_id').onRef('o.id', '=', 'b.school_id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'o.district_id').onRef('p.id', '=', 'o.parent_id'))
    .selectAll('b')
    .select(['o.name as school_name', 'o.parent_id', 'p.name as parent_name'])
    .where('b.district_id', '=', districtId);

export type BusFilter = {
  districtId: string;
  /** null: every school of the district. */
  schoolIds: string[] | null;
  schoolId?: string | undefined;
  parentId?: string | undefined;
  status?: 'in_service' | 'retired' | undefined;
  keyword?: string | undefined;
};

function filtered(db: Q, f: BusFilter) {
  let q = base(db, f.districtId);
  if (f.schoolIds) q = f.schoolIds.length ? q.where('b.school_id', 'in', f.schoolIds) : q.where(sql<boolean>`false`);
  if (f.schoolId) q = q.where('b.school_id', '=', f.schoolId);
  if (f.parentId) q = q.where('o.parent_id', '=', f.parentId);
  if (f.status) q = q.where('b.status', '=', f.status);
  if (f.keyword) {
    const k = `%${f.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('b.plate_no', 'ilike', k), eb('o.name', 'ilike', k)]));
  }
  return q;
}

/** Every bus of the filter (a district has tens to a few hundred), school then plate. */
export async function findBuses(db: Q, f: BusFilter): Promise<BusRecord[]> {
  return filtered(db, f).orderBy('o.name').orderBy('b.plate_no').execute();
}

export async function findBusById(db: Q, districtId: string, id: string): Promise<BusRecord | undefined> {
  return base(db, districtId).where('b.id', '=', id).executeTakeFirst();
}

export async function findPersons(db: Q, districtId: string, busIds: readonly string[]): Promise<BusPersonRecord[]> {
  if (!busIds.length) return [];
  return db
    .selectFrom('school_bus_person')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('bus_id', 'in', busIds)
    .orderBy('bus_id')
    .orderBy('role')
    .orderBy('position')
    .execute();
}

export async function findRoutes(db: Q, districtId: string, busIds: readonly string[]): Promise<BusRouteRecord[]> {
  if (!busIds.length) return [];
  return db
    .selectFrom('school_bus_route')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('bus_id', 'in', busIds)
    .orderBy('bus_id')
    .orderBy('position')
    .execute();
}

export async function insertBus(db: Q, row: Insertable<SchoolBusTable>): Promise<string> {
  const r = await db.insertInto('school_bus').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateBusIfVersion(db: Q, districtId: string, id: string, version: number, patch: Partial<Insertable<SchoolBusTable>>): Promise<boolean> {
  const r = await db
    .updateTable('school_bus')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Drivers, escorts and routes are saved with their vehicle: the old rows go, the form's rows come in. */
export async function replaceChildren(
  db: Q,
  districtId: string,
  busId: string,
  persons: Insertable<SchoolBusPersonTable>[],
  routes: Insertable<SchoolBusRouteTable>[],
): Promise<void> {
  await db.deleteFrom('school_bus_person').where('district_id', '=', districtId).where('bus_id', '=', busId).execute();
  await db.deleteFrom('school_bus_route').where('district_id', '=', districtId).where('bus_id', '=', busId).execute();
  if (persons.length) await db.insertInto('school_bus_person').values(persons).execute();
  if (routes.length) await db.insertInto('school_bus_route').values(routes).execute();
}

/** The schools among `ids` that are active schools of the district. */
export async function findSchools(db: Q, districtId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('org_unit as o')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'o.district_id').onRef('s.id', '=', 'o.id'))
    .select(['o.id', 'o.name', 'o.parent_id', 's.bus_count'])
    .where('o.district_id', '=', districtId)
    .where('o.id', 'in', ids)
    .where('o.kind', '=', 'school')
    .where('o.is_active', '=', true)
    .execute();
}

/** Schools in scope that declare buses in their profile or have a registered vehicle, with their counts. */
export async function findBusSchools(db: Q, districtId: string, schoolIds: string[] | null, parentId?: string) {
  let q = db
    .selectFrom('org_unit as o')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'o.district_id').onRef('s.id', '=', 'o.id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'o.district_id').onRef('p.id', '=', 'o.parent_id'))
    .select([
      'o.id',
      'o.name',
      'o.parent_id',
      'p.name as parent_name',
      's.bus_count',
      sql<number>`(select count(*) from school_bus b where b.district_id = o.district_id and b.school_id = o.id and b.status = 'in_service')::int`.as(
        'registered',
      ),
    ])
    .where('o.district_id', '=', districtId)
    .where('o.kind', '=', 'school')
    .where('o.is_active', '=', true)
    .where((eb) =>
      eb.or([
        eb('s.bus_count', '>', 0),
        eb.exists(eb.selectFrom('school_bus as b').select('b.id').whereRef('b.district_id', '=', 'o.district_id').whereRef('b.school_id', '=', 'o.id')),
      ]),
    );
  if (schoolIds) q = schoolIds.length ? q.where('o.id', 'in', schoolIds) : q.where(sql<boolean>`false`);
  if (parentId) q = q.where('o.parent_id', '=', parentId);
  return q.orderBy('o.name').execute();
}

/* ---- checks (monthly special check, weekly study) ---- */

export async function insertCheck(db: Q, row: Insertable<Database['bus_check']>): Promise<string> {
  const r = await db.insertInto('bus_check').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export type CheckFilter = {
  districtId: string;
  schoolIds: string[] | null;
  schoolId?: string | undefined;
  kind?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

function checks(db: Q, f: CheckFilter) {
  let q = db
    .selectFrom('bus_check as c')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'c.district_id').onRef('o.id', '=', 'c.school_id'))
    .where('c.district_id', '=', f.districtId);
  if (f.schoolIds) q = f.schoolIds.length ? q.where('c.school_id', 'in', f.schoolIds) : q.where(sql<boolean>`false`);
  if (f.schoolId) q = q.where('c.school_id', '=', f.schoolId);
  if (f.kind) q = q.where('c.kind', '=', f.kind as 'special_check');
  if (f.from) q = q.where('c.checked_on', '>=', f.from);
  if (f.to) q = q.where('c.checked_on', '<=', f.to);
  return q;
}

export async function findChecks(db: Q, f: CheckFilter, page: { offset: number; limit: number }) {
  return checks(db, f)
    .selectAll('c')
    .select(['o.name as school_name', sql<string>`to_char(c.checked_on, 'YYYY-MM-DD')`.as('day')])
    .orderBy('c.checked_on', 'desc')
    .orderBy('c.created_at', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countChecks(db: Q, f: CheckFilter): Promise<number> {
  const r = await checks(db, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return r.n;
}

/** The last day of each kind of check per school. */
export async function findLastChecks(db: Q, districtId: string, schoolIds: readonly string[]) {
  if (!schoolIds.length) return [];
  return db
    .selectFrom('bus_check')
    .select(['school_id', 'kind', sql<string>`to_char(max(checked_on), 'YYYY-MM-DD')`.as('last_day')])
    .where('district_id', '=', districtId)
    .where('school_id', 'in', schoolIds)
    .groupBy(['school_id', 'kind'])
    .execute();
}

/** Duty facts: one per check of a kind, on its day (the duty engine's relation shape, see duty-tally.repository.ts). */
export function busCheckFactRelation(
  db: Q,
  q: { districtId: string; from: string; to: string; subjectIds: readonly string[] | null },
  kind: 'special_check' | 'weekly_study',
) {
  let query = db
    .selectFrom('bus_check')
    .select([
      'school_id as subject_id',
      'school_id',
      'checked_on as day',
      'kind as type',
      sql<null>`null::text`.as('level'),
      sql<null>`null::numeric`.as('hours'),
      sql<null>`null::text`.as('audience'),
      sql<null>`null::text`.as('occasion'),
      sql<null>`null::int`.as('participants'),
      sql<null>`null::int`.as('base'),
    ])
    .where('district_id', '=', q.districtId)
    .where('kind', '=', kind)
    .where('checked_on', '>=', q.from)
    .where('checked_on', '<=', q.to);
  if (q.subjectIds) query = query.where('school_id', 'in', q.subjectIds);
  return query;
}

export async function findCheckFacts(
  db: Q,
  q: { districtId: string; from: string; to: string; subjectIds: readonly string[] | null },
  kind: 'special_check' | 'weekly_study',
) {
  let query = db
    .selectFrom('bus_check')
    .select(['id', 'school_id', 'recorded_by', sql<string>`to_char(checked_on, 'YYYY-MM-DD')`.as('day')])
    .where('district_id', '=', q.districtId)
    .where('kind', '=', kind)
    .where('checked_on', '>=', q.from)
    .where('checked_on', '<=', q.to);
  if (q.subjectIds) query = query.where('school_id', 'in', q.subjectIds);
  return query.execute();
}

export async function findCheckOwner(db: Q, districtId: string, id: string) {
  return db
    .selectFrom('bus_check as c')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'c.district_id').onRef('o.id', '=', 'c.school_id'))
    .select(['c.school_id', 'c.kind', 'o.name', sql<string>`to_char(c.checked_on, 'YYYY-MM-DD')`.as('day')])
    .where('c.district_id', '=', districtId)
    .where('c.id', '=', id)
    .executeTakeFirst();
}

/* ---- flags turned into hazards ---- */

export async function findOpenFlagHazards(db: Q, districtId: string, subject: 'bus' | 'water', schoolIds: readonly string[] | null) {
  let q = db
    .selectFrom('flag_hazard as l')
    .innerJoin('hazard as h', (j) => j.onRef('h.district_id', '=', 'l.district_id').onRef('h.id', '=', 'l.hazard_id'))
    .select(['l.hazard_id', 'l.school_id', 'l.flag_key', 'h.code', 'h.state'])
    .where('l.district_id', '=', districtId)
    .where('l.subject', '=', subject)
    .where('h.state', '<>', 'closed');
  if (schoolIds) {
    if (!schoolIds.length) return [];
    q = q.where('l.school_id', 'in', schoolIds);
  }
  return q.execute();
}

export async function insertFlagHazard(db: Q, row: Insertable<Database['flag_hazard']>) {
  await db.insertInto('flag_hazard').values(row).execute();
}
