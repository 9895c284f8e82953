import type { FileStore } from './attachments/file-store.js';
import type { Config } from './config.js';
import type { Db, DbKind } from './db/database.js';

/** What every service needs from the running application. */
export type AppContext = {
  db: Db;
  dbKind: DbKind;
  config: Config;
  startedAt: Date;
  files: FileStore;
};
