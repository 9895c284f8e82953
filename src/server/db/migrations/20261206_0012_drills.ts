import { type Kysely, sql } from 'kysely';

/**
 * Emergency drills (应急演练, issue 9). `district_id` first in every key, as everywhere. The
 * evacuation times per building are JSON on the drill (each with the target it was judged
 * against, so a later change of the pack does not rewrite history); the problems found are rows,
 * because each may become a hazard and points at it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table drill (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      client_id uuid not null,
      code text not null,
      school_id uuid not null,
      type_code text not null,
      type_label text not null,
      status text not null default 'draft',
      started_at timestamptz not null,
      drilled_on date not null,
      scenario text not null default '',
      organiser text not null default '',
      guidance jsonb not null default '[]',
      student_participants integer not null default 0,
      staff_participants integer not null default 0,
      enrollment_base integer not null default 0,
      staff_base integer not null default 0,
      buildings jsonb not null default '[]',
      building_count integer not null default 0,
      slow_count integer not null default 0,
      assembly_point text not null default '',
      photo_ids uuid[] not null default '{}',
      plan_attachment_id uuid,
      summary text not null default '',
      evaluation text not null default '',
      problem_count integer not null default 0,
      hazard_count integer not null default 0,
      content_hash text not null default '',
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz,
      version integer not null default 1,
      constraint drill_pk primary key (district_id, id),
      constraint drill_client_uq unique (district_id, client_id),
      constraint drill_code_uq unique (district_id, code),
      constraint drill_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint drill_status_ck check (status in ('draft', 'submitted')),
      constraint drill_submitted_ck check ((status = 'submitted') = (submitted_at is not null))
    )`.execute(db);
  // The duty engine reads submitted drills by day; the list pages by school and by time.
  await sql`create index drill_duty_ix on drill (district_id, drilled_on) include (school_id, type_code) where status = 'submitted'`.execute(db);
  await sql`create index drill_school_ix on drill (district_id, school_id, started_at desc)`.execute(db);
  await sql`create index drill_list_ix on drill (district_id, started_at desc, code desc)`.execute(db);

  await sql`
    create table drill_problem (
      district_id uuid not null,
      drill_id uuid not null,
      no integer not null,
      description text not null,
      place text not null default '',
      category text not null,
      level text not null default 'general',
      attachment_ids uuid[] not null default '{}',
      raise_hazard boolean not null default false,
      hazard_id uuid,
      constraint drill_problem_pk primary key (district_id, drill_id, no),
      constraint drill_problem_drill_fk foreign key (district_id, drill_id) references drill (district_id, id) on delete cascade,
      constraint drill_problem_hazard_fk foreign key (district_id, hazard_id) references hazard (district_id, id),
      constraint drill_problem_level_ck check (level in ('general', 'major'))
    )`.execute(db);

  // A hazard raised from a drill's problem points back at the drill.
  await sql`alter table hazard add column drill_id uuid`.execute(db);
  await sql`alter table hazard add constraint hazard_drill_fk foreign key (district_id, drill_id) references drill (district_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table hazard drop constraint hazard_drill_fk`.execute(db);
  await sql`alter table hazard drop column drill_id`.execute(db);
  await sql`drop table drill_problem`.execute(db);
  await sql`drop table drill`.execute(db);
}
