import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';

type Q = Db | Transaction<Database>;
const NONE = '00000000-0000-0000-0000-000000000000';

export async function findZones(db: Q, districtId: string, f: { policeUnitId?: string | undefined; zoneId?: string | undefined }) {
  let q = db
    .selectFrom('patrol_zone as z')
    .innerJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'z.district_id').onRef('u.id', '=', 'z.police_unit_id'))
    .where('z.district_id', '=', districtId)
    .selectAll('z')
    .select('u.name as police_name');
  if (f.policeUnitId) q = q.where('z.police_unit_id', '=', f.policeUnitId);
  if (f.zoneId) q = q.where('z.id', '=', f.zoneId);
  return q.orderBy('u.name').orderBy('z.name').execute();
}
export type ZoneRow = Awaited<ReturnType<typeof findZones>>[number];

export async function findZoneSchools(db: Q, districtId: string, zoneIds: readonly string[]) {
  return db
    .selectFrom('patrol_zone_school as s')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 's.district_id').onRef('o.id', '=', 's.school_id'))
    .where('s.district_id', '=', districtId)
    .where('s.zone_id', 'in', zoneIds.length ? zoneIds : [NONE])
    .select(['s.zone_id', 's.school_id', 's.team_name', 's.members', 'o.name as school_name', 'o.code as school_code'])
    .orderBy('o.code')
    .execute();
}

/** Which zone (if any) holds each school: a school is in at most one zone. */
export async function findZoneOfSchools(db: Q, districtId: string, schoolIds: readonly string[]) {
  return db
    .selectFrom('patrol_zone_school')
    .select(['school_id', 'zone_id'])
    .where('district_id', '=', districtId)
    .where('school_id', 'in', schoolIds.length ? schoolIds : [NONE])
    .execute();
}

export async function insertZone(db: Q, row: { district_id: string; police_unit_id: string; name: string; note: string; created_by: string }) {
  return db.insertInto('patrol_zone').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export async function updateZone(db: Q, districtId: string, id: string, version: number, set: { name: string; note: string }) {
  return db
    .updateTable('patrol_zone')
    .set((eb) => ({ ...set, updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id'])
    .executeTakeFirst();
}

export async function replaceZoneSchools(db: Q, districtId: string, zoneId: string, rows: { schoolId: string; teamName: string; members: string[] }[]) {
  await db.deleteFrom('patrol_zone_school').where('district_id', '=', districtId).where('zone_id', '=', zoneId).execute();
  if (rows.length)
    await db
      .insertInto('patrol_zone_school')
      .values(rows.map((r) => ({ district_id: districtId, zone_id: zoneId, school_id: r.schoolId, team_name: r.teamName, members: r.members })))
      .execute();
}
