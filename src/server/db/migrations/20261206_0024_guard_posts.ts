import { type Kysely, sql } from 'kysely';

/**
 * 护学岗 and peak-hour duty (issue 11): posts at school gates with their own gate label and
 * coordinates (schools carry no gates of their own yet), the rota of who stands there, the sign-ins
 * on a phone with the distance from the post, and the police's patrol zones (包片) with the team
 * assigned to each school. Rota lines are never deleted once saved: a removed line gets valid_to, so
 * past attendance keeps its expected slots.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table guard_post (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      kind text not null default 'school',
      police_unit_id uuid,
      gate_label text not null,
      latitude double precision not null,
      longitude double precision not null,
      periods text[] not null default '{}',
      active boolean not null default true,
      note text not null default '',
      created_by uuid not null,
      created_at timestamptz not null default now(),
      updated_by uuid not null,
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      constraint guard_post_pk primary key (district_id, id),
      constraint guard_post_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint guard_post_police_fk foreign key (district_id, police_unit_id) references org_unit (district_id, id),
      constraint guard_post_kind_ck check (kind in ('school', 'police')),
      constraint guard_post_coords_ck check (latitude between -90 and 90 and longitude between -180 and 180)
    )`.execute(db);
  await sql`create index guard_post_school_ix on guard_post (district_id, school_id)`.execute(db);

  await sql`
    create table guard_rota (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      post_id uuid not null,
      school_id uuid not null,
      period_code text not null,
      weekdays smallint[] not null,
      role text not null,
      person_name text not null,
      user_id uuid,
      phone text not null default '',
      valid_from date not null,
      valid_to date,
      constraint guard_rota_pk primary key (district_id, id),
      constraint guard_rota_post_fk foreign key (district_id, post_id) references guard_post (district_id, id),
      constraint guard_rota_user_fk foreign key (district_id, user_id) references app_user (district_id, id),
      constraint guard_rota_role_ck check (role in ('police', 'auxiliary', 'guard', 'teacher', 'parent'))
    )`.execute(db);
  await sql`create index guard_rota_post_ix on guard_rota (district_id, post_id)`.execute(db);
  await sql`create index guard_rota_user_ix on guard_rota (district_id, user_id) where user_id is not null`.execute(db);
  await sql`create index guard_rota_school_ix on guard_rota (district_id, school_id)`.execute(db);

  await sql`
    create table guard_sign_in (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      post_id uuid not null,
      school_id uuid not null,
      rota_id uuid not null,
      day date not null,
      period_code text not null,
      person_name text not null,
      role text not null,
      signed_by uuid not null,
      signed_by_name text not null,
      on_behalf boolean not null default false,
      signed_at timestamptz not null,
      latitude double precision,
      longitude double precision,
      accuracy_m double precision,
      distance_m double precision,
      late boolean not null default false,
      minutes_late integer not null default 0,
      outside boolean not null default false,
      note text not null default '',
      constraint guard_sign_in_pk primary key (district_id, id),
      constraint guard_sign_in_rota_fk foreign key (district_id, rota_id) references guard_rota (district_id, id),
      constraint guard_sign_in_post_fk foreign key (district_id, post_id) references guard_post (district_id, id),
      constraint guard_sign_in_once_uq unique (district_id, rota_id, day)
    )`.execute(db);
  await sql`create index guard_sign_in_school_day_ix on guard_sign_in (district_id, school_id, day)`.execute(db);

  await sql`
    create table patrol_zone (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      police_unit_id uuid not null,
      name text not null,
      note text not null default '',
      created_by uuid not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      constraint patrol_zone_pk primary key (district_id, id),
      constraint patrol_zone_police_fk foreign key (district_id, police_unit_id) references org_unit (district_id, id)
    )`.execute(db);
  await sql`
    create table patrol_zone_school (
      district_id uuid not null,
      zone_id uuid not null,
      school_id uuid not null,
      team_name text not null default '',
      members text[] not null default '{}',
      constraint patrol_zone_school_pk primary key (district_id, zone_id, school_id),
      constraint patrol_zone_school_zone_fk foreign key (district_id, zone_id) references patrol_zone (district_id, id) on delete cascade,
      constraint patrol_zone_school_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint patrol_zone_school_one_uq unique (district_id, school_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists patrol_zone_school`.execute(db);
  await sql`drop table if exists patrol_zone`.execute(db);
  await sql`drop table if exists guard_sign_in`.execute(db);
  await sql`drop table if exists guard_rota`.execute(db);
  await sql`drop table if exists guard_post`.execute(db);
}
