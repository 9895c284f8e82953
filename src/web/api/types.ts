import type { HazardLevel, HazardState } from '../../domain/hazard';
import type { HazardAction } from '../../domain/hazard-workflow';
import type { DepartmentType, OrgUnitKind, Role } from '../../domain/roles';
import type { Ownership, SchoolType } from '../../domain/school';

/** Shapes of the JSON the server returns; kept by hand in step with the API contract. */

export type CurrentUser = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  orgUnitId: string;
  orgUnitName: string;
  districtId: string;
  districtName: string;
  mustChangePassword: boolean;
  csrfToken: string;
  grantableRoles?: Role[];
  scope: { allSchools: boolean; canWrite: boolean };
};

export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };

export type OrgUnit = {
  id: string;
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  code: string;
  departmentType: DepartmentType | null;
  sortOrder: number;
  isActive: boolean;
};

export type School = {
  id: string;
  code: string;
  name: string;
  parentId: string;
  parentName: string;
  schoolType: SchoolType;
  ownership: Ownership;
  enrollment: number;
  boardingStudents: number;
  staffCount: number;
  gateCount: number;
  busCount: number;
  /** Classes per grade, position 0 = grade 1 (初一 = 7). */
  classCounts: number[];
  address: string;
  longitude: number | null;
  latitude: number | null;
  principalName: string;
  principalPhone: string;
  safetyOfficerName: string;
  safetyOfficerPhone: string;
  phone: string;
  isActive: boolean;
  updatedAt: string;
  /** The school's gates (校门), on the one-school read; distances around the school are measured from them. */
  gates?: SchoolGate[];
};
export type SchoolGate = { name: string; isMain: boolean; latitude: number; longitude: number };

export type AssignmentKind = 'inspector_school' | 'leader_area' | 'precinct_school';

export type Assignment = {
  id: string;
  kind: AssignmentKind;
  subjectId: string;
  subjectName: string;
  targetId: string;
  targetName: string;
};

export type UserRow = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  orgUnitId: string;
  orgUnitName: string;
  phone: string;
  isActive: boolean;
  mustChangePassword?: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
};

export type AuditEvent = {
  seq: number;
  occurredAt: string;
  actorName: string;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
  ip: string | null;
};

/** An uploaded evidence file (photo or PDF); `url` serves it with the session cookie. */
/**
 * A file as the server answers it — or, with `local`, a photo still kept on the phone (its bytes in
 * IndexedDB under `id`, uploaded by the outbox under that same id before the record that lists it).
 */
export type Attachment = {
  id: string;
  fileName: string;
  contentType: string;
  url: string;
  sizeBytes?: number;
  purpose?: string;
  createdAt?: string;
  local?: boolean;
};

/** One row of the hazard ledger (`HazardDto` on the server). */
export type Hazard = {
  id: string;
  code: string;
  schoolId: string;
  schoolName: string;
  townshipId: string | null;
  townshipName: string;
  title: string;
  description: string;
  place: string;
  category: string;
  categoryLabel: string;
  level: HazardLevel | null;
  levelLabel: string;
  source: string;
  sourceLabel: string;
  state: HazardState;
  stateLabel: string;
  foundAt: string;
  reportedByName: string;
  responsibleUnitId: string;
  responsibleUnitName: string;
  handedOverTo: string | null;
  handedOverToName: string | null;
  deadline: string | null;
  overdue: boolean;
  supervisionListed: boolean;
  interimControl: string;
  plan: { measures: string; responsiblePerson: string; funds: string; contingencyPlan: string };
  rectificationNote: string;
  extension: { requestedDeadline: string; reason: string } | null;
  closedAt: string | null;
  closedOnTime: boolean | null;
  recurrenceOf: string | null;
  inspectionId: string | null;
  /** The drill whose problem it was raised from (应急演练 → 转为隐患). */
  drillId?: string | null;
  inspectionItemCode: string | null;
  verificationFailures: number;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type HazardCounts = { total: number; open: number; overdue: number; closed: number; closedOnTime: number; closedOnTimeRate: number | null };

export type HazardList = Paged<Hazard> & { counts: HazardCounts };

export type TimelineEntry = {
  id: string;
  action: string;
  actionLabel: string;
  fromState: string | null;
  toState: string;
  toStateLabel: string;
  actorName: string;
  actorRole: string;
  actorRoleLabel: string;
  actorUnitName: string;
  note: string;
  data: Record<string, unknown>;
  occurredAt: string;
  attachments: Attachment[];
};

/** GET /api/hazards/:id, and the answer of every action. */
export type HazardDetail = {
  hazard: Hazard;
  attachments: Attachment[];
  timeline: TimelineEntry[];
  availableActions: { action: HazardAction; label: string }[];
  canEdit: boolean;
  /** 催办 allowed now (overdue, a supervisor, not yet today): domain/hazard-urge.ts. */
  canUrge: boolean;
};

export type Notification = {
  id: string;
  kind: string;
  kindLabel: string;
  title: string;
  body: string;
  entityType: 'hazard' | 'notice' | 'penalty' | string;
  entityId: string;
  createdAt: string;
  readAt: string | null;
};

export type NotificationList = Paged<Notification> & { unread: number };

export type NoticeState = 'unacknowledged' | 'acknowledged' | 'replied';

/** A rectification notice (整改通知书, `NoticeDto` on the server). */
export type Notice = {
  id: string;
  number: string;
  schoolId: string;
  schoolName: string;
  issuerUnitId: string;
  issuerUnitName: string;
  issuerName: string;
  issuerKind: string;
  issuerKindLabel: string;
  requirements: string;
  deadline: string;
  issuedAt: string;
  hazardCount: number;
  state: NoticeState;
  stateLabel: string;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  repliedAt: string | null;
  replyText: string;
  repliedByName: string | null;
  overdue: boolean;
};

export type NoticeCounts = { total: number; unacknowledged: number; overdue: number; replied: number };

export type NoticeList = Paged<Notice> & { counts: NoticeCounts };

/** GET /api/notices/:id, and the answer of 签收 and 回执. */
export type NoticeDetail = {
  notice: Notice;
  hazards: { id: string; code: string; title: string; place: string; state: HazardState; stateLabel: string; deadline: string | null }[];
  attachments: Attachment[];
  canAcknowledge: boolean;
  canReply: boolean;
};
