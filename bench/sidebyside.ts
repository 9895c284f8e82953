// The ledger page on PostgreSQL, side by side in one run (issue 15): the platform over HTTP, the
// same SQL run directly with pg, and a bare Fastify + pg server running the same SQL — same
// statements and parameters (captured from the platform's own handler), same 10 connections,
// same pool size. District of bench/ledger.ts: 300 schools, 100,000 hazards. Six interleaved
// rounds of 5 s each, each round led by another runner, so a change in the machine's load hits
// all three alike (on a 2-core machine one runner's 10 s round varies by ±20 %). SIDEBYSIDE_KEEP=1
// keeps the database (huxiao_sidebyside_keep) and reuses it when already seeded. Prints req/s, p50,
// p95 and the ratios (targets: ≥ 0.8× raw SQL, ≥ 0.9× bare Fastify); writes
// bench/results/sidebyside.json.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { buildDistrict } from './ledger.js';
import { loginCookie } from './lib/api.js';
import { captureLedgerStatements, type Statement } from './lib/ledger-sql.js';
import { type LoadResult, percentile, runLoad } from './lib/load.js';
import { adminQuery, pgReachable, withDatabase } from './lib/pg.js';
import { root, startServer, stopServer } from './lib/server.js';

const CONNECTIONS = 10;
const ROUND_SECONDS = 5;
const ROUNDS = 6;
/**
 * Each runner is warmed for this long before the measured rounds (the JIT, the pools, the
 * platform's count cache), and the first round starts no earlier than WARM_AFTER_START_MS after
 * the platform listened: its start-up work (deadline scan, ANALYZE) begins 10 s after listening
 * (BACKGROUND_DELAY_MS in src/server/main.ts) and is not part of a page.
 */
const WARMUP_SECONDS = 3;
const WARM_AFTER_START_MS = 20_000;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEEP = process.env.SIDEBYSIDE_KEEP === '1';
const KEPT_NAME = 'huxiao_sidebyside_keep';
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

/** The ledger URLs of bench/ledger.ts: state + township, and level + overdue over five pages. */
async function ledgerUrls(base: string, cookie: string): Promise<string[]> {
  const units = (await (await fetch(`${base}/api/org-units?kind=township&kind=centre`, { headers: { cookie } })).json()) as { items: { id: string }[] };
  const byState = units.items.slice(0, 6).flatMap((u) => ['rectifying', 'closed', 'pending_verification'].map((st) => `state=${st}&parentId=${u.id}`));
  const levels = ['general', 'major'].flatMap((l) => ['true', 'false'].flatMap((o) => [1, 2, 3, 4, 5].map((p) => `page=${p}&level=${l}&overdue=${o}`)));
  return [...byState, ...levels].map((q) => `${base}/api/hazards?${q}&pageSize=50`);
}

/** The raw runner: CONNECTIONS loops, each runs a page's statements as the service does (in parallel), one page at a time. */
async function runRaw(pool: pg.Pool, pages: Statement[][], seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const page = pages[n++ % pages.length] as Statement[];
      const start = performance.now();
      try {
        await Promise.all(page.map((s) => pool.query(s.sql, s.params)));
      } catch {
        errors++;
      }
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const secs = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => percentile(latencies, q);
  return { requests: latencies.length, errors, seconds: secs, rps: latencies.length / secs, p50: p(50), p95: p(95), p99: p(99), max: p(100) };
}

function startBare(databaseUrl: string, pages: Statement[][]): Promise<{ base: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/lib/bare-ledger-server.ts')], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child.stdout.once('data', (d) => {
      const stop = () =>
        new Promise<void>((r) => {
          child.once('exit', () => r());
          child.kill('SIGTERM');
        });
      resolve({ base: `http://127.0.0.1:${String(d).trim()}`, stop });
    });
    child.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
    child.stdin.end(JSON.stringify({ databaseUrl, poolSize: CONNECTIONS, pages }));
  });
}

type Totals = { requests: number; seconds: number; errors: number; latencies: number[] };
const add = (t: Totals, r: LoadResult) => {
  t.requests += r.requests;
  t.seconds += r.seconds;
  t.errors += r.errors;
  t.latencies.push(r.p50, r.p95); // per-round percentiles, reported as the mean of the rounds
};

