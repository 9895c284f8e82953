import { setAuditKey } from '../../src/server/audit/audit-key.js';

/**
 * The audit key of every test process (vitest setupFiles, and the template's global setup), so
 * the template's chains verify in every test file. A test that opens a database through
 * openDatabase with its own DATA_DIR gets that directory's key instead.
 */
export const TEST_AUDIT_KEY = 'a5'.repeat(32);
setAuditKey(Buffer.from(TEST_AUDIT_KEY, 'hex'));
