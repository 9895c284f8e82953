import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Hand-written table types (one per table), mirroring the migrations. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface OrgUnitTable {
  district_id: string;
  id: Generated<string>;
  parent_id: string | null;
  kind: 'district' | 'township' | 'centre' | 'school' | 'department';
  name: string;
  code: string;
  department_type: string | null;
  sort_order: Generated<number>;
  is_active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SchoolTable {
  district_id: string;
  id: string;
  school_type: string;
  ownership: Generated<string>;
  enrollment: Generated<number>;
  boarding_students: Generated<number>;
  staff_count: Generated<number>;
  gate_count: Generated<number>;
  address: Generated<string>;
  longitude: number | null;
  latitude: number | null;
  principal_name: Generated<string>;
  principal_phone: Generated<string>;
  safety_officer_name: Generated<string>;
  safety_officer_phone: Generated<string>;
  phone: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AppUserTable {
  district_id: string;
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  org_unit_id: string;
  phone: Generated<string>;
  is_active: Generated<boolean>;
  must_change_password: Generated<boolean>;
  failed_login_count: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  password_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserSessionTable {
  district_id: string;
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  ip: Generated<string>;
  user_agent: Generated<string>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
}

export interface AssignmentTable {
  district_id: string;
  id: Generated<string>;
  kind: 'inspector_school' | 'leader_area' | 'precinct_school';
  subject_id: string;
  target_id: string;
  created_at: Timestamp;
}

export interface AuditEventTable {
  district_id: string;
  seq: number;
  occurred_at: Date;
  actor_id: string | null;
  actor_name: string;
  actor_role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  org_unit_id: string | null;
  summary: string;
  before: Json;
  after: Json;
  ip: string;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  district_id: string;
  seq: number;
  hash: string;
}

export interface Database {
  org_unit: OrgUnitTable;
  school: SchoolTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  assignment: AssignmentTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
}

export type OrgUnitRow = Selectable<OrgUnitTable>;
export type NewOrgUnit = Insertable<OrgUnitTable>;
export type SchoolRow = Selectable<SchoolTable>;
export type NewSchool = Insertable<SchoolTable>;
export type SchoolUpdate = Updateable<SchoolTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
