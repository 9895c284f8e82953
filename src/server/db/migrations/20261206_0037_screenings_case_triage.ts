import { type Kysely, sql } from 'kysely';

/**
 * Issue 12 leftovers.
 *
 * Screening records (排查报告): a unit (school, community or other department, the district) files
 * one per screening for a period — what it found, each finding possibly opening a case in the same
 * transaction — or a 零报告 (nothing found; still a record). They are the duty kind `screening`
 * (types: the pack's screeningTypes vocabulary), so the duty engine's version trigger watches the
 * table (migration 0029's duty_version_bump).
 *
 * Public reports accepted as a case: `outcome = 'case'` with the case's id (the check 0028 foresaw).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table screening_report (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      unit_id uuid not null,
      screening_type text not null,
      screened_on date not null,
      zero_report boolean not null,
      note text not null default '',
      recorded_by uuid not null,
      recorded_by_name text not null,
      created_at timestamptz not null default now(),
      constraint screening_report_pk primary key (district_id, id),
      constraint screening_report_unit_fk foreign key (district_id, unit_id) references org_unit (district_id, id),
      constraint screening_report_user_fk foreign key (district_id, recorded_by) references app_user (district_id, id)
    )`.execute(db);
  await sql`create index screening_report_unit_ix on screening_report (district_id, unit_id, screened_on)`.execute(db);
  await sql`create index screening_report_day_ix on screening_report (district_id, screened_on)`.execute(db);
  await sql`
    create table screening_finding (
      district_id uuid not null,
      report_id uuid not null,
      no smallint not null,
      summary text not null,
      case_id uuid,
      constraint screening_finding_pk primary key (district_id, report_id, no),
      constraint screening_finding_report_fk foreign key (district_id, report_id) references screening_report (district_id, id) on delete cascade,
      constraint screening_finding_case_fk foreign key (district_id, case_id) references case_file (district_id, id)
    )`.execute(db);
  await sql`
    create constraint trigger screening_report_duty_version_bump after insert or update or delete on screening_report
    deferrable initially deferred for each row execute function duty_version_bump('screening')`.execute(db);

  // The district's upward report of an incident (逐级上报, cases.yaml incident.upwardHours): due and done.
  await sql`alter table case_file add column upward_due_at timestamptz`.execute(db);
  await sql`alter table case_file add column upward_report_at timestamptz`.execute(db);
  await sql`create index case_file_upward_ix on case_file (district_id, upward_due_at) where upward_due_at is not null and upward_report_at is null`.execute(
    db,
  );

  await sql`alter table public_report add column case_id uuid`.execute(db);
  await sql`alter table public_report add constraint public_report_case_fk foreign key (district_id, case_id) references case_file (district_id, id)`.execute(
    db,
  );
  await sql`alter table public_report drop constraint public_report_outcome_ck`.execute(db);
  await sql`alter table public_report add constraint public_report_outcome_ck check (outcome in ('hazard', 'merged', 'rejected', 'case'))`.execute(db);
  await sql`alter table public_report add constraint public_report_case_ck check (outcome <> 'case' or case_id is not null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table public_report drop constraint if exists public_report_case_ck`.execute(db);
  await sql`alter table public_report drop constraint if exists public_report_outcome_ck`.execute(db);
  await sql`alter table public_report add constraint public_report_outcome_ck check (outcome in ('hazard', 'merged', 'rejected'))`.execute(db);
  await sql`alter table public_report drop constraint if exists public_report_case_fk`.execute(db);
  await sql`alter table public_report drop column if exists case_id`.execute(db);
  await sql`drop index if exists case_file_upward_ix`.execute(db);
  await sql`alter table case_file drop column if exists upward_report_at`.execute(db);
  await sql`alter table case_file drop column if exists upward_due_at`.execute(db);
  await sql`drop trigger if exists screening_report_duty_version_bump on screening_report`.execute(db);
  await sql`drop table if exists screening_finding`.execute(db);
  await sql`drop table if exists screening_report`.execute(db);
}
