import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
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
  /** PGlite only: the raw instance, for data-dir dumps in tests. */
  pglite?: PGlite;
};

// OIDs of the types whose JS representation must be the same on both drivers.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/**
 * Both drivers hand the application one representation: int8 and count(*) as number,
 * numeric as number, DATE as the 'YYYY-MM-DD' string (never a Date shifted by the time zone).
 */
const toNumber = (v: string) => Number(v);
const keepString = (v: string) => v;

pg.types.setTypeParser(INT8, toNumber);
pg.types.setTypeParser(NUMERIC, toNumber);
pg.types.setTypeParser(DATE, keepString);

/** A PGlite data directory that has not been initialised yet. */
export const isNewDataDir = (dataDir: string): boolean => !fs.existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'));

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<DatabaseHandle> {
  const dbDir = dataDir ? path.join(dataDir, 'pgdata') : undefined;
  const isNew = dbDir ? !fs.existsSync(path.join(dbDir, 'PG_VERSION')) : true;
  if (dbDir) fs.mkdirSync(dbDir, { recursive: true });
  const pglite = new PGlite({
    ...(dbDir ? { dataDir: dbDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: keepString },
  });
  await pglite.waitReady;
  await pglite.query("set timezone = 'Asia/Shanghai'");
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    isNew: isNew && !loadDataDir,
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
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
