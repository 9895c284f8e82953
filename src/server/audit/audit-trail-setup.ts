import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { anchorDue } from './audit-anchors.js';
import { ensureAuditKey } from './audit-key.js';

/**
 * Run on every open of the database (server, prepare, init, migrate, audit verify): loads the
 * audit key (creating it for a database that never had one) and seals, with a first anchor, any
 * district the anchor file does not know yet — its unkeyed links from before keying end there.
 */
export async function prepareAuditTrail(db: Db, config: Config): Promise<void> {
  await ensureAuditKey(db, config);
  await anchorDue(db, config, 'seal');
}
