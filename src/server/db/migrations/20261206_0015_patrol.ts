import { type Kysely, sql } from 'kysely';

/**
 * Duty rosters (值班表), patrol logs (巡查记录) with their findings, and the supervisor's
 * 抽查核实 mark on any duty record (issue 9). district_id first in every key, as everywhere.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table duty_roster (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      day date not null,
      leader_name text not null default '',
      leader_user_id uuid,
      night_duty_name text not null default '',
      night_duty_user_id uuid,
      phone text not null default '',
      note text not null default '',
      updated_by uuid not null,
      updated_by_name text not null,
      updated_at timestamptz not null default now(),
      constraint duty_roster_pk primary key (district_id, id),
      constraint duty_roster_day_uq unique (district_id, school_id, day),
      constraint duty_roster_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint duty_roster_filled_ck check (leader_name <> '' or night_duty_name <> '')
    )`.execute(db);

  await sql`
    create table patrol_log (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      client_id uuid not null,
      code text not null,
      school_id uuid not null,
      route text not null,
      patrolled_at timestamptz not null,
      patrol_day date not null,
      points jsonb not null default '[]',
      patrollers jsonb not null default '[]',
      patroller_ids uuid[] not null default '{}',
      note text not null default '',
      finding_count integer not null default 0,
      hazard_count integer not null default 0,
      content_hash text not null,
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      constraint patrol_log_pk primary key (district_id, id),
      constraint patrol_log_client_uq unique (district_id, client_id),
      constraint patrol_log_code_uq unique (district_id, code),
      constraint patrol_log_school_fk foreign key (district_id, school_id) references org_unit (district_id, id)
    )`.execute(db);
  // The duty engine counts by day over a district; the list pages by school and time.
  await sql`create index patrol_log_day_ix on patrol_log (district_id, patrol_day) include (school_id, route)`.execute(db);
  await sql`create index patrol_log_school_ix on patrol_log (district_id, school_id, patrolled_at desc)`.execute(db);
  await sql`create index patrol_log_list_ix on patrol_log (district_id, patrolled_at desc, code desc)`.execute(db);

  await sql`
    create table patrol_finding (
      district_id uuid not null,
      patrol_log_id uuid not null,
      position integer not null,
      text text not null,
      place text not null default '',
      attachment_ids uuid[] not null default '{}',
      hazard_id uuid,
      constraint patrol_finding_pk primary key (district_id, patrol_log_id, position),
      constraint patrol_finding_log_fk foreign key (district_id, patrol_log_id) references patrol_log (district_id, id) on delete cascade,
      constraint patrol_finding_hazard_fk foreign key (district_id, hazard_id) references hazard (district_id, id)
    )`.execute(db);

  await sql`
    create table record_check (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      kind text not null,
      record_id uuid not null,
      school_id uuid not null,
      result text not null,
      note text not null default '',
      checked_by uuid not null,
      checked_by_name text not null,
      checked_by_unit text not null default '',
      checked_at timestamptz not null default now(),
      constraint record_check_pk primary key (district_id, id),
      constraint record_check_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint record_check_result_ck check (result in ('checked', 'questioned'))
    )`.execute(db);
  await sql`create index record_check_record_ix on record_check (district_id, kind, record_id, checked_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table record_check`.execute(db);
  await sql`drop table patrol_finding`.execute(db);
  await sql`drop table patrol_log`.execute(db);
  await sql`drop table duty_roster`.execute(db);
}
