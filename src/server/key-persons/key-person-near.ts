import { boundingBox, type LatLng } from '../../domain/geo.js';
import { keyPersonNearMetres } from '../../domain/key-persons.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { nearSchools } from '../../domain/surroundings.js';
import type { Db } from '../db/database.js';
import { gatesNear } from '../surroundings/gates-near.js';
import * as repo from './key-persons.repository.js';

/**
 * The schools near a key person, measured like premises (the nearest gate of each school, else
 * the school's point; geodesic), stored in key_person_school; the nearest one decides which
 * precinct's police also see the person.
 */
export async function writeKeyPersonNear(db: Db, pack: ResolvedPack, districtId: string, id: string, point: LatLng | null) {
  if (!point) {
    await repo.setNear(db, districtId, id, null, []);
    return [];
  }
  const metres = keyPersonNearMetres(
    pack.surroundings.keyPersonNearM,
    pack.surroundings.zones.map((z) => z.radiusM),
  );
  const near = nearSchools(point, await gatesNear(db, districtId, point, metres), metres);
  await repo.setNear(
    db,
    districtId,
    id,
    near[0]?.schoolId ?? null,
    near.map((n) => ({
      district_id: districtId,
      key_person_id: id,
      school_id: n.schoolId,
      gate_name: n.gateName,
      from_school_point: n.fromSchoolPoint,
      distance_m: n.distanceM,
    })),
  );
  return near;
}

/** After a school's point or gates changed: the key persons whose distances name it or that lie around its points. */
export async function recomputeKeyPersonsAroundSchool(db: Db, pack: ResolvedPack, districtId: string, schoolId: string, points: LatLng[]) {
  const ids = new Set(await repo.findKeyPersonIdsNearSchool(db, districtId, schoolId));
  const metres = keyPersonNearMetres(
    pack.surroundings.keyPersonNearM,
    pack.surroundings.zones.map((z) => z.radiusM),
  );
  for (const p of points) for (const id of await repo.findKeyPersonIdsInBox(db, districtId, boundingBox(p, metres))) ids.add(id);
  for (const k of await repo.findKeyPersonPoints(db, districtId, [...ids])) {
    const point = k.latitude !== null && k.longitude !== null ? { lat: k.latitude, lng: k.longitude } : null;
    await writeKeyPersonNear(db, pack, districtId, k.id, point);
  }
}
