import { type Kysely, sql } from 'kysely';

/**
 * Issue 11, the rest of "Zone and premises" and "Key persons" (重点人员).
 * - school_gate: a school's gates with coordinates. Distances of premises (and key persons) are
 *   measured from the nearest gate; a school without gates from its own point, as before.
 * - key_person: police-only files of key persons near schools, owned by a police station
 *   (station_unit_id), with the nearest school stored for the precinct check; key_person_school
 *   the derived distances (rewritten with the person's or a school's coordinates and gates);
 *   key_person_follow_up the follow-up records. next_follow_up_due on the person is the latest
 *   follow-up's due date, which the police workbench counts as overdue.
 * No extensions: candidate schools are picked by a latitude/longitude box, distances computed in TypeScript.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table school_gate (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      name text not null,
      latitude double precision not null,
      longitude double precision not null,
      sort_order integer not null default 0,
      created_at timestamptz not null default now(),
      constraint school_gate_pk primary key (district_id, id),
      constraint school_gate_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint school_gate_name_uq unique (district_id, school_id, name),
      constraint school_gate_coords_ck check (latitude between -90 and 90 and longitude between -180 and 180)
    )`.execute(db);
  await sql`create index school_gate_box_ix on school_gate (district_id, latitude, longitude)`.execute(db);

  await sql`
    create table key_person (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      station_unit_id uuid not null,
      name text not null,
      id_number text not null,
      category_code text not null,
      address text not null default '',
      latitude double precision,
      longitude double precision,
      risk_level text not null,
      officer_user_id uuid,
      officer_name text not null default '',
      control_measures text not null default '',
      status text not null default 'active',
      nearest_school_id uuid,
      next_follow_up_due date,
      note text not null default '',
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      updated_by uuid not null,
      updated_by_name text not null,
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      constraint key_person_pk primary key (district_id, id),
      constraint key_person_station_fk foreign key (district_id, station_unit_id) references org_unit (district_id, id),
      constraint key_person_school_fk foreign key (district_id, nearest_school_id) references org_unit (district_id, id),
      constraint key_person_risk_ck check (risk_level in ('high', 'medium', 'low')),
      constraint key_person_status_ck check (status in ('active', 'closed')),
      constraint key_person_coords_ck check ((latitude is null) = (longitude is null) and (latitude is null or (latitude between -90 and 90 and longitude between -180 and 180)))
    )`.execute(db);
  await sql`create index key_person_station_ix on key_person (district_id, station_unit_id)`.execute(db);
  await sql`create index key_person_nearest_ix on key_person (district_id, nearest_school_id)`.execute(db);
  await sql`create index key_person_due_ix on key_person (district_id, officer_user_id, next_follow_up_due) where status = 'active'`.execute(db);

  await sql`
    create table key_person_school (
      district_id uuid not null,
      key_person_id uuid not null,
      school_id uuid not null,
      gate_name text not null,
      from_school_point boolean not null default true,
      distance_m double precision not null,
      constraint key_person_school_pk primary key (district_id, key_person_id, school_id),
      constraint key_person_school_person_fk foreign key (district_id, key_person_id) references key_person (district_id, id) on delete cascade,
      constraint key_person_school_school_fk foreign key (district_id, school_id) references org_unit (district_id, id)
    )`.execute(db);
  await sql`create index key_person_school_school_ix on key_person_school (district_id, school_id)`.execute(db);

  await sql`
    create table key_person_follow_up (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      key_person_id uuid not null,
      follow_up_date date not null,
      by_user_id uuid not null,
      by_name text not null,
      content text not null,
      next_due date,
      created_at timestamptz not null default now(),
      constraint key_person_follow_up_pk primary key (district_id, id),
      constraint key_person_follow_up_person_fk foreign key (district_id, key_person_id) references key_person (district_id, id)
    )`.execute(db);
  await sql`create index key_person_follow_up_person_ix on key_person_follow_up (district_id, key_person_id, follow_up_date)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists key_person_follow_up`.execute(db);
  await sql`drop table if exists key_person_school`.execute(db);
  await sql`drop table if exists key_person`.execute(db);
  await sql`drop table if exists school_gate`.execute(db);
}
