import { sql } from 'kysely';
import type { Db, DbKind } from './database.js';

/**
 * PGlite runs no autovacuum, so its planner has no statistics unless we collect them: without
 * them the ledger pages ran 3–30× slower in bench/ledger.ts. ANALYZE at start and hourly.
 * PostgreSQL's autovacuum does this itself.
 */
export function startMaintenance(db: Db, kind: DbKind, log: (msg: string) => void): () => void {
  if (kind !== 'pglite') return () => {};
  const run = () => sql`analyze`.execute(db).catch((e: unknown) => log(`analyze failed: ${e instanceof Error ? e.message : String(e)}`));
  void run();
  const timer = setInterval(run, 3600_000);
  timer.unref();
  return () => clearInterval(timer);
}
