// 200 concurrent users (issue 15): `npm start` on a new PGlite data directory and on an empty
// PostgreSQL database (both get the demo district), 200 sessions signed in, then 200 connections
// for 60 s of a mixed logged-in workload — the school list, ledger pages with filters, one
// hazard, the coverage month — from a load generator in its own process (bench/lib/load-child.ts).
// Prints errors, requests unanswered at 10 s, p50/p95/p99, req/s and a fresh-connection probe;
// writes bench/results/concurrency.json. Loopback only, bounded in time; never fails on a figure.
// BENCH_DB=pglite or BENCH_DB=postgresql runs one database only.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { shanghaiDay } from '../src/domain/calendar.js';
import { loginCookie } from './lib/api.js';
import type { LoadPlan, LoadReport } from './lib/load-child.js';
import { adminQuery, pgReachable, withDatabase } from './lib/pg.js';
import { memoryMb, type RunningServer, root, startServer, stopServer } from './lib/server.js';

const USERS = Number(process.env.BENCH_USERS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const TIMEOUT_MS = 10_000;
const ONLY = process.env.BENCH_DB;
const ROLES = ['admin', 'centre_officer', 'inspector', 'principal'];
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const uptime = () => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average ${os.loadavg().map((l) => l.toFixed(2))}`;
  }
};

type Url = { kind: string; url: string };

/** The workload of one role: every candidate that answers 200 for it (a principal has no coverage grid of the district). */
export async function urlsFor(base: string, cookie: string): Promise<Url[]> {
  const month = shanghaiDay(new Date()).slice(0, 7);
  const get = async (u: string) => {
    const r = await fetch(`${base}${u}`, { headers: { cookie } });
    if (r.status === 200) return { status: r.status, body: (await r.json()) as { items?: { id: string }[] } };
    await r.arrayBuffer(); // read the body so the connection is reused
    return { status: r.status, body: null };
  };
  const candidates: Url[] = [
    { kind: 'schools list', url: '/api/schools?page=1&pageSize=50' },
    { kind: 'schools list', url: '/api/schools?page=1&pageSize=50&schoolType=primary' },
    { kind: 'ledger page', url: '/api/hazards?pageSize=50&state=rectifying' },
    { kind: 'ledger page', url: '/api/hazards?pageSize=50&level=general&overdue=false' },
    { kind: 'ledger page', url: '/api/hazards?page=2&pageSize=50' },
    { kind: 'coverage month', url: `/api/coverage?view=month&from=${month}&to=${month}` },
  ];
  const ids = (await get('/api/hazards?pageSize=10')).body?.items?.map((h) => h.id) ?? [];
  for (const id of ids.slice(0, 4)) candidates.push({ kind: 'one hazard', url: `/api/hazards/${id}` });
  const out: Url[] = [];
  for (const c of candidates) if ((await get(c.url)).status === 200) out.push({ kind: c.kind, url: `${base}${c.url}` });
  return out;
}

function runChild(plan: LoadPlan): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/lib/load-child.ts')], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadReport) : reject(new Error(`load generator exited ${code}`))));
    child.stdin.end(JSON.stringify(plan));
  });
}

const ms = (v: number) => `${v.toFixed(0)} ms`.padStart(8);

function print(db: string, r: LoadReport, target: string) {
  console.log(
    `  ${db}: ${r.answered} answered in ${r.seconds.toFixed(1)} s = ${r.rps.toFixed(1)} req/s; errors ${r.errors}; unanswered at 10 s ${r.unanswered}`,
  );
  console.log(`    statuses ${JSON.stringify(r.statuses)}${r.firstErrors.length ? `; first errors: ${r.firstErrors.join(' | ')}` : ''}`);
  console.log(`    all requests     p50 ${ms(r.all.p50)}  p95 ${ms(r.all.p95)}  p99 ${ms(r.all.p99)}  max ${ms(r.all.max)}   ${target}`);
  for (const [kind, s] of Object.entries(r.byKind))
    console.log(`    ${kind.padEnd(16)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  (${s.requests} requests)`);
  for (const [i, s] of r.byGroup.entries())
    console.log(`    role ${(ROLES[i] ?? String(i)).padEnd(14)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  (${s.requests} requests)`);
  const p = r.probe;
  console.log(`    new-connection probe (GET /, no database) p50 ${ms(p.p50)}  p95 ${ms(p.p95)}  max ${ms(p.max)}  unanswered ${p.unanswered}`);
}

async function loadTest(db: string, s: RunningServer, target: string): Promise<LoadReport> {
  const urlSets: Url[][] = [];
  for (const role of ROLES) urlSets.push(await urlsFor(s.base, await loginCookie(s.base, role)));
  console.log(`  workload per role: ${ROLES.map((r, i) => `${r} ${urlSets[i]?.length} URLs`).join(', ')}`);
  const t0 = performance.now();
  const cookies: string[] = [];
  for (let i = 0; i < USERS; i++) cookies.push(await loginCookie(s.base, ROLES[i % ROLES.length]));
  console.log(`  ${USERS} sessions signed in (${((performance.now() - t0) / 1000).toFixed(1)} s); ${uptime()}`);
  const report = await runChild({ connections: USERS, seconds: SECONDS, timeoutMs: TIMEOUT_MS, cookies, urlSets, probeUrl: `${s.base}/` });
  print(db, report, target);
  const m = memoryMb(s.child.pid as number);
  console.log(`    server RSS after the run ${m.rss.toFixed(0)} MB (peak ${m.peak.toFixed(0)} MB); ${uptime()}`);
  return report;
}

export async function runConcurrencyBench(): Promise<void> {
  console.log(`\n== ${USERS} concurrent users, ${SECONDS} s, mixed workload; ${uptime()}`);
  const results: Record<string, LoadReport | string> = {};
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-concurrency-'));
  try {
    if (ONLY !== 'postgresql') {
      console.log('\n== PGlite (new data directory with the demo district)');
      try {
        const s = await startServer({ DATA_DIR: path.join(tmp, 'data') }, 600_000);
        try {
          results.PGlite = await loadTest('PGlite', s, 'target: zero errors, zero unanswered at 10 s');
        } finally {
          await stopServer(s);
        }
      } catch (e) {
        results.PGlite = (e as Error).message;
        console.log(`  ERROR ${(e as Error).message}`);
      }
    }
    const reach = ONLY === 'pglite' ? { ok: false as const, why: 'BENCH_DB=pglite' } : await pgReachable(PG_URL);
    if (!reach.ok) console.log(`\n== PostgreSQL skipped: ${reach.why} (set BENCH_DATABASE_URL)`);
    else {
      console.log('\n== PostgreSQL (empty database with the demo district)');
      const name = `huxiao_concurrency_bench_${process.pid}`;
      await adminQuery(PG_URL, `create database ${name}`);
      try {
        const s = await startServer({ DATABASE_URL: withDatabase(PG_URL, name), DATA_DIR: path.join(tmp, 'unused') }, 600_000);
        try {
          results.PostgreSQL = await loadTest('PostgreSQL', s, 'target: p95 < 300 ms');
        } finally {
          await stopServer(s);
        }
      } catch (e) {
        results.PostgreSQL = (e as Error).message;
        console.log(`  ERROR ${(e as Error).message}`);
      } finally {
        await adminQuery(PG_URL, `drop database if exists ${name} with (force)`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const out = path.join(root, 'bench/results/concurrency.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), users: USERS, seconds: SECONDS, uptime: uptime(), results }, null, 2)}\n`);
  console.log(`\nconcurrency results written to ${path.relative(root, out)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runConcurrencyBench();
