// Benchmarks from the issue: start time (new and existing data directory), server RSS, and
// the school list under 10 concurrent connections on PGlite and PostgreSQL. Prints each
// figure beside its target and writes bench/results/latest.json; it never fails on a figure.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCityBench } from './city.js';
import { runConcurrencyBench } from './concurrency.js';
import { runDashboardBench } from './dashboard.js';
import { runDutiesBench } from './duties.js';
import { runInspectionsBench } from './inspections.js';
import { runLedgerBench } from './ledger.js';
import { loginCookie, schoolListUrls } from './lib/api.js';
import { type LoadResult, runLoad } from './lib/load.js';
import { adminQuery, pgReachable, withDatabase } from './lib/pg.js';
import { memoryMb, type RunningServer, root, startServer, stopServer } from './lib/server.js';
import { runSanfangBench } from './sanfang.js';
import { runSideBySide } from './sidebyside.js';
import { ensureBuilt, printSteps, START_TARGET_S, startSteps } from './start.js';

const LOAD = { connections: 10, seconds: 10, maxRequests: 50_000, warmup: 200 };
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

type Figure = { name: string; value: number | null; unit: string; target: string; ok: boolean | null; note?: string };
const figures: Figure[] = [];
const loads: Record<string, LoadResult & { urls: number }> = {};

function report(name: string, value: number | null, unit: string, target?: { below: number }, note?: string) {
  const ok = value === null || !target ? null : value < target.below;
  figures.push({ name, value, unit, target: target ? `< ${target.below} ${unit}` : '', ok, ...(note && { note }) });
  const shown = value === null ? 'skipped' : `${value.toFixed(unit === 'ms' ? 1 : 2)} ${unit}`;
  const verdict = ok === null ? '' : ok ? 'meets target' : 'OVER TARGET';
  console.log(
    `  ${name.padEnd(44)} ${shown.padStart(12)}   ${(target ? `target < ${target.below} ${unit}` : '').padEnd(18)} ${verdict}${note ? `  (${note})` : ''}`,
  );
}

function reportMemory(label: string, s: RunningServer, target = true) {
  const m = memoryMb(s.child.pid as number);
  report(`RSS ${label}`, m.rss, 'MB', target ? { below: 450 } : undefined, `peak VmHWM ${m.peak.toFixed(0)} MB`);
}

async function listBench(label: string, s: RunningServer, target?: { below: number }) {
  const cookie = await loginCookie(s.base);
  const urls = await schoolListUrls(s.base, cookie);
  const r = await runLoad({ ...LOAD, urls, headers: { cookie } });
  loads[label] = { ...r, urls: urls.length };
  console.log(
    `  list schools on ${label}: ${r.requests} requests in ${r.seconds.toFixed(1)} s over ${LOAD.connections} connections, ${r.errors} errors, ${urls.length} distinct queries`,
  );
  report(`list schools ${label}: requests/s`, r.rps, 'req/s');
  report(`list schools ${label}: p50`, r.p50, 'ms');
  report(`list schools ${label}: p95`, r.p95, 'ms', target);
  report(`list schools ${label}: p99`, r.p99, 'ms');
}

function section(title: string) {
  console.log(`\n== ${title}`);
}

async function pglite(tmp: string) {
  section('PGlite: npm start on a new data directory (includes initdb, migrations and the demo load)');
  const dataDir = path.join(tmp, 'data');
  const fresh = await startServer({ DATA_DIR: dataDir });
  report('start, new data dir (with demo load)', fresh.startMs / 1000, 's', { below: 20 });
  printSteps(startSteps(fresh));
  reportMemory('after start, new data dir', fresh);
  const stopMs = await stopServer(fresh);
  console.log(`  stopped with SIGTERM in ${stopMs.toFixed(0)} ms (exit ${fresh.child.exitCode ?? fresh.child.signalCode})`);

  section('PGlite: npm start on the existing data directory');
  const again = await startServer({ DATA_DIR: dataDir });
  try {
    report('start, existing data dir', again.startMs / 1000, 's', { below: START_TARGET_S });
    printSteps(startSteps(again));
    reportMemory('after start, existing data dir', again);
    section(`PGlite: GET /api/schools as district admin, ${LOAD.connections} connections, ${LOAD.seconds} s`);
    await listBench('PGlite', again);
    reportMemory('after the list benchmark (PGlite)', again);
  } finally {
    await stopServer(again);
  }
}

