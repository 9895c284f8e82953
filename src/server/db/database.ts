import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteClient } from './pglite-client.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

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

export async function openPostgres(databaseUrl: string, poolSize = 10): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    options: '-c TimeZone=Asia/Shanghai',
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgresql',
    isNew: false, // decided after migration: see isDatabaseEmpty
    close: () => db.destroy(),
  };
}
