import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { authenticate } from '../../src/server/auth/auth.service.js';
import { parseConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import type { Database } from '../../src/server/db/schema.js';
import { hazardRoutes } from '../../src/server/hazards/hazards.routes.js';

export type Statement = { sql: string; params: unknown[] };

/**
 * The SQL statements the platform runs for each ledger URL, captured by running the route's own
 * handler against a Kysely that records every query: the raw-SQL and bare-Fastify runners of
 * bench/sidebyside.ts replay exactly these, with the same parameters. The session is resolved
 * first (in steady state the platform serves it from its cache, so it is not part of a page);
 * likewise the page's counts come from the count cache in steady state.
 */
export async function captureLedgerStatements(databaseUrl: string, cookie: string, urls: string[]): Promise<Statement[][]> {
  const captured: Statement[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: '-c TimeZone=Asia/Shanghai' });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      captured.push({ sql: e.query.sql, params: [...e.query.parameters] });
    },
  });
  try {
    const app = {
      db,
      dbKind: 'postgresql',
      config: parseConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }),
      startedAt: new Date(),
    } as unknown as AppContext;
    const token = /hx_session=([^;]+)/.exec(cookie)?.[1] ?? '';
    const actor = await authenticate(app, decodeURIComponent(token), '127.0.0.1');
    if (!actor) throw new Error('the benchmark session is not valid');
    const def = hazardRoutes.find((r) => r.operationId === 'listHazards');
    if (!def?.query) throw new Error('listHazards route not found');
    const pages: Statement[][] = [];
    for (const url of urls) {
      const query = def.query.parse(Object.fromEntries(new URL(url).searchParams));
      // Twice, and the second run's statements: the steady state, with the page's counts served
      // from the count cache (hazard-count-cache.ts) as they are under load.
      for (let run = 0; run < 2; run++) {
        captured.length = 0;
        await def.handler({ body: undefined, query, params: undefined, actor, app, req: undefined as never, reply: undefined as never });
      }
      pages.push([...captured]);
    }
    return pages;
  } finally {
    await db.destroy();
  }
}
