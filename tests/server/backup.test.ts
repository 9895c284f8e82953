import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { LocalFileStore } from '../../src/server/attachments/file-store.js';
import { anchorDue } from '../../src/server/audit/audit-anchors.js';
import { parseConfig } from '../../src/server/config.js';
import { type Db, openPglite } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-accounts.js';
import { loadPolicyRegistry } from '../../src/server/policy/policy.registry.js';
import { TEST_AUDIT_KEY } from '../support/audit-key.js';
import { seedOtherDistrict } from '../support/template.js';

/**
 * `huxiao backup` / `huxiao restore` through the real command, on an embedded database on disk
 * with uploaded files and key-like files beside it.
 */
const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-backup-'));
const source = path.join(tmp, 'source');
const restored = path.join(tmp, 'restored');
const archive = path.join(tmp, 'backup.tar.gz');

/** The environment of a CLI run on the embedded database in `dataDir`. */
function envFor(dataDir: string, extra: Record<string, string> = {}) {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...extra };
  if (!extra.DATABASE_URL) delete env.DATABASE_URL;
  return env;
}

const cli = (args: string[], env: Record<string, string | undefined>) =>
  run(process.execPath, ['bin/huxiao.mjs', ...args], { env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

/** Row count of every table, by name. */
async function tableCounts(db: Db): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) counts[name] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(db)).rows[0]?.n ?? 0;
  return counts;
}

const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(3000)]);
const pdf = () => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(5000)]);

let counts: Record<string, number>;
let attachments: { storage_key: string; sha256: string }[];

beforeAll(async () => {
  // A district with a school, two uploads through the API, and the files another feature keeps in DATA_DIR.
  const h = await openPglite(source);
  await migrateToLatest(h.db);
  await seedOtherDistrict(h.db);
  const ctx = {
    db: h.db,
    dbKind: h.kind,
    config: parseConfig({ LOG_LEVEL: 'silent', DATA_DIR: source }),
    startedAt: new Date(),
    files: new LocalFileStore(path.join(source, 'files')),
    policies: loadPolicyRegistry(),
  };
  const server = await buildApp(ctx, { logger: false, serveWeb: false });
  const login = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'other_admin', password: DEMO_PASSWORD } });
  const headers = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': login.json().csrfToken };
  const school = await h.db.selectFrom('org_unit').select('id').where('code', '=', 'LCT0101').executeTakeFirstOrThrow();
  for (const [purpose, file, name] of [
    ['hazard_found', jpeg(), '围墙.jpg'],
    ['plan', pdf(), '整改方案.pdf'],
  ] as const) {
    const res = await server.inject({
      method: 'POST',
      url: `/api/attachments?${new URLSearchParams({ purpose, schoolId: school.id, fileName: name })}`,
      payload: file,
      headers: { ...headers, 'content-type': 'application/octet-stream' },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  counts = await tableCounts(h.db);
  attachments = await h.db.selectFrom('attachment').select(['storage_key', 'sha256']).execute();
  await server.close();
  // The template's chains are keyed with the tests' key: the data directory keeps it as a real
  // install does, and gets a real anchor line, so the restored copy must verify with both.
  fs.writeFileSync(path.join(source, 'audit.key'), TEST_AUDIT_KEY, { mode: 0o600 });
  expect(await anchorDue(h.db, ctx.config, 'daily')).toBeGreaterThan(0);
  await h.close();
  fs.writeFileSync(path.join(source, 'files', 'interrupted.jpg.part'), 'half');
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('npx huxiao backup and restore (embedded database)', () => {
  it('restores into an empty directory every record, every uploaded file and the key files; audit verify passes', async () => {
    const backup = await cli(['backup', archive], envFor(source));
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('已备份到');
    expect(counts.attachment).toBe(2);

    const restore = await cli(['restore', archive], envFor(restored));
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/已恢复.*4 个文件/); // two uploads, audit.key, audit-anchors.log; not the .part

    const h = await openPglite(restored);
    try {
      expect(await tableCounts(h.db)).toEqual(counts);
      expect(await h.db.selectFrom('attachment').select(['storage_key', 'sha256']).execute()).toEqual(attachments);
    } finally {
      await h.close();
    }
    for (const a of attachments) {
      expect(fs.readFileSync(path.join(restored, 'files', a.storage_key))).toEqual(fs.readFileSync(path.join(source, 'files', a.storage_key)));
    }
    for (const f of ['audit.key', 'audit-anchors.log']) expect(fs.readFileSync(path.join(restored, f))).toEqual(fs.readFileSync(path.join(source, f)));
    expect(fs.existsSync(path.join(restored, 'files', 'interrupted.jpg.part'))).toBe(false);
    expect(fs.existsSync(path.join(restored, 'huxiao.lock'))).toBe(false);

    const verify = await cli(['audit', 'verify'], envFor(restored));
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain('哈希链完整');
  }, 180_000);

  it('refuses to restore into a directory that is not empty, and changes nothing in it', async () => {
    const before = fs.readdirSync(restored, { recursive: true }).sort();
    const again = await cli(['restore', archive], envFor(restored));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('不是空的');
    expect(fs.readdirSync(restored, { recursive: true }).sort()).toEqual(before);
  }, 60_000);

  it('refuses to back up while a server holds the data directory, saying to stop it first', async () => {
    fs.writeFileSync(path.join(source, 'huxiao.lock'), `${process.pid}\n`); // this test process is alive: as a running server
    try {
      const file = path.join(tmp, 'while-running.tar.gz');
      const r = await cli(['backup', file], envFor(source));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`服务正在使用数据目录 ${source}（进程 PID ${process.pid}）`);
      expect(r.stderr).toContain('请先停止服务');
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.existsSync(`${file}.part`)).toBe(false);
    } finally {
      fs.rmSync(path.join(source, 'huxiao.lock'));
    }
  }, 60_000);

  it('on PostgreSQL copies the files only and explains pg_dump; such a backup restores files with DATABASE_URL set', async () => {
    // The database is never contacted: the command only reads DATA_DIR.
    const pg = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    const file = path.join(tmp, 'files-only.tar.gz');
    const r = await cli(['backup', file], envFor(source, pg));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('pg_dump --format=custom');
    const target = path.join(tmp, 'pg-files');
    const refused = await cli(['restore', file], envFor(target));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('只有文件、没有数据库');
    const ok = await cli(['restore', file], envFor(target, pg));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('pg_restore');
    for (const a of attachments) expect(fs.existsSync(path.join(target, 'files', a.storage_key))).toBe(true);
    expect(fs.existsSync(path.join(target, 'pgdata'))).toBe(false);
  }, 60_000);
});
