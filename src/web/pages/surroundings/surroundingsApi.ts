import type { Attachment, Paged } from '../../api/types';

/** The server's answers (src/server/surroundings/premises.service.ts), as the web reads them. */
export type NearSchool = {
  schoolId: string;
  schoolName: string;
  gateName: string;
  fromSchoolPoint: boolean;
  distanceM: number;
  breach: boolean;
  zoneCode: string | null;
  radiusM: number | null;
  message: string;
  openHazard: { id: string; code: string } | null;
};
export type Premise = {
  id: string;
  typeCode: string;
  typeLabel: string;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  licenceNo: string;
  licenceExpiry: string | null;
  operatorName: string;
  contactPhone: string;
  departmentUnitId: string | null;
  departmentName: string | null;
  status: 'open' | 'closed';
  statusLabel: string;
  note: string;
  updatedByName: string;
  updatedAt: string;
  version: number;
  near: NearSchool[];
  breachCount: number;
  canEdit: boolean;
  canHandOver: boolean;
  photos: Attachment[];
};
export type PremiseType = { code: string; label: string; departmentType: string; forbiddenWithin: string | null; water: boolean; canWrite: boolean };
export type Zone = { code: string; label: string; radiusM: number };
export type PremiseList = Paged<Premise> & { types: PremiseType[]; zones: Zone[]; canCreate: boolean };
export type MapGate = { name: string; isMain?: boolean; lat: number; lng: number };
export type MapSchool = { id: string; name: string; parentId: string | null; lat: number; lng: number; gates: MapGate[]; canEditGates: boolean };
export type SurroundingsMapData = { tileUrl: string | null; schools: MapSchool[] };
/** The points a school's zones are drawn around: its gates, or its own point when it has none. */
export const zoneCentres = (s: MapSchool): { lat: number; lng: number }[] => (s.gates.length ? s.gates : [s]);
export type SaveResult = { premise: Premise; breaches: string[] };
export type SchoolSurroundingsItem = {
  premiseId: string;
  typeLabel: string;
  name: string;
  address: string;
  statusLabel: string;
  departmentName: string | null;
  gateName: string;
  fromSchoolPoint: boolean;
  distanceM: number;
  breach: boolean;
  message: string;
  openHazard: { id: string; code: string } | null;
};

/** Shown for a distance: the gate's name, or 学校位置 for a school without gates on file. */
export const gateLabel = (n: { gateName: string; fromSchoolPoint: boolean }) => (n.fromSchoolPoint ? '学校位置' : n.gateName);

/** A circle of `metres` around a point as longitude/latitude pairs (for a line series; no map tiles). */
export function circle(lat: number, lng: number, metres: number, steps = 48): [number, number][] {
  const dLat = metres / 110_574;
  const dLng = metres / (111_320 * Math.cos((lat * Math.PI) / 180));
  return Array.from({ length: steps + 1 }, (_, i) => {
    const a = (i / steps) * 2 * Math.PI;
    return [lng + dLng * Math.cos(a), lat + dLat * Math.sin(a)];
  });
}

/** A dangerous water's signs, barriers and patrols (src/server/surroundings/water.service.ts). */
export type WaterSafety = {
  premiseId: string;
  name: string;
  facilities: {
    signCount: number;
    signCondition: 'good' | 'damaged' | 'none';
    signConditionLabel: string;
    barrier: 'complete' | 'partial' | 'none';
    barrierLabel: string;
    barrierNote: string;
    responsibleName: string;
    responsiblePhone: string;
    updatedByName: string;
    updatedAt: string;
    version: number;
  } | null;
  season: { from: string; to: string; source: string; patrol: { everyDays: number; certainty?: string; source: string } | null } | null;
  patrol: { inSeason: boolean; everyDays: number | null; lastPatrol: string | null; dueBy: string | null; overdue: boolean; missedWindows: number };
  flags: { code: string; label: string; message: string; hazards: { id: string; code: string; schoolId: string }[] }[];
  patrols: { id: string; patrolledOn: string; timeOfDay: string | null; patrollerName: string; unitName: string; findings: string; problem: boolean }[];
  schools: { schoolId: string; schoolName: string; distanceM: number }[];
  canEdit: boolean;
  canPatrol: boolean;
};
