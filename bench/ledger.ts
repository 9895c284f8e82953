// The hazard ledger at district scale: 300 schools and 100,000 hazards with their timelines,
// written by bulk SQL into a fresh database (PGlite in a temp dir, then PostgreSQL), measured
// through the real server over HTTP as the district admin: ledger pages with two filters,
// the Excel export of every row (wall time and the server's peak RSS) and a 20,000-row import.
// Prints a table and writes bench/results/ledger.json; never fails on a figure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { addDays, shanghaiDay } from '../src/domain/calendar.js';
import { createSchoolSchema } from '../src/domain/school.js';
import { systemActor } from '../src/server/auth/actor.js';
import { parseConfig } from '../src/server/config.js';
import type { Db } from '../src/server/db/database.js';
import { openDatabase } from '../src/server/db/open.js';
import { loadDemoDistrict } from '../src/server/demo/demo-district.js';
import { insertSchoolWithAudit } from '../src/server/schools/schools.service.js';
import { loginCookie } from './lib/api.js';
import { runLoad } from './lib/load.js';
import { adminQuery, pgReachable, withDatabase } from './lib/pg.js';
import { memoryMb, type RunningServer, root, startServer, stopServer } from './lib/server.js';

const SCHOOLS = 300;
const HAZARDS = 100_000;
const IMPORT_ROWS = 20_000;
const PAGE_LOAD = { connections: 1, seconds: 120, maxRequests: 250, warmup: 10 };
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * Indexes proposed for the ledger, tried in the bench database only before a migration adopts
 * them. None are pending: migration 0006 holds the ones that were measured to help.
 */
const CANDIDATE_INDEXES: string[] = [];

type Figure = { db: string; name: string; value: number | null; unit: string; target?: number; note?: string };
const figures: Figure[] = [];
function report(db: string, name: string, value: number | null, unit: string, target?: number, note?: string) {
  figures.push({ db, name, value, unit, ...(target !== undefined && { target }), ...(note && { note }) });
  const shown = value === null ? 'skipped' : `${value.toFixed(unit === 'ms' || unit === 'MB' ? 0 : 1)} ${unit}`;
  const verdict = value === null || target === undefined ? '' : value < target ? 'meets target' : 'OVER TARGET';
  const goal = target === undefined ? '' : `target < ${target} ${unit}`;
  console.log(`  ${`${db}: ${name}`.padEnd(48)} ${shown.padStart(10)}   ${goal.padEnd(16)} ${verdict}${note ? `  (${note})` : ''}`);
}

const titles = (
  '消防通道堆放杂物 fire 教学楼|灭火器过期未更换 fire 宿舍|配电箱线路老化 electric 配电房|食堂燃气软管老化 gas 食堂|围墙局部开裂 building 围墙|' +
  '校门防冲撞设施缺失 physical 校门|监控摄像头离线 technical 校门|宿舍应急照明损坏 facility 宿舍|实验室危化品台账不全 chemical 实验室|校车灭火器缺失 school_bus 校车|' +
  '门卫未配齐防护器械 staffing 门卫室|周边流动摊贩聚集 surroundings 周边|防溺水警示牌缺失 drowning 周边|上放学路口无减速带 traffic 校门|操场器材螺丝松动 facility 操场'
)
  .split('|')
  .map((t) => t.split(' '));
const SEEDED = '巡查发现（压测数据）'; // marks the rows seeded here: their timelines are written next
const arr = (i: number) => sql.raw(`array[${titles.map((t) => `'${t[i]}'`).join(',')}]`);

/**
 * Tops the district up to 100,000 hazards, states spread like a working district (70 % closed,
 * ~10 % overdue), then 4–5 timeline events each. Codes continue after the demo's counters.
 */
