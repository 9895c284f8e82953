import { type Kysely, sql } from 'kysely';

/**
 * Ledger pages and counts at district scale (bench/ledger.ts, 100,000 hazards):
 * - hazard_list_cover_ix: the default order (found_at desc, code desc) carrying the columns of the
 *   common filters (level, state and deadline for overdue, the scope's school and hand-over), so a
 *   page finds its 50 ids by an index-only walk however many rows the filter skips, then reads
 *   those rows alone. It replaces hazard_list_order_ix (same key).
 * - hazard_counts_ix: the counts by level, state, deadline and on-time closing. Key columns only,
 *   so B-tree deduplication folds its many equal keys (under 1 MB where hazard_level_state_ix,
 *   whose INCLUDE columns rule deduplication out, took 11 MB): the planner reads it index-only
 *   even for 80,000 matches instead of a parallel scan of the table. It replaces
 *   hazard_level_state_ix (same leading key).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index hazard_list_cover_ix on hazard (district_id, found_at desc, code desc)
    include (level, state, deadline, school_id, handed_over_to, id)`.execute(db);
  await sql`create index hazard_counts_ix on hazard (district_id, level, state, deadline, closed_on_time)`.execute(db);
  await sql`drop index if exists hazard_list_order_ix`.execute(db);
  await sql`drop index if exists hazard_level_state_ix`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index hazard_list_order_ix on hazard (district_id, found_at desc, code desc)`.execute(db);
  await sql`create index hazard_level_state_ix on hazard (district_id, level, state, deadline) include (school_id, closed_on_time)`.execute(db);
  await sql`drop index if exists hazard_list_cover_ix`.execute(db);
  await sql`drop index if exists hazard_counts_ix`.execute(db);
}
