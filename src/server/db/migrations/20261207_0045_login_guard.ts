import { type Kysely, sql } from 'kysely';

/**
 * Sign-in protection deployment-wide (issue 15): the two counters that lived in each server
 * process (server/auth/login-guard.ts) move into the database, so two servers on one database,
 * and a restart, give an attacker no fresh allowance:
 *  - login_address_counter: failed sign-ins per client address in the current window (10 minutes
 *    from the first failure); a success gives back its own reservation only;
 *  - login_unknown_name: the counter of a name with no active account, run by the same rule as an
 *    account's, so "locked" never tells a stranger that a username exists.
 *
 * Deployment-wide, with no district_id, on purpose (like public_guard_counter, migration 0038):
 * both are met before any district is known (an address guesses across districts; an unknown name
 * belongs to none). They hold no tenant data: the address and the typed name are stored only as a
 * keyed hash (HMAC with the deployment's audit key) — a name typed at sign-in is sometimes a
 * password. The guard deletes rows past their use (address windows over, unknown names unused for
 * `loginPolicy.unknownNameDays` and not locked).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table login_address_counter (
      client_key text not null,
      window_start timestamptz not null,
      failures integer not null,
      constraint login_address_counter_pk primary key (client_key),
      constraint login_address_counter_failures_ck check (failures >= 0)
    )`.execute(db);
  await sql`create index login_address_counter_window_ix on login_address_counter (window_start)`.execute(db);
  await sql`
    create table login_unknown_name (
      name_key text not null,
      failed_login_count integer not null default 0,
      locked_until timestamptz,
      last_attempt_at timestamptz not null,
      constraint login_unknown_name_pk primary key (name_key),
      constraint login_unknown_name_count_ck check (failed_login_count >= 0)
    )`.execute(db);
  await sql`create index login_unknown_name_last_ix on login_unknown_name (last_attempt_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists login_unknown_name`.execute(db);
  await sql`drop table if exists login_address_counter`.execute(db);
}
