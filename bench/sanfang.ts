// 三防 at district scale (issue 10): 300 schools, 3,000 guards, 20,000 devices (16 gate cameras and
// alarms per school checked every day, the rest other cameras, recorders, equipment) and a year of
// daily online checks (one day row per school and day, ~1 % of devices offline a day), written by
// bulk SQL into a fresh PGlite database in a temp dir. Measured in-process as the district admin:
// getSanfangSummary (the district roll-up, target p95 < 150 ms), getDeviceCheckRates (30 days) and
// saveDeviceChecks of the whole district's day grid (target < 1 s). Prints figures beside targets and
// writes bench/results/sanfang.json; never fails on a figure. SANFANG_BENCH_DAYS overrides 365.
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
import { openDatabase } from '../src/server/db/open.js';
import { loadPolicyRegistry } from '../src/server/policy/policy.registry.js';
import { getDeviceCheckGrid, getDeviceCheckRates, saveDeviceChecks } from '../src/server/sanfang/device-checks.service.js';
import { getSanfangSummary } from '../src/server/sanfang/sanfang-standing.service.js';
import { benchDistrict } from './inspections.js';
import { root } from './lib/server.js';

const DAYS = Math.max(7, Math.min(730, Number(process.env.SANFANG_BENCH_DAYS ?? 365) || 365));
const GUARDS = 3000;
const DEVICES = 20000;
const TARGET = { summaryP95: 150, saveDay: 1000 };

type Figure = { name: string; value: number; unit: string; target?: number; note?: string };
const figures: Figure[] = [];
const loadAvg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
function report(name: string, value: number, unit: string, target?: number, note?: string) {
  figures.push({ name, value, unit, ...(target !== undefined && { target }), ...(note && { note }) });
  const verdict = target === undefined ? '' : value < target ? 'meets target' : 'OVER TARGET';
  const goal = target === undefined ? '' : `target < ${target} ${unit}`;
  console.log(`  ${name.padEnd(52)} ${`${value.toFixed(1)} ${unit}`.padStart(12)}   ${goal.padEnd(18)} ${verdict}${note ? `  (${note})` : ''}`);
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};
async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
}

