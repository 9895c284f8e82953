import type { Paged } from '../../api/types';

/** The server's answers (src/server/key-persons/key-persons.service.ts), as the web reads them. */
export type KeyPersonSummary = {
  id: string;
  name: string;
  idNumberMasked: string;
  categoryCode: string;
  categoryLabel: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  riskLevel: 'high' | 'medium' | 'low';
  riskLevelLabel: string;
  officerUserId: string | null;
  officerName: string;
  status: 'active' | 'closed';
  statusLabel: string;
  stationName: string;
  nearestSchoolId: string | null;
  nearestSchoolName: string | null;
  nextFollowUpDue: string | null;
  overdue: boolean;
  version: number;
};
export type KeyPersonDetail = KeyPersonSummary & {
  idNumber: string;
  controlMeasures: string;
  note: string;
  updatedByName: string;
  updatedAt: string;
  near: { schoolId: string; schoolName: string; gateName: string; fromSchoolPoint: boolean; distanceM: number }[];
  followUps: { id: string; date: string; byName: string; content: string; nextDue: string | null }[];
};
export type KeyPersonList = Paged<KeyPersonSummary> & {
  categories: { code: string; label: string; certainty: string; source: string }[];
  followUpDays: { high: number; medium: number; low: number; source: string };
  officers: { id: string; name: string }[];
};

export const riskColors: Record<KeyPersonSummary['riskLevel'], string> = { high: 'red', medium: 'orange', low: 'blue' };
