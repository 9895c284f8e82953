import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, SanfangBuildingTable, SanfangFireFacilityTable, SanfangFireUnitTable } from '../db/schema.js';

type Q = Kysely<Database>;

/** The SQL of 校舍, fire facilities and each school's fire-safety unit status (migration 0021). */

export type BuildingRecord = Selectable<SanfangBuildingTable>;
export type FireFacilityRecord = Selectable<SanfangFireFacilityTable>;
export type FireUnitRecord = Selectable<SanfangFireUnitTable>;

/** `schoolIds` null: every school of the district. */
export type SchoolsFilter = { districtId: string; schoolIds: readonly string[] | null };

export async function findBuildings(db: Q, f: SchoolsFilter): Promise<BuildingRecord[]> {
  if (f.schoolIds && f.schoolIds.length === 0) return [];
  let q = db.selectFrom('sanfang_building').selectAll().where('district_id', '=', f.districtId);
  if (f.schoolIds) q = q.where('school_id', 'in', f.schoolIds);
  return q.orderBy('school_id').orderBy('name').orderBy('id').execute();
}

export async function findBuilding(db: Q, districtId: string, id: string): Promise<BuildingRecord | undefined> {
  return db.selectFrom('sanfang_building').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export async function insertBuildings(db: Q, rows: Insertable<SanfangBuildingTable>[]): Promise<BuildingRecord[]> {
  if (!rows.length) return [];
  return db.insertInto('sanfang_building').values(rows).returningAll().execute();
}

export async function updateBuildingIfVersion(db: Q, districtId: string, id: string, version: number, patch: Updateable<SanfangBuildingTable>) {
  return db
    .updateTable('sanfang_building')
    .set({ ...patch, version: version + 1, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function findFireFacilities(db: Q, f: SchoolsFilter): Promise<FireFacilityRecord[]> {
  if (f.schoolIds && f.schoolIds.length === 0) return [];
  let q = db.selectFrom('sanfang_fire_facility').selectAll().where('district_id', '=', f.districtId);
  if (f.schoolIds) q = q.where('school_id', 'in', f.schoolIds);
  return q.orderBy('school_id').orderBy('kind').orderBy('location').orderBy('id').execute();
}

export async function findFireFacility(db: Q, districtId: string, id: string): Promise<FireFacilityRecord | undefined> {
  return db.selectFrom('sanfang_fire_facility').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export async function insertFireFacilities(db: Q, rows: Insertable<SanfangFireFacilityTable>[]): Promise<FireFacilityRecord[]> {
  if (!rows.length) return [];
  return db.insertInto('sanfang_fire_facility').values(rows).returningAll().execute();
}

export async function updateFireFacilityIfVersion(db: Q, districtId: string, id: string, version: number, patch: Updateable<SanfangFireFacilityTable>) {
  return db
    .updateTable('sanfang_fire_facility')
    .set({ ...patch, version: version + 1, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function findFireUnits(db: Q, f: SchoolsFilter): Promise<FireUnitRecord[]> {
  if (f.schoolIds && f.schoolIds.length === 0) return [];
  let q = db.selectFrom('sanfang_fire_unit').selectAll().where('district_id', '=', f.districtId);
  if (f.schoolIds) q = q.where('school_id', 'in', f.schoolIds);
  return q.execute();
}

/** `version`: the row's version after this write (1 for a new row). */
export async function upsertFireUnit(db: Q, row: Insertable<SanfangFireUnitTable>, version: number): Promise<FireUnitRecord> {
  const { district_id: _d, school_id: _s, ...patch } = row;
  return db
    .insertInto('sanfang_fire_unit')
    .values({ ...row, version })
    .onConflict((oc) => oc.columns(['district_id', 'school_id']).doUpdateSet({ ...patch, version, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Days with at least one gate-log entry per school from `fromDay` to `toDay` (the gate_log rule's window). */
export async function countGateLogDays(db: Q, f: SchoolsFilter, fromDay: string, toDay: string): Promise<Map<string, number>> {
  if (f.schoolIds && f.schoolIds.length === 0) return new Map();
  let q = db
    .selectFrom('gate_log_entry')
    .select(['school_id', (eb) => eb.fn.count<number>('entered_on').distinct().as('days')])
    .where('district_id', '=', f.districtId)
    .where('entered_on', '>=', fromDay)
    .where('entered_on', '<=', toDay);
  if (f.schoolIds) q = q.where('school_id', 'in', f.schoolIds);
  const rows = await q.groupBy('school_id').execute();
  return new Map(rows.map((r) => [r.school_id, Number(r.days)]));
}

/** Bulk insert without returning (the demo district). */
export async function bulkInsertBuildings(
  db: Q,
  rows: { buildings: Insertable<SanfangBuildingTable>[]; facilities: Insertable<SanfangFireFacilityTable>[]; units: Insertable<SanfangFireUnitTable>[] },
) {
  const chunk = <T>(list: T[], n: number) => Array.from({ length: Math.ceil(list.length / n) }, (_, i) => list.slice(i * n, i * n + n));
  for (const c of chunk(rows.buildings, 400)) await db.insertInto('sanfang_building').values(c).execute();
  for (const c of chunk(rows.facilities, 500)) await db.insertInto('sanfang_fire_facility').values(c).execute();
  for (const c of chunk(rows.units, 500)) await db.insertInto('sanfang_fire_unit').values(c).execute();
}
