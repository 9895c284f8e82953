import { sql } from 'kysely';
import type { Db } from '../../src/server/db/database.js';

/**
 * Test instrumentation for "nothing written": a row trigger on every table of the test database
 * counts committed row changes per table in `fuzz_write_ledger`. A rolled-back change rolls its
 * count back too, so the ledger shows exactly what a request left behind (inserts, updates and
 * deletes alike) for the price of one query on a tiny table. Tables added later are covered,
 * because the triggers are created from the catalogue.
 */
export async function installWriteLedger(db: Db): Promise<void> {
  await sql`create table if not exists fuzz_write_ledger (table_name text primary key, n bigint not null)`.execute(db);
  await sql`
    create or replace function fuzz_count_write() returns trigger language plpgsql as $$
    begin
      insert into fuzz_write_ledger as l values (tg_table_name, 1)
        on conflict (table_name) do update set n = l.n + 1;
      return null;
    end $$`.execute(db);
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name <> 'fuzz_write_ledger' and table_name not like 'kysely_%'`.execute(db);
  for (const { name } of tables.rows) {
    await sql`drop trigger if exists fuzz_write on ${sql.table(name)}`.execute(db);
    await sql`create trigger fuzz_write after insert or update or delete on ${sql.table(name)} for each row execute function fuzz_count_write()`.execute(db);
  }
}

export type Ledger = Map<string, number>;

export async function readLedger(db: Db): Promise<Ledger> {
  const r = await sql<{ table_name: string; n: string | number }>`select table_name, n from fuzz_write_ledger`.execute(db);
  return new Map(r.rows.map((x) => [x.table_name, Number(x.n)]));
}

/** Tables whose rows changed between two readings, with the number of changed rows. */
export function ledgerDiff(before: Ledger, after: Ledger, ignore: ReadonlySet<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [table, n] of after) {
    const d = n - (before.get(table) ?? 0);
    if (d !== 0 && !ignore.has(table)) out[table] = d;
  }
  return out;
}

/** Row counts of every table (for the per-batch check the issue asks for). */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%' and table_name <> 'fuzz_write_ledger'
    order by 1`.execute(db);
  const parts = tables.rows.map(({ name }) => sql`select ${name}::text as t, count(*)::int as n from ${sql.table(name)}`);
  const r = await sql<{ t: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
  // UNION ALL keeps no order (PostgreSQL may run its parts as a parallel append): sorted, so two
  // results of equal counts are equal objects key for key.
  return Object.fromEntries(r.rows.map((x) => [x.t, Number(x.n)] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
