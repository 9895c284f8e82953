import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServerBundle, serverBundle, serverBundleState } from '../../scripts/build-server.mjs';

/**
 * `npm start` runs dist/server/huxiao.mjs. Paths that code finds relative to its own module
 * (policy packs, the web bundle, swagger-ui-dist, PGlite's WASM, the prepare child's command)
 * change when it is bundled; this starts the real bundle on a new data directory and asks.
 */
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-bundle-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the server bundle', () => {
  it('is rebuilt when a source is newer, and then runs `start` from a new data directory', async () => {
    if (serverBundleState() !== 'fresh') await buildServerBundle();
    expect(serverBundleState()).toBe('fresh');
    const past = new Date('2000-01-01T00:00:00Z'); // older than any source: as after a git pull
    fs.utimesSync(serverBundle, past, past);
    expect(serverBundleState()).toBe('stale');

    const env: Record<string, string | undefined> = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      HUXIAO_DEMO: 'false',
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    delete env.HUXIAO_FROM_SOURCE;
    const child = spawn(process.execPath, ['bin/huxiao.mjs', 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr.on('data', (d) => {
      out += d;
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /护校安园已启动：http:\/\/localhost:(\d+)\//.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
    });
    try {
      expect(out).toContain('服务端代码有更新，正在重新构建服务端程序');
      expect(out).toContain('正在创建数据库');
      expect(serverBundleState()).toBe('fresh');
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      const css = await fetch(`${base}/api/docs/swagger-ui.css`);
      expect(css.status).toBe(200);
      expect((await css.text()).length).toBeGreaterThan(10_000);
      if (fs.existsSync(path.join(root, 'dist/web/index.html'))) {
        const index = await fetch(`${base}/`);
        expect(index.status).toBe(200);
        expect(await index.text()).toContain('<div id="root">');
      }
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }, 180_000);
});
