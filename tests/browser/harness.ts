import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildServerBundle, serverBundleState } from '../../scripts/build-server.mjs';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-accounts';

const root = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';

export type RunningServer = { baseUrl: string; password: string; stop: () => Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The server serves dist/web; build it once if a fresh checkout has none. */
function ensureWebBuilt(): void {
  if (fs.existsSync(path.join(root, 'dist/web/index.html'))) return;
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

type Spawned = { baseUrl: string; output: () => string; stop: () => Promise<void> };

/** Runs `huxiao start` on a free port over `dataDir` until /api/health answers 200; stop() leaves the directory. */
async function spawnServer(dataDir: string, env: Record<string, string>): Promise<Spawned> {
  ensureWebBuilt();
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['bin/huxiao.mjs', 'start'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, HUXIAO_DEMO: 'true', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: stopping it also stops the `huxiao prepare` child of a new data directory.
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const group = -child.pid;
      process.kill(group, 'SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  // BROWSER_SERVER_TIMEOUT_MS: a slower start on a loaded machine (the demo district is built at first start).
  const deadline = Date.now() + Number(process.env.BROWSER_SERVER_TIMEOUT_MS ?? 150_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`server exited early (code ${child.exitCode}):\n${output}`);
    }
    try {
      if ((await fetch(`${baseUrl}/api/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not become healthy in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { baseUrl, output: () => output, stop };
}

const newestMtime = (dir: string): number =>
  fs.existsSync(dir)
    ? Math.max(
        0,
        ...fs
          .readdirSync(dir, { withFileTypes: true })
          .map((e) => (e.isDirectory() ? newestMtime(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)),
      )
    : 0;

/** Per checkout, so two checkouts testing at once never remove each other's template. */
const TEMPLATE_PREFIX = `huxiao-browser-demo-${createHash('sha1').update(root).digest('hex').slice(0, 8)}-`;

/**
 * A data directory with the demo district, built once and copied for every test file that starts a
 * server without extra settings: building the demo takes ~40 s of each file's start on a slow
 * 2-core machine, a copy about a second. It is built again when the server bundle or a policy
 * pack changes, or on a new Shanghai day (the demo's dates are relative to the day it is built).
 */
async function demoTemplate(): Promise<string> {
  if (serverBundleState() !== 'fresh') await buildServerBundle();
  const bundle = fs.statSync(path.join(root, 'dist/server/huxiao.mjs'));
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const key = createHash('sha1')
    .update(JSON.stringify([bundle.mtimeMs, bundle.size, newestMtime(path.join(root, 'policies')), day]))
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(os.tmpdir(), `${TEMPLATE_PREFIX}${key}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  // This checkout's older templates (other code, another day) go.
  for (const name of fs.readdirSync(os.tmpdir()))
    if (name.startsWith(TEMPLATE_PREFIX)) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  const building = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-browser-build-'));
  const server = await spawnServer(building, {});
  await server.stop(); // a clean stop: PGlite closed, the data directory's lock released
  fs.writeFileSync(path.join(building, '.complete'), `${new Date().toISOString()}\n`);
  fs.renameSync(building, dir);
  return dir;
}

/**
 * Starts `huxiao start` on a free port with a fresh temp data directory and the demo district (plus `env`, e.g. POLICY_DIR):
 * a copy of the demo template when `env` is empty, else a demo built at this start.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-browser-'));
  if (Object.keys(env).length === 0) {
    fs.cpSync(await demoTemplate(), dataDir, { recursive: true });
    fs.rmSync(path.join(dataDir, '.complete'));
  }
  const server = await spawnServer(dataDir, env).catch((e: unknown) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  const stop = async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  // The start banner prints the demo password; the exported constant is the fallback.
  const password = /密码均为\s*(\S+?)[，,\s]/.exec(server.output())?.[1] ?? DEMO_PASSWORD;
  return { baseUrl: server.baseUrl, password, stop };
}

/** Launches Debian's chromium. Missing chromium is a failure, never a skip. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian chromium (apt-get install -y chromium fonts-noto-cjk)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function newContext(browser: Browser, baseURL: string, mobile = false): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(mobile ? { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } : { viewport: { width: 1440, height: 900 } }),
  });
}

/** Signs in through the login form, as a user would, and waits to leave the login page. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  // antd puts a space between two CJK characters of a button ("登 录").
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

export type DemoSession = {
  /** The running demo server (only inside tests and hooks: it starts in beforeAll). */
  readonly server: RunningServer;
  readonly browser: Browser;
  /**
   * A new browser context (a 375×812 phone when `mobile`) with one page, signed in as a demo user
   * through the login form. `errors` collects the page's uncaught errors from the start.
   */
  signedInPage(username: string, opts?: { mobile?: boolean; errors?: string[] }): Promise<Page>;
};

/**
 * One demo server and one Chromium for the test file: started in beforeAll, stopped in afterAll.
 * Call it at the top of a describe block; `env` as for startServer.
 */
export function demoSession(env: Record<string, string> = {}): DemoSession {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer(env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('demoSession: the server and browser start in beforeAll; use them inside tests');
    return x;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    async signedInPage(username, opts = {}) {
      const page = await (await newContext(started(browser), started(server).baseUrl, opts.mobile)).newPage();
      const errors = opts.errors;
      if (errors) page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page, username, started(server).password);
      return page;
    },
  };
}

/**
 * Waits until the service worker controls the page. On a timeout it says why instead of only
 * "Timeout exceeded": the registration's state, the storage estimate (Chromium sizes the cache
 * quota from the free disk, and a failed precache leaves the worker uninstalled) and the free disk.
 */
export async function waitForServiceWorker(page: Page, timeout = 120_000): Promise<void> {
  try {
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout });
  } catch (err) {
    const state = await page
      .evaluate(async () => {
        const reg = await navigator.serviceWorker?.getRegistration();
        const estimate = await navigator.storage?.estimate?.();
        return {
          registered: reg !== undefined,
          installing: reg?.installing?.state ?? null,
          waiting: reg?.waiting?.state ?? null,
          active: reg?.active?.state ?? null,
          usage: estimate?.usage ?? null,
          quota: estimate?.quota ?? null,
        };
      })
      .catch((e: unknown) => ({ evaluateFailed: String(e) }));
    const free = fs.statfsSync(os.tmpdir());
    const freeMb = Math.round((free.bavail * free.bsize) / 1024 / 1024);
    throw new Error(`the service worker did not take control in ${timeout} ms: ${JSON.stringify(state)}, ${freeMb} MB free in ${os.tmpdir()}`, { cause: err });
  }
}
