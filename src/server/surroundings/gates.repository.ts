import type { Db } from '../db/database.js';

/** School gates (校门) and the candidate schools near a point: plain SQL, no PostGIS. */
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

export async function replaceGates(
  db: Db,
  districtId: string,
  schoolId: string,
  gates: readonly { name: string; isMain?: boolean; latitude: number; longitude: number }[],
) {
  await db.deleteFrom('school_gate').where('district_id', '=', districtId).where('school_id', '=', schoolId).execute();
  if (gates.length)
    await db
      .insertInto('school_gate')
      .values(
        gates.map((g, i) => ({
          district_id: districtId,
          school_id: schoolId,
          name: g.name,
          is_main: g.isMain ?? false,
          latitude: g.latitude,
          longitude: g.longitude,
          sort_order: i,
        })),
      )
      .execute();
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