export async function seedHazards(db: Db, districtId: string) {
  const have = await countOf(db, 'hazard');
  await db.transaction().execute((trx) => seedRows(trx, districtId, HAZARDS - have));
  // The codes used the sequence number; the counters continue after them.
  await sql`
    insert into counter (district_id, name, value)
    select district_id, 'hazard:' || substr(code, 3, 4), max(substr(code, 7)::int) from hazard where district_id = ${districtId} group by 1, 2
    on conflict (district_id, name) do update set value = greatest(counter.value, excluded.value)`.execute(db);
}

/**
 * Consistent by construction, so the per-row foreign-key triggers are skipped for the seed only
 * (superuser, this transaction): checking 550,000 references takes minutes on PGlite.
 */
export async function seedRows(db: Db, districtId: string, n: number) {
  await sql`set local session_replication_role = replica`.execute(db);
  await sql`
    insert into hazard (district_id, code, school_id, title, description, place, category, level, source, state, found_at, reported_by_name,
      responsible_unit_id, deadline, supervision_listed, supervision_listed_at, interim_control, plan_measures, plan_responsible_person, plan_funds,
      plan_contingency, rectification_note, closed_at, closed_on_time, verification_failures)
    with s as (select array_agg(id order by code) as ids, count(*)::int as k from org_unit where district_id = ${districtId} and kind = 'school'),
    g as (
      select i, ((i::bigint * 2654435761) % 1000003) / 1000003.0 as u1, ((i::bigint * 40503 + 12345) % 999983) / 999983.0 as u2,
        ((i::bigint * 69069 + 1) % 1000033) / 1000033.0 as u3, 1 + (i * 31) % 15 as t
      from generate_series(1, ${n}) as i),
    p as (
      select g.*, s.ids[1 + (i::bigint * 104729) % s.k] as school_id,
        case when u1 < 0.05 then 'reported' when u1 < 0.10 then 'assessed' when u1 < 0.25 then 'rectifying' when u1 < 0.30 then 'pending_verification' else 'closed' end as state
      from g, s),
    q as (
      select p.*, now() - (case when state = 'closed' then 30 + floor(u2 * 1000) else floor(u2 * 60) end) * interval '1 day' - u3 * interval '10 hours' as found_at,
        case when state = 'reported' then null when u3 < 0.06 then 'major' else 'general' end as level,
        state in ('rectifying', 'pending_verification', 'closed') as planned
      from p),
    r as (
      select q.*, case when planned then (found_at at time zone 'Asia/Shanghai')::date + 30 end as deadline,
        case when state = 'closed' then least(now(), found_at + (5 + floor(u3 * 35)) * interval '1 day') end as closed_at
      from q)
    select ${districtId}, 'YH' || y || lpad((coalesce(c.value, 0) + i)::text, 6, '0'), school_id, (${arr(0)})[t], ${SEEDED}, (${arr(2)})[t],
      (${arr(1)})[t], level, (array['school_self','school_self','school_self','centre','inspector','department','leader','joint','police','public'])[1 + (i * 17) % 10],
      state, found_at, '周建国', school_id, deadline, coalesce(level = 'major' and state <> 'closed' and u2 < 0.5, false),
      case when level = 'major' and state <> 'closed' and u2 < 0.5 then found_at + interval '3 days' end,
      case when level = 'major' then '设置警戒区域，专人值守' else '' end, case when planned then '按方案整改' else '' end,
      case when planned then '王安全' else '' end, case when planned then '2000元' else '' end, case when planned then '专人值守，发现险情立即疏散' else '' end,
      case when state in ('pending_verification', 'closed') then '已按方案整改完毕' else '' end, closed_at,
      case when closed_at is not null then (closed_at at time zone 'Asia/Shanghai')::date <= deadline end, case when state = 'closed' and u3 > 0.85 then 1 else 0 end
    from r cross join lateral (select to_char(found_at at time zone 'Asia/Shanghai', 'YYYY') as y) as yy
    left join counter c on c.district_id = ${districtId} and c.name = 'hazard:' || y`.execute(db);
  await sql`
    with paths(path, n, action, from_state, to_state) as (values
      ('reported', 1, 'report', null::text, 'reported'), ('assessed', 1, 'report', null, 'reported'), ('assessed', 2, 'assess', 'reported', 'assessed'),
      ('rectifying', 1, 'report', null, 'reported'), ('rectifying', 2, 'assess', 'reported', 'assessed'), ('rectifying', 3, 'plan', 'assessed', 'rectifying'),
      ('pending_verification', 1, 'report', null, 'reported'), ('pending_verification', 2, 'assess', 'reported', 'assessed'),
      ('pending_verification', 3, 'plan', 'assessed', 'rectifying'), ('pending_verification', 4, 'submit', 'rectifying', 'pending_verification'),
      ('closed', 1, 'report', null, 'reported'), ('closed', 2, 'assess', 'reported', 'assessed'), ('closed', 3, 'plan', 'assessed', 'rectifying'),
      ('closed', 4, 'submit', 'rectifying', 'pending_verification'), ('closed', 5, 'verify_pass', 'pending_verification', 'closed'),
      ('failed', 1, 'report', null, 'reported'), ('failed', 2, 'assess', 'reported', 'assessed'), ('failed', 3, 'plan', 'assessed', 'rectifying'),
      ('failed', 4, 'submit', 'rectifying', 'pending_verification'), ('failed', 5, 'verify_fail', 'pending_verification', 'rectifying'),
      ('failed', 6, 'submit', 'rectifying', 'pending_verification'), ('failed', 7, 'verify_pass', 'pending_verification', 'closed'))
    insert into hazard_event (district_id, hazard_id, action, from_state, to_state, actor_name, actor_role, note, occurred_at)
    select h.district_id, h.id, p.action, p.from_state, p.to_state, '周建国', 'district_admin', '', h.found_at + (p.n - 1) * (coalesce(h.closed_at, now()) - h.found_at) / 7
    from hazard h join paths p on p.path = case when h.verification_failures > 0 then 'failed' else h.state end
    where h.district_id = ${districtId} and h.description = ${SEEDED}`.execute(db);
}

