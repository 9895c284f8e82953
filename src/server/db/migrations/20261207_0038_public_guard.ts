import { type Kysely, sql } from 'kysely';

/**
 * The public report page's anti-abuse state (issue 12), moved out of the server process into the
 * database so that several server processes behind one address, and a restart, share it:
 *  - public_guard_counter: hits per client address per fixed window (a sliding window is estimated
 *    from the current and the previous window, server/public-reports/public-guard.ts);
 *  - public_challenge_spent: the challenge tokens already used (a token is good once).
 *
 * Deployment-wide, with no district_id, on purpose: these rows are met before any district is
 * known (the challenge and the receipt look-up carry no district, a receipt is unique across
 * districts) and one address posting to several districts' pages is one client to limit. They hold
 * no tenant data: the address is stored only as a keyed hash (HMAC with the deployment's audit
 * key), the challenge only as its random nonce. Rows carry their own expiry and are deleted once
 * past it (the guard prunes them), so the tables stay small.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table public_guard_counter (
      bucket text not null,
      client_key text not null,
      window_start timestamptz not null,
      hits integer not null,
      expires_at timestamptz not null,
      constraint public_guard_counter_pk primary key (bucket, client_key, window_start),
      constraint public_guard_counter_bucket_ck check (bucket in ('submit', 'read')),
      constraint public_guard_counter_hits_ck check (hits > 0)
    )`.execute(db);
  await sql`create index public_guard_counter_expiry_ix on public_guard_counter (expires_at)`.execute(db);
  await sql`
    create table public_challenge_spent (
      nonce text not null,
      expires_at timestamptz not null,
      constraint public_challenge_spent_pk primary key (nonce)
    )`.execute(db);
  await sql`create index public_challenge_spent_expiry_ix on public_challenge_spent (expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists public_challenge_spent`.execute(db);
  await sql`drop table if exists public_guard_counter`.execute(db);
}
