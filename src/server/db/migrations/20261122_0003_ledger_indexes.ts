import { type Kysely, sql } from 'kysely';

/**
 * Indexes measured by bench/ledger.ts on 100,000 hazards: the default ledger order
 * (found_at desc, code desc) and the counts by level/state/deadline read from the index alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index hazard_list_order_ix on hazard (district_id, found_at desc, code desc)`.execute(db);
  await sql`create index hazard_level_state_ix on hazard (district_id, level, state, deadline) include (school_id, closed_on_time)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists hazard_list_order_ix`.execute(db);
  await sql`drop index if exists hazard_level_state_ix`.execute(db);
}
