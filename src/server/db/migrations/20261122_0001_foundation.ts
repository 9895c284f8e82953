import { type Kysely, sql } from 'kysely';

/**
 * Foundation schema. Every tenant-owned table starts with `district_id` and has it in its
 * primary key, and foreign keys between tenant tables include it, so the schema can be
 * distributed by district (Citus) without rewriting constraints.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table org_unit (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      parent_id uuid,
      kind text not null,
      name text not null,
      code text not null,
      department_type text,
      sort_order integer not null default 0,
      is_active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint org_unit_pk primary key (district_id, id),
      constraint org_unit_code_uq unique (district_id, code),
      constraint org_unit_parent_fk foreign key (district_id, parent_id) references org_unit (district_id, id),
      constraint org_unit_kind_ck check (kind in ('district', 'township', 'centre', 'school', 'department')),
      constraint org_unit_department_type_ck check ((kind = 'department') = (department_type is not null)),
      constraint org_unit_root_ck check ((kind = 'district') = (parent_id is null))
    )`.execute(db);
  await sql`create index org_unit_parent_ix on org_unit (district_id, parent_id)`.execute(db);

  await sql`
    create table school (
      district_id uuid not null,
      id uuid not null,
      school_type text not null,
      ownership text not null default 'public',
      enrollment integer not null default 0,
      boarding_students integer not null default 0,
      staff_count integer not null default 0,
      gate_count integer not null default 1,
      address text not null default '',
      longitude double precision,
      latitude double precision,
      principal_name text not null default '',
      principal_phone text not null default '',
      safety_officer_name text not null default '',
      safety_officer_phone text not null default '',
      phone text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint school_pk primary key (district_id, id),
      constraint school_org_unit_fk foreign key (district_id, id) references org_unit (district_id, id),
      constraint school_counts_ck check (enrollment >= 0 and boarding_students >= 0 and boarding_students <= enrollment and staff_count >= 0 and gate_count >= 0)
    )`.execute(db);
  await sql`create index school_type_ix on school (district_id, school_type)`.execute(db);

  await sql`
    create table app_user (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      username text not null,
      display_name text not null,
      password_hash text not null,
      role text not null,
      org_unit_id uuid not null,
      phone text not null default '',
      is_active boolean not null default true,
      must_change_password boolean not null default false,
      failed_login_count integer not null default 0,
      locked_until timestamptz,
      last_login_at timestamptz,
      password_changed_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint app_user_pk primary key (district_id, id),
      constraint app_user_org_unit_fk foreign key (district_id, org_unit_id) references org_unit (district_id, id)
    )`.execute(db);
  // Sign-in takes a bare username, so usernames are unique across districts. Under Citus
  // app_user becomes a reference table (a few thousand rows per district).
  await sql`create unique index app_user_username_uq on app_user (lower(username))`.execute(db);

  await sql`
    create table user_session (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      token_hash text not null,
      user_id uuid not null,
      csrf_token text not null,
      ip text not null default '',
      user_agent text not null default '',
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      constraint user_session_pk primary key (district_id, id),
      constraint user_session_user_fk foreign key (district_id, user_id) references app_user (district_id, id) on delete cascade
    )`.execute(db);
  await sql`create unique index user_session_token_uq on user_session (token_hash)`.execute(db);

  await sql`
    create table assignment (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      kind text not null,
      subject_id uuid not null,
      target_id uuid not null,
      created_at timestamptz not null default now(),
      constraint assignment_pk primary key (district_id, id),
      constraint assignment_uq unique (district_id, kind, subject_id, target_id),
      constraint assignment_target_fk foreign key (district_id, target_id) references org_unit (district_id, id),
      constraint assignment_kind_ck check (kind in ('inspector_school', 'leader_area', 'precinct_school'))
    )`.execute(db);
  await sql`create index assignment_target_ix on assignment (district_id, target_id)`.execute(db);

  await sql`
    create table audit_event (
      district_id uuid not null,
      seq bigint not null,
      occurred_at timestamptz not null,
      actor_id uuid,
      actor_name text not null,
      actor_role text not null,
      action text not null,
      entity_type text not null,
      entity_id text not null,
      org_unit_id uuid,
      summary text not null,
      before jsonb,
      after jsonb,
      ip text not null default '',
      prev_hash text not null,
      hash text not null,
      constraint audit_event_pk primary key (district_id, seq)
    )`.execute(db);
  await sql`create index audit_event_entity_ix on audit_event (district_id, entity_type, entity_id)`.execute(db);
  await sql`create index audit_event_time_ix on audit_event (district_id, occurred_at)`.execute(db);
  await sql`
    create table audit_chain_head (
      district_id uuid not null,
      seq bigint not null,
      hash text not null,
      constraint audit_chain_head_pk primary key (district_id)
    )`.execute(db);
  // Append-only: the database itself refuses to change or remove a trail row.
  await sql`
    create function audit_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only';
    end $$`.execute(db);
  await sql`
    create trigger audit_event_no_change before update or delete on audit_event
    for each row execute function audit_event_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['audit_chain_head', 'audit_event', 'assignment', 'user_session', 'app_user', 'school', 'org_unit']) {
    await sql`drop table if exists ${sql.table(t)} cascade`.execute(db);
  }
  await sql`drop function if exists audit_event_append_only`.execute(db);
}
