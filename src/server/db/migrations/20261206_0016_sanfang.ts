import { type Kysely, sql } from 'kysely';

/**
 * 三防 register (issue 10): the people (guards and other security staff), the devices and
 * equipment (one table, a kind column), each school's perimeter and closed management, and the
 * link from a hazard to the 三防 standard (rule code) whose gap raised it. Tenancy as everywhere:
 * district_id first in every key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sanfang_person (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      role text not null,
      name text not null,
      gender text,
      birth_date date,
      phone text not null default '',
      company text not null default '',
      certificate_no text not null default '',
      certificate_expiry date,
      hire_date date,
      post text not null default '',
      shift text not null default 'day',
      trained boolean not null default false,
      bg_status text not null default 'none',
      bg_date date,
      bg_result text,
      bg_by text not null default '',
      active boolean not null default true,
      note text not null default '',
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint sanfang_person_pk primary key (district_id, id),
      constraint sanfang_person_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint sanfang_person_role_ck check (role in ('guard', 'gate_staff', 'dorm_manager', 'life_teacher', 'safety_officer', 'legal_counsellor', 'police_liaison')),
      constraint sanfang_person_gender_ck check (gender is null or gender in ('male', 'female')),
      constraint sanfang_person_shift_ck check (shift in ('day', 'full_day')),
      constraint sanfang_person_bg_ck check (bg_status in ('none', 'pending', 'done') and (bg_result is null or bg_result in ('clear', 'concern')))
    )`.execute(db);
  await sql`create index sanfang_person_school_ix on sanfang_person (district_id, school_id, role)`.execute(db);

  await sql`
    create table sanfang_device (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      kind text not null,
      name text not null,
      location text not null default '',
      place text,
      facing_gate boolean not null default false,
      retention_days integer,
      networked boolean not null default false,
      linked_110 boolean not null default false,
      main_gate boolean not null default false,
      anti_ram text,
      separated boolean not null default false,
      item text,
      quantity integer not null default 1,
      working boolean not null default true,
      note text not null default '',
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint sanfang_device_pk primary key (district_id, id),
      constraint sanfang_device_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint sanfang_device_kind_ck check (kind in ('camera', 'recorder', 'alarm', 'intrusion', 'access_control', 'patrol_point', 'backup_power', 'gate', 'equipment')),
      constraint sanfang_device_counts_ck check (quantity >= 0 and (retention_days is null or retention_days >= 0))
    )`.execute(db);
  await sql`create index sanfang_device_school_ix on sanfang_device (district_id, school_id, kind)`.execute(db);

  await sql`
    create table sanfang_site (
      district_id uuid not null,
      school_id uuid not null,
      location text not null default 'urban',
      perimeter_type text not null default 'wall',
      wall_height_m numeric(4, 2),
      anti_climb boolean not null default false,
      closed_management boolean not null default false,
      police_room boolean not null default false,
      parents_waiting_area boolean not null default false,
      note text not null default '',
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      constraint sanfang_site_pk primary key (district_id, school_id),
      constraint sanfang_site_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint sanfang_site_location_ck check (location in ('urban', 'town', 'complex_rural', 'rural')),
      constraint sanfang_site_perimeter_ck check (perimeter_type in ('wall', 'fence', 'mixed', 'none'))
    )`.execute(db);

  await sql`
    create table sanfang_hazard (
      district_id uuid not null,
      hazard_id uuid not null,
      school_id uuid not null,
      rule_code text not null,
      created_at timestamptz not null default now(),
      constraint sanfang_hazard_pk primary key (district_id, hazard_id),
      constraint sanfang_hazard_hazard_fk foreign key (district_id, hazard_id) references hazard (district_id, id),
      constraint sanfang_hazard_school_fk foreign key (district_id, school_id) references org_unit (district_id, id)
    )`.execute(db);
  await sql`create index sanfang_hazard_rule_ix on sanfang_hazard (district_id, school_id, rule_code)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists sanfang_hazard`.execute(db);
  await sql`drop table if exists sanfang_site`.execute(db);
  await sql`drop table if exists sanfang_device`.execute(db);
  await sql`drop table if exists sanfang_person`.execute(db);
}
