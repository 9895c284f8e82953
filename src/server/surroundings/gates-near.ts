import { boundingBox, type LatLng } from '../../domain/geo.js';
import type { SchoolType } from '../../domain/school.js';
import type { SchoolGate } from '../../domain/surroundings.js';
import type { Db } from '../db/database.js';
import * as gatesRepo from './gates.repository.js';

/** The name a distance from a school's own point carries (a school with no gate on file). */
export const SCHOOL_POINT_GATE = '学校位置';

/**
 * The points distances are measured from, for every school that may be within `metres` of a
 * point: each gate of a school that has gates, otherwise the school's own point (学校位置).
 * Candidates come from a latitude/longitude box in plain SQL; the exact geodesic distance is the
 * domain's (no PostGIS, so the embedded database needs no extension).
 */
export async function gatesNear(db: Db, districtId: string, point: LatLng, metres: number): Promise<SchoolGate[]> {
  const schools = await gatesRepo.findCandidateSchools(db, districtId, boundingBox(point, metres));
  const gates = await gatesRepo.findGates(
    db,
    districtId,
    schools.map((s) => s.id),
  );
  const out: SchoolGate[] = [];
  for (const s of schools) {
    const own = gates.filter((g) => g.school_id === s.id);
    const base = { schoolId: s.id, schoolName: s.name, schoolType: s.school_type as SchoolType };
    if (own.length) for (const g of own) out.push({ ...base, lat: g.latitude, lng: g.longitude, gateName: g.name });
    else if (s.latitude !== null && s.longitude !== null)
      out.push({ ...base, lat: Number(s.latitude), lng: Number(s.longitude), gateName: SCHOOL_POINT_GATE, fromSchoolPoint: true });
  }
  return out;
}
