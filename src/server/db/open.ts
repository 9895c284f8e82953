import { prepareAuditTrail } from '../audit/audit-trail-setup.js';
import type { Config } from '../config.js';
import { acquireDataDirLock } from './data-lock.js';
import { type DatabaseHandle, openPglite, openPostgres } from './database.js';
import { migrateToLatest } from './migrate.js';

/**
 * Opens the configured database and brings its schema up to date: PostgreSQL when
 * DATABASE_URL is set, otherwise PGlite in DATA_DIR under a lock file.
 */
export async function openDatabase(config: Config): Promise<DatabaseHandle & { migrated: string[] }> {
  if (config.databaseUrl) {
    const handle = await openPostgres(config.databaseUrl, config.dbPoolSize);
    const migrated = await migrateToLatest(handle.db);
    await prepareAuditTrail(handle.db, config);
    return { ...handle, migrated };
  }
  const release = acquireDataDirLock(config.dataDir);
  try {
    const handle = await openPglite(config.dataDir);
    const migrated = await migrateToLatest(handle.db);
    await prepareAuditTrail(handle.db, config).catch(async (e) => {
      await handle.close();
      throw e;
    });
    return {
      ...handle,
      migrated,
      close: async () => {
        await handle.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
