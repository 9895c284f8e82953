import { type Kysely, sql } from 'kysely';

/**
 * The duty engine's tallies of duty rosters (issue 9): a daily obligation asks for one or two days of
 * the whole district; duty_roster had only (district_id, school_id, day), so the roster tally read
 * every roster row of the district (EXPLAIN: Seq Scan on duty_roster, 33,716 of 34,109 rows removed
 * by the filter, on the duties benchmark). The days first, the school and the names included.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index duty_roster_day_ix on duty_roster (district_id, day) include (school_id, leader_name, night_duty_name)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists duty_roster_day_ix`.execute(db);
}
