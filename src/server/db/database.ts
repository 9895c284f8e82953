import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteClient } from './pglite-client.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';
import { parseTimestamptz, TIMESTAMPTZ } from './timestamptz.js';

export type Db = Kysely<Database>;
export type DbKind = 'pglite' | 'postgresql';

export type DatabaseHandle = {
  db: Db;
  kind: DbKind;
  /** True when the database was created by this open (PGlite: no data directory before). */
  isNew: boolean;
  close: () => Promise<void>;
  /** PGlite only: the data directory as a tarball, for the tests' template (`loadDataDir`). */
  dumpDataDir?: () => Promise<Blob>;
};

// OIDs of the types whose JS representation must be the same on both drivers.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/**
 * Both drivers hand the application one representation: int8 and count(*) as number,
 * numeric as number, DATE as the 'YYYY-MM-DD' string (never a Date shifted by the time zone).
 * PGlite's side of this is set in its worker thread (pglite-worker.mjs), with the same OIDs.
 */
const toNumber = (v: string) => Number(v);
const keepString = (v: string) => v;

pg.types.setTypeParser(INT8, toNumber);
pg.types.setTypeParser(NUMERIC, toNumber);
pg.types.setTypeParser(DATE, keepString);
pg.types.setTypeParser(TIMESTAMPTZ, parseTimestamptz);

/** A PGlite data directory that has not been initialised yet. */
export const isNewDataDir = (dataDir: string): boolean => !fs.existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'));

/**
 * PGlite's default shared_buffers is 128 MB, allocated at start and never given back. A
 * district's working set (hundreds of schools, 100,000 hazards: tens of MB) fits in far less,
 * and the rest is in the OS page cache anyway.
 */
export const PGLITE_START_PARAMS = ['-c', 'shared_buffers=32MB'];

/** Opens (or creates) a PGlite database in a worker thread: see pglite-client.ts. */
export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<DatabaseHandle> {
  const dbDir = dataDir ? path.join(dataDir, 'pgdata') : undefined;
  const isNew = dbDir ? !fs.existsSync(path.join(dbDir, 'PG_VERSION')) : true;
  if (dbDir) fs.mkdirSync(dbDir, { recursive: true });
  const client = await PGliteClient.open({
    ...(dbDir ? { dataDir: dbDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    startParams: PGLITE_START_PARAMS,
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    isNew: isNew && !loadDataDir,
    dumpDataDir: () => client.dumpDataDir(),
    close: async () => {
      await db.destroy();
      await client.close();
    },
  };
}

/** Named (prepared) statements kept per connection; later texts run unnamed. */
export const MAX_PREPARED_PER_CONNECTION = 200;

/**
 * Every parameterised statement runs as a named prepared statement (a name per text and
 * connection): PostgreSQL parses and analyses a text once per connection and afterwards only plans,
 * binds and executes it, and pg sends no Parse message. Kysely produces the same
 * text for the same query shape, so the hot queries (session, ledger page, school list, hazard
 * detail) are each prepared once per connection. Texts without parameters (migrations, several
 * statements at once) keep the simple protocol. At most MAX_PREPARED_PER_CONNECTION names per
 * connection, so texts that vary without end (an `in` list per scope size) cannot pile up in
 * the server.
 */
function prepareStatements(client: pg.PoolClient): void {
  const names = new Map<string, string>();
  let seq = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as { query: unknown }).query = (text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) return query(text, values, callback);
    let name = names.get(text);
    if (!name && names.size < MAX_PREPARED_PER_CONNECTION) {
      name = `hx${++seq}`;
      names.set(text, name);
    }
    if (!name) return query(text, values);
    return query({ name, text, values }).catch((e: unknown) => {
      // A table changed under a prepared `select *` (another server ran a migration): the next
      // call prepares the text afresh under a new name; this one runs unnamed.
      if ((e as { code?: string }).code !== '0A000') throw e;
      names.delete(text);
      return query(text, values);
    });
  };
}

export async function openPostgres(databaseUrl: string, poolSize = 10): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    // Prepared statements keep a plan per call (as unnamed ones do): a generic plan, chosen
    // after five calls, plans the ledger's filters for an average value (state = 'closed' is
    // 70 % of a district's hazards, 'reported' 5 %) and the page's offset for none.
    options: '-c TimeZone=Asia/Shanghai -c plan_cache_mode=force_custom_plan',
  });
  pool.on('connect', prepareStatements);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgresql',
    isNew: false, // decided after migration: see isDatabaseEmpty
    close: () => db.destroy(),
  };
}
