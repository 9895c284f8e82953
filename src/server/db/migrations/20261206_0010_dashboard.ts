import { type Kysely, sql } from 'kysely';

/**
 * The dashboard at district scale (bench/dashboard.ts: 300 schools, 47,000 inspections):
 * inspection_level_day_ix serves the submitted inspections of some levels over a period — the
 * coverage panel's year of supervision (every level but the schools' own weekly checks, which
 * are 2/3 of the rows) and the supervision summary's schools inspected. Measured on PGlite: the
 * coverage facts of a year went from a sequential scan of the table (145–185 ms under load) to
 * 70–74 ms. Candidates that did not measurably help (a covering index on hazard found_at, a
 * partial index of open hazards by school) were left out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index inspection_level_day_ix on inspection (district_id, level, inspected_on) include (school_id) where status = 'submitted'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists inspection_level_day_ix`.execute(db);
}