export async function runSanfangBench() {
  console.log(
    `\n== 三防: 300 schools, ${GUARDS.toLocaleString()} guards, ${DEVICES.toLocaleString()} devices, ${DAYS} days of daily checks (PGlite, in-process)`,
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-sanfang-bench-'));
  const env = { DATA_DIR: path.join(tmp, 'data'), LOG_LEVEL: 'silent' };
  const config = parseConfig(env);
  const handle = await openDatabase(config);
  try {
    const db = handle.db;
    const t0 = performance.now();
    const { demo } = await benchDistrict(db);
    const d = demo.districtId;
    // The register: top up guards and devices to the target counts, spread over the 300 schools.
    await sql`
      with s as (select id, row_number() over (order by id) - 1 as n, count(*) over () as total from org_unit where district_id = ${d} and kind = 'school')
      insert into sanfang_person (district_id, school_id, role, name, gender, birth_date, company, certificate_no, certificate_expiry, hire_date, post, shift, trained, bg_status)
      select ${d}, s.id, 'guard', '压测保安' || g, case when g % 5 = 0 then 'female' else 'male' end, date '1970-01-01' + (g % 9000)::int,
             '云江保安服务公司', 'BA' || g, date '2028-12-31', date '2022-09-01', '校门', 'day', g % 7 <> 0, 'done'
        from generate_series(1, greatest(0, ${GUARDS}::int - (select count(*)::int from sanfang_person where district_id = ${d} and role = 'guard'))) g
        join s on s.n = g % s.total`.execute(db);
    await sql`
      with s as (select id, row_number() over (order by id) - 1 as n, count(*) over () as total from org_unit where district_id = ${d} and kind = 'school')
      insert into sanfang_device (district_id, school_id, kind, name, location, place, facing_gate, retention_days, networked, linked_110, item, quantity)
      select ${d}, s.id,
             case when k < 12 then 'camera' when k < 16 then 'alarm' when k < 40 then 'camera' when k < 44 then 'recorder' else 'equipment' end,
             case when k < 12 then '校门摄像机' || k when k < 16 then '一键报警' || k when k < 40 then '摄像机' || k when k < 44 then '录像机' || k else '器械' || k end,
             '压测', case when k < 12 then (array['gate_outside', 'main_entrance', 'gatehouse'])[1 + k % 3] when k < 16 then 'gatehouse' when k < 40 then 'playground' else null end,
             k < 12, case when k < 44 then 90 else null end, true, k between 12 and 15,
             case when k >= 44 then (array['safety_fork', 'rubber_baton', 'stab_vest', 'helmet'])[1 + k % 4] else null end, 1
        from generate_series(0, ${Math.ceil(DEVICES / 300)}::int - 1) k cross join s
       order by k, s.n
       limit greatest(0, ${DEVICES}::int - (select count(*)::int from sanfang_device where district_id = ${d}))`.execute(db);
    // A year of daily checks: every school every day; ~1 % of its checked devices offline (device_offline), counts in the day row.
    const admin = await db.selectFrom('app_user').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
    await sql`
      create temp table bench_checked as
      select id, school_id, row_number() over (order by id) as n from sanfang_device
       where district_id = ${d} and (kind = 'alarm' or (kind = 'camera' and (facing_gate or place in ('gate_outside', 'main_entrance', 'gatehouse'))))`.execute(
      db,
    );
    await sql`
      insert into device_check_day (district_id, school_id, day, checked_by, checked_by_name, source, devices, offline, checked_at)
      select ${d}, c.school_id, (now() at time zone 'Asia/Shanghai')::date - g, ${admin.id}, ${admin.display_name}, 'grid', count(*)::int,
             count(*) filter (where (c.n * 7919 + g * 104729) % 100 = 0)::int, now() - g * interval '1 day'
        from generate_series(1, ${DAYS}::int) g cross join bench_checked c group by c.school_id, g`.execute(db);
    await sql`
      insert into device_offline (district_id, day, device_id, school_id)
      select ${d}, (now() at time zone 'Asia/Shanghai')::date - g, c.id, c.school_id
        from generate_series(1, ${DAYS}::int) g join bench_checked c on (c.n * 7919 + g * 104729) % 100 = 0`.execute(db);
    await sql`vacuum analyze`.execute(db);
    const count = async (t: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db)).rows[0]?.n);
    const size = async (t: string) => Number((await sql<{ n: number }>`select pg_total_relation_size(${t})::bigint as n`.execute(db)).rows[0]?.n) / 1024 / 1024;
    const counts = {
      schools: Number((await sql<{ n: number }>`select count(*)::int as n from org_unit where kind = 'school'`.execute(db)).rows[0]?.n),
      guards: Number((await sql<{ n: number }>`select count(*)::int as n from sanfang_person where role = 'guard'`.execute(db)).rows[0]?.n),
      devices: await count('sanfang_device'),
      checkedDevices: await count('bench_checked'),
      dayRows: await count('device_check_day'),
      offlineRows: await count('device_offline'),
    };
    console.log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(counts)} (load ${loadAvg()})`);
    const storageMb = (await size('device_check_day')) + (await size('device_offline'));
    report(
      'storage: a year of daily checks (tables + indexes)',
      storageMb,
      'MB',
      undefined,
      `${counts.dayRows.toLocaleString()} day rows, ${counts.offlineRows.toLocaleString()} offline rows`,
    );

    const app: AppContext = {
      db,
      dbKind: handle.kind,
      config,
      startedAt: new Date(),
      files: new LocalFileStore(path.join(tmp, 'files')),
      policies: loadPolicyRegistry(),
    };
    const scope = await resolveScope(db, { userId: admin.id, districtId: d, role: 'district_admin', orgUnitId: admin.org_unit_id });
    const actor: Actor = {
      userId: admin.id,
      districtId: d,
      username: admin.username,
      displayName: admin.display_name,
      role: 'district_admin',
      orgUnitId: admin.org_unit_id,
      sessionId: 'bench',
      csrfToken: 'bench',
      mustChangePassword: false,
      scope,
      ip: '127.0.0.1',
    };

    const summary: number[] = [];
    for (let i = 0; i < 33; i++) summary.push((await timed(() => getSanfangSummary(app, actor, {})))[0]);
    const warm = summary.slice(3);
    report('getSanfangSummary (district roll-up): p50', pct(warm, 50), 'ms');
    report('getSanfangSummary (district roll-up): p95', pct(warm, 95), 'ms', TARGET.summaryP95, `30 calls after 3 warm-up, load ${loadAvg()}`);

    const rates: number[] = [];
    for (let i = 0; i < 13; i++) rates.push((await timed(() => getDeviceCheckRates(app, actor, {})))[0]);
    report('getDeviceCheckRates (30 days, outages): p95', pct(rates.slice(3), 95), 'ms');
    const [gridMs, grid] = await timed(() => getDeviceCheckGrid(app, actor, {}));
    report('getDeviceCheckGrid (the district day grid)', gridMs, 'ms', undefined, `${grid.schools.length} schools`);

    const today = shanghaiDay(new Date());
    const schoolIds = grid.schools.map((s) => s.id);
    const all = grid.schools.flatMap((s) => s.devices.map((x) => x.id));
    const saves: number[] = [];
    for (let i = 0; i < 6; i++) {
      const offline = all.filter((_, j) => (j + i) % 97 === 0).map((deviceId) => ({ deviceId, note: '' }));
      saves.push((await timed(() => saveDeviceChecks(app, actor, { day: today, schoolIds, offline })))[0]);
    }
    report(
      'saveDeviceChecks (whole district day): first',
      saves[0] as number,
      'ms',
      TARGET.saveDay,
      `${schoolIds.length} schools, ${all.length} devices, ~${Math.round(all.length / 97)} offline`,
    );
    report('saveDeviceChecks (whole district day): max of 5 re-saves', Math.max(...saves.slice(1)), 'ms', TARGET.saveDay, `load ${loadAvg()}`);

    const out = path.join(root, 'bench/results/sanfang.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), days: DAYS, counts, loadAvg: os.loadavg(), figures }, null, 2)}\n`);
    console.log(`  results written to ${path.relative(root, out)}`);
  } finally {
    await handle.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runSanfangBench();
