import { type Kysely, sql } from 'kysely';

/**
 * Ledger pages at city scale (bench/city.ts, bench/ledger.ts):
 * - hazard_level_cover_ix: filtered by level and state or overdue, walking hazard_list_cover_ix
 *   in page order read ~16,700 index entries to find the 50 rows of a rare combination (major and
 *   overdue), 8–11 ms. This one finds exactly the matching rows by level, state and deadline and
 *   carries the order columns and the id: the page's ids are an index-only range plus a top-50
 *   sort (1–2 ms on 100,000 hazards).
 * - hazard_school_counts_ix: the counts of a page filtered by township or by the scope's schools
 *   read deadline and closed_on_time from the table for every match (154 ms for a township's
 *   rectifying hazards among 1,000,000; 9–18 ms among 100,000 for its closed ones). Key columns
 *   only, so B-tree deduplication keeps it small, and the counts are index-only (1 ms). Its key
 *   starts with hazard_school_ix's (district_id, school_id, state), which it replaces.
 * - hazard_found_ix (district_id, found_at desc) is a prefix of hazard_list_cover_ix's key
 *   (district_id, found_at desc, code desc): every scan it served, that one serves.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index hazard_level_cover_ix on hazard (district_id, level, state, deadline) include (found_at, code, id)`.execute(db);
  await sql`create index hazard_school_counts_ix on hazard (district_id, school_id, state, deadline, closed_on_time)`.execute(db);
  await sql`drop index if exists hazard_school_ix`.execute(db);
  await sql`drop index if exists hazard_found_ix`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index hazard_found_ix on hazard (district_id, found_at desc)`.execute(db);
  await sql`create index hazard_school_ix on hazard (district_id, school_id, state)`.execute(db);
  await sql`drop index if exists hazard_school_counts_ix`.execute(db);
  await sql`drop index if exists hazard_level_cover_ix`.execute(db);
}
