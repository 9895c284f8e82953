import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../../src/server/db/data-lock.js';

const run = promisify(execFile);

describe('data directory lock', () => {
  it('stops a second process from opening the same data directory, with a clear message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-lock-'));
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { acquireDataDirLock } = await import('./src/server/db/data-lock.ts'); acquireDataDirLock(${JSON.stringify(dir)}); console.log('locked'); setTimeout(() => {}, 60000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout.on('data', (d) => String(d).includes('locked') && resolve()));
    try {
      const env = { ...process.env, DATA_DIR: dir };
      delete (env as Record<string, string | undefined>).DATABASE_URL;
      const second = await run(process.execPath, ['bin/huxiao.mjs', 'migrate'], { env }).catch((e) => e);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('正被另一个进程');
      expect(second.stderr).toContain(String(holder.pid));
    } finally {
      holder.kill();
      await new Promise((r) => holder.once('exit', r));
    }
    // The holder is gone: its stale lock is taken over.
    const release = acquireDataDirLock(dir);
    release();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('throws DataDirLockedError while another live process holds it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-lock-'));
    fs.writeFileSync(path.join(dir, 'huxiao.lock'), `${process.ppid}\n`);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
