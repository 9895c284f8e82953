import type { FileStore } from './attachments/file-store.js';
import type { Config } from './config.js';
import type { Db, DbKind } from './db/database.js';
import type { PolicyRegistry } from './policy/policy.registry.js';

/** What every service needs from the running application. */
export type AppContext = {
  db: Db;
  dbKind: DbKind;
  config: Config;
  startedAt: Date;
  files: FileStore;
  /** The policy packs, validated at start. */
  policies: PolicyRegistry;
};
