import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/server/auth/password.js';
import { openPglite } from '../../src/server/db/database.js';

/** `huxiao init`: a production install with the admin password given, never a default. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-init-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function init(args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATA_DIR: dir };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['bin/huxiao.mjs', 'init', ...args, '--password-stdin'], { env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

const args = ['--district-name', '某某区教育委员会', '--district-code', 'MM', '--admin-username', 'boss', '--admin-name', '王主任'];

describe('huxiao init', () => {
  it('rejects a weak password and creates nothing', async () => {
    const r = await init(args, 'weak\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('密码');
  }, 60_000);

  it('creates the district and its admin with the given password, no demo data, then refuses to run again', async () => {
    const r = await init(args, 'Prod2026pass\n');
    expect(r.code).toBe(0);
    const again = await init(args, 'Prod2026pass\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('只能用于新安装');
    const h = await openPglite(dir);
    const users = await h.db.selectFrom('app_user').selectAll().execute();
    const schools = await h.db.selectFrom('school').select('id').execute();
    await h.close();
    expect(users.map((u) => [u.username, u.role])).toEqual([['boss', 'district_admin']]);
    expect(await verifyPassword(users[0]?.password_hash ?? '', 'Prod2026pass')).toBe(true);
    expect(users[0]?.password_hash).toMatch(/^\$argon2id\$/);
    expect(schools).toHaveLength(0);
  }, 60_000);
});
