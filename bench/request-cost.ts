// Where a request's time goes, independent of the machine's load (issue 15): the CPU time the
// server process and the PostgreSQL backends spend per request of each kind of the 200-user
// workload (bench/concurrency.ts), read from /proc before and after a fixed number of requests
// on 4 connections. On a shared 2-core machine wall-clock figures move with the neighbours'
// load; CPU per request does not, so before/after comparisons of a change use this.
// The database (huxiao_request_cost_keep, the demo district) and its DATA_DIR (audit key) are kept.
// COST_REQUESTS (default 400) requests per kind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { urlsFor } from './concurrency.js';
import { loginCookie } from './lib/api.js';
import { runLoad } from './lib/load.js';
import { adminQuery, withDatabase } from './lib/pg.js';
import { startServer, stopServer } from './lib/server.js';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = 'huxiao_request_cost_keep';
const N = Number(process.env.COST_REQUESTS ?? 400);
const TICK_MS = 1000 / 100; // USER_HZ

/** utime + stime of a process in ms (0 when it is gone). */
function cpuMs(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

const url = withDatabase(PG_URL, NAME);
await adminQuery(PG_URL, `create database ${NAME}`).catch(() => {}); // kept from an earlier run
const dataDir = path.join(os.tmpdir(), NAME); // the audit key of the kept database
const server = await startServer({ DATABASE_URL: url, DATA_DIR: dataDir }, 600_000);
await new Promise((r) => setTimeout(r, 15_000)); // after the server's start-up maintenance (ANALYZE at +10 s)
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const backends = async () => (await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [NAME])).rows.map((r) => r.pid);
try {
  const cookie = await loginCookie(server.base);
  const urls = await urlsFor(server.base, cookie);
  const kinds = [...new Set(urls.map((u) => u.kind))];
  console.log(
    `== CPU per request, ${N} requests per kind on 4 connections; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const kind of kinds) {
    const list = urls.filter((u) => u.kind === kind).map((u) => u.url);
    await runLoad({ urls: list, headers: { cookie }, connections: 4, seconds: 5, maxRequests: 40, warmup: 10 });
    const pids = await backends();
    const s0 = cpuMs(server.child.pid as number);
    const p0 = pids.map(cpuMs);
    const r = await runLoad({ urls: list, headers: { cookie }, connections: 4, seconds: 120, maxRequests: N, warmup: 0 });
    const s1 = cpuMs(server.child.pid as number);
    const p1 = pids.map(cpuMs);
    const pgMs = p1.reduce((a, v, i) => a + v - (p0[i] ?? 0), 0);
    console.log(
      `  ${kind.padEnd(16)} server ${((s1 - s0) / r.requests).toFixed(2).padStart(6)} ms CPU/req   PostgreSQL ${(pgMs / r.requests).toFixed(2).padStart(6)} ms CPU/req   ${r.rps.toFixed(0).padStart(5)} req/s  p50 ${r.p50.toFixed(1)} ms  errors ${r.errors}`,
    );
  }
  console.log(
    `  load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await admin.end();
  await stopServer(server);
}
