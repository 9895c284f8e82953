import { type Kysely, sql } from 'kysely';

/**
 * Ledger pages filtered by level and state or overdue (bench/ledger.ts "level + overdue"):
 * walking hazard_list_cover_ix in page order read ~16,700 index entries to find the 50 rows of a
 * rare combination (major and overdue), 8–11 ms. hazard_level_cover_ix finds exactly the matching
 * rows by level, state and deadline and carries the order columns and the id, so the page's ids
 * are an index-only range plus a top-50 sort (0.2 ms). The counts keep hazard_counts_ix (key
 * columns only, deduplicated); the filters by state with the scope's schools or a township keep
 * hazard_school_ix and hazard_list_cover_ix.
 * hazard_found_ix (district_id, found_at desc) is a prefix of hazard_list_cover_ix's key
 * (district_id, found_at desc, code desc): every scan it served, that one serves, so it goes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index hazard_level_cover_ix on hazard (district_id, level, state, deadline) include (found_at, code, id)`.execute(db);
  await sql`drop index if exists hazard_found_ix`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index hazard_found_ix on hazard (district_id, found_at desc)`.execute(db);
  await sql`drop index if exists hazard_level_cover_ix`.execute(db);
}
