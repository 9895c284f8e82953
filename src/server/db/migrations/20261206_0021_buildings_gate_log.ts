import { type Kysely, sql } from 'kysely';

/**
 * Issue 10, the parts 0016 left out: 校舍 with their safety appraisal (grade A–D, date), fire
 * facilities with their qualified maintenance service and dates, each school's fire-safety unit
 * status (火灾高危单位 and its yearly assessment), the gate log (门卫登记) of visitors and
 * vehicles, and on the gap → hazard link the moment the register last showed the rule met
 * (register_met_at: the "登记表已达标" timeline entry is written once per change).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sanfang_building (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      name text not null,
      use text not null default 'teaching',
      floors integer not null default 1,
      year_built integer,
      area_m2 numeric(10, 1),
      seismic_compliant boolean not null default false,
      design_life_years integer not null default 50,
      grade text,
      appraised_on date,
      appraised_by text not null default '',
      active boolean not null default true,
      note text not null default '',
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint sanfang_building_pk primary key (district_id, id),
      constraint sanfang_building_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint sanfang_building_grade_ck check (grade is null or grade in ('A', 'B', 'C', 'D')),
      constraint sanfang_building_use_ck check (use in ('teaching', 'dormitory', 'canteen', 'office', 'library', 'lab', 'gym', 'other')),
      constraint sanfang_building_counts_ck check (floors between 0 and 200 and design_life_years between 1 and 200)
    )`.execute(db);
  await sql`create index sanfang_building_school_ix on sanfang_building (district_id, school_id)`.execute(db);

  await sql`
    create table sanfang_fire_facility (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      kind text not null,
      location text not null default '',
      quantity integer not null default 1,
      service_company text not null default '',
      last_maintained_on date,
      next_maintenance_on date,
      working boolean not null default true,
      note text not null default '',
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint sanfang_fire_facility_pk primary key (district_id, id),
      constraint sanfang_fire_facility_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint sanfang_fire_facility_kind_ck check (kind in ('extinguisher', 'hydrant', 'auto_alarm', 'sprinkler', 'emergency_light', 'exit_sign', 'smoke_control', 'other')),
      constraint sanfang_fire_facility_qty_ck check (quantity >= 0)
    )`.execute(db);
  await sql`create index sanfang_fire_facility_school_ix on sanfang_fire_facility (district_id, school_id)`.execute(db);

  await sql`
    create table sanfang_fire_unit (
      district_id uuid not null,
      school_id uuid not null,
      high_risk boolean not null default false,
      assessed_on date,
      assessed_by text not null default '',
      note text not null default '',
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      constraint sanfang_fire_unit_pk primary key (district_id, school_id),
      constraint sanfang_fire_unit_school_fk foreign key (district_id, school_id) references org_unit (district_id, id)
    )`.execute(db);

  await sql`
    create table gate_log_entry (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      kind text not null default 'visitor',
      name text not null default '',
      id_last4 text not null default '',
      phone text not null default '',
      plate text not null default '',
      purpose text not null default '',
      host text not null default '',
      entered_at timestamptz not null,
      left_at timestamptz,
      entered_on date not null,
      recorded_by uuid not null,
      created_at timestamptz not null default now(),
      constraint gate_log_entry_pk primary key (district_id, id),
      constraint gate_log_entry_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint gate_log_entry_kind_ck check (kind in ('visitor', 'vehicle')),
      constraint gate_log_entry_times_ck check (left_at is null or left_at >= entered_at)
    )`.execute(db);
  await sql`create index gate_log_entry_school_ix on gate_log_entry (district_id, school_id, entered_on)`.execute(db);

  await sql`alter table sanfang_hazard add column register_met_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sanfang_hazard drop column if exists register_met_at`.execute(db);
  await sql`drop table if exists gate_log_entry`.execute(db);
  await sql`drop table if exists sanfang_fire_unit`.execute(db);
  await sql`drop table if exists sanfang_fire_facility`.execute(db);
  await sql`drop table if exists sanfang_building`.execute(db);
}
