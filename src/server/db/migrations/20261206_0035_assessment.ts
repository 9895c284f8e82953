import { type Kysely, sql } from 'kysely';

/**
 * Assessment (考核, issue 14). A round scores one kind of unit (schools, centres or departments)
 * over a period by the rubric version in force on the period's first day; its rubric code and
 * version are kept, so a later pack change never rescores a published round.
 *
 * assessment_item holds what is known of one item of one unit: the measure's value and the rows
 * behind it (computed when the round opens or is recomputed), the school's 自评 (score, note,
 * attachments owned by the item's id), and the assessor's 考评 (a score, or an override of an
 * automatic item with its reason, or a veto decision). Scores are computed from these by the pure
 * engine; assessment_unit keeps the published totals and ranks, frozen at publication.
 *
 * imported_measure holds figures kept by another platform (安全教育平台 completion rates …),
 * imported from Excel per unit and period key, scored by rubric items through the `imported` measure.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table assessment_round (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      title text not null,
      rubric_code text not null,
      rubric_version text not null,
      unit_type text not null,
      period_from date not null,
      period_to date not null,
      state text not null default 'open',
      computed_at timestamptz not null default now(),
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      published_at timestamptz,
      published_by_name text,
      constraint assessment_round_pk primary key (district_id, id),
      constraint assessment_round_creator_fk foreign key (district_id, created_by) references app_user (district_id, id),
      constraint assessment_round_unit_type_ck check (unit_type in ('school', 'centre', 'department')),
      constraint assessment_round_state_ck check (state in ('open', 'published')),
      constraint assessment_round_period_ck check (period_from <= period_to),
      constraint assessment_round_published_ck check ((state = 'published') = (published_at is not null))
    )`.execute(db);
  await sql`create index assessment_round_created_ix on assessment_round (district_id, created_at)`.execute(db);

  await sql`
    create table assessment_unit (
      district_id uuid not null,
      round_id uuid not null,
      unit_id uuid not null,
      total numeric(7, 1),
      vetoed boolean not null default false,
      rank_in_type integer,
      rank_in_township integer,
      constraint assessment_unit_pk primary key (district_id, round_id, unit_id),
      constraint assessment_unit_round_fk foreign key (district_id, round_id) references assessment_round (district_id, id) on delete cascade,
      constraint assessment_unit_unit_fk foreign key (district_id, unit_id) references org_unit (district_id, id)
    )`.execute(db);

  await sql`
    create table assessment_item (
      district_id uuid not null,
      round_id uuid not null,
      unit_id uuid not null,
      item_code text not null,
      id uuid not null default gen_random_uuid(),
      value numeric(12, 2),
      computed boolean not null default false,
      detail text not null default '',
      evidence jsonb not null default '[]',
      self_score numeric(7, 1),
      self_note text not null default '',
      self_by_name text,
      self_at timestamptz,
      assessor_score numeric(7, 1),
      assessor_veto boolean,
      assessor_note text not null default '',
      override_reason text not null default '',
      assessor_by_name text,
      assessor_at timestamptz,
      constraint assessment_item_pk primary key (district_id, round_id, unit_id, item_code),
      constraint assessment_item_id_uq unique (district_id, id),
      constraint assessment_item_unit_fk foreign key (district_id, round_id, unit_id) references assessment_unit (district_id, round_id, unit_id) on delete cascade
    )`.execute(db);

  await sql`
    create table imported_measure (
      district_id uuid not null,
      source text not null,
      unit_id uuid not null,
      period_key text not null,
      value numeric(12, 2) not null,
      imported_at timestamptz not null default now(),
      imported_by_name text not null,
      constraint imported_measure_pk primary key (district_id, source, period_key, unit_id),
      constraint imported_measure_unit_fk foreign key (district_id, unit_id) references org_unit (district_id, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists imported_measure`.execute(db);
  await sql`drop table if exists assessment_item`.execute(db);
  await sql`drop table if exists assessment_unit`.execute(db);
  await sql`drop table if exists assessment_round`.execute(db);
}
