import { type Kysely, sql } from 'kysely';

/**
 * Issue 11 follow-up.
 * - 护学岗 rota versions: a change to a rota line no longer rewrites it in place; the old version
 *   ends the day before the change takes effect and a new version (same line_id) begins, so past
 *   days are judged by the rota then in force. created_by / created_at say who changed it when
 *   (null for the versions saved before this migration). A sign-in carries the line it counts for
 *   (line_id), so a line changed during the day keeps the morning's sign-in; one per line, day and period.
 * - School gates: is_main marks the main gate (正门); the first gate of each school listed so far
 *   becomes its main gate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table guard_rota add column line_id uuid`.execute(db);
  await sql`update guard_rota set line_id = id`.execute(db);
  await sql`alter table guard_rota alter column line_id set not null`.execute(db);
  // A line written without one (a plain insert) is a line of its own.
  await sql`alter table guard_rota alter column line_id set default gen_random_uuid()`.execute(db);
  await sql`alter table guard_rota add column created_by uuid`.execute(db);
  await sql`alter table guard_rota add column created_at timestamptz not null default now()`.execute(db);
  await sql`create index guard_rota_line_ix on guard_rota (district_id, line_id)`.execute(db);

  await sql`alter table guard_sign_in add column line_id uuid`.execute(db);
  await sql`update guard_sign_in set line_id = rota_id`.execute(db);
  await sql`alter table guard_sign_in alter column line_id set not null`.execute(db);
  await sql`create unique index guard_sign_in_line_uq on guard_sign_in (district_id, line_id, day, period_code)`.execute(db);

  await sql`alter table school_gate add column is_main boolean not null default false`.execute(db);
  await sql`
    update school_gate g set is_main = true
    where g.sort_order = (select min(x.sort_order) from school_gate x where x.district_id = g.district_id and x.school_id = g.school_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table school_gate drop column if exists is_main`.execute(db);
  await sql`drop index if exists guard_sign_in_line_uq`.execute(db);
  await sql`alter table guard_sign_in drop column if exists line_id`.execute(db);
  await sql`drop index if exists guard_rota_line_ix`.execute(db);
  await sql`alter table guard_rota drop column if exists created_at`.execute(db);
  await sql`alter table guard_rota drop column if exists created_by`.execute(db);
  await sql`alter table guard_rota drop column if exists line_id`.execute(db);
}
