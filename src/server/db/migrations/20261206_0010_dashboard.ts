import { type Kysely, sql } from 'kysely';

/**
 * The dashboard at district scale (bench/dashboard.ts: 300 schools, 47,000 inspections):
 * inspection_level_day_ix serves the submitted inspections of some levels over a period — the
 * coverage panel's year of supervision (every level but the schools' own weekly checks, which
 * are 2/3 of the rows) and the supervision summary's schools inspected. Measured on PGlite: the
 * coverage facts of a year went from a sequential scan of the table (145–185 ms under load) to
 * 70–74 ms.
 * hazard_period_ix: the hazards found in a period with the columns every period figure groups and
 * filters on (state, deadline, on time, category, place, source, school, hand-over), read
 * index-only where the visibility map allows (PostgreSQL's autovacuum; a vacuumed PGlite). The
 * period's grouping sets went from 156–170 ms to 112–128 ms, the supervision summary's hazards
 * from 61 to 37–39 ms (PGlite, load 3). A partial index of open hazards by school (the backlog)
 * did not measurably help and was left out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index inspection_level_day_ix on inspection (district_id, level, inspected_on) include (school_id) where status = 'submitted'`.execute(db);
  await sql`create index hazard_period_ix on hazard (district_id, found_at)
    include (school_id, state, deadline, closed_on_time, category, place, source, handed_over_to)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists inspection_level_day_ix`.execute(db);
  await sql`drop index if exists hazard_period_ix`.execute(db);
}
