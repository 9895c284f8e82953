import { type Kysely, sql } from 'kysely';

/**
 * Checklists, inspections and supervision plans (issue 4). Same tenancy rule as before:
 * `district_id` first in every primary and foreign key, so each table distributes by district.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per template version; the pack's templates are copied in at start, admins' saves add versions.
  await sql`
    create table checklist_template (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      code text not null,
      version integer not null,
      name text not null,
      description text not null default '',
      period text,
      levels jsonb not null,
      report jsonb,
      source text not null default '',
      items jsonb not null,
      origin text not null,
      pack_ref text not null,
      content_hash text not null,
      created_by uuid,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      constraint checklist_template_pk primary key (district_id, id),
      constraint checklist_template_version_uq unique (district_id, code, version),
      constraint checklist_template_origin_ck check (origin in ('pack', 'district'))
    )`.execute(db);

  await sql`
    create table inspection (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      client_id uuid not null,
      code text not null,
      school_id uuid not null,
      template_id uuid not null,
      template_code text not null,
      template_version integer not null,
      template_name text not null,
      level text not null,
      status text not null default 'draft',
      inspected_at timestamptz not null,
      inspected_on date not null,
      inspectors jsonb not null,
      inspector_ids uuid[] not null default '{}',
      summary text not null default '',
      location jsonb,
      signatures jsonb not null default '[]',
      pass_count integer not null default 0,
      fail_count integer not null default 0,
      na_count integer not null default 0,
      open_count integer not null default 0,
      hazard_count integer not null default 0,
      report_due date,
      reported_at timestamptz,
      reported_by uuid,
      reported_by_name text,
      report_signature_id uuid,
      plan_id uuid,
      content_hash text not null default '',
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz,
      version integer not null default 1,
      constraint inspection_pk primary key (district_id, id),
      constraint inspection_client_uq unique (district_id, client_id),
      constraint inspection_code_uq unique (district_id, code),
      constraint inspection_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint inspection_template_fk foreign key (district_id, template_id) references checklist_template (district_id, id),
      constraint inspection_status_ck check (status in ('draft', 'submitted')),
      constraint inspection_submitted_ck check ((status = 'submitted') = (submitted_at is not null))
    )`.execute(db);
  // Coverage reads submitted inspections by day for a district; the list pages by school and time.
  await sql`create index inspection_coverage_ix on inspection (district_id, inspected_on) include (school_id, level, template_code) where status = 'submitted'`.execute(
    db,
  );
  await sql`create index inspection_school_ix on inspection (district_id, school_id, inspected_at desc)`.execute(db);
  await sql`create index inspection_list_ix on inspection (district_id, inspected_at desc, code desc)`.execute(db);

  await sql`
    create table inspection_item (
      district_id uuid not null,
      inspection_id uuid not null,
      code text not null,
      position integer not null,
      text text not null,
      category text not null,
      place text,
      guidance text not null default '',
      photo_required boolean not null,
      fail_level text not null,
      result text,
      note text not null default '',
      attachment_ids uuid[] not null default '{}',
      raise_hazard boolean not null default false,
      hazard_id uuid,
      constraint inspection_item_pk primary key (district_id, inspection_id, code),
      constraint inspection_item_inspection_fk foreign key (district_id, inspection_id) references inspection (district_id, id) on delete cascade,
      constraint inspection_item_hazard_fk foreign key (district_id, hazard_id) references hazard (district_id, id),
      constraint inspection_item_result_ck check (result is null or result in ('pass', 'fail', 'na'))
    )`.execute(db);

  // A hazard raised from a failed item points back at it.
  await sql`alter table hazard add column inspection_id uuid`.execute(db);
  await sql`alter table hazard add column inspection_item_code text`.execute(db);
  await sql`alter table hazard add constraint hazard_inspection_fk foreign key (district_id, inspection_id) references inspection (district_id, id)`.execute(
    db,
  );

  // Scheduled joint (and other) inspections: the district plans who visits which schools on which day.
  await sql`
    create table inspection_plan (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      planned_on date not null,
      level text not null,
      title text not null,
      note text not null default '',
      member_unit_ids uuid[] not null default '{}',
      created_by uuid not null,
      created_at timestamptz not null default now(),
      cancelled_at timestamptz,
      constraint inspection_plan_pk primary key (district_id, id)
    )`.execute(db);
  await sql`
    create table inspection_plan_school (
      district_id uuid not null,
      plan_id uuid not null,
      school_id uuid not null,
      constraint inspection_plan_school_pk primary key (district_id, plan_id, school_id),
      constraint inspection_plan_school_plan_fk foreign key (district_id, plan_id) references inspection_plan (district_id, id) on delete cascade,
      constraint inspection_plan_school_school_fk foreign key (district_id, school_id) references org_unit (district_id, id)
    )`.execute(db);
  await sql`alter table inspection add constraint inspection_plan_fk foreign key (district_id, plan_id) references inspection_plan (district_id, id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table inspection drop constraint inspection_plan_fk`.execute(db);
  await sql`drop table inspection_plan_school`.execute(db);
  await sql`drop table inspection_plan`.execute(db);
  await sql`alter table hazard drop constraint hazard_inspection_fk`.execute(db);
  await sql`alter table hazard drop column inspection_item_code`.execute(db);
  await sql`alter table hazard drop column inspection_id`.execute(db);
  await sql`drop table inspection_item`.execute(db);
  await sql`drop table inspection`.execute(db);
  await sql`drop table checklist_template`.execute(db);
}