export async function runSideBySide(): Promise<void> {
  console.log(`\n== ledger page side by side on PostgreSQL, ${CONNECTIONS} connections, ${ROUNDS} × ${ROUND_SECONDS} s each; ${uptime()}`);
  const reach = await pgReachable(PG_URL);
  if (!reach.ok) {
    console.log(`  skipped: ${reach.why} (set BENCH_DATABASE_URL)`);
    return;
  }
  const name = KEEP ? KEPT_NAME : `huxiao_sidebyside_bench_${process.pid}`;
  const url = withDatabase(PG_URL, name);
  // A kept database needs its audit key again: DATA_DIR is kept with it.
  const tmp = KEEP ? path.join(os.tmpdir(), KEPT_NAME) : fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-sidebyside-'));
  const kept =
    KEEP &&
    (await adminQuery(url, 'select 1 from bench_sidebyside_seeded').then(
      () => true,
      () => false,
    ));
  if (!kept) {
    if (KEEP) await adminQuery(PG_URL, `drop database if exists ${name} with (force)`);
    await adminQuery(PG_URL, `create database ${name}`);
  }
  const results: Record<string, { rps: number; p50: number; p95: number; errors: number }> = {};
  try {
    const env = { DATABASE_URL: url, DATA_DIR: KEEP ? tmp : path.join(tmp, 'unused') };
    if (kept) console.log(`  reusing the seeded database ${name} (SIDEBYSIDE_KEEP=1)`);
    else {
      const built = await buildDistrict(env);
      await adminQuery(url, 'vacuum analyze'); // statistics, as autovacuum (or the server's start) would have them
      if (KEEP) await adminQuery(url, 'create table bench_sidebyside_seeded (done boolean)');
      console.log(`  district built in ${built.seedSeconds.toFixed(0)} s (${built.codes.length} schools, ${built.events.toLocaleString()} timeline events)`);
    }
    const server = await startServer(env);
    const listening = performance.now();
    const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS, options: '-c TimeZone=Asia/Shanghai' });
    let bare: Awaited<ReturnType<typeof startBare>> | undefined;
    try {
      const cookie = await loginCookie(server.base);
      const urls = await ledgerUrls(server.base, cookie);
      const pages = await captureLedgerStatements(url, cookie, urls);
      console.log(`  ${urls.length} ledger URLs, ${pages[0]?.length} statements each (captured from the platform's handler)`);
      bare = await startBare(url, pages);
      const bareUrls = pages.map((_, i) => `${bare?.base}/ledger/${i}`);
      const totals: Record<string, Totals> = {};
      const runners: [string, () => Promise<LoadResult>][] = [
        ['platform', () => runLoad({ urls, headers: { cookie }, connections: CONNECTIONS, seconds: ROUND_SECONDS, maxRequests: 1e7, warmup: 50 })],
        ['raw SQL (pg)', () => runRaw(pool, pages, ROUND_SECONDS)],
        ['bare Fastify + pg', () => runLoad({ urls: bareUrls, headers: {}, connections: CONNECTIONS, seconds: ROUND_SECONDS, maxRequests: 1e7, warmup: 50 })],
      ];
      const warm: [string, () => Promise<unknown>][] = [
        ['platform', () => runLoad({ urls, headers: { cookie }, connections: CONNECTIONS, seconds: WARMUP_SECONDS, maxRequests: 1e7, warmup: 0 })],
        ['raw SQL (pg)', () => runRaw(pool, pages, WARMUP_SECONDS)],
        ['bare Fastify + pg', () => runLoad({ urls: bareUrls, headers: {}, connections: CONNECTIONS, seconds: WARMUP_SECONDS, maxRequests: 1e7, warmup: 0 })],
      ];
      while (performance.now() - listening < WARM_AFTER_START_MS) await warm[0]?.[1]();
      for (const [, run] of warm) await run();
      console.log(`  each runner warmed for ${WARMUP_SECONDS} s (the platform until ${WARM_AFTER_START_MS / 1000} s after its start)`);
      for (let round = 0; round < ROUNDS; round++) {
        // Each round starts with another runner, so none always follows the same one.
        for (const [label, run] of [...runners.slice(round % runners.length), ...runners.slice(0, round % runners.length)]) {
          const r = await run();
          totals[label] ??= { requests: 0, seconds: 0, errors: 0, latencies: [] };
          add(totals[label], r);
          console.log(
            `  round ${round + 1} ${label.padEnd(18)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  errors ${r.errors}`,
          );
        }
      }
      for (const [label, t] of Object.entries(totals)) {
        const mean = (k: number) => t.latencies.filter((_, i) => i % 2 === k).reduce((a, b) => a + b, 0) / ROUNDS;
        results[label] = { rps: t.requests / t.seconds, p50: mean(0), p95: mean(1), errors: t.errors };
      }
      const p = results.platform?.rps ?? Number.NaN;
      for (const [label, r] of Object.entries(results))
        console.log(`  ${label.padEnd(18)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  errors ${r.errors}`);
      const raw = p / (results['raw SQL (pg)']?.rps ?? Number.NaN);
      const fastify = p / (results['bare Fastify + pg']?.rps ?? Number.NaN);
      console.log(`  platform / raw SQL        ${raw.toFixed(2)}×   target ≥ 0.8×   ${raw >= 0.8 ? 'meets target' : 'UNDER TARGET'}`);
      console.log(`  platform / bare Fastify   ${fastify.toFixed(2)}×   target ≥ 0.9×   ${fastify >= 0.9 ? 'meets target' : 'UNDER TARGET'}`);
      console.log(`  ${uptime()}`);
    } finally {
      await bare?.stop();
      await pool.end();
      await stopServer(server);
    }
  } finally {
    if (KEEP) console.log(`  kept the database ${name} and its DATA_DIR ${tmp} (drop database ${name} when done)`);
    else {
      await adminQuery(PG_URL, `drop database if exists ${name} with (force)`);
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const out = path.join(root, 'bench/results/sidebyside.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), connections: CONNECTIONS, uptime: uptime(), results }, null, 2)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runSideBySide();
