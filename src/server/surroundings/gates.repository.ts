import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * School gates (校门) and the candidate schools near a point: plain SQL (a latitude/longitude box)
 * everywhere, and ST_DWithin on geography where the database has the postgis extension.
 */
export type Box = { minLat: number; maxLat: number; minLng: number; maxLng: number };

export async function findGates(db: Db, districtId: string, schoolIds: readonly string[]) {
  if (!schoolIds.length) return [];
  return db
    .selectFrom('school_gate')
    .where('district_id', '=', districtId)
    .where('school_id', 'in', schoolIds)
    .select(['id', 'school_id', 'name', 'is_main', 'latitude', 'longitude'])
    .orderBy('school_id')
    .orderBy('sort_order')
    .execute();
}

/**
 * Sets a school's gates to the list. A gate keeps its id while its name stays (护学岗 posts refer to
 * it by id); a gate no longer listed is deleted, which unlinks its posts (guard_post.gate_id set null
 * by the foreign key: they show as 未关联校门); a new name is a new gate.
 */
export async function replaceGates(
  db: Db,
  districtId: string,
  schoolId: string,
  gates: readonly { name: string; isMain?: boolean; latitude: number; longitude: number }[],
) {
  const existing = await db.selectFrom('school_gate').select(['id', 'name']).where('district_id', '=', districtId).where('school_id', '=', schoolId).execute();
  const idOf = new Map(existing.map((g) => [g.name, g.id]));
  const listed = new Set(gates.map((g) => g.name));
  const gone = existing.filter((g) => !listed.has(g.name)).map((g) => g.id);
  if (gone.length) await db.deleteFrom('school_gate').where('district_id', '=', districtId).where('id', 'in', gone).execute();
  for (const [i, g] of gates.entries()) {
    const values = { is_main: g.isMain ?? false, latitude: g.latitude, longitude: g.longitude, sort_order: i };
    const id = idOf.get(g.name);
    if (id) await db.updateTable('school_gate').set(values).where('district_id', '=', districtId).where('id', '=', id).execute();
    else
      await db
        .insertInto('school_gate')
        .values({ district_id: districtId, school_id: schoolId, name: g.name, ...values })
        .execute();
  }
}

/** Active schools whose own point or one of whose gates lies in the box: the candidates of a distance check. */
export async function findCandidateSchools(db: Db, districtId: string, box: Box) {
  return db
    .selectFrom('school as s')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 's.district_id').onRef('o.id', '=', 's.id'))
    .where('s.district_id', '=', districtId)
    .where('o.is_active', '=', true)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('s.latitude', '>=', box.minLat),
          eb('s.latitude', '<=', box.maxLat),
          eb('s.longitude', '>=', box.minLng),
          eb('s.longitude', '<=', box.maxLng),
        ]),
        eb.exists(
          eb
            .selectFrom('school_gate as g')
            .select('g.id')
            .whereRef('g.district_id', '=', 's.district_id')
            .whereRef('g.school_id', '=', 's.id')
            .where('g.latitude', '>=', box.minLat)
            .where('g.latitude', '<=', box.maxLat)
            .where('g.longitude', '>=', box.minLng)
            .where('g.longitude', '<=', box.maxLng),
        ),
      ]),
    )
    .select(['s.id', 'o.name', 's.school_type', 's.latitude', 's.longitude'])
    .execute();
}

/** Premises whose stored distances name the school: they are rewritten when its point or gates change. */
export async function findPremiseIdsNearSchool(db: Db, districtId: string, schoolId: string) {
  return (await db.selectFrom('premise_school').where('district_id', '=', districtId).where('school_id', '=', schoolId).select('premise_id').execute()).map(
    (r) => r.premise_id,
  );
}

export async function findPremisePointsInBox(db: Db, districtId: string, box: Box) {
  return db
    .selectFrom('premise')
    .where('district_id', '=', districtId)
    .where('latitude', '>=', box.minLat)
    .where('latitude', '<=', box.maxLat)
    .where('longitude', '>=', box.minLng)
    .where('longitude', '<=', box.maxLng)
    .select('id')
    .execute();
}

export async function findPremisePoints(db: Db, districtId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('premise')
    .where('district_id', '=', districtId)
    .where('id', 'in', ids)
    .select(['id', 'type_code', 'name', 'latitude', 'longitude', 'status'])
    .execute();
}

export async function findSchoolPoint(db: Db, districtId: string, schoolId: string) {
  return db.selectFrom('school').where('district_id', '=', districtId).where('id', '=', schoolId).select(['id', 'latitude', 'longitude']).executeTakeFirst();
}

/** Whether the postgis extension is installed in this database (PGlite and a plain PostgreSQL: no). */
export async function hasPostgis(db: Db): Promise<boolean> {
  const r = await sql<{ yes: number }>`select 1 as yes from pg_extension where extname = 'postgis'`.execute(db);
  return r.rows.length > 0;
}

/**
 * PostGIS only: the points distances are measured from that lie within `metres` (geodesic, on the
 * WGS 84 spheroid) of the point: each gate of an active school, and the own point of an active
 * school without gates (gate_name null). Read only when hasPostgis said so.
 */
export async function findGatePointsWithinPostgis(db: Db, districtId: string, point: { lat: number; lng: number }, metres: number) {
  const at = sql`geography(ST_SetSRID(ST_MakePoint(${point.lng}::float8, ${point.lat}::float8), 4326))`;
  const r = await sql<{
    school_id: string;
    school_name: string;
    school_type: string;
    gate_name: string | null;
    latitude: number;
    longitude: number;
    distance_m: number;
  }>`
    select s.id as school_id, o.name as school_name, s.school_type, g.name as gate_name,
      g.latitude, g.longitude, g.sort_order,
      ST_Distance(geography(ST_SetSRID(ST_MakePoint(g.longitude, g.latitude), 4326)), ${at}) as distance_m
    from school_gate g
    join school s on s.district_id = g.district_id and s.id = g.school_id
    join org_unit o on o.district_id = s.district_id and o.id = s.id and o.is_active
    where g.district_id = ${districtId}
      and ST_DWithin(geography(ST_SetSRID(ST_MakePoint(g.longitude, g.latitude), 4326)), ${at}, ${metres}::float8)
    union all
    select s.id, o.name, s.school_type, null, s.latitude::float8, s.longitude::float8, 0,
      ST_Distance(geography(ST_SetSRID(ST_MakePoint(s.longitude::float8, s.latitude::float8), 4326)), ${at})
    from school s
    join org_unit o on o.district_id = s.district_id and o.id = s.id and o.is_active
    where s.district_id = ${districtId} and s.latitude is not null and s.longitude is not null
      and not exists (select 1 from school_gate x where x.district_id = s.district_id and x.school_id = s.id)
      and ST_DWithin(geography(ST_SetSRID(ST_MakePoint(s.longitude::float8, s.latitude::float8), 4326)), ${at}, ${metres}::float8)
    order by 1, 7`.execute(db);
  return r.rows.map((x) => ({ ...x, latitude: Number(x.latitude), longitude: Number(x.longitude), distance_m: Number(x.distance_m) }));
}
