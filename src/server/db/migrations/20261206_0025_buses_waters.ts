import { type Kysely, sql } from 'kysely';

/**
 * School buses and dangerous waters (issue 11):
 * - school_bus: a school's vehicle; school_bus_person (drivers and escorts) and school_bus_route
 *   belong to it and are rewritten with it (the form saves a vehicle whole).
 * - bus_check: the monthly special check (校车专项检查, centres/police) and the drivers' weekly
 *   study (校车安全学习, the school), both duties of the duty engine.
 * - premise_water (one row per water premise: signs, barriers, the responsible person) and
 *   water_patrol (who, when, what was found).
 * - flag_hazard: the hazard raised from a flag (an expired licence, a missing sign …) and the key
 *   of that flag, so a flag has at most one open hazard.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table school_bus (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      plate_no text not null,
      seats integer not null,
      model text not null default '',
      licence_no text not null default '',
      licence_expiry date,
      inspected_on date,
      status text not null default 'in_service',
      note text not null default '',
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      updated_by uuid not null,
      updated_by_name text not null,
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      constraint school_bus_pk primary key (district_id, id),
      constraint school_bus_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint school_bus_status_ck check (status in ('in_service', 'retired')),
      constraint school_bus_seats_ck check (seats between 1 and 100)
    )`.execute(db);
  await sql`create index school_bus_school_ix on school_bus (district_id, school_id)`.execute(db);
  await sql`create unique index school_bus_plate_uq on school_bus (district_id, plate_no) where status = 'in_service'`.execute(db);

  await sql`
    create table school_bus_person (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      bus_id uuid not null,
      school_id uuid not null,
      role text not null,
      position integer not null,
      name text not null,
      phone text not null default '',
      birth_date date,
      licence_no text not null default '',
      licence_class text not null default '',
      licence_expiry date,
      licensed_since date,
      checked_on date,
      check_passed boolean not null default true,
      trained_on date,
      note text not null default '',
      constraint school_bus_person_pk primary key (district_id, id),
      constraint school_bus_person_bus_fk foreign key (district_id, bus_id) references school_bus (district_id, id) on delete cascade,
      constraint school_bus_person_role_ck check (role in ('driver', 'escort'))
    )`.execute(db);
  await sql`create index school_bus_person_bus_ix on school_bus_person (district_id, bus_id)`.execute(db);

  await sql`
    create table school_bus_route (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      bus_id uuid not null,
      school_id uuid not null,
      position integer not null,
      name text not null,
      stops text not null default '',
      times text not null default '',
      student_count integer not null default 0,
      other_school_ids uuid[] not null default '{}',
      constraint school_bus_route_pk primary key (district_id, id),
      constraint school_bus_route_bus_fk foreign key (district_id, bus_id) references school_bus (district_id, id) on delete cascade
    )`.execute(db);
  await sql`create index school_bus_route_bus_ix on school_bus_route (district_id, bus_id)`.execute(db);

  await sql`
    create table bus_check (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      kind text not null,
      checked_on date not null,
      participants text not null,
      content text not null default '',
      result text not null default 'ok',
      findings text not null default '',
      recorded_by uuid not null,
      recorded_by_name text not null,
      recorded_by_unit_id uuid not null,
      created_at timestamptz not null default now(),
      constraint bus_check_pk primary key (district_id, id),
      constraint bus_check_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint bus_check_kind_ck check (kind in ('special_check', 'weekly_study')),
      constraint bus_check_result_ck check (result in ('ok', 'problems'))
    )`.execute(db);
  await sql`create index bus_check_school_ix on bus_check (district_id, kind, school_id, checked_on)`.execute(db);

  await sql`
    create table premise_water (
      district_id uuid not null,
      premise_id uuid not null,
      sign_count integer not null default 0,
      sign_condition text not null,
      barrier text not null,
      barrier_note text not null default '',
      responsible_name text not null default '',
      responsible_phone text not null default '',
      updated_by uuid not null,
      updated_by_name text not null,
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      constraint premise_water_pk primary key (district_id, premise_id),
      constraint premise_water_premise_fk foreign key (district_id, premise_id) references premise (district_id, id) on delete cascade,
      constraint premise_water_sign_ck check (sign_condition in ('good', 'damaged', 'none') and sign_count >= 0),
      constraint premise_water_barrier_ck check (barrier in ('complete', 'partial', 'none'))
    )`.execute(db);

  await sql`
    create table water_patrol (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      premise_id uuid not null,
      patrolled_on date not null,
      time_of_day text,
      patroller_name text not null,
      unit_id uuid not null,
      unit_name text not null,
      findings text not null default '',
      problem boolean not null default false,
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      constraint water_patrol_pk primary key (district_id, id),
      constraint water_patrol_premise_fk foreign key (district_id, premise_id) references premise (district_id, id) on delete cascade
    )`.execute(db);
  await sql`create index water_patrol_premise_ix on water_patrol (district_id, premise_id, patrolled_on)`.execute(db);

  await sql`
    create table flag_hazard (
      district_id uuid not null,
      hazard_id uuid not null,
      school_id uuid not null,
      subject text not null,
      flag_key text not null,
      constraint flag_hazard_pk primary key (district_id, hazard_id),
      constraint flag_hazard_hazard_fk foreign key (district_id, hazard_id) references hazard (district_id, id),
      constraint flag_hazard_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint flag_hazard_subject_ck check (subject in ('bus', 'water'))
    )`.execute(db);
  await sql`create index flag_hazard_key_ix on flag_hazard (district_id, flag_key, school_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['flag_hazard', 'water_patrol', 'premise_water', 'bus_check', 'school_bus_route', 'school_bus_person', 'school_bus']) {
    await sql`drop table if exists ${sql.raw(t)}`.execute(db);
  }
}
