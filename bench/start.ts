// Start-up figures: the builds `npm start` does on a fresh clone, the first start on a new data
// directory step by step (from the times the server prints its progress lines), starts on an
// existing data directory from the precompiled bundle and, for comparison, from the sources
// through tsx, and the server's RSS. `npm run bench` uses these helpers; `tsx bench/start.ts`
// runs only this part and writes bench/results/start.json. Never fails on a figure.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServerBundle, serverBundleState } from '../scripts/build-server.mjs';
import { ensureWebBuilt } from '../src/cli/web-build.js';
import { memoryMb, type RunningServer, root, startServer, stopServer } from './lib/server.js';

export const START_TARGET_S = 2;
export const RSS_TARGET_MB = 450;

/** Builds the web and server bundles when stale, before anything is timed; says what it did. */
export async function ensureBuilt(): Promise<string> {
  const index = path.join(root, 'dist/web/index.html');
  const before = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  let t0 = performance.now();
  ensureWebBuilt();
  const web =
    (fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0) !== before ? `web built in ${((performance.now() - t0) / 1000).toFixed(1)} s` : 'web up to date';
  const state = serverBundleState();
  if (state === 'fresh') return `${web}; server bundle up to date`;
  t0 = performance.now();
  await buildServerBundle();
  return `${web}; server bundle ${state}, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

export type Step = { name: string; seconds: number };

const lineAt = (s: RunningServer, prefix: string) => s.lines.find((l) => l.text.startsWith(prefix))?.ms;

/** What each step of a start cost, from the progress lines the server printed and its own start time. */
export function startSteps(s: RunningServer): Step[] {
  const creating = lineAt(s, '正在创建数据库');
  const created = lineAt(s, '已创建数据库');
  const steps: Step[] = [];
  let from = 0;
  if (creating !== undefined && created !== undefined) {
    steps.push({ name: 'node, server bundle, policy packs', seconds: creating / 1000 });
    steps.push({ name: 'new database in a child process: initdb, migrations, demo district', seconds: (created - creating) / 1000 });
    from = created;
  }
  const ready = s.lines.find((l) => l.text.includes('启动用时'));
  const own = Number(/启动用时 ([\d.]+) 秒/.exec(ready?.text ?? '')?.[1]);
  if (ready && creating === undefined && Number.isFinite(own)) {
    steps.push({ name: 'node and the server bundle (before startServer)', seconds: Math.max(0, ready.ms / 1000 - own) });
    from = ready.ms - own * 1000;
  }
  steps.push({ name: 'open the database, sync templates, listen, first /api/health', seconds: (s.startMs - from) / 1000 });
  return steps;
}

export function printSteps(steps: Step[]) {
  for (const st of steps) console.log(`    ${st.name.padEnd(68)} ${st.seconds.toFixed(2).padStart(6)} s`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Wall time of `huxiao help` (node plus loading the CLI), from the bundle or the sources. */
function cliLoadSeconds(fromSource: boolean): number {
  const t0 = performance.now();
  execFileSync(process.execPath, [path.join(root, 'bin/huxiao.mjs'), 'help'], {
    env: { ...process.env, HUXIAO_FROM_SOURCE: fromSource ? '1' : '' },
    stdio: 'ignore',
  });
  return (performance.now() - t0) / 1000;
}

type Figure = { name: string; value: number; unit: string; target?: number };

export async function runStartBench(): Promise<void> {
  const figures: Figure[] = [];
  const report = (name: string, value: number, unit: string, target?: number) => {
    figures.push({ name, value, unit, ...(target !== undefined && { target }) });
    const verdict = target === undefined ? '' : value < target ? 'meets target' : 'OVER TARGET';
    console.log(
      `  ${name.padEnd(52)} ${`${value.toFixed(2)} ${unit}`.padStart(12)}   ${target === undefined ? ''.padEnd(16) : `target < ${target} ${unit}`.padEnd(16)} ${verdict}`,
    );
  };
  console.log(`\n== Start-up (load average ${os.loadavg()[0]?.toFixed(2)}): ${await ensureBuilt()}`);
  report('huxiao help from the bundle', cliLoadSeconds(false), 's');
  report('huxiao help from the sources (tsx)', cliLoadSeconds(true), 's');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-start-bench-'));
  const env = { DATA_DIR: path.join(tmp, 'data') };
  try {
    const fresh = await startServer(env);
    report('first start, new data dir (with demo load)', fresh.startMs / 1000, 's');
    printSteps(startSteps(fresh));
    report('RSS after the first start', memoryMb(fresh.child.pid as number).rss, 'MB', RSS_TARGET_MB);
    await stopServer(fresh);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await startServer(env);
      times.push(s.startMs / 1000);
      if (i === 2) {
        printSteps(startSteps(s));
        report('RSS after start, existing data dir', memoryMb(s.child.pid as number).rss, 'MB', RSS_TARGET_MB);
      }
      await stopServer(s);
    }
    console.log(`  starts on the existing data dir: ${times.map((t) => t.toFixed(2)).join(', ')} s`);
    report('start, existing data dir (median of 3, bundle)', median(times), 's', START_TARGET_S);
    const source = await startServer({ ...env, HUXIAO_FROM_SOURCE: '1' });
    report('start, existing data dir, from the sources (tsx)', source.startMs / 1000, 's');
    report('RSS after start from the sources', memoryMb(source.child.pid as number).rss, 'MB');
    await stopServer(source);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const out = path.join(root, 'bench/results/start.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, loadAverage: os.loadavg(), figures }, null, 2)}\n`);
  console.log(`start results written to ${path.relative(root, out)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runStartBench();