async function postgres(tmp: string) {
  section(`PostgreSQL: the same server with DATABASE_URL (${PG_URL.replace(/:[^:@/]*@/, ':***@')})`);
  const reach = await pgReachable(PG_URL);
  if (!reach.ok) {
    console.log(`  skipped: PostgreSQL is not reachable at that URL: ${reach.why}`);
    console.log('  (set BENCH_DATABASE_URL to a server where the user may create databases)');
    report('list schools PostgreSQL: p95', null, 'ms', { below: 20 }, `skipped: ${reach.why}`);
    return;
  }
  console.log(`  ${reach.version}`);
  const name = `huxiao_bench_${process.pid}`;
  await adminQuery(PG_URL, `drop database if exists ${name}`);
  await adminQuery(PG_URL, `create database ${name}`);
  try {
    const s = await startServer({ DATABASE_URL: withDatabase(PG_URL, name), DATA_DIR: path.join(tmp, 'unused') });
    try {
      report('start, empty PostgreSQL database (with demo load)', s.startMs / 1000, 's');
      reportMemory('after start (PostgreSQL)', s, false);
      section(`PostgreSQL: GET /api/schools as district admin, ${LOAD.connections} connections, ${LOAD.seconds} s`);
      await listBench('PostgreSQL', s, { below: 20 });
      reportMemory('after the list benchmark (PostgreSQL)', s, false);
    } finally {
      await stopServer(s);
    }
  } finally {
    await adminQuery(PG_URL, `drop database if exists ${name} with (force)`);
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main() {
  const started = Date.now();
  const loadAverageBefore = os.loadavg();
  const load = loadAverageBefore.map((l) => l.toFixed(2)).join(' ');
  console.log(
    `huxiao benchmarks — node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, commit ${gitCommit()}, load average ${load}`,
  );
  if ((loadAverageBefore[0] ?? 0) > os.cpus().length / 2) {
    console.log('note: the machine is busy with other work; the figures below will be slower than on an idle machine');
  }
  // Web and server bundles are built before anything is timed (npm start would build them once).
  const webBuild = await ensureBuilt();
  console.log(`bundles: ${webBuild}`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-bench-'));
  const errors: string[] = [];
  try {
    for (const step of [pglite, postgres]) {
      try {
        await step(tmp);
      } catch (e) {
        errors.push(`${step.name}: ${(e as Error).message}`);
        console.log(`  ERROR in ${step.name}: ${(e as Error).message}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const out = path.join(root, 'bench/results/latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const result = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    node: process.version,
    cores: os.cpus().length,
    loadAverageBefore,
    webBuild,
    load: LOAD,
    figures,
    loads,
    errors,
  };
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nresults written to ${path.relative(root, out)} (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
  if (errors.length) process.exitCode = 1;
  await runLedgerBench(); // hazard ledger at 100,000 rows: bench/results/ledger.json
  await runInspectionsBench(); // coverage grid and inspection submission at 1.2 million item results: bench/results/inspections.json
  await runConcurrencyBench(); // 200 users for 60 s on PGlite and PostgreSQL: bench/results/concurrency.json
  await runSideBySide(); // ledger page: platform vs raw SQL vs bare Fastify + pg: bench/results/sidebyside.json
  await runCityBench(); // 3,000 schools, 1 M hazards, 10 M item results on PostgreSQL: bench/results/city.json
  await runDashboardBench(); // the district dashboard for a year on both seeds together: bench/results/dashboard.json
  await runDutiesBench(); // every kind of duty on 300 schools, about 500,000 records (DUTIES_BENCH_SCALE): bench/results/duties.json
  await runSanfangBench(); // 三防 roll-up and the daily online check: 300 schools, 20,000 devices, a year of checks: bench/results/sanfang.json
}

await main();
