// The login page's cold start on a phone over a slow mobile network: bytes transferred and first
// contentful paint, each run in a fresh browser context (empty cache, no service worker).
//   npx tsx bench/cold-start.ts [--base http://127.0.0.1:3107] [--runs 3]
// Without --base it starts `huxiao start` on a temporary data directory (demo load: slow).
// Network: 400 kbit/s down and up, 400 ms round trip; CPU slowed 4×. Prints figures, never fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { type RunningServer, startServer, stopServer } from './lib/server.js';

const NETWORK = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };
const CPU_SLOWDOWN = 4;
const PHONE = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
};

type Run = { bytes: number; requests: number; fcpMs: number; formMs: number; loadMs: number };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function measure(base: string): Promise<Run> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
      bytes += e.encodedDataLength;
      requests++;
    });
    const t0 = Date.now();
    await page.goto(`${base}/login`, { waitUntil: 'load', timeout: 180_000 });
    const loadMs = Date.now() - t0;
    await page.locator('input[autocomplete=username]').waitFor({ timeout: 180_000 });
    const formMs = Date.now() - t0;
    const fcpMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const seen = performance.getEntriesByName('first-contentful-paint')[0];
          if (seen) return resolve(seen.startTime);
          new PerformanceObserver((list) => {
            const e = list.getEntriesByName('first-contentful-paint')[0];
            if (e) resolve(e.startTime);
          }).observe({ type: 'paint', buffered: true });
        }),
    );
    await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => {});
    return { bytes, requests, fcpMs, formMs, loadMs };
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main() {
  const runs = Number(arg('runs') ?? 3);
  let server: RunningServer | undefined;
  let tmp: string | undefined;
  let base = arg('base');
  if (!base) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-cold-'));
    server = await startServer({ DATA_DIR: path.join(tmp, 'data') }, 300_000);
    base = server.base;
  }
  try {
    console.log(`login page cold start, ${runs} runs: 400 kbit/s, 400 ms RTT, CPU ÷${CPU_SLOWDOWN}, 375×812 phone`);
    console.log(
      `uptime: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const results: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await measure(base);
      results.push(r);
      console.log(
        `  run ${i + 1}: ${(r.bytes / 1024).toFixed(1)} KiB in ${r.requests} requests, FCP ${r.fcpMs.toFixed(0)} ms, form ${r.formMs} ms, load ${r.loadMs} ms`,
      );
    }
    console.log(
      `median: ${(median(results.map((r) => r.bytes)) / 1024).toFixed(1)} KiB transferred, FCP ${median(results.map((r) => r.fcpMs)).toFixed(0)} ms, login form shown ${median(results.map((r) => r.formMs))} ms`,
    );
  } finally {
    if (server) await stopServer(server);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
