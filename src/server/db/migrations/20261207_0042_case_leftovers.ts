import { type Kysely, sql } from 'kysely';

/**
 * Issue 12 leftovers (cases). 瞒报: The district marks an incident as concealed (found by the district or
 * the police rather than reported by the school), with its reason; assessment counts the marks
 * (measure incidents_concealed, a 一票否决 item). The mark is a case action: timeline and audit.
 *
 * 任务分办 with a deadline: the assigning unit may set the handling step's deadline (handling_due_at,
 * never beyond the pack's handling limit counted from the assignment); 签收 starts handling with it.
 *
 * A public report merged into an existing case: `outcome = 'merged_case'` with the case's id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table case_file add column concealed_at timestamptz`.execute(db);
  await sql`alter table case_file add column concealed_reason text not null default ''`.execute(db);
  await sql`alter table case_file add column concealed_by_name text`.execute(db);
  await sql`alter table case_file add column handling_due_at timestamptz`.execute(db);
  await sql`alter table public_report drop constraint public_report_outcome_ck`.execute(db);
  await sql`alter table public_report add constraint public_report_outcome_ck check (outcome in ('hazard', 'merged', 'rejected', 'case', 'merged_case'))`.execute(
    db,
  );
  await sql`alter table public_report drop constraint public_report_case_ck`.execute(db);
  await sql`alter table public_report add constraint public_report_case_ck check (outcome not in ('case', 'merged_case') or case_id is not null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update public_report set outcome = 'case' where outcome = 'merged_case'`.execute(db);
  await sql`alter table public_report drop constraint public_report_case_ck`.execute(db);
  await sql`alter table public_report add constraint public_report_case_ck check (outcome <> 'case' or case_id is not null)`.execute(db);
  await sql`alter table public_report drop constraint public_report_outcome_ck`.execute(db);
  await sql`alter table public_report add constraint public_report_outcome_ck check (outcome in ('hazard', 'merged', 'rejected', 'case'))`.execute(db);
  await sql`alter table case_file drop column handling_due_at`.execute(db);
  await sql`alter table case_file drop column concealed_by_name`.execute(db);
  await sql`alter table case_file drop column concealed_reason`.execute(db);
  await sql`alter table case_file drop column concealed_at`.execute(db);
}
