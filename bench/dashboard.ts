// The district dashboard at benchmark scale: 300 schools, two years of inspections (about 1.2 million
// item results, bench/inspections.ts) and 100,000 hazards (bench/ledger.ts), written by bulk SQL into
// a fresh database (PGlite in a temp dir, then PostgreSQL). Measured through the real server as the
// district admin: GET /api/dashboard for a year, a semester and a month, and the supervision summary;
// then, in-process, the time of each panel, so a slow dashboard can be told apart by panel.
// DASHBOARD_BENCH_KEEP=<dir> keeps the seeded PGlite directory (and the PostgreSQL database) for reruns.
// Prints a table and writes bench/results/dashboard.json; never fails on a figure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { shanghaiDay } from '../src/domain/calendar.js';
import { LocalFileStore } from '../src/server/attachments/file-store.js';
import type { Actor } from '../src/server/auth/actor.js';
import { resolveScope } from '../src/server/auth/scope.resolver.js';
import { parseConfig } from '../src/server/config.js';
import type { AppContext } from '../src/server/context.js';
import { dashboardPanels, panelApplies } from '../src/server/dashboard/dashboard.registry.js';
import { resolveView } from '../src/server/dashboard/dashboard.view.js';
import { summaryOf } from '../src/server/dashboard/supervision-summary.service.js';
import { openDatabase } from '../src/server/db/open.js';
import { loadPolicyRegistry } from '../src/server/policy/policy.registry.js';
import { buildDistrict as buildInspections } from './inspections.js';
import { seedHazards } from './ledger.js';
import { loginCookie } from './lib/api.js';
import { runLoad } from './lib/load.js';
import { adminQuery, pgReachable, withDatabase } from './lib/pg.js';
import { root, startServer, stopServer } from './lib/server.js';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEEP = process.env.DASHBOARD_BENCH_KEEP;
// DASHBOARD_BENCH_DBS=PostgreSQL (or PGlite) runs one database only, for reruns while tuning.
const ONLY = process.env.DASHBOARD_BENCH_DBS;
const wanted = (db: string) => !ONLY || ONLY.split(',').includes(db);
const LOAD = { connections: 1, seconds: 120, maxRequests: 60, warmup: 5 };
const TARGET = { PGlite: 300, PostgreSQL: 150 } as Record<string, number>;

type Figure = { db: string; name: string; value: number | null; unit: string; target?: number; note?: string };
const figures: Figure[] = [];
const loadAvg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
function report(db: string, name: string, value: number | null, unit: string, target?: number, note?: string) {
  figures.push({ db, name, value, unit, ...(target !== undefined && { target }), ...(note && { note }) });
  const shown = value === null ? 'skipped' : `${value.toFixed(unit === 'ms' ? 1 : 0)} ${unit}`;
  const verdict = value === null || target === undefined ? '' : value < target ? 'meets target' : 'OVER TARGET';
  const goal = target === undefined ? '' : `target < ${target} ${unit}`;
  console.log(`  ${`${db}: ${name}`.padEnd(56)} ${shown.padStart(10)}   ${goal.padEnd(16)} ${verdict}${note ? `  (${note})` : ''}`);
}

/** Inspections first (they load the demo district without hazards), then hazards up to 100,000. */
async function build(env: Record<string, string>) {
  const t0 = performance.now();
  const built = await buildInspections(env);
  const handle = await openDatabase(parseConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    await seedHazards(handle.db, built.districtId);
    await sql`vacuum analyze`.execute(handle.db);
    const n = async (t: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(handle.db)).rows[0]?.n);
    console.log(
      `  seeded: ${await n('org_unit')} units, ${(await n('hazard')).toLocaleString()} hazards, ${(await n('inspection_item')).toLocaleString()} item results`,
    );
  } finally {
    await handle.close();
  }
  return (performance.now() - t0) / 1000;
}

async function overHttp(db: string, env: Record<string, string>) {
  const s = await startServer(env);
  try {
    // Past the start-up maintenance (ANALYZE and the deadline scan begin 10 s after listening): the steady state.
    await new Promise((r) => setTimeout(r, 20_000));
    const cookie = await loginCookie(s.base);
    const today = shanghaiDay(new Date());
    const from = `${today.slice(0, 4)}-01-01`;
    for (const [name, url, target] of [
      ['dashboard, year', `/api/dashboard?period=year`, TARGET[db]],
      ['dashboard, semester', `/api/dashboard?period=semester`, undefined],
      ['dashboard, month', `/api/dashboard?period=month`, undefined],
      ['supervision summary, year to date', `/api/statistics/supervision-summary?from=${from}&to=${today}`, undefined],
    ] as const) {
      const r = await runLoad({ ...LOAD, urls: [`${s.base}${url}`], headers: { cookie } });
      report(db, `${name} p50`, r.p50, 'ms', undefined, `${r.requests} requests, ${r.errors} errors, load ${loadAvg()}`);
      report(db, `${name} p95`, r.p95, 'ms', target);
    }
  } finally {
    await stopServer(s);
  }
}

