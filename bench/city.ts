// City scale on PostgreSQL (issue 15): 3,000 schools, ~1,000,000 hazards with their timelines and
// ~10 million inspection item results (two years of weekly checks, supervision, sweeps), written
// by bulk SQL (generate_series, the seeders of bench/ledger.ts and bench/inspections.ts) into a
// database this script creates and drops. Then through the real server as the district admin:
// ledger pages with filters and the coverage month, p95 (targets < 100 ms and < 200 ms), and
// EXPLAIN ANALYZE of a ledger page's statements. Writes bench/results/city.json.
// CITY_BENCH_KEEP=1 keeps the database (huxiao_city_bench_keep) after the run and reuses it when
// it is already seeded (the build takes 15 minutes on 2 cores); drop it by hand when done.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { shanghaiDay } from '../src/domain/calendar.js';
import { createSchoolSchema } from '../src/domain/school.js';
import { systemActor } from '../src/server/auth/actor.js';
import { parseConfig } from '../src/server/config.js';
import type { Db } from '../src/server/db/database.js';
import { openDatabase } from '../src/server/db/open.js';
import { loadDemoDistrict } from '../src/server/demo/demo-district.js';
import { demoUserIds } from '../src/server/demo/demo-inspections.repository.js';
import { loadPolicyRegistry } from '../src/server/policy/policy.registry.js';
import { syncAllDistricts } from '../src/server/policy/templates.service.js';
import { insertSchoolWithAudit } from '../src/server/schools/schools.service.js';
import { planInspections, seedHeaders, seedItems } from './inspections.js';
import { seedRows } from './ledger.js';
import { loginCookie } from './lib/api.js';
import { captureLedgerStatements } from './lib/ledger-sql.js';
import { runLoad } from './lib/load.js';
import { adminQuery, pgReachable, withDatabase } from './lib/pg.js';
import { root, startServer, stopServer } from './lib/server.js';

const SCHOOLS = 3000;
/** Codes are YH<year><6 digits> numbered by the seed's row number, so one seed stops below a million. */
const HAZARDS = 999_999;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEEP = process.env.CITY_BENCH_KEEP === '1';
const KEPT_NAME = 'huxiao_city_bench_keep';
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const secs = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
const count = async (db: Db, table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n);

async function build(env: Record<string, string>) {
  const handle = await openDatabase(parseConfig({ ...env, LOG_LEVEL: 'silent' }));
  const db = handle.db;
  try {
    let t = performance.now();
    const demo = await loadDemoDistrict(db, { withHazards: false });
    const units = (await sql<{ id: string }>`select id from org_unit where district_id = ${demo.districtId} and kind in ('township', 'centre')`.execute(db))
      .rows;
    await db.transaction().execute(async (trx) => {
      for (let i = demo.schools; i < SCHOOLS; i++) {
        const input = createSchoolSchema.parse({ code: `YJX${i}`, name: `云江市压测第${i}学校`, parentId: units[i % units.length]?.id, schoolType: 'primary' });
        await insertSchoolWithAudit(trx, systemActor(demo.districtId, 'bench'), input, 'school.bench_create');
      }
    });
    await syncAllDistricts(db, loadPolicyRegistry());
    console.log(`  demo district + ${SCHOOLS - demo.schools} schools + templates: ${secs(t)}`);
    t = performance.now();
    await db.transaction().execute((trx) => seedRows(trx, demo.districtId, HAZARDS));
    console.log(`  ${HAZARDS.toLocaleString()} hazards and their timelines: ${secs(t)}`);
    t = performance.now();
    const planned = await planInspections(db, demo.districtId, await demoUserIds(db, demo.districtId));
    const CHUNK = 20_000;
    for (let from = 1; from <= planned; from += CHUNK) await seedItems(db, demo.districtId, from, Math.min(planned, from + CHUNK - 1));
    await seedHeaders(db, demo.districtId);
    await sql`drop table bench_inspection_plan`.execute(db);
    console.log(`  ${planned.toLocaleString()} inspections with their items: ${secs(t)}`);
    t = performance.now();
    await sql`vacuum analyze`.execute(db);
    console.log(`  vacuum analyze: ${secs(t)}`);
    const counts = {
      schools: Number((await sql<{ n: number }>`select count(*) as n from org_unit where kind = 'school'`.execute(db)).rows[0]?.n),
      hazards: await count(db, 'hazard'),
      hazardEvents: await count(db, 'hazard_event'),
      inspections: await count(db, 'inspection'),
      inspectionItems: await count(db, 'inspection_item'),
    };
    const size = (await sql<{ s: string }>`select pg_size_pretty(pg_database_size(current_database())) as s`.execute(db)).rows[0]?.s;
    console.log(`  ${JSON.stringify(counts)}; database ${size}`);
    return counts;
  } finally {
    await handle.close();
  }
}

type Figure = { name: string; p50: number; p95: number; requests: number; errors: number; target: number };

