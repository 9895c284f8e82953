/** The server's answers (src/server/school-bus/*.service.ts), as the web reads them. */
export type BusFlag = {
  key: string;
  subject: 'vehicle' | 'driver' | 'escort';
  code: string;
  severity: 'expired' | 'due' | 'invalid';
  severityLabel: string;
  message: string;
  canRaise: boolean;
  openHazard: { id: string; code: string } | null;
};
export type BusDriver = {
  id?: string;
  name: string;
  phone: string;
  birthDate: string | null;
  licenceNo: string;
  licenceClass: string;
  licenceExpiry: string | null;
  licensedSince: string | null;
  checkedOn: string | null;
  checkPassed: boolean;
  note: string;
};
export type BusEscort = { id?: string; name: string; phone: string; trainedOn: string | null; note: string };
export type BusRoute = { id?: string; name: string; stops: string; times: string; studentCount: number; otherSchoolIds: string[] };
export type Bus = {
  id: string;
  schoolId: string;
  schoolName: string;
  parentName: string | null;
  plateNo: string;
  seats: number;
  model: string;
  licenceNo: string;
  licenceExpiry: string | null;
  inspectedOn: string | null;
  nextInspectionDue: string | null;
  status: 'in_service' | 'retired';
  statusLabel: string;
  note: string;
  drivers: BusDriver[];
  escorts: BusEscort[];
  routes: BusRoute[];
  flags: BusFlag[];
  expiredCount: number;
  dueCount: number;
  version: number;
  canEdit: boolean;
};
export type BusSchool = {
  schoolId: string;
  schoolName: string;
  parentName: string | null;
  busCount: number;
  registered: number;
  mismatch: boolean;
  lastSpecialCheck: string | null;
  lastWeeklyStudy: string | null;
};
export type BusList = {
  items: Bus[];
  total: number;
  schools: BusSchool[];
  policy: { dueWithinDays: number; inspectionMonths: number; driverMinAge: number; driverMaxAge: number; minDrivingYears: number; source: string };
  today: string;
  counts: { vehicles: number; expired: number; due: number; mismatched: number };
  canCreate: boolean;
};
export type BusCheck = {
  id: string;
  schoolId: string;
  schoolName: string;
  kind: 'special_check' | 'weekly_study';
  kindLabel: string;
  checkedOn: string;
  participants: string;
  content: string;
  result: 'ok' | 'problems';
  resultLabel: string;
  findings: string;
  recordedByName: string;
};
export type BusCheckList = { items: BusCheck[]; total: number; page: number; pageSize: number; canRecord: { special_check: boolean; weekly_study: boolean } };

export const flagColor = (f: Pick<BusFlag, 'severity'>) => (f.severity === 'due' ? 'orange' : 'red');
