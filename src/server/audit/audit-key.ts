import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';

/**
 * The secret that keys the audit chain (HMAC), kept outside the database: AUDIT_KEY (64 hex
 * characters) or the file AUDIT_KEY_FILE (default DATA_DIR/audit.key, created with mode 0600 on
 * the first open of a database that has no keyed link yet). One key per process: every
 * `appendAuditEvent` in it uses this key, which is why it is held here and not passed down.
 */
export class AuditKeyError extends Error {
  override name = 'AuditKeyError';
}

let current: Buffer | undefined;

export function setAuditKey(key: Buffer): void {
  if (key.length < 32) throw new AuditKeyError('操作日志密钥至少 32 字节 (audit key must be at least 32 bytes)');
  current = key;
}

/** The key for appending and verifying; a clear error when the process has none. */
export function auditKey(): Buffer {
  if (!current) {
    throw new AuditKeyError(
      '未加载操作日志密钥，无法写入或校验操作日志 (audit key not loaded: set AUDIT_KEY or AUDIT_KEY_FILE, or open the database through openDatabase)',
    );
  }
  return current;
}

const parseKey = (text: string, where: string): Buffer => {
  const t = text.trim();
  if (!/^[0-9a-fA-F]{64,}$/.test(t))
    throw new AuditKeyError(`操作日志密钥格式不对（${where}）：应为至少 64 位十六进制字符 (audit key must be ≥ 64 hex characters)`);
  return Buffer.from(t, 'hex');
};

async function hasKeyedLinks(db: Db): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*)::int as n from (select 1 from audit_event where hash_version >= 2 limit 1) k`.execute(db);
  return (r.rows[0]?.n ?? 0) > 0;
}

/**
 * Loads the key for this database, creating the key file only when no link was ever keyed:
 * a lost key must stop the server, never be replaced silently (the trail would stop verifying).
 */
export async function ensureAuditKey(db: Db, config: Config): Promise<Buffer> {
  if (config.auditKey) {
    setAuditKey(parseKey(config.auditKey, 'AUDIT_KEY'));
    return auditKey();
  }
  const file = config.auditKeyFile;
  if (fs.existsSync(file)) {
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    setAuditKey(parseKey(fs.readFileSync(file, 'utf8'), file));
    return auditKey();
  }
  if (await hasKeyedLinks(db)) {
    throw new AuditKeyError(
      `缺少操作日志密钥文件 ${file}：数据库中已有用密钥签名的操作日志，请恢复原密钥文件（或设置 AUDIT_KEY）后再启动。\n` +
        `Audit key missing: ${file} does not exist but the database holds keyed audit events; restore the original key file (or set AUDIT_KEY).`,
    );
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  setAuditKey(key);
  return key;
}
