import { type Kysely, sql } from 'kysely';

/**
 * Public reports (群众反映, issue 12): a parent or passer-by reports a problem from a QR code
 * without an account. The receipt number is random and unique across districts (the status
 * lookup carries no district). `handling_unit_id` is the unit whose triage queue holds the
 * report: the school's 教管中心/街道, or the district when no school was named.
 *
 * `outcome` is text with a check, not an enum type, so that a later outcome is one constraint
 * change: the case engine adds `'case'` and a `case_id` column, with a check like the hazard one
 * (`outcome <> 'case' or case_id is not null`). Photos live in their own table (no uploader
 * account); a report turned into a hazard gets attachment rows pointing at the same stored files.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table public_report (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      receipt text not null,
      school_id uuid,
      handling_unit_id uuid not null,
      description text not null,
      place text not null default '',
      contact_name text not null default '',
      contact_phone text not null default '',
      submitted_at timestamptz not null default now(),
      outcome text,
      hazard_id uuid,
      public_reply text not null default '',
      internal_note text not null default '',
      triaged_by uuid,
      triaged_by_name text,
      triaged_at timestamptz,
      constraint public_report_pk primary key (district_id, id),
      constraint public_report_receipt_uq unique (receipt),
      constraint public_report_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint public_report_unit_fk foreign key (district_id, handling_unit_id) references org_unit (district_id, id),
      constraint public_report_hazard_fk foreign key (district_id, hazard_id) references hazard (district_id, id),
      constraint public_report_triager_fk foreign key (district_id, triaged_by) references app_user (district_id, id),
      constraint public_report_outcome_ck check (outcome in ('hazard', 'merged', 'rejected')),
      constraint public_report_triaged_ck check ((outcome is null) = (triaged_at is null)),
      constraint public_report_hazard_ck check (outcome not in ('hazard', 'merged') or hazard_id is not null),
      constraint public_report_reason_ck check (outcome <> 'rejected' or length(public_reply) > 0)
    )`.execute(db);
  await sql`create index public_report_queue_ix on public_report (district_id, handling_unit_id, submitted_at) where outcome is null`.execute(db);
  await sql`create index public_report_school_ix on public_report (district_id, school_id, submitted_at)`.execute(db);
  await sql`create index public_report_hazard_ix on public_report (district_id, hazard_id) where hazard_id is not null`.execute(db);

  await sql`
    create table public_report_photo (
      district_id uuid not null,
      report_id uuid not null,
      no smallint not null,
      file_name text not null,
      content_type text not null,
      size_bytes integer not null,
      sha256 text not null,
      storage_key text not null,
      constraint public_report_photo_pk primary key (district_id, report_id, no),
      constraint public_report_photo_report_fk foreign key (district_id, report_id) references public_report (district_id, id) on delete cascade
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists public_report_photo`.execute(db);
  await sql`drop table if exists public_report`.execute(db);
}