const countOf = async (db: Db, table: 'hazard' | 'hazard_event') =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n);

/** The demo district (270 schools, accounts), 30 more schools, the hazards; returns the school codes. */
export async function buildDistrict(env: Record<string, string>): Promise<{ codes: string[]; seedSeconds: number; events: number }> {
  const t0 = performance.now();
  const handle = await openDatabase(parseConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    const demo = await loadDemoDistrict(handle.db);
    const units = (
      await sql<{ id: string }>`select id from org_unit where district_id = ${demo.districtId} and kind in ('township', 'centre')`.execute(handle.db)
    ).rows;
    await handle.db.transaction().execute(async (trx) => {
      for (let i = demo.schools; i < SCHOOLS; i++) {
        const input = createSchoolSchema.parse({ code: `YJB${i}`, name: `云江区压测第${i}小学`, parentId: units[i % units.length]?.id, schoolType: 'primary' });
        await insertSchoolWithAudit(trx, systemActor(demo.districtId, 'bench'), input, 'school.bench_create');
      }
    });
    await seedHazards(handle.db, demo.districtId);
    // PostgreSQL's autovacuum would analyse the new rows; PGlite has none (single-user mode), so
    // without this its planner has no statistics and the same pages run 3–30× slower.
    await sql`vacuum analyze`.execute(handle.db);
    const codes = (await sql<{ code: string }>`select code from org_unit where kind = 'school' order by code`.execute(handle.db)).rows.map((c) => c.code);
    return { codes, seedSeconds: (performance.now() - t0) / 1000, events: await countOf(handle.db, 'hazard_event') };
  } finally {
    await handle.close();
  }
}

