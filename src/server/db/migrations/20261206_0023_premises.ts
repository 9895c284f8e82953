import { type Kysely, sql } from 'kysely';

/**
 * Premises near schools (周边场所, issue 11) and, per premise, the schools it is near with the
 * geodesic distance and whether it breaks a zone rule of the pack. premise_school is derived:
 * rewritten on every save of the premise and when a school's coordinates change. A hazard raised
 * from a breach points at its premise (at most one open hazard per premise and school).
 * No PostGIS: candidates are picked by a latitude/longitude box, distances computed in TypeScript.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table premise (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      type_code text not null,
      name text not null,
      address text not null default '',
      latitude double precision not null,
      longitude double precision not null,
      licence_no text not null default '',
      licence_expiry date,
      operator_name text not null default '',
      contact_phone text not null default '',
      department_unit_id uuid,
      status text not null default 'open',
      note text not null default '',
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      updated_by uuid not null,
      updated_by_name text not null,
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      constraint premise_pk primary key (district_id, id),
      constraint premise_department_fk foreign key (district_id, department_unit_id) references org_unit (district_id, id),
      constraint premise_status_ck check (status in ('open', 'closed')),
      constraint premise_coords_ck check (latitude between -90 and 90 and longitude between -180 and 180)
    )`.execute(db);
  await sql`create index premise_box_ix on premise (district_id, latitude, longitude)`.execute(db);
  await sql`create index premise_type_ix on premise (district_id, type_code)`.execute(db);

  await sql`
    create table premise_school (
      district_id uuid not null,
      premise_id uuid not null,
      school_id uuid not null,
      gate_name text not null,
      from_school_point boolean not null default true,
      distance_m double precision not null,
      breach boolean not null default false,
      zone_code text,
      radius_m integer,
      message text not null default '',
      constraint premise_school_pk primary key (district_id, premise_id, school_id),
      constraint premise_school_premise_fk foreign key (district_id, premise_id) references premise (district_id, id) on delete cascade,
      constraint premise_school_school_fk foreign key (district_id, school_id) references org_unit (district_id, id)
    )`.execute(db);
  await sql`create index premise_school_school_ix on premise_school (district_id, school_id, distance_m)`.execute(db);

  await sql`alter table hazard add column premise_id uuid`.execute(db);
  await sql`alter table hazard add constraint hazard_premise_fk foreign key (district_id, premise_id) references premise (district_id, id)`.execute(db);
  // One open hazard per breach (premise and school): a second click finds the first.
  await sql`create unique index hazard_open_premise_uq on hazard (district_id, premise_id, school_id) where premise_id is not null and state <> 'closed'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists hazard_open_premise_uq`.execute(db);
  await sql`alter table hazard drop constraint if exists hazard_premise_fk`.execute(db);
  await sql`alter table hazard drop column if exists premise_id`.execute(db);
  await sql`drop table if exists premise_school`.execute(db);
  await sql`drop table if exists premise`.execute(db);
}
