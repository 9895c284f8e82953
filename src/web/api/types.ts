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
};

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

export type ImportResult = { total: number; created: number; updated: number; dryRun: boolean };