/** A district's existing ledger as an office would upload it: every state, 300 schools, dates of the past year. */
async function importFile(codes: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('隐患台账');
  ws.addRow('学校代码 隐患标题 部位 类别 等级 来源 发现日期 状态 整改措施 责任人 整改资金 整改期限 临时管控措施 应急预案 销号日期'.split(' '));
  const today = shanghaiDay(new Date());
  const states = ['登记', '研判', '整改中', '整改中', '待验收', '已销号', '已销号', '已销号', '已销号', '已销号'];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const [title, category, place] = titles[i % titles.length] as string[];
    const state = states[i % states.length] as string;
    const found = addDays(today, -(30 + (i % 330)));
    const planned = !['登记', '研判'].includes(state);
    const major = i % 20 === 7;
    const level = state === '登记' ? '' : major ? '重大' : '一般';
    const plan = planned
      ? ['按期整改到位', '李校长', '5000元', addDays(found, 30), major ? '设置警戒线' : '', '专人值守', state === '已销号' ? addDays(found, 20) : '']
      : [];
    const foundCell = new Date(`${found}T00:00:00Z`);
    const row = ws.addRow([codes[i % codes.length], `${title}（原台账${i + 1}）`, place, category, level, '学校自查', foundCell, state, ...plan]);
    row.getCell(7).numFmt = 'yyyy-mm-dd';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Resets the server's VmHWM (Linux: clear_refs 5) so the next peak is this operation's; false where that is refused. */
const resetPeak = (pid: number) =>
  fs.promises
    .writeFile(`/proc/${pid}/clear_refs`, '5')
    .then(() => true)
    .catch(() => false);

type Session = { base: string; pid: number; headers: Record<string, string>; csrfToken: string };

async function pages(db: string, s: Session, label: string) {
  const units = (await (await fetch(`${s.base}/api/org-units?kind=township&kind=centre`, { headers: s.headers })).json()) as { items: { id: string }[] };
  const states = ['rectifying', 'closed', 'pending_verification'];
  const byState = units.items.flatMap((u) => states.map((st) => `${s.base}/api/hazards?state=${st}&parentId=${u.id}`));
  const combos = ['general', 'major'].flatMap((l) => ['true', 'false'].map((o) => `level=${l}&overdue=${o}`));
  const levels = combos.flatMap((c) => [1, 2, 3, 4, 5].map((p) => `${s.base}/api/hazards?page=${p}&${c}`));
  // The ledger's other orders (整改期限 both ways, 最近处理), unfiltered and on open states (migration 0046).
  const sorts = ['deadline', '-deadline', '-updatedAt'].flatMap((o) =>
    ['', '&overdue=true', '&state=rectifying', '&level=major'].flatMap((f) => [1, 3].map((p) => `${s.base}/api/hazards?sort=${o}&page=${p}${f}`)),
  );
  for (const [name, urls] of [
    ['state + parentId', byState],
    ['level + overdue', levels],
    ['sorted by deadline or last change', sorts],
  ] as const) {
    const r = await runLoad({ ...PAGE_LOAD, urls: urls.map((u) => `${u}&pageSize=50`), headers: s.headers });
    report(db, `page ${name}${label} p50`, r.p50, 'ms', undefined, `${r.requests} requests, ${r.errors} errors`);
    report(db, `page ${name}${label} p95`, r.p95, 'ms', db === 'PGlite' ? 150 : 50);
  }
}

async function exports(db: string, s: Session) {
  for (const ledger of ['hazards', 'measures']) {
    const before = `RSS before ${memoryMb(s.pid).rss.toFixed(0)} MB`;
    const reset = await resetPeak(s.pid);
    const t0 = performance.now();
    const res = await fetch(`${s.base}/api/hazards/export?ledger=${ledger}`, { headers: s.headers });
    let bytes = 0;
    let tail = Buffer.alloc(0);
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      tail = Buffer.from(chunk);
    }
    const whole = res.status === 200 && tail.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06])); // zip end-of-central-directory
    const note = `${(bytes / 2 ** 20).toFixed(1)} MB${whole ? '' : ', INCOMPLETE'}`;
    report(db, `export ${ledger} (all rows): wall`, (performance.now() - t0) / 1000, 's', 15, note);
    report(db, `export ${ledger}: server peak RSS`, reset ? memoryMb(s.pid).peak : null, 'MB', 600, before);
  }
}

