import { sql } from 'kysely';
import type { Db, DbKind } from './database.js';

const HOUR_MS = 3600_000;

/**
 * The planner needs statistics: without them (it then assumes a table of a row or two) the
 * ledger pages ran 3–30× slower in bench/ledger.ts, and on PostgreSQL a ledger page of the demo
 * district took 100 ms of nested loops over every org unit instead of 1 ms (issue 15).
 * - PGlite runs no autovacuum: ANALYZE at start and hourly.
 * - PostgreSQL with autovacuum off (some managed or container setups): the same, with a warning.
 * - PostgreSQL with autovacuum on: tables never analyzed (a database just filled with the demo
 *   district, a bulk import) are analyzed at start; autovacuum does the rest.
 */
/** ANALYZE of the whole database (after a bulk load, before the first user). */
export async function analyzeDatabase(db: Db): Promise<void> {
  await sql`analyze`.execute(db);
}

export function startMaintenance(db: Db, kind: DbKind, log: (msg: string) => void): () => void {
  const fail = (e: unknown) => log(`analyze failed: ${e instanceof Error ? e.message : String(e)}`);
  const analyzeAll = () => sql`analyze`.execute(db).catch(fail);
  let timer: NodeJS.Timeout | undefined;
  const hourly = () => {
    void analyzeAll();
    timer = setInterval(analyzeAll, HOUR_MS);
    timer.unref();
  };
  if (kind === 'pglite') hourly();
  else
    void autovacuumOn(db)
      .then((on) => {
        if (on) return analyzeNeverAnalyzed(db);
        log('PostgreSQL 的 autovacuum 已关闭：本服务每小时运行一次 ANALYZE（autovacuum is off: ANALYZE hourly）');
        hourly();
      })
      .catch(fail);
  return () => clearInterval(timer);
}

async function autovacuumOn(db: Db): Promise<boolean> {
  const r = await sql<{ on: boolean }>`select current_setting('autovacuum') = 'on' as on`.execute(db);
  return r.rows[0]?.on ?? true;
}

async function analyzeNeverAnalyzed(db: Db): Promise<void> {
  const r = await sql<{ name: string }>`
    select quote_ident(schemaname) || '.' || quote_ident(relname) as name from pg_stat_user_tables
    where last_analyze is null and last_autoanalyze is null and n_live_tup + n_dead_tup > 0`.execute(db);
  for (const t of r.rows) await sql`analyze ${sql.raw(t.name)}`.execute(db);
}
