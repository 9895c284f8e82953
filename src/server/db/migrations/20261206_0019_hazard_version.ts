import { type Kysely, sql } from 'kysely';

/**
 * hazard_version: a number per district that every committed change of a hazard or an org unit
 * moves on. The ledger's counts (total, open, overdue, closed, closed on time) are cached by
 * district + filter + day + this number (hazards/hazard-count-cache.ts): over a city's million
 * hazards they were the slow part of a page (issue 15). A reader that sees the same number sees
 * the same hazards, in any process that shares the database, so the cache is exact.
 *
 * The trigger is a deferred constraint trigger: it runs at commit, after the transaction's own
 * row locks, so two transactions that change hazards never wait on each other for this row while
 * holding it (no deadlock), and the row is locked only for the moment of the commit. Org units
 * count too: the township filter and the keyword (school name) read them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table hazard_version (
      district_id uuid primary key,
      n bigint not null default 0
    )`.execute(db);
  await sql`
    create function hazard_version_bump() returns trigger language plpgsql as $$
    begin
      insert into hazard_version as v (district_id, n) values (coalesce(new.district_id, old.district_id), 1)
      on conflict (district_id) do update set n = v.n + 1;
      return null;
    end $$`.execute(db);
  for (const table of ['hazard', 'org_unit']) {
    await sql`
      create constraint trigger ${sql.raw(`${table}_version_bump`)} after insert or update or delete on ${sql.table(table)}
      deferrable initially deferred for each row execute function hazard_version_bump()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists hazard_version_bump on hazard`.execute(db);
  await sql`drop trigger if exists org_unit_version_bump on org_unit`.execute(db);
  await sql`drop function if exists hazard_version_bump()`.execute(db);
  await sql`drop table if exists hazard_version`.execute(db);
}
