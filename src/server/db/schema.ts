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
  /** Classes per grade, position 1 = grade 1 (初一 = 7); empty when not given. */
  class_counts: ColumnType<number[], number[] | undefined, number[]>;
  bus_count: Generated<number>;
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
  /** 1: plain SHA-256 link (before keying), 2: HMAC-SHA256 with the audit key. */
  hash_version: Generated<number>;
}

export interface LoginDeviceTable {
  district_id: string;
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  failed_login_count: Generated<number>;
  locked_until: Date | null;
  created_at: Timestamp;
  last_used_at: Timestamp;
}

export interface AuditChainHeadTable {
  district_id: string;
  seq: number;
  hash: string;
}

export interface CounterTable {
  district_id: string;
  name: string;
  value: number;
}

export interface HazardTable {
  district_id: string;
  id: Generated<string>;
  code: string;
  school_id: string;
  title: string;
  description: Generated<string>;
  place: string;
  category: string;
  level: 'general' | 'major' | null;
  source: string;
  state: Generated<'reported' | 'assessed' | 'rectifying' | 'pending_verification' | 'closed'>;
  found_at: Date;
  reported_by: string | null;
  reported_by_name: string;
  /** The unit of whoever registered it (migration 0008); null for imported and demo rows. */
  found_by_unit_id: ColumnType<string | null, string | null | undefined, string | null>;
  responsible_unit_id: string;
  handed_over_to: string | null;
  deadline: string | null;
  supervision_listed: Generated<boolean>;
  supervision_listed_at: Date | null;
  interim_control: Generated<string>;
  plan_measures: Generated<string>;
  plan_responsible_person: Generated<string>;
  plan_funds: Generated<string>;
  plan_contingency: Generated<string>;
  rectification_note: Generated<string>;
  extension_requested_deadline: string | null;
  extension_reason: Generated<string>;
  closed_at: Date | null;
  closed_on_time: boolean | null;
  recurrence_of: string | null;
  inspection_id: ColumnType<string | null, string | null | undefined, string | null>;
  inspection_item_code: ColumnType<string | null, string | null | undefined, string | null>;
  /** The drill whose problem this hazard was raised from (migration 0012). */
  drill_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The premise whose zone breach this hazard was raised from (migration 0023). */
  premise_id: ColumnType<string | null, string | null | undefined, string | null>;
  verification_failures: Generated<number>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The 专项行动 that found it (migration 0033). */
  campaign_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface HazardEventTable {
  district_id: string;
  id: Generated<string>;
  hazard_id: string;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_id: string | null;
  actor_name: string;
  actor_role: string;
  actor_unit_name: Generated<string>;
  note: Generated<string>;
  data: ColumnType<unknown, string | undefined, string>;
  occurred_at: Timestamp;
}

export interface AttachmentTable {
  district_id: string;
  id: Generated<string>;
  school_id: string | null;
  owner_type: string | null;
  owner_id: string | null;
  purpose: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  created_at: Timestamp;
}

export interface RectificationNoticeTable {
  district_id: string;
  id: Generated<string>;
  number: string;
  year: number;
  seq: number;
  issuer_unit_id: string;
  issuer_user_id: string;
  issuer_name: string;
  issuer_kind: 'district' | 'inspector' | 'police' | 'centre' | 'joint';
  school_id: string;
  requirements: Generated<string>;
  deadline: string;
  issued_at: Timestamp;
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
  replied_at: Date | null;
  reply_text: Generated<string>;
  replied_by_name: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NoticeHazardTable {
  district_id: string;
  notice_id: string;
  hazard_id: string;
}

export interface NoticeNumberFormatTable {
  district_id: string;
  issuer_unit_id: string;
  format: string;
  updated_at: Timestamp;
}

export interface PenaltyDecisionTable {
  district_id: string;
  id: Generated<string>;
  number: string;
  police_unit_id: string;
  school_id: string;
  decided_on: string;
  content: string;
  recorded_by: string;
  recorded_by_name: string;
  created_at: Timestamp;
}

export interface PenaltyHazardTable {
  district_id: string;
  penalty_id: string;
  hazard_id: string;
}

export interface NotificationTable {
  district_id: string;
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: Generated<string>;
  entity_type: string;
  entity_id: string;
  dedupe_key: string | null;
  created_at: Timestamp;
  read_at: Date | null;
}

type JsonCol = ColumnType<unknown, string, string>;
type Uuids = ColumnType<string[], string[] | undefined, string[]>;

export interface ChecklistTemplateTable {
  district_id: string;
  id: Generated<string>;
  code: string;
  version: number;
  name: string;
  description: Generated<string>;
  period: string | null;
  levels: JsonCol;
  report: ColumnType<unknown, string | null, string | null>;
  source: Generated<string>;
  items: JsonCol;
  origin: 'pack' | 'district';
  pack_ref: string;
  content_hash: string;
  created_by: string | null;
  created_by_name: string;
  created_at: Timestamp;
}

export interface InspectionTable {
  district_id: string;
  id: Generated<string>;
  client_id: string;
  code: string;
  school_id: string;
  template_id: string;
  template_code: string;
  template_version: number;
  template_name: string;
  level: string;
  status: Generated<'draft' | 'submitted'>;
  inspected_at: Timestamp;
  inspected_on: string;
  inspectors: JsonCol;
  inspector_ids: Uuids;
  summary: Generated<string>;
  location: ColumnType<unknown, string | null | undefined, string | null>;
  signatures: ColumnType<unknown, string | undefined, string>;
  pass_count: Generated<number>;
  fail_count: Generated<number>;
  na_count: Generated<number>;
  open_count: Generated<number>;
  hazard_count: Generated<number>;
  report_due: string | null;
  reported_at: Date | null;
  reported_by: string | null;
  reported_by_name: string | null;
  report_signature_id: string | null;
  plan_id: string | null;
  content_hash: Generated<string>;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Date | null;
  version: Generated<number>;
  /** The 专项行动 it was run for (migration 0033). */
  campaign_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface InspectionItemTable {
  district_id: string;
  inspection_id: string;
  code: string;
  position: number;
  text: string;
  category: string;
  place: string | null;
  guidance: Generated<string>;
  photo_required: boolean;
  fail_level: string;
  result: 'pass' | 'fail' | 'na' | null;
  note: Generated<string>;
  attachment_ids: Uuids;
  raise_hazard: Generated<boolean>;
  hazard_id: string | null;
}

export interface InspectionPlanTable {
  district_id: string;
  id: Generated<string>;
  planned_on: string;
  level: string;
  title: string;
  note: Generated<string>;
  member_unit_ids: Uuids;
  created_by: string;
  created_at: Timestamp;
  cancelled_at: Date | null;
}

export interface InspectionPlanSchoolTable {
  district_id: string;
  plan_id: string;
  school_id: string;
}

export interface EducationSessionTable {
  district_id: string;
  id: Generated<string>;
  client_id: string;
  school_id: string;
  held_on: string;
  audience_kind: 'school' | 'grade' | 'class';
  grade: number | null;
  audiences: ColumnType<string[], string[], string[]>;
  topic: string;
  occasion: string | null;
  hours: number;
  speaker_name: string;
  speaker_type: string;
  speaker_unit_id: Generated<string | null>;
  participants: number | null;
  note: Generated<string>;
  source: Generated<'form' | 'import' | 'demo'>;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
}

export interface StaffTrainingTable {
  district_id: string;
  id: Generated<string>;
  client_id: string;
  school_id: string;
  trained_on: string;
  kind: string;
  title: Generated<string>;
  trainer: string;
  trainer_body: Generated<string>;
  trainer_unit_id: Generated<string | null>;
  hours: number;
  attendee_ids: Uuids;
  attendee_count: number;
  staff_base: number;
  note: Generated<string>;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
}

export interface DutyRosterTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  day: string;
  leader_name: string;
  leader_user_id: string | null;
  night_duty_name: string;
  night_duty_user_id: string | null;
  phone: string;
  note: string;
  updated_by: string;
  updated_by_name: string;
  updated_at: Timestamp;
}

export interface PatrolLogTable {
  district_id: string;
  id: Generated<string>;
  client_id: string;
  code: string;
  school_id: string;
  route: string;
  patrolled_at: Timestamp;
  patrol_day: string;
  points: JsonCol;
  patrollers: JsonCol;
  patroller_ids: Uuids;
  note: string;
  finding_count: number;
  hazard_count: Generated<number>;
  content_hash: string;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
}

export interface PatrolFindingTable {
  district_id: string;
  patrol_log_id: string;
  position: number;
  text: string;
  place: string;
  attachment_ids: Uuids;
  hazard_id: string | null;
}

export interface RecordCheckTable {
  district_id: string;
  id: Generated<string>;
  kind: string;
  record_id: string;
  school_id: string;
  result: 'checked' | 'questioned';
  note: string;
  checked_by: string;
  checked_by_name: string;
  checked_by_unit: string;
  checked_at: Timestamp;
}

export interface PostHolderTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  year: number;
  post_code: string;
  holder_name: string;
  user_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ResponsibilityLetterTable {
  district_id: string;
  id: Generated<string>;
  holder_id: string;
  school_id: string;
  year: number;
  post_code: string;
  party_unit_id: string;
  signer_name: string;
  signer_user_id: string | null;
  method: 'screen' | 'scan' | 'paper';
  attachment_id: string | null;
  signed_on: string;
  signed_at: Timestamp;
  recorded_by: string | null;
  recorded_by_name: string;
  party_signer_name: Generated<string | null>;
  party_signer_user_id: Generated<string | null>;
  party_attachment_id: Generated<string | null>;
  party_signed_at: Generated<Date | null>;
}

export interface SchoolDocumentTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  type_code: string;
  title: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SchoolDocumentVersionTable {
  district_id: string;
  id: Generated<string>;
  document_id: string;
  school_id: string;
  version_no: number;
  version_date: string;
  summary: Generated<string>;
  attachment_id: string;
  created_by: string | null;
  created_by_name: string;
  created_at: Timestamp;
  review_state: Generated<'pending' | 'approved' | 'returned'>;
  reviewed_by: string | null;
  reviewer_name: string | null;
  reviewer_unit_id: string | null;
  reviewed_at: Date | null;
  review_remarks: Generated<string>;
}

/* ---- 三防 register (migration 0016) ---- */
export interface SanfangPersonTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  role: string;
  name: string;
  gender: string | null;
  birth_date: string | null;
  phone: Generated<string>;
  company: Generated<string>;
  certificate_no: Generated<string>;
  certificate_expiry: string | null;
  hire_date: string | null;
  post: Generated<string>;
  shift: Generated<string>;
  trained: Generated<boolean>;
  bg_status: Generated<string>;
  bg_date: string | null;
  bg_result: string | null;
  bg_by: Generated<string>;
  active: Generated<boolean>;
  note: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SanfangDeviceTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  kind: string;
  name: string;
  location: Generated<string>;
  place: string | null;
  facing_gate: Generated<boolean>;
  retention_days: number | null;
  networked: Generated<boolean>;
  linked_110: Generated<boolean>;
  main_gate: Generated<boolean>;
  anti_ram: string | null;
  separated: Generated<boolean>;
  item: string | null;
  quantity: Generated<number>;
  working: Generated<boolean>;
  note: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SanfangSiteTable {
  district_id: string;
  school_id: string;
  location: Generated<string>;
  perimeter_type: Generated<string>;
  wall_height_m: number | null;
  anti_climb: Generated<boolean>;
  closed_management: Generated<boolean>;
  police_room: Generated<boolean>;
  parents_waiting_area: Generated<boolean>;
  note: Generated<string>;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface SanfangHazardTable {
  district_id: string;
  hazard_id: string;
  school_id: string;
  rule_code: string;
  created_at: Timestamp;
  /** Migration 0021: when the register last showed the rule met (null: not met since the link). */
  register_met_at: Generated<Date | null>;
}

/* ---- 校舍, fire facilities, gate log (migration 0021) ---- */
export interface SanfangBuildingTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  name: string;
  use: Generated<string>;
  floors: Generated<number>;
  year_built: number | null;
  area_m2: number | null;
  seismic_compliant: Generated<boolean>;
  design_life_years: Generated<number>;
  grade: string | null;
  appraised_on: string | null;
  appraised_by: Generated<string>;
  active: Generated<boolean>;
  note: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SanfangFireFacilityTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  kind: string;
  location: Generated<string>;
  quantity: Generated<number>;
  service_company: Generated<string>;
  last_maintained_on: string | null;
  next_maintenance_on: string | null;
  working: Generated<boolean>;
  note: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SanfangFireUnitTable {
  district_id: string;
  school_id: string;
  high_risk: Generated<boolean>;
  assessed_on: string | null;
  assessed_by: Generated<string>;
  note: Generated<string>;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface GateLogEntryTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  kind: Generated<string>;
  name: Generated<string>;
  id_last4: Generated<string>;
  phone: Generated<string>;
  plate: Generated<string>;
  purpose: Generated<string>;
  host: Generated<string>;
  entered_at: Date;
  left_at: Date | null;
  entered_on: string;
  recorded_by: string;
  created_at: Timestamp;
}

/** Moves on with every committed change of a district's hazards or org units (migration 0019). */
export interface HazardVersionTable {
  district_id: string;
  n: Generated<number>;
}

/** Moves on with every committed change of the records a duty kind counts, per district and kind ('org': units, schools, users' units; migration 0029). */
export interface DutyVersionTable {
  district_id: string;
  kind: string;
  n: Generated<number>;
}

/** Daily online check (migration 0020): one row per school and checked day. */
export interface DeviceCheckDayTable {
  district_id: string;
  school_id: string;
  day: string;
  checked_by: string | null;
  checked_by_name: Generated<string>;
  source: Generated<string>;
  devices: Generated<number>;
  offline: Generated<number>;
  checked_at: Timestamp;
}

/** A device found offline on a checked day (only the exceptions are stored). */
export interface DeviceOfflineTable {
  district_id: string;
  day: string;
  device_id: string;
  school_id: string;
  note: Generated<string>;
}

export interface DeviceOutageHazardTable {
  district_id: string;
  hazard_id: string;
  device_id: string;
  school_id: string;
  outage_start: string;
  created_at: Timestamp;
}

export interface DevicePushTokenTable {
  district_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
}

export interface AlarmDrillTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  device_id: string;
  pressed_at: Date;
  answered_at: Date | null;
  arrived_at: Date | null;
  result: string;
  note: Generated<string>;
  recorded_by: string | null;
  recorded_by_name: Generated<string>;
  created_at: Timestamp;
}

export interface Database {
  org_unit: OrgUnitTable;
  school: SchoolTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  login_device: LoginDeviceTable;
  assignment: AssignmentTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
  counter: CounterTable;
  hazard: HazardTable;
  hazard_event: HazardEventTable;
  attachment: AttachmentTable;
  rectification_notice: RectificationNoticeTable;
  notice_hazard: NoticeHazardTable;
  notice_number_format: NoticeNumberFormatTable;
  penalty_decision: PenaltyDecisionTable;
  penalty_hazard: PenaltyHazardTable;
  notification: NotificationTable;
  checklist_template: ChecklistTemplateTable;
  inspection: InspectionTable;
  inspection_item: InspectionItemTable;
  inspection_plan: InspectionPlanTable;
  inspection_plan_school: InspectionPlanSchoolTable;
  duty_roster: DutyRosterTable;
  patrol_log: PatrolLogTable;
  patrol_finding: PatrolFindingTable;
  record_check: RecordCheckTable;
  post_holder: PostHolderTable;
  responsibility_letter: ResponsibilityLetterTable;
  school_document: SchoolDocumentTable;
  school_document_version: SchoolDocumentVersionTable;
  sanfang_person: SanfangPersonTable;
  sanfang_device: SanfangDeviceTable;
  sanfang_site: SanfangSiteTable;
  sanfang_hazard: SanfangHazardTable;
  sanfang_building: SanfangBuildingTable;
  sanfang_fire_facility: SanfangFireFacilityTable;
  sanfang_fire_unit: SanfangFireUnitTable;
  gate_log_entry: GateLogEntryTable;
  device_check_day: DeviceCheckDayTable;
  device_offline: DeviceOfflineTable;
  device_outage_hazard: DeviceOutageHazardTable;
  device_push_token: DevicePushTokenTable;
  alarm_drill: AlarmDrillTable;
  drill: DrillTable;
  drill_problem: DrillProblemTable;
  education_session: EducationSessionTable;
  staff_training: StaffTrainingTable;
  hazard_version: HazardVersionTable;
  duty_version: DutyVersionTable;
  premise: PremiseTable;
  premise_school: PremiseSchoolTable;
  case_file: CaseFileTable;
  case_unit: CaseUnitTable;
  case_event: CaseEventTable;
  case_step: CaseStepTable;
  case_escalation: CaseEscalationTable;
  case_school: CaseSchoolTable;
  case_hazard: CaseHazardTable;
  school_bus: SchoolBusTable;
  school_bus_person: SchoolBusPersonTable;
  school_bus_route: SchoolBusRouteTable;
  bus_check: BusCheckTable;
  premise_water: PremiseWaterTable;
  water_patrol: WaterPatrolTable;
  flag_hazard: FlagHazardTable;
  school_gate: SchoolGateTable;
  key_person: KeyPersonTable;
  key_person_school: KeyPersonSchoolTable;
  key_person_follow_up: KeyPersonFollowUpTable;
  guard_post: GuardPostTable;
  guard_rota: GuardRotaTable;
  guard_sign_in: GuardSignInTable;
  patrol_zone: PatrolZoneTable;
  patrol_zone_school: PatrolZoneSchoolTable;
  public_report: PublicReportTable;
  public_report_photo: PublicReportPhotoTable;
  risk_point: RiskPointTable;
  risk_assessment: RiskAssessmentTable;
  risk_alert: RiskAlertTable;
  risk_alert_school: RiskAlertSchoolTable;
  bulletin: BulletinTable;
  bulletin_link: BulletinLinkTable;
  bulletin_event: BulletinEventTable;
  meeting: MeetingTable;
  meeting_task: MeetingTaskTable;
  meeting_task_event: MeetingTaskEventTable;
  safety_period: SafetyPeriodTable;
  safety_period_school: SafetyPeriodSchoolTable;
  safety_check_in: SafetyCheckInTable;
  outbound_channel: OutboundChannelTable;
  outbound_delivery: OutboundDeliveryTable;
  campaign: CampaignTable;
  report: ReportTable;
  report_version: ReportVersionTable;
  report_draft: ReportDraftTable;
  outbound_opt_out: OutboundOptOutTable;
  screening_report: ScreeningReportTable;
  screening_finding: ScreeningFindingTable;
  assessment_round: AssessmentRoundTable;
  assessment_unit: AssessmentUnitTable;
  assessment_item: AssessmentItemTable;
  imported_measure: ImportedMeasureTable;
  public_guard_counter: PublicGuardCounterTable;
  public_challenge_spent: PublicChallengeSpentTable;
  login_address_counter: LoginAddressCounterTable;
  login_unknown_name: LoginUnknownNameTable;
}

/** The case engine (migration 0027). */
export interface CaseFileTable {
  district_id: string;
  id: Generated<string>;
  code: string;
  type_code: string;
  kind: Generated<string>;
  title: string;
  description: Generated<string>;
  source: Generated<string>;
  school_id: string | null;
  owner_unit_id: string;
  assigned_unit_id: string | null;
  state: string;
  step_entered_at: Timestamp;
  step_due_at: Date | null;
  extensions: Generated<number>;
  review_round: Generated<number>;
  replied_at: Date | null;
  reply_text: Generated<string>;
  reporter_name: Generated<string>;
  reporter_phone: Generated<string>;
  subject_name: Generated<string>;
  confidentiality: string;
  occurred_at: Date | null;
  place: Generated<string>;
  deaths: Generated<number>;
  serious_injuries: Generated<number>;
  minor_injuries: Generated<number>;
  loss_yuan: ColumnType<number, number | undefined, number>;
  level: string | null;
  level_computed: string | null;
  level_corrected_by_name: string | null;
  handling: Generated<string>;
  liability: Generated<string>;
  insurance_status: Generated<string>;
  insurance_amount: number | null;
  mediation_outcome: Generated<string>;
  lessons: Generated<string>;
  first_report_at: Date | null;
  written_report_at: Date | null;
  follow_up_at: Date | null;
  final_report_at: Date | null;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  archived_at: Date | null;
  /** Migration 0037: the district's upward report of an escalating incident (cases.yaml incident.upwardHours). */
  upward_due_at: Generated<Date | null>;
  upward_report_at: Generated<Date | null>;
  /** Migration 0042: the district's 瞒报 mark (found by the district or the police, not reported by the school). */
  concealed_at: Generated<Date | null>;
  concealed_reason: Generated<string>;
  concealed_by_name: Generated<string | null>;
  /** Migration 0042: the handling deadline the assigning unit set (任务分办), used when the assignee accepts. */
  handling_due_at: Generated<Date | null>;
  version: Generated<number>;
}

export interface CaseUnitTable {
  district_id: string;
  case_id: string;
  unit_id: string;
  relation: 'owner' | 'assigned' | 'reporter' | 'notified';
}

export interface CaseEventTable {
  district_id: string;
  id: Generated<string>;
  case_id: string;
  seq: number;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_id: string | null;
  actor_name: string;
  actor_role: string;
  unit_id: string | null;
  unit_name: Generated<string>;
  at: Timestamp;
  note: Generated<string>;
  data: Json;
  attachment_ids: Uuids;
}

export interface CaseStepTable {
  district_id: string;
  case_id: string;
  seq: number;
  step: string;
  unit_id: string | null;
  entered_at: Date;
  due_at: Date | null;
  left_at: Date | null;
}

export interface CaseEscalationTable {
  district_id: string;
  case_id: string;
  target: 'district' | 'police';
  unit_id: string;
  reason: Generated<string>;
  notified_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
}

export interface CaseSchoolTable {
  district_id: string;
  case_id: string;
  school_id: string;
}

export interface CaseHazardTable {
  district_id: string;
  case_id: string;
  hazard_id: string;
}

/* ---- school buses and dangerous waters (migration 0025) ---- */
export interface SchoolBusTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  plate_no: string;
  seats: number;
  model: Generated<string>;
  licence_no: Generated<string>;
  licence_expiry: string | null;
  inspected_on: string | null;
  status: Generated<'in_service' | 'retired'>;
  note: Generated<string>;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
  updated_by: string;
  updated_by_name: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface SchoolBusPersonTable {
  district_id: string;
  id: Generated<string>;
  bus_id: string;
  school_id: string;
  role: 'driver' | 'escort';
  position: number;
  name: string;
  phone: Generated<string>;
  birth_date: string | null;
  licence_no: Generated<string>;
  licence_class: Generated<string>;
  licence_expiry: string | null;
  licensed_since: string | null;
  checked_on: string | null;
  check_passed: Generated<boolean>;
  trained_on: string | null;
  note: Generated<string>;
}

export interface SchoolBusRouteTable {
  district_id: string;
  id: Generated<string>;
  bus_id: string;
  school_id: string;
  position: number;
  name: string;
  stops: Generated<string>;
  times: Generated<string>;
  student_count: Generated<number>;
  other_school_ids: Uuids;
}

export interface BusCheckTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  kind: 'special_check' | 'weekly_study';
  checked_on: string;
  participants: string;
  content: Generated<string>;
  result: Generated<'ok' | 'problems'>;
  findings: Generated<string>;
  recorded_by: string;
  recorded_by_name: string;
  recorded_by_unit_id: string;
  created_at: Timestamp;
}

export interface PremiseWaterTable {
  district_id: string;
  premise_id: string;
  sign_count: Generated<number>;
  sign_condition: 'good' | 'damaged' | 'none';
  barrier: 'complete' | 'partial' | 'none';
  barrier_note: Generated<string>;
  responsible_name: Generated<string>;
  responsible_phone: Generated<string>;
  updated_by: string;
  updated_by_name: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface WaterPatrolTable {
  district_id: string;
  id: Generated<string>;
  premise_id: string;
  patrolled_on: string;
  time_of_day: string | null;
  patroller_name: string;
  unit_id: string;
  unit_name: string;
  findings: Generated<string>;
  problem: Generated<boolean>;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
}

export interface FlagHazardTable {
  district_id: string;
  hazard_id: string;
  school_id: string;
  subject: 'bus' | 'water';
  flag_key: string;
}

export interface DrillTable {
  district_id: string;
  id: Generated<string>;
  client_id: string;
  code: string;
  school_id: string;
  type_code: string;
  type_label: string;
  status: Generated<'draft' | 'submitted'>;
  started_at: Date;
  drilled_on: string;
  scenario: Generated<string>;
  organiser: Generated<string>;
  guidance: Json;
  student_participants: Generated<number>;
  staff_participants: Generated<number>;
  enrollment_base: Generated<number>;
  staff_base: Generated<number>;
  buildings: Json;
  building_count: Generated<number>;
  slow_count: Generated<number>;
  assembly_point: Generated<string>;
  photo_ids: Uuids;
  plan_attachment_id: string | null;
  summary: Generated<string>;
  evaluation: Generated<string>;
  problem_count: Generated<number>;
  hazard_count: Generated<number>;
  content_hash: Generated<string>;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Date | null;
  version: Generated<number>;
}

export interface DrillProblemTable {
  district_id: string;
  drill_id: string;
  no: number;
  description: string;
  place: Generated<string>;
  category: string;
  level: Generated<string>;
  attachment_ids: Uuids;
  raise_hazard: Generated<boolean>;
  hazard_id: string | null;
}

export interface PremiseTable {
  district_id: string;
  id: Generated<string>;
  type_code: string;
  name: string;
  address: Generated<string>;
  latitude: number;
  longitude: number;
  licence_no: Generated<string>;
  licence_expiry: string | null;
  operator_name: Generated<string>;
  contact_phone: Generated<string>;
  department_unit_id: string | null;
  status: Generated<'open' | 'closed'>;
  note: Generated<string>;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
  updated_by: string;
  updated_by_name: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface PremiseSchoolTable {
  district_id: string;
  premise_id: string;
  school_id: string;
  gate_name: string;
  from_school_point: Generated<boolean>;
  distance_m: number;
  breach: Generated<boolean>;
  zone_code: string | null;
  radius_m: number | null;
  message: Generated<string>;
}

export interface SchoolGateTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  name: string;
  latitude: number;
  longitude: number;
  sort_order: Generated<number>;
  /** Migration 0039: the main gate (正门). */
  is_main: Generated<boolean>;
  created_at: Timestamp;
}

export interface KeyPersonTable {
  district_id: string;
  id: Generated<string>;
  station_unit_id: string;
  name: string;
  id_number: string;
  category_code: string;
  address: Generated<string>;
  latitude: number | null;
  longitude: number | null;
  risk_level: 'high' | 'medium' | 'low';
  officer_user_id: string | null;
  officer_name: Generated<string>;
  control_measures: Generated<string>;
  status: Generated<'active' | 'closed'>;
  nearest_school_id: string | null;
  next_follow_up_due: string | null;
  note: Generated<string>;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
  updated_by: string;
  updated_by_name: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** 护学岗 (migration 0024). */
export interface GuardPostTable {
  district_id: string;
  id: Generated<string>;
  school_id: string;
  kind: Generated<'school' | 'police'>;
  police_unit_id: string | null;
  gate_label: string;
  /** Migration 0043: the school gate the post stands at (null: 未关联校门). */
  gate_id: string | null;
  latitude: number;
  longitude: number;
  periods: string[];
  active: Generated<boolean>;
  /** Migration 0043: the first day the post no longer stands (an end chosen ahead). */
  inactive_from: string | null;
  note: Generated<string>;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface KeyPersonSchoolTable {
  district_id: string;
  key_person_id: string;
  school_id: string;
  gate_name: string;
  from_school_point: Generated<boolean>;
  distance_m: number;
}

export interface KeyPersonFollowUpTable {
  district_id: string;
  id: Generated<string>;
  key_person_id: string;
  follow_up_date: string;
  by_user_id: string;
  by_name: string;
  content: string;
  next_due: string | null;
  created_at: Timestamp;
}

export interface GuardRotaTable {
  district_id: string;
  id: Generated<string>;
  post_id: string;
  school_id: string;
  period_code: string;
  weekdays: number[];
  role: string;
  person_name: string;
  user_id: string | null;
  phone: Generated<string>;
  valid_from: string;
  valid_to: string | null;
  /** Migration 0039: the line this version belongs to (its first version's id), who made it and when. */
  line_id: Generated<string>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface GuardSignInTable {
  district_id: string;
  id: Generated<string>;
  post_id: string;
  school_id: string;
  rota_id: string;
  /** Migration 0039: the rota line (all its versions) the sign-in counts for. */
  line_id: string;
  day: string;
  period_code: string;
  person_name: string;
  role: string;
  signed_by: string;
  signed_by_name: string;
  on_behalf: Generated<boolean>;
  signed_at: Date;
  latitude: number | null;
  longitude: number | null;
  accuracy_m: number | null;
  distance_m: number | null;
  late: Generated<boolean>;
  minutes_late: Generated<number>;
  outside: Generated<boolean>;
  note: Generated<string>;
}

export interface PatrolZoneTable {
  district_id: string;
  id: Generated<string>;
  police_unit_id: string;
  name: string;
  note: Generated<string>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface PatrolZoneSchoolTable {
  district_id: string;
  zone_id: string;
  school_id: string;
  team_name: Generated<string>;
  members: string[];
}

/** A report from the public page (migration 0028); outcome null while it waits in the triage queue. */
export interface PublicReportTable {
  district_id: string;
  id: Generated<string>;
  receipt: string;
  school_id: string | null;
  handling_unit_id: string;
  description: string;
  place: Generated<string>;
  contact_name: Generated<string>;
  contact_phone: Generated<string>;
  submitted_at: Timestamp;
  outcome: 'hazard' | 'merged' | 'rejected' | 'case' | 'merged_case' | null;
  hazard_id: string | null;
  /** Migration 0037: the case a report was accepted as (outcome 'case'); 0042: merged into (outcome 'merged_case'). */
  case_id: Generated<string | null>;
  public_reply: Generated<string>;
  internal_note: Generated<string>;
  triaged_by: string | null;
  triaged_by_name: string | null;
  triaged_at: Date | null;
}

export interface PublicReportPhotoTable {
  district_id: string;
  report_id: string;
  no: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
}

/**
 * Migration 0038: the public page's hits per client address (a keyed hash, never the address) per
 * fixed window. Deployment-wide, no district: the address is limited before any district is known.
 */
export interface PublicGuardCounterTable {
  bucket: 'submit' | 'read';
  client_key: string;
  window_start: Date;
  hits: number;
  expires_at: Date;
}

/** Migration 0038: the challenge tokens already used (their nonce), kept until the token expires. */
export interface PublicChallengeSpentTable {
  nonce: string;
  expires_at: Date;
}

/**
 * Migration 0045: failed sign-ins per client address (a keyed hash, never the address) in the
 * window that began with its first failure. Deployment-wide, no district: met before any is known.
 */
export interface LoginAddressCounterTable {
  client_key: string;
  window_start: Date;
  failures: number;
}

/** Migration 0045: the failure counter of a name with no active account (a keyed hash of the name). */
export interface LoginUnknownNameTable {
  name_key: string;
  failed_login_count: Generated<number>;
  locked_until: Date | null;
  last_attempt_at: Date;
}

/** The risk register (migration 0036). */
export interface RiskPointTable {
  district_id: string;
  id: Generated<string>;
  school_id: string | null;
  owner_unit_id: string;
  name: string;
  source_code: string;
  place: Generated<string>;
  description: Generated<string>;
  accident_types: Generated<string>;
  control_measures: string;
  control_level: 'school' | 'centre' | 'district' | 'department';
  control_person: Generated<string>;
  status: Generated<'active' | 'retired'>;
  /** The day the point was retired (migration 0044), null while active. */
  retired_on: Generated<string | null>;
  method: 'ls' | 'lec';
  factor_l: number;
  factor_s: number | null;
  factor_e: number | null;
  factor_c: number | null;
  score: number;
  colour: 'red' | 'orange' | 'yellow' | 'blue';
  assessed_on: string;
  next_review_due: string;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
  updated_by: string;
  updated_by_name: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface RiskAssessmentTable {
  district_id: string;
  id: Generated<string>;
  risk_point_id: string;
  method: 'ls' | 'lec';
  factor_l: number;
  factor_s: number | null;
  factor_e: number | null;
  factor_c: number | null;
  score: number;
  colour: 'red' | 'orange' | 'yellow' | 'blue';
  assessed_on: string;
  /** The review date this assessment set (migration 0044). */
  next_review_due: string;
  note: Generated<string>;
  by_user_id: string;
  by_name: string;
  created_at: Timestamp;
}

export interface RiskAlertTable {
  district_id: string;
  id: Generated<string>;
  sender_unit_id: string;
  sent_by: string;
  sent_by_name: string;
  title: string;
  content: string;
  kind: 'season' | 'weather' | 'event' | 'data';
  deadline: string;
  target: JsonCol;
  sent_at: Timestamp;
}

export interface RiskAlertSchoolTable {
  district_id: string;
  alert_id: string;
  school_id: string;
  acknowledged_at: Date | null;
  acknowledged_on: string | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  measures: Generated<string>;
  chase_count: Generated<number>;
  last_chased_at: Date | null;
}

export type OrgUnitRow = Selectable<OrgUnitTable>;
export type NewOrgUnit = Insertable<OrgUnitTable>;
export type SchoolRow = Selectable<SchoolTable>;
export type NewSchool = Insertable<SchoolTable>;
export type SchoolUpdate = Updateable<SchoolTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type AuditEventRow = Selectable<AuditEventTable>;

/** 通报/约谈/挂牌督办 of a unit (migration 0034). */
export interface BulletinTable {
  district_id: string;
  id: Generated<string>;
  number: string;
  kind: 'criticism' | 'summons' | 'listed';
  unit_id: string;
  issuer_unit_id: string;
  issuer_user_id: string;
  issuer_name: string;
  title: string;
  reason: string;
  requirements: Generated<string>;
  respond_by: string | null;
  trigger_data: JsonCol;
  state: Generated<'issued' | 'acknowledged' | 'closed' | 'revoked'>;
  issued_at: Timestamp;
  response: Generated<string>;
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
  closed_at: Date | null;
  version: Generated<number>;
}

export interface BulletinLinkTable {
  district_id: string;
  bulletin_id: string;
  ref_type: 'hazard' | 'meeting_task' | 'report' | 'duty';
  ref_id: string;
  /** Migration 0041: "type:period" of a cited report, "obligation:period" of a missed duty; '' otherwise. */
  ref_key: Generated<string>;
  label: string;
  detail: Generated<string>;
}

export interface BulletinEventTable {
  district_id: string;
  id: Generated<string>;
  bulletin_id: string;
  action: string;
  from_state: string;
  to_state: string;
  note: Generated<string>;
  actor_id: string;
  actor_name: string;
  at: Timestamp;
}

/** A joint meeting (联席会议) and its minutes (migration 0034). */
export interface MeetingTable {
  district_id: string;
  id: Generated<string>;
  kind: 'security_joint' | 'monthly_consult' | 'special' | 'other';
  title: string;
  held_on: string;
  place: Generated<string>;
  host_unit_id: string;
  chair: Generated<string>;
  participant_unit_ids: JsonCol;
  other_participants: Generated<string>;
  agenda: JsonCol;
  decisions: Generated<string>;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** A task decided by a meeting (议定事项), tracked to a close. */
export interface MeetingTaskTable {
  district_id: string;
  id: Generated<string>;
  meeting_id: string;
  no: number;
  title: string;
  detail: Generated<string>;
  owner_unit_id: string;
  deadline: string;
  state: Generated<'open' | 'submitted' | 'closed'>;
  evidence: Generated<string>;
  submitted_at: Date | null;
  closed_at: Date | null;
  created_at: Timestamp;
  version: Generated<number>;
}

export interface MeetingTaskEventTable {
  district_id: string;
  id: Generated<string>;
  task_id: string;
  action: string;
  from_state: string;
  to_state: string;
  note: Generated<string>;
  actor_id: string;
  actor_name: string;
  at: Timestamp;
}

/* ---- 报平安 and outbound channels (migration 0032) ---- */
export interface SafetyPeriodTable {
  district_id: string;
  id: Generated<string>;
  title: string;
  kind: string;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  cutoff_time: string;
  owner_unit_id: string;
  school_types: ColumnType<string[], string[] | undefined, string[]>;
  unit_ids: ColumnType<string[], string[] | undefined, string[]>;
  note: Generated<string>;
  closed_at: Date | null;
  created_by: string | null;
  created_by_name: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SafetyPeriodSchoolTable {
  district_id: string;
  period_id: string;
  school_id: string;
}

export interface SafetyCheckInTable {
  district_id: string;
  period_id: string;
  school_id: string;
  day: ColumnType<string, string, string>;
  status: 'safe' | 'exception';
  note: Generated<string>;
  case_id: string | null;
  late: boolean;
  reported_by: string | null;
  reported_by_name: Generated<string>;
  reported_at: Timestamp;
}

export interface OutboundChannelTable {
  district_id: string;
  id: Generated<string>;
  name: string;
  kind: 'wecom' | 'dingtalk' | 'sms' | 'webhook';
  unit_id: string | null;
  url: Generated<string>;
  secret: Generated<string>;
  event_kinds: ColumnType<string[], string[] | undefined, string[]>;
  is_active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OutboundDeliveryTable {
  district_id: string;
  id: Generated<string>;
  channel_id: string;
  idempotency_key: string;
  event_kind: string;
  notification_id: string | null;
  title: string;
  body: Generated<string>;
  entity_type: Generated<string>;
  entity_id: Generated<string>;
  recipient: Generated<string>;
  state: Generated<'pending' | 'sending' | 'sent' | 'dead'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: Date | null;
  last_error: Generated<string>;
  sent_at: Date | null;
  created_at: Timestamp;
}

/* ---- 专项行动 (migration 0033) ---- */
export interface CampaignTable {
  district_id: string;
  id: Generated<string>;
  template_code: string | null;
  name: string;
  kind: 'special' | 'seasonal' | 'cleanup';
  year: number;
  description: Generated<string>;
  participants: ColumnType<unknown, string, string>;
  phases: ColumnType<unknown, string, string>;
  starts_on: string;
  ends_on: string;
  status: Generated<'open' | 'closed'>;
  closed_at: Date | null;
  created_by: string;
  created_by_name: string;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface ReportTable {
  district_id: string;
  id: Generated<string>;
  type_code: string;
  period_key: string;
  unit_id: string;
  state: 'submitted' | 'returned';
  version_no: number;
  due_on: string;
  first_submitted_at: Timestamp;
  submitted_at: Timestamp;
  return_count: Generated<number>;
  return_reason: string | null;
  returned_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReportVersionTable {
  district_id: string;
  id: Generated<string>;
  report_id: string;
  version_no: number;
  zero_report: Generated<boolean>;
  cells: ColumnType<unknown, string, string>;
  fields: ColumnType<unknown, string, string>;
  submitted_by: string | null;
  submitted_by_name: string;
  submitted_at: Timestamp;
  returned_by_name: string | null;
  returned_at: Timestamp | null;
  return_reason: string | null;
}

/** Migration 0037: a screening record (排查报告) of a unit for a period; zero_report = 零报告. */
export interface ScreeningReportTable {
  district_id: string;
  id: Generated<string>;
  unit_id: string;
  screening_type: string;
  screened_on: string;
  zero_report: boolean;
  note: Generated<string>;
  recorded_by: string;
  recorded_by_name: string;
  created_at: Timestamp;
}

export interface ScreeningFindingTable {
  district_id: string;
  report_id: string;
  no: number;
  summary: string;
  case_id: string | null;
}

/** Assessment (migration 0035). */
export interface AssessmentRoundTable {
  district_id: string;
  id: Generated<string>;
  title: string;
  rubric_code: string;
  rubric_version: string;
  unit_type: 'school' | 'centre' | 'department';
  period_from: string;
  period_to: string;
  state: Generated<'open' | 'published'>;
  computed_at: Generated<Date>;
  created_by: string;
  created_by_name: string;
  created_at: Generated<Date>;
  published_at: Date | null;
  published_by_name: string | null;
}

export interface AssessmentUnitTable {
  district_id: string;
  round_id: string;
  unit_id: string;
  total: number | null;
  vetoed: Generated<boolean>;
  rank_in_type: number | null;
  rank_in_township: number | null;
}

export interface AssessmentItemTable {
  district_id: string;
  round_id: string;
  unit_id: string;
  item_code: string;
  id: Generated<string>;
  value: number | null;
  computed: Generated<boolean>;
  detail: Generated<string>;
  evidence: ColumnType<unknown, string | undefined, string>;
  self_score: number | null;
  self_note: Generated<string>;
  self_by_name: string | null;
  self_at: Date | null;
  assessor_score: number | null;
  assessor_veto: boolean | null;
  assessor_note: Generated<string>;
  override_reason: Generated<string>;
  assessor_by_name: string | null;
  assessor_at: Date | null;
}

export interface ImportedMeasureTable {
  district_id: string;
  source: string;
  unit_id: string;
  period_key: string;
  value: number;
  imported_at: Generated<Date>;
  imported_by_name: string;
}

/** Migration 0041: a filer's saved, unfinished report (one per unit, type and period). */
export interface ReportDraftTable {
  district_id: string;
  id: Generated<string>;
  type_code: string;
  period_key: string;
  unit_id: string;
  zero_report: Generated<boolean>;
  cells: ColumnType<unknown, string, string>;
  fields: ColumnType<unknown, string, string>;
  version: Generated<number>;
  saved_by: string;
  saved_by_name: string;
  saved_at: Timestamp;
}

/** Migration 0041: a user's opt-out of one event kind on one outbound channel kind. */
export interface OutboundOptOutTable {
  district_id: string;
  user_id: string;
  channel_kind: 'wecom' | 'dingtalk' | 'sms';
  event_kind: string;
  created_at: Generated<Timestamp>;
}