/** Each panel's own time (best of 3) for the year view, in-process as the district admin. */
export async function perPanel(db: string, env: Record<string, string>) {
  const config = parseConfig({ ...env, LOG_LEVEL: 'silent' });
  const handle = await openDatabase(config);
  try {
    const app: AppContext = {
      db: handle.db,
      dbKind: handle.kind,
      config,
      startedAt: new Date(),
      files: new LocalFileStore(path.join(os.tmpdir(), 'huxiao-dashboard-bench-files')),
      policies: loadPolicyRegistry(),
    };
    const u = await handle.db.selectFrom('app_user').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
    const scope = await resolveScope(handle.db, { userId: u.id, districtId: u.district_id, role: 'district_admin', orgUnitId: u.org_unit_id });
    const actor: Actor = {
      userId: u.id,
      districtId: u.district_id,
      username: u.username,
      displayName: u.display_name,
      role: 'district_admin',
      orgUnitId: u.org_unit_id,
      sessionId: 'bench',
      csrfToken: 'bench',
      mustChangePassword: false,
      scope,
      ip: '127.0.0.1',
    };
    const best = async (f: () => Promise<unknown>) => {
      let min = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await f();
        min = Math.min(min, performance.now() - t0);
      }
      return min;
    };
    const view = () => resolveView(app, actor, { period: 'year' });
    report(db, 'panel: resolve view (scope schools)', await best(view), 'ms');
    for (const p of dashboardPanels) {
      const v = await view();
      if (!panelApplies(p, v.level)) continue;
      // A fresh view each run: panels share queries through the view's memo.
      report(db, `panel: ${p.key}`, await best(async () => p.load(await view())), 'ms');
    }
    report(db, 'panel: supervision summary alone', await best(async () => summaryOf(await view(), undefined)), 'ms');
  } finally {
    await handle.close();
  }
}

async function onDatabase(db: string, env: Record<string, string>, seeded: boolean) {
  console.log(`\n== ${db}: dashboard on 300 schools, 100,000 hazards, 1.2 million item results (load ${loadAvg()})`);
  if (!seeded) report(db, 'bulk SQL seed (inspections + hazards)', await build(env), 's');
  await overHttp(db, env);
  await perPanel(db, env);
}

export async function runDashboardBench(): Promise<void> {
  const started = Date.now();
  const tmp = KEEP ?? fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-dashboard-bench-'));
  const errors: string[] = [];
  console.log(`\n== dashboard benchmark — node ${process.version}, ${os.cpus().length} cores, load average ${loadAvg()}`);
  try {
    const marker = path.join(tmp, 'seeded');
    const seeded = Boolean(KEEP) && fs.existsSync(marker);
    if (wanted('PGlite'))
      await onDatabase('PGlite', { DATA_DIR: path.join(tmp, 'data') }, seeded)
        .then(() => KEEP && fs.writeFileSync(marker, 'yes'))
        .catch((e: Error) => errors.push(`PGlite: ${e.message}`));
    const reach = await pgReachable(PG_URL);
    if (!wanted('PostgreSQL')) console.log('\n== PostgreSQL not asked for (DASHBOARD_BENCH_DBS)');
    else if (!reach.ok) console.log(`\n== PostgreSQL skipped: ${reach.why} (set BENCH_DATABASE_URL)`);
    else {
      const name = KEEP ? 'huxiao_dashboard_bench_keep' : `huxiao_dashboard_bench_${process.pid}`;
      const pgMarker = path.join(tmp, 'seeded-pg');
      const pgSeeded = Boolean(KEEP) && fs.existsSync(pgMarker);
      if (!pgSeeded) {
        await adminQuery(PG_URL, `drop database if exists ${name} with (force)`);
        await adminQuery(PG_URL, `create database ${name}`);
      }
      try {
        await onDatabase('PostgreSQL', { DATABASE_URL: withDatabase(PG_URL, name), DATA_DIR: path.join(tmp, 'unused') }, pgSeeded)
          .then(() => KEEP && fs.writeFileSync(pgMarker, 'yes'))
          .catch((e: Error) => errors.push(`PostgreSQL: ${e.message}`));
      } finally {
        if (!KEEP) await adminQuery(PG_URL, `drop database if exists ${name} with (force)`);
      }
    }
  } finally {
    if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  }
  for (const e of errors) console.log(`  ERROR ${e}`);
  const out = path.join(root, 'bench/results/dashboard.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const result = { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, loadAverageAfter: os.loadavg(), figures, errors };
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\ndashboard results written to ${path.relative(root, out)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runDashboardBench();