async function measure(base: string, cookie: string): Promise<{ figures: Figure[]; ledgerUrls: string[] }> {
  const headers = { cookie };
  const units = (await (await fetch(`${base}/api/org-units?kind=township&kind=centre`, { headers })).json()) as { items: { id: string }[] };
  const byState = units.items.flatMap((u) =>
    ['rectifying', 'closed', 'pending_verification'].map((st) => `${base}/api/hazards?state=${st}&parentId=${u.id}&pageSize=50`),
  );
  const levels = ['general', 'major'].flatMap((l) =>
    ['true', 'false'].flatMap((o) => [1, 2, 3, 4, 5].map((p) => `${base}/api/hazards?page=${p}&level=${l}&overdue=${o}&pageSize=50`)),
  );
  const month = shanghaiDay(new Date()).slice(0, 7);
  const figures: Figure[] = [];
  const runs: [string, string[], number, number][] = [
    ['ledger page, state + township', byState, 150, 100],
    ['ledger page, level + overdue', levels, 150, 100],
    ['ledger page, first page unfiltered', [`${base}/api/hazards?pageSize=50`], 50, 100],
    ['coverage month (3,000 schools)', [`${base}/api/coverage?view=month&from=${month}&to=${month}`], 40, 200],
    // The same pages again: every filter's counts are now in the count cache (a page after a
    // change to the district's hazards, or with a filter nobody used since, is the first pass).
    ['  again, counts cached: state + township', byState, 150, 100],
    ['  again, counts cached: level + overdue', levels, 150, 100],
  ];
  for (const [name, urls, n, target] of runs) {
    const r = await runLoad({ urls, headers, connections: 1, seconds: 240, maxRequests: n, warmup: 5 });
    figures.push({ name, p50: r.p50, p95: r.p95, requests: r.requests, errors: r.errors, target });
    const verdict = r.p95 < target ? 'meets target' : 'OVER TARGET';
    console.log(
      `  ${name.padEnd(36)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms   target p95 < ${target} ms  ${verdict}  (${r.requests} requests, ${r.errors} errors)`,
    );
  }
  return { figures, ledgerUrls: [byState[0] as string, levels[15] as string, levels[0] as string] };
}

/** EXPLAIN ANALYZE of the statements a ledger page runs (captured from the platform's handler). */
export async function explain(databaseUrl: string, dataDir: string, cookie: string, urls: string[]) {
  const pages = await captureLedgerStatements(databaseUrl, cookie, urls);
  const handle = await openDatabase(parseConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent' })); // its audit key
  const out: { url: string; statement: number; ms: number; indexes: string[] }[] = [];
  try {
    for (const [i, page] of pages.entries()) {
      for (const [k, s] of page.entries()) {
        const q = sql.raw(`explain (analyze, buffers) ${s.sql.replace(/\$(\d+)/g, (_, n) => literal(s.params[Number(n) - 1]))}`);
        const plan = (await q.execute(handle.db)).rows.map((r) => (r as Record<string, string>)['QUERY PLAN'] ?? '');
        const ms = Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1]);
        const indexes = [...new Set(plan.flatMap((l) => [...l.matchAll(/using (\w+)/gi)].map((m) => m[1] as string)))];
        out.push({ url: urls[i] as string, statement: k, ms, indexes });
        console.log(`  ${new URL(urls[i] as string).search.padEnd(70)} statement ${k + 1}: ${ms.toFixed(2)} ms  indexes ${indexes.join(', ')}`);
      }
    }
  } finally {
    await handle.close();
  }
  return out;
}

/** True when a kept database finished its build (the marker table is created last). */
async function seeded(url: string): Promise<boolean> {
  try {
    await adminQuery(url, 'select 1 from bench_city_seeded');
    return true;
  } catch {
    return false;
  }
}

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `'${v.toISOString()}'`;
  if (Array.isArray(v)) return `array[${v.map(literal).join(',')}]`;
  return `'${String(v).replace(/'/g, "''")}'`;
}

export async function runCityBench(): Promise<void> {
  console.log(`\n== city scale on PostgreSQL: ${SCHOOLS} schools, ~1,000,000 hazards, ~10 million inspection items; ${uptime()}`);
  const reach = await pgReachable(PG_URL);
  if (!reach.ok) {
    console.log(`  skipped: ${reach.why} (set BENCH_DATABASE_URL)`);
    return;
  }
  const name = KEEP ? KEPT_NAME : `huxiao_city_bench_${process.pid}`;
  const url = withDatabase(PG_URL, name);
  // A kept database needs its audit key again: DATA_DIR is kept with it.
  const tmp = KEEP ? path.join(os.tmpdir(), 'huxiao-city-bench-keep') : fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-city-'));
  const env = { DATABASE_URL: url, DATA_DIR: KEEP ? tmp : path.join(tmp, 'unused') };
  const kept = KEEP && (await seeded(url));
  if (!kept) {
    if (KEEP) await adminQuery(PG_URL, `drop database if exists ${name} with (force)`);
    await adminQuery(PG_URL, `create database ${name}`);
  }
  const result: Record<string, unknown> = { date: new Date().toISOString() };
  try {
    if (kept) console.log(`  reusing the seeded database ${name} (CITY_BENCH_KEEP=1)`);
    else {
      const t0 = performance.now();
      result.counts = await build(env);
      result.seedSeconds = (performance.now() - t0) / 1000;
      if (KEEP) await adminQuery(url, 'create table bench_city_seeded (done boolean)');
      console.log(`  built in ${secs(t0)}; ${uptime()}`);
    }
    const server = await startServer(env);
    try {
      const cookie = await loginCookie(server.base);
      const m = await measure(server.base, cookie);
      result.figures = m.figures;
      result.explained = await explain(url, env.DATA_DIR, cookie, m.ledgerUrls);
    } finally {
      await stopServer(server);
    }
    console.log(`  ${uptime()}`);
  } finally {
    if (KEEP) console.log(`  kept the database ${name} and its DATA_DIR ${tmp} (drop database ${name} when done)`);
    else {
      await adminQuery(PG_URL, `drop database if exists ${name} with (force)`);
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  result.uptime = uptime();
  const out = path.join(root, 'bench/results/city.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runCityBench();
