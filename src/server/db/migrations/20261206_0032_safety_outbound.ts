import { type Kysely, sql } from 'kysely';

/**
 * 报平安 and outbound channels (issue 13).
 *
 * A sensitive period (敏感时期) keeps the schools in scope as rows (`safety_period_school`),
 * fixed when it opens: the board and the late/missing counts of a period do not move when a
 * school is added later. One check-in per school and Shanghai day; `late` is decided when it is
 * written (after the day's cut-off), so the counts never depend on when they are read.
 *
 * Outbound: `outbound_channel` holds a group robot, SMS or webhook with its secret (never
 * returned by the API); `outbound_delivery` is the outbox, written in the transaction that writes
 * the inbox notification, delivered after commit by the worker. The unique idempotency key per
 * channel means an event enqueued twice is one row; `lease_until` lets a worker claim a row
 * atomically (and a crashed worker's claim expire).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table safety_period (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      title text not null,
      kind text not null,
      starts_on date not null,
      ends_on date not null,
      cutoff_time text not null,
      owner_unit_id uuid not null,
      school_types text[] not null default '{}',
      unit_ids uuid[] not null default '{}',
      note text not null default '',
      closed_at timestamptz,
      created_by uuid,
      created_by_name text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint safety_period_pk primary key (district_id, id),
      constraint safety_period_owner_fk foreign key (district_id, owner_unit_id) references org_unit (district_id, id),
      constraint safety_period_kind_ck check (kind in ('holiday', 'major_event', 'flood_season', 'other')),
      constraint safety_period_days_ck check (ends_on >= starts_on),
      constraint safety_period_cutoff_ck check (cutoff_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')
    )`.execute(db);
  await sql`create index safety_period_days_ix on safety_period (district_id, ends_on, starts_on)`.execute(db);

  await sql`
    create table safety_period_school (
      district_id uuid not null,
      period_id uuid not null,
      school_id uuid not null,
      constraint safety_period_school_pk primary key (district_id, period_id, school_id),
      constraint safety_period_school_period_fk foreign key (district_id, period_id) references safety_period (district_id, id) on delete cascade,
      constraint safety_period_school_school_fk foreign key (district_id, school_id) references org_unit (district_id, id)
    )`.execute(db);
  await sql`create index safety_period_school_school_ix on safety_period_school (district_id, school_id)`.execute(db);

  await sql`
    create table safety_check_in (
      district_id uuid not null,
      period_id uuid not null,
      school_id uuid not null,
      day date not null,
      status text not null,
      note text not null default '',
      case_id uuid,
      late boolean not null,
      reported_by uuid,
      reported_by_name text not null default '',
      reported_at timestamptz not null default now(),
      constraint safety_check_in_pk primary key (district_id, period_id, school_id, day),
      constraint safety_check_in_school_fk foreign key (district_id, period_id, school_id) references safety_period_school (district_id, period_id, school_id) on delete cascade,
      constraint safety_check_in_case_fk foreign key (district_id, case_id) references case_file (district_id, id),
      constraint safety_check_in_status_ck check (status in ('safe', 'exception')),
      constraint safety_check_in_case_ck check (status <> 'exception' or case_id is not null)
    )`.execute(db);

  await sql`
    create table outbound_channel (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      name text not null,
      kind text not null,
      unit_id uuid,
      url text not null default '',
      secret text not null default '',
      event_kinds text[] not null default '{}',
      is_active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint outbound_channel_pk primary key (district_id, id),
      constraint outbound_channel_unit_fk foreign key (district_id, unit_id) references org_unit (district_id, id),
      constraint outbound_channel_kind_ck check (kind in ('wecom', 'dingtalk', 'sms', 'webhook'))
    )`.execute(db);

  await sql`
    create table outbound_delivery (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      channel_id uuid not null,
      idempotency_key text not null,
      event_kind text not null,
      notification_id uuid,
      title text not null,
      body text not null default '',
      entity_type text not null default '',
      entity_id text not null default '',
      recipient text not null default '',
      state text not null default 'pending',
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      lease_until timestamptz,
      last_error text not null default '',
      sent_at timestamptz,
      created_at timestamptz not null default now(),
      constraint outbound_delivery_pk primary key (district_id, id),
      constraint outbound_delivery_channel_fk foreign key (district_id, channel_id) references outbound_channel (district_id, id) on delete cascade,
      constraint outbound_delivery_key_uq unique (district_id, channel_id, idempotency_key),
      constraint outbound_delivery_state_ck check (state in ('pending', 'sending', 'sent', 'dead'))
    )`.execute(db);
  // The worker's queue across districts: only rows still to send are in the index.
  await sql`create index outbound_delivery_due_ix on outbound_delivery (next_attempt_at) where state in ('pending', 'sending')`.execute(db);
  await sql`create index outbound_delivery_list_ix on outbound_delivery (district_id, state, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists outbound_delivery`.execute(db);
  await sql`drop table if exists outbound_channel`.execute(db);
  await sql`drop table if exists safety_check_in`.execute(db);
  await sql`drop table if exists safety_period_school`.execute(db);
  await sql`drop table if exists safety_period`.execute(db);
}
