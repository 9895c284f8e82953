import { type Kysely, sql } from 'kysely';

/**
 * The daily online check of gate video and one-key alarms, and alarm drills (issue 10).
 * Storage keeps only what is not the default: one row per school and checked day (who, when,
 * how many devices, how many offline) and one row per device found offline that day. A year of
 * daily checks of 300 schools is ~110,000 day rows; offline rows grow with the outages only.
 * Tenancy as everywhere: district_id first in every key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table device_check_day (
      district_id uuid not null,
      school_id uuid not null,
      day date not null,
      checked_by uuid,
      checked_by_name text not null default '',
      source text not null default 'grid',
      devices integer not null default 0,
      offline integer not null default 0,
      checked_at timestamptz not null default now(),
      constraint device_check_day_pk primary key (district_id, day, school_id),
      constraint device_check_day_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint device_check_day_source_ck check (source in ('grid', 'csv', 'push', 'demo')),
      constraint device_check_day_counts_ck check (devices >= 0 and offline >= 0 and offline <= devices)
    )`.execute(db);
  await sql`create index device_check_day_school_ix on device_check_day (district_id, school_id, day)`.execute(db);

  await sql`
    create table device_offline (
      district_id uuid not null,
      day date not null,
      device_id uuid not null,
      school_id uuid not null,
      note text not null default '',
      constraint device_offline_pk primary key (district_id, day, device_id),
      constraint device_offline_device_fk foreign key (district_id, device_id) references sanfang_device (district_id, id),
      constraint device_offline_check_fk foreign key (district_id, day, school_id) references device_check_day (district_id, day, school_id) on delete cascade
    )`.execute(db);
  await sql`create index device_offline_device_ix on device_offline (district_id, device_id, day)`.execute(db);

  await sql`
    create table device_outage_hazard (
      district_id uuid not null,
      hazard_id uuid not null,
      device_id uuid not null,
      school_id uuid not null,
      outage_start date not null,
      created_at timestamptz not null default now(),
      constraint device_outage_hazard_pk primary key (district_id, hazard_id),
      constraint device_outage_hazard_once_uq unique (district_id, device_id, outage_start),
      constraint device_outage_hazard_hazard_fk foreign key (district_id, hazard_id) references hazard (district_id, id),
      constraint device_outage_hazard_device_fk foreign key (district_id, device_id) references sanfang_device (district_id, id)
    )`.execute(db);

  await sql`
    create table device_push_token (
      district_id uuid not null,
      token_hash text not null,
      created_by uuid,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      constraint device_push_token_pk primary key (district_id),
      constraint device_push_token_hash_uq unique (token_hash)
    )`.execute(db);

  await sql`
    create table alarm_drill (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      device_id uuid not null,
      pressed_at timestamptz not null,
      answered_at timestamptz,
      arrived_at timestamptz,
      result text not null,
      note text not null default '',
      recorded_by uuid,
      recorded_by_name text not null default '',
      created_at timestamptz not null default now(),
      constraint alarm_drill_pk primary key (district_id, id),
      constraint alarm_drill_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint alarm_drill_device_fk foreign key (district_id, device_id) references sanfang_device (district_id, id),
      constraint alarm_drill_result_ck check (result in ('ok', 'slow', 'failed')),
      constraint alarm_drill_times_ck check ((answered_at is null or answered_at >= pressed_at) and (arrived_at is null or arrived_at >= pressed_at))
    )`.execute(db);
  await sql`create index alarm_drill_school_ix on alarm_drill (district_id, school_id, pressed_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists alarm_drill`.execute(db);
  await sql`drop table if exists device_push_token`.execute(db);
  await sql`drop table if exists device_outage_hazard`.execute(db);
  await sql`drop table if exists device_offline`.execute(db);
  await sql`drop table if exists device_check_day`.execute(db);
}
