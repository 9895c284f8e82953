import type { Db } from '../db/database.js';

/**
 * What a 三防 register write runs in its own transaction once the row is written, with the school
 * whose register changed: the gap hazards' 「三防登记表已达标」 entries (gap-close.service.ts gapSync).
 * A parameter rather than an import: gap-close reads the standings, which read these services.
 */
export type AfterRegisterWrite = (trx: Db, schoolId: string) => Promise<void>;
