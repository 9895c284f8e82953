import type { Attachment } from '../../api/types';

export type GuardPeriod = { code: string; label: string; start: string; end: string; required: boolean; certainty?: string };
export type GuardPolicy = {
  periods: GuardPeriod[];
  signInToleranceMeters: number;
  lateAfterMinutes: number;
  openBeforeMinutes: number;
  teamSize: { min: number; max: number };
  certainty: string | null;
  source: string;
  roles: { code: string; label: string }[];
};
export type SignIn = {
  id: string;
  rotaId: string;
  lineId: string;
  periodCode: string;
  personName: string;
  signedAt: string;
  signedByName: string;
  onBehalf: boolean;
  distanceM: number | null;
  late: boolean;
  minutesLate: number;
  outside: boolean;
  noLocation: boolean;
  note: string;
};
export type RotaLine = {
  id?: string;
  periodCode: string;
  weekdays: number[];
  role: string;
  roleLabel?: string;
  personName: string;
  userId: string | null;
  phone: string;
  /** The line across its versions, and the days this version is in force (validTo null: open). */
  lineId?: string;
  validFrom?: string;
  validTo?: string | null;
};
export type RotaVersionStatus = 'current' | 'scheduled' | 'ended' | 'cancelled';
export const rotaStatusLabels: Record<RotaVersionStatus, string> = { current: '执行中', scheduled: '待生效', ended: '已结束', cancelled: '未生效即撤销' };
export type PostStanding = { active: boolean; inactiveFrom: string | null; status: 'active' | 'ending' | 'ended' };
export type RotaHistory = {
  postId: string;
  schoolName: string;
  gateLabel: string;
  today: string;
  post: PostStanding;
  lines: {
    lineId: string;
    personName: string;
    versions: (Required<Omit<RotaLine, 'roleLabel'>> & { roleLabel: string; status: RotaVersionStatus; createdAt: string; createdByName: string })[];
  }[];
};
export type GuardPost = {
  id: string;
  schoolId: string;
  schoolName: string;
  kind: 'school' | 'police';
  kindLabel: string;
  policeName: string | null;
  gateLabel: string;
  /** The school gate the post stands at; null: 未关联校门. */
  gateId: string | null;
  gateName: string | null;
  latitude: number;
  longitude: number;
  periods: string[];
  active: boolean;
  /** The first day the post no longer stands (ended, or to end, on a chosen day). */
  inactiveFrom: string | null;
  note: string;
  version: number;
  canManage: boolean;
  rota: RotaLine[];
  todaySignIns: SignIn[];
};
export type SchoolGate = { id: string; name: string; isMain: boolean; latitude: number; longitude: number };
export type PostList = {
  today: string;
  total: number;
  policy: GuardPolicy;
  canCreate: ('school' | 'police')[];
  /** With a school chosen: its recorded gates. */
  gates: SchoolGate[];
  items: GuardPost[];
};
export type Slot = {
  rotaId: string;
  postId: string;
  schoolId: string;
  schoolName: string;
  gateLabel: string;
  periodCode: string;
  periodLabel: string;
  start: string;
  end: string;
  personName: string;
  roleLabel: string;
  mine: boolean;
  open: boolean;
  ended: boolean;
  signIn: SignIn | null;
};
export type Today = {
  today: string;
  weekday: number;
  schoolDay: boolean;
  dayKind: string;
  dayLabel: string;
  pupilsAtSchool: boolean;
  currentPeriod: string | null;
  policy: GuardPolicy;
  slots: Slot[];
  unsigned: number;
};
export type Tally = { expected: number; signed: number; late: number; outside: number; absent: number; rate: number | null };
export type Stats = {
  from: string;
  to: string;
  setup: { schools: number; set: number; noGates: number; rate: number | null; requiredPeriods: { code: string; label: string }[] };
  counts: Omit<Tally, 'rate'> & { schools: number; set: number; unset: number; noGates: number };
  rate: number | null;
  schools: (Tally & {
    schoolId: string;
    code: string;
    name: string;
    parentName: string;
    policeName: string;
    set: boolean;
    status: 'set' | 'unset' | 'no_gates';
    statusLabel: string;
    gates: number;
    uncoveredGates: { id: string; name: string; isMain: boolean; posts: number; missingPeriods: string[] }[];
    unlinkedPosts: number;
  })[];
  precincts: (Tally & { policeUnitId: string | null; name: string; schools: number; set: number })[];
  weeks: (Tally & { key: string; monday: string })[];
};
export type Zone = {
  id: string;
  name: string;
  note: string;
  version: number;
  policeUnitId: string;
  policeName: string;
  canEdit: boolean;
  teams: number;
  schools: { schoolId: string; schoolName: string; teamName: string; members: string[] }[];
};
export type ZoneList = { total: number; teamSize: { min: number; max: number }; items: Zone[] };
export type SignInForm = { note: string; photos: Attachment[] };

export const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
export const weekdayNames = ['', '一', '二', '三', '四', '五', '六', '日'];
export const clock = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });

/** The phone's position, or null when refused, unavailable or too slow (the server then flags 无定位). */
export function currentPosition(): Promise<{ latitude: number; longitude: number; accuracyM: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracyM: p.coords.accuracy }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    ),
  );
}
