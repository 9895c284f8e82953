import { boundingBox, type LatLng } from '../../domain/geo.js';
import type { SchoolType } from '../../domain/school.js';
import type { SchoolGate } from '../../domain/surroundings.js';
import type { Db } from '../db/database.js';
import * as gatesRepo from './gates.repository.js';

/** The name a distance from a school's own point carries (a school with no gate on file). */
export const SCHOOL_POINT_GATE = '学校位置';

/**
 * Candidates are picked a metre wider than asked: the exact test (distance ≤ radius) is the domain's
 * GeographicLib distance on both paths, and PostGIS's spheroid distance may differ from it in the
 * last millimetres, so a gate right at the radius is never lost on one path and kept on the other.
 */
const SLACK_M = 1;

export type GatesPath = 'postgis' | 'plain';

/**
 * Which path a database takes, found at its first use: PostGIS when the postgis extension is
 * installed, plain SQL otherwise (PGlite never has it). Kept per handle (the pool, or one
 * transaction), so the catalog is asked once per handle, not once per premise.
 */
const paths = new WeakMap<Db, Promise<GatesPath>>();
export function gatesPathOf(db: Db): Promise<GatesPath> {
  let p = paths.get(db);
  if (!p) {
    p = gatesRepo.hasPostgis(db).then((yes) => (yes ? 'postgis' : 'plain'));
    p.catch(() => paths.delete(db));
    paths.set(db, p);
  }
  return p;
}

/**
 * The points distances are measured from, for every school that may be within `metres` of a
 * point: each gate of a school that has gates, otherwise the school's own point (学校位置).
 * Two paths with the same answer: with PostGIS, the gates within the radius by ST_DWithin on
 * geography; without (the embedded database needs no extension), a latitude/longitude box in
 * plain SQL. Either way the domain (nearSchools) measures the exact geodesic distance and keeps
 * those within the radius. `path` forces one (the comparison test).
 */
export async function gatesNear(db: Db, districtId: string, point: LatLng, metres: number, path?: GatesPath): Promise<SchoolGate[]> {
  if ((path ?? (await gatesPathOf(db))) === 'postgis') return gatesNearPostgis(db, districtId, point, metres);
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

async function gatesNearPostgis(db: Db, districtId: string, point: LatLng, metres: number): Promise<SchoolGate[]> {
  const rows = await gatesRepo.findGatePointsWithinPostgis(db, districtId, point, metres + SLACK_M);
  return rows.map((r) => ({
    schoolId: r.school_id,
    schoolName: r.school_name,
    schoolType: r.school_type as SchoolType,
    lat: r.latitude,
    lng: r.longitude,
    ...(r.gate_name === null ? { gateName: SCHOOL_POINT_GATE, fromSchoolPoint: true } : { gateName: r.gate_name }),
  }));
}
