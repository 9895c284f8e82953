import { type Kysely, sql } from 'kysely';

/**
 * Hazard ledger (隐患双台账), its timeline, evidence files, rectification notices (整改通知书),
 * penalty decisions (执法处罚书) and the in-app inbox. Same tenancy rule as the foundation:
 * `district_id` first in every primary and foreign key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Readable numbers (hazard codes, notice numbers) come from per-district counters.
  await sql`
    create table counter (
      district_id uuid not null,
      name text not null,
      value bigint not null,
      constraint counter_pk primary key (district_id, name)
    )`.execute(db);
  await sql`
    create table hazard (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      code text not null,
      school_id uuid not null,
      title text not null,
      description text not null default '',
      place text not null,
      category text not null,
      level text,
      source text not null,
      state text not null default 'reported',
      found_at timestamptz not null,
      reported_by uuid,
      reported_by_name text not null,
      responsible_unit_id uuid not null,
      handed_over_to uuid,
      deadline date,
      supervision_listed boolean not null default false,
      supervision_listed_at timestamptz,
      interim_control text not null default '',
      plan_measures text not null default '',
      plan_responsible_person text not null default '',
      plan_funds text not null default '',
      plan_contingency text not null default '',
      rectification_note text not null default '',
      extension_requested_deadline date,
      extension_reason text not null default '',
      closed_at timestamptz,
      closed_on_time boolean,
      recurrence_of uuid,
      verification_failures integer not null default 0,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint hazard_pk primary key (district_id, id),
      constraint hazard_code_uq unique (district_id, code),
      constraint hazard_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint hazard_responsible_fk foreign key (district_id, responsible_unit_id) references org_unit (district_id, id),
      constraint hazard_handed_over_fk foreign key (district_id, handed_over_to) references org_unit (district_id, id),
      constraint hazard_recurrence_fk foreign key (district_id, recurrence_of) references hazard (district_id, id),
      constraint hazard_state_ck check (state in ('reported', 'assessed', 'rectifying', 'pending_verification', 'closed')),
      constraint hazard_level_ck check (level is null or level in ('general', 'major')),
      constraint hazard_closed_ck check ((state = 'closed') = (closed_at is not null))
    )`.execute(db);
  await sql`create index hazard_school_ix on hazard (district_id, school_id, state)`.execute(db);
  await sql`create index hazard_state_deadline_ix on hazard (district_id, state, deadline)`.execute(db);
  await sql`create index hazard_found_ix on hazard (district_id, found_at desc)`.execute(db);
  await sql`create index hazard_handed_over_ix on hazard (district_id, handed_over_to) where handed_over_to is not null`.execute(db);

  await sql`
    create table hazard_event (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      hazard_id uuid not null,
      action text not null,
      from_state text,
      to_state text not null,
      actor_id uuid,
      actor_name text not null,
      actor_role text not null,
      actor_unit_name text not null default '',
      note text not null default '',
      data jsonb not null default '{}',
      occurred_at timestamptz not null default now(),
      constraint hazard_event_pk primary key (district_id, id),
      constraint hazard_event_hazard_fk foreign key (district_id, hazard_id) references hazard (district_id, id)
    )`.execute(db);
  await sql`create index hazard_event_hazard_ix on hazard_event (district_id, hazard_id, occurred_at)`.execute(db);

  await sql`
    create table attachment (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid,
      owner_type text,
      owner_id uuid,
      purpose text not null,
      file_name text not null,
      content_type text not null,
      size_bytes integer not null,
      sha256 text not null,
      storage_key text not null,
      uploaded_by uuid not null,
      created_at timestamptz not null default now(),
      constraint attachment_pk primary key (district_id, id),
      constraint attachment_school_fk foreign key (district_id, school_id) references org_unit (district_id, id)
    )`.execute(db);
  await sql`create index attachment_owner_ix on attachment (district_id, owner_type, owner_id)`.execute(db);

  await sql`
    create table rectification_notice (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      number text not null,
      year integer not null,
      seq integer not null,
      issuer_unit_id uuid not null,
      issuer_user_id uuid not null,
      issuer_name text not null,
      issuer_kind text not null,
      school_id uuid not null,
      requirements text not null default '',
      deadline date not null,
      issued_at timestamptz not null default now(),
      acknowledged_at timestamptz,
      acknowledged_by_name text,
      replied_at timestamptz,
      reply_text text not null default '',
      replied_by_name text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint rectification_notice_pk primary key (district_id, id),
      constraint rectification_notice_number_uq unique (district_id, issuer_unit_id, year, seq),
      constraint rectification_notice_issuer_fk foreign key (district_id, issuer_unit_id) references org_unit (district_id, id),
      constraint rectification_notice_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint rectification_notice_kind_ck check (issuer_kind in ('district', 'inspector', 'police', 'centre'))
    )`.execute(db);
  await sql`create index rectification_notice_school_ix on rectification_notice (district_id, school_id, issued_at desc)`.execute(db);
  await sql`
    create table notice_hazard (
      district_id uuid not null,
      notice_id uuid not null,
      hazard_id uuid not null,
      constraint notice_hazard_pk primary key (district_id, notice_id, hazard_id),
      constraint notice_hazard_notice_fk foreign key (district_id, notice_id) references rectification_notice (district_id, id),
      constraint notice_hazard_hazard_fk foreign key (district_id, hazard_id) references hazard (district_id, id)
    )`.execute(db);
  await sql`
    create table notice_number_format (
      district_id uuid not null,
      issuer_unit_id uuid not null,
      format text not null,
      updated_at timestamptz not null default now(),
      constraint notice_number_format_pk primary key (district_id, issuer_unit_id),
      constraint notice_number_format_issuer_fk foreign key (district_id, issuer_unit_id) references org_unit (district_id, id)
    )`.execute(db);

  await sql`
    create table penalty_decision (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      number text not null,
      police_unit_id uuid not null,
      school_id uuid not null,
      decided_on date not null,
      content text not null,
      recorded_by uuid not null,
      recorded_by_name text not null,
      created_at timestamptz not null default now(),
      constraint penalty_decision_pk primary key (district_id, id),
      constraint penalty_decision_number_uq unique (district_id, police_unit_id, number),
      constraint penalty_decision_police_fk foreign key (district_id, police_unit_id) references org_unit (district_id, id),
      constraint penalty_decision_school_fk foreign key (district_id, school_id) references org_unit (district_id, id)
    )`.execute(db);
  await sql`
    create table penalty_hazard (
      district_id uuid not null,
      penalty_id uuid not null,
      hazard_id uuid not null,
      constraint penalty_hazard_pk primary key (district_id, penalty_id, hazard_id),
      constraint penalty_hazard_penalty_fk foreign key (district_id, penalty_id) references penalty_decision (district_id, id),
      constraint penalty_hazard_hazard_fk foreign key (district_id, hazard_id) references hazard (district_id, id)
    )`.execute(db);

  await sql`
    create table notification (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      user_id uuid not null,
      kind text not null,
      title text not null,
      body text not null default '',
      entity_type text not null,
      entity_id uuid not null,
      dedupe_key text,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      constraint notification_pk primary key (district_id, id),
      constraint notification_user_fk foreign key (district_id, user_id) references app_user (district_id, id)
    )`.execute(db);
  await sql`create index notification_inbox_ix on notification (district_id, user_id, created_at desc)`.execute(db);
  // Scheduled reminders (deadline soon, overdue) are sent once per hazard, user and deadline.
  await sql`create unique index notification_dedupe_uq on notification (district_id, user_id, kind, dedupe_key) where dedupe_key is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'notification',
    'penalty_hazard',
    'penalty_decision',
    'notice_number_format',
    'notice_hazard',
    'rectification_notice',
    'attachment',
    'hazard_event',
    'hazard',
    'counter',
  ]) {
    await sql`drop table if exists ${sql.table(t)} cascade`.execute(db);
  }
}