async function upload(db: string, s: Session, file: Buffer, dryRun: boolean) {
  const before = `RSS before ${memoryMb(s.pid).rss.toFixed(0)} MB`;
  const reset = await resetPeak(s.pid);
  const t0 = performance.now();
  const headers = { ...s.headers, 'x-csrf-token': s.csrfToken, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  const res = await fetch(`${s.base}/api/hazards/import?dryRun=${dryRun}`, { method: 'POST', headers, body: new Uint8Array(file) });
  const body = await res.text();
  const note = res.status === 200 ? `${(file.length / 2 ** 20).toFixed(1)} MB file` : `HTTP ${res.status}: ${body.slice(0, 200)}`;
  report(db, `import ${IMPORT_ROWS / 1000}k rows${dryRun ? ' (dry run)' : ''}`, (performance.now() - t0) / 1000, 's', dryRun ? undefined : 20, note);
  report(db, `import${dryRun ? ' (dry run)' : ''}: server peak RSS`, reset ? memoryMb(s.pid).peak : null, 'MB', undefined, before);
}

/** Runs `work` against the real server (`npm start` with this database), signed in as the district admin. */
async function withServer(env: Record<string, string>, work: (s: Session) => Promise<void>) {
  const server: RunningServer = await startServer(env);
  try {
    const cookie = await loginCookie(server.base);
    const csrfToken = /hx_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
    await work({ base: server.base, pid: server.child.pid as number, headers: { cookie }, csrfToken });
  } finally {
    await stopServer(server);
  }
}

/** Schema as migrated: pages, exports, a dry run. Then with the candidate indexes: pages, and the import (which writes). */
async function onDatabase(db: string, env: Record<string, string>) {
  console.log(`\n== ${db}: ${SCHOOLS} schools, ${HAZARDS.toLocaleString()} hazards`);
  const built = await buildDistrict(env);
  report(db, 'bulk SQL seed (demo + schools + hazards + events)', built.seedSeconds, 's', undefined, `${built.events.toLocaleString()} timeline events`);
  const file = await importFile(built.codes);
  await withServer(env, async (s) => {
    await pages(db, s, '');
    await exports(db, s);
    await upload(db, s, file, true);
  });
  const handle = await openDatabase(parseConfig({ ...env, LOG_LEVEL: 'silent' }));
  for (const ix of CANDIDATE_INDEXES) await sql.raw(ix).execute(handle.db);
  await sql`analyze hazard`.execute(handle.db);
  await handle.close();
  await withServer(env, async (s) => {
    await pages(db, s, CANDIDATE_INDEXES.length ? ' +ix' : ' (second run)');
    await upload(db, s, file, false);
  });
}

export async function runLedgerBench(): Promise<void> {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-ledger-bench-'));
  const errors: string[] = [];
  try {
    await onDatabase('PGlite', { DATA_DIR: path.join(tmp, 'data') }).catch((e: Error) => errors.push(`PGlite: ${e.message}`));
    const reach = await pgReachable(PG_URL);
    if (!reach.ok) console.log(`\n== PostgreSQL skipped: ${reach.why} (set BENCH_DATABASE_URL)`);
    else {
      const name = `huxiao_ledger_bench_${process.pid}`;
      await adminQuery(PG_URL, `create database ${name}`);
      try {
        await onDatabase('PostgreSQL', { DATABASE_URL: withDatabase(PG_URL, name), DATA_DIR: path.join(tmp, 'unused') }).catch((e: Error) =>
          errors.push(`PostgreSQL: ${e.message}`),
        );
      } finally {
        await adminQuery(PG_URL, `drop database if exists ${name} with (force)`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  for (const e of errors) console.log(`  ERROR ${e}`);
  const out = path.join(root, 'bench/results/ledger.json');
  const result = { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, candidateIndexes: CANDIDATE_INDEXES, figures, errors };
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nledger results written to ${path.relative(root, out)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runLedgerBench();
