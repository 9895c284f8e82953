import { type Kysely, sql } from 'kysely';

/**
 * Reports up the chain (issue 13).
 * - report: one unit's report of one type and period (the pack's reports.yaml), created on the first
 *   submission. state submitted | returned; the first submission's time judges lateness, return_count
 *   counts the returns (the assessment's numbers come from getReportStatus over these rows).
 * - report_version: every submission kept whole (cells with computed and corrected values, the
 *   written fields, 零报告, attachments) and the return of that version with its reason: a
 *   resubmission adds a version and never overwrites the returned one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table report (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      type_code text not null,
      period_key text not null,
      unit_id uuid not null,
      state text not null,
      version_no integer not null,
      due_on date not null,
      first_submitted_at timestamptz not null,
      submitted_at timestamptz not null,
      return_count integer not null default 0,
      return_reason text,
      returned_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint report_pk primary key (district_id, id),
      constraint report_unit_fk foreign key (district_id, unit_id) references org_unit (district_id, id),
      constraint report_period_uq unique (district_id, type_code, period_key, unit_id),
      constraint report_state_ck check (state in ('submitted', 'returned'))
    )`.execute(db);
  await sql`create index report_period_ix on report (district_id, type_code, period_key)`.execute(db);

  await sql`
    create table report_version (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      report_id uuid not null,
      version_no integer not null,
      zero_report boolean not null default false,
      cells jsonb not null,
      fields jsonb not null,
      submitted_by uuid,
      submitted_by_name text not null,
      submitted_at timestamptz not null,
      returned_by_name text,
      returned_at timestamptz,
      return_reason text,
      constraint report_version_pk primary key (district_id, id),
      constraint report_version_report_fk foreign key (district_id, report_id) references report (district_id, id),
      constraint report_version_no_uq unique (district_id, report_id, version_no)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists report_version`.execute(db);
  await sql`drop table if exists report`.execute(db);
}
