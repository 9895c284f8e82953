// Campus surroundings: which schools a premise is near, and which rule of the pack it breaks.
// Distances are geodesic from each gate (a school with no gate coordinates is measured from its
// own coordinates, and says so); a premise is "within" a zone at a distance ≤ the radius.
import { distanceMetres, type LatLng } from './geo.js';
import type { PremiseType, SurroundingsPolicy, SurroundingsZone } from './policy/pack-schema.js';
import type { SchoolType } from './school.js';

export type SchoolGate = LatLng & { schoolId: string; schoolName: string; schoolType: SchoolType; gateName: string; fromSchoolPoint?: boolean };
export type NearSchool = { schoolId: string; schoolName: string; gateName: string; distanceM: number; fromSchoolPoint: boolean };
export type ZoneBreach = NearSchool & { zoneCode: string; zoneLabel: string; radiusM: number; message: string };

/** Metres shown to users: whole metres (a breach at ≤ 200 m never reads more than 200 since radii are whole metres). */
const shownMetres = (m: number) => Math.round(m);

/** Each school's nearest gate within `maxMetres`, nearest school first. */
export function nearSchools(point: LatLng, gates: SchoolGate[], maxMetres: number): NearSchool[] {
  const best = new Map<string, NearSchool>();
  for (const g of gates) {
    const d = distanceMetres(point, g);
    if (!(d <= maxMetres)) continue;
    const seen = best.get(g.schoolId);
    if (!seen || d < seen.distanceM)
      best.set(g.schoolId, { schoolId: g.schoolId, schoolName: g.schoolName, gateName: g.gateName, distanceM: d, fromSchoolPoint: g.fromSchoolPoint === true });
  }
  return [...best.values()].sort((a, b) => a.distanceM - b.distanceM);
}

/**
 * How far to look for schools around a premise: 500 m or the widest zone of the pack. A premise
 * just outside a zone is still worth knowing about (it is listed with its distance), not flagged.
 */
export function lookAroundMetres(policy: SurroundingsPolicy): number {
  return Math.max(500, ...policy.zones.map((z) => z.radiusM));
}

/** The breaches of one premise of a kind: every school whose gate is inside the kind's forbidden zone. */
export function zoneBreaches(
  premise: LatLng & { typeCode: string; name?: string },
  gates: SchoolGate[],
  policy: SurroundingsPolicy,
): { type: PremiseType | undefined; zone: SurroundingsZone | undefined; near: NearSchool[]; breaches: ZoneBreach[] } {
  const type = policy.premiseTypes.find((t) => t.code === premise.typeCode);
  const zone = type?.forbiddenWithin ? policy.zones.find((z) => z.code === type.forbiddenWithin) : undefined;
  const near = nearSchools(premise, gates, lookAroundMetres(policy));
  if (!type || !zone) return { type, zone, near, breaches: [] };
  const typeOf = new Map(gates.map((g) => [g.schoolId, g.schoolType]));
  const protectedSchool = (id: string) => !type.schoolTypes || type.schoolTypes.includes(typeOf.get(id) as SchoolType);
  const breaches = near
    .filter((n) => n.distanceM <= zone.radiusM && protectedSchool(n.schoolId))
    .map((n) => ({
      ...n,
      zoneCode: zone.code,
      zoneLabel: zone.label,
      radiusM: zone.radiusM,
      message: `${type.label}距${n.schoolName}${n.fromSchoolPoint ? '（学校位置）' : n.gateName} ${shownMetres(n.distanceM)} 米，违反 ${zone.radiusM} 米内禁设规定`,
    }));
  return { type, zone, near, breaches };
}

/** Whether a day (YYYY-MM-DD) falls in a yearly span given as MM-DD…MM-DD (which may wrap over New Year). */
export function inYearlySpan(day: string, span: { from: string; to: string }): boolean {
  const md = day.slice(5);
  return span.from <= span.to ? md >= span.from && md <= span.to : md >= span.from || md <= span.to;
}
