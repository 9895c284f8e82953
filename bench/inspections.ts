// Inspections at district scale: 300 schools with two years of weekly 28-item self-checks, monthly
// supervision (三防 by inspector, centre, police or the joint group), the centre's monthly sweep, the
// joint group's two or three days a week and the semester fire self-check — about 1.2 million item
// results — written by bulk SQL into a fresh database (PGlite in a temp dir, then PostgreSQL) and
// measured through the real server over HTTP: the coverage grid (admin) and submitting a 28-item
// weekly check with a photo and a signature (the school's safety officer). Then EXPLAIN ANALYZE of
// the queries getCoverage runs, so a slow grid can be told apart from a slow query.
// Prints a table and writes bench/results/inspections.json; never fails on a figure.
import { randomUUID } from 'node:crypto';
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
import { loginCookie } from './lib/api.js';
import { percentile, runLoad } from './lib/load.js';
import { adminQuery, pgReachable, withDatabase } from './lib/pg.js';
import { type RunningServer, root, startServer, stopServer } from './lib/server.js';

const SCHOOLS = 300;
const WEEKS = 104;
const MONTHS = 24;
const GRID_LOAD = { connections: 1, seconds: 180, maxRequests: 120, warmup: 10 };
const OTHER_VIEWS = { connections: 1, seconds: 60, maxRequests: 30, warmup: 3 };
const SUBMISSIONS = 120;
const SUBMIT_WARMUP = 10;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NOBODY = '00000000-0000-0000-0000-000000000000'; // schools without a demo account: the officer's name only
/** A 1×1 PNG: the smallest real image for the photo and the signature. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

type Figure = { db: string; name: string; value: number | null; unit: string; target?: number; note?: string };
const figures: Figure[] = [];
function report(db: string, name: string, value: number | null, unit: string, target?: number, note?: string) {
  figures.push({ db, name, value, unit, ...(target !== undefined && { target }), ...(note && { note }) });
  const shown = value === null ? 'skipped' : `${value.toFixed(unit === 's' ? 1 : unit === 'ms' ? 1 : 0)} ${unit}`;
  const verdict = value === null || target === undefined ? '' : value < target ? 'meets target' : 'OVER TARGET';
  const goal = target === undefined ? '' : `target < ${target} ${unit}`;
  console.log(`  ${`${db}: ${name}`.padEnd(52)} ${shown.padStart(10)}   ${goal.padEnd(16)} ${verdict}${note ? `  (${note})` : ''}`);
}

const loadAvg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

type Seeded = {
  seedSeconds: number;
  districtId: string;
  officerSchoolId: string;
  officerSchoolCode: string;
  counts: Record<string, number>;
  byTemplate: { template_code: string; level: string; inspections: number; items: number }[];
};

/**
 * The plan of every seeded inspection (one row each), built in SQL: who, where, which template and
 * level, when. Items and headers are written from it afterwards; the table is dropped at the end.
 */
export async function planInspections(db: Db, districtId: string, users: Awaited<ReturnType<typeof demoUserIds>>) {
  await sql`drop table if exists bench_inspection_plan`.execute(db);
  await sql`
    create table bench_inspection_plan as
    with t as (select (now() at time zone 'Asia/Shanghai')::date as today),
    tt as (select today, today - extract(isodow from today)::int + 1 as monday, today - extract(day from today)::int + 1 as month_start from t),
    s as (
      select o.id, o.name, p.name as parent_name,
        (select a.subject_id from assignment a where a.district_id = o.district_id and a.kind = 'inspector_school' and a.target_id = o.id limit 1) as inspector
      from org_unit o left join org_unit p on p.district_id = o.district_id and p.id = o.parent_id
      where o.district_id = ${districtId} and o.kind = 'school'),
    ids as (select array_agg(id order by id) as a, count(*)::int as k from s),
    weekly as (
      select s.id as school_id, 'weekly_check' as tpl, 'school_self' as level, tt.monday - 7 * w + floor(random() * 5)::int as day,
        case when s.id = ${users.firstSchool}::uuid then ${users.schoolOfficer}::uuid else ${NOBODY}::uuid end as by_user,
        case when s.id = ${users.firstSchool}::uuid then ${users.schoolOfficerName} else s.name || '安全干部' end as by_name, 0.02 as fail_rate
      from s cross join tt cross join generate_series(0, ${WEEKS - 1}) as w),
    months as (select (tt.month_start - make_interval(months => m))::date as start from tt cross join generate_series(0, ${MONTHS - 1}) as m),
    sup as (
      select s.*, m.start + floor(random() * 28)::int as day, random() as r from s cross join months m),
    supervision as (
      select school_id, 'sanfang' as tpl, level, day,
        case level when 'inspector' then inspector when 'centre' then ${users.centreOfficer}::uuid when 'police' then ${users.police}::uuid else ${users.joint}::uuid end,
        case level when 'inspector' then '责任督学' when 'centre' then coalesce(parent_name, '') || '教管中心' when 'police' then '辖区派出所民警' else ${users.jointName} end,
        case level when 'joint' then 0.06 when 'police' then 0.05 else 0.04 end
      from (select sup.id as school_id, sup.day, sup.inspector, sup.parent_name,
              case when r < 0.45 and inspector is not null then 'inspector' when r < 0.65 then 'centre' when r < 0.80 then 'police' else 'joint' end as level
            from sup) x),
    sweep as (
      select s.id, 'monthly_sweep', 'centre', m.start + floor(random() * 28)::int, ${users.centreOfficer}::uuid, coalesce(s.parent_name, '') || '教管中心', 0.03
      from s cross join months m),
    joint_days as (
      select tt.monday - 7 * w + d as day from tt cross join generate_series(0, ${WEEKS - 1}) as w cross join unnest(array[0, 2, 3]) as d
      where d < 3 or random() < 0.5),
    joint as (
      select ids.a[1 + floor(random() * ids.k)::int], 'sanfang', 'joint', j.day, ${users.joint}::uuid, ${users.jointName}, 0.06
      from joint_days j cross join generate_series(1, 3) cross join ids),
    semesters as (
      select make_date(y, mo, 1) as start from tt cross join generate_series(extract(year from tt.today)::int - 2, extract(year from tt.today)::int) as y
        cross join unnest(array[2, 9]) as mo
      where make_date(y, mo, 1) between tt.today - 730 and tt.today),
    fire as (
      select s.id, 'fire_self_check', 'school_self', se.start + 5 + floor(random() * 45)::int,
        case when s.id = ${users.firstSchool}::uuid then ${users.schoolOfficer}::uuid else ${NOBODY}::uuid end,
        case when s.id = ${users.firstSchool}::uuid then ${users.schoolOfficerName} else s.name || '安全干部' end, 0.02
      from s cross join semesters se where random() < 0.85),
    alls as (select * from weekly union all select * from supervision union all select * from sweep union all select * from joint union all select * from fire),
    timed as (
      select alls.*, ((alls.day + time '08:00') + random() * interval '9 hours') at time zone 'Asia/Shanghai' as at_ts, random() as rr from alls
      where alls.day >= (select today from t) - ${WEEKS * 7}::int)
    select row_number() over (order by at_ts) as seq, gen_random_uuid() as id, timed.* from timed where at_ts <= now()`.execute(db);
  await sql`create index on bench_inspection_plan (seq)`.execute(db);
  return Number((await sql<{ n: number }>`select count(*) as n from bench_inspection_plan`.execute(db)).rows[0]?.n);
}

/** The latest version of each template of the district, as the server would pick it. */
const latestTemplates = (districtId: string) => sql`(
  select distinct on (code) * from checklist_template where district_id = ${districtId} order by code, version desc) as tpl`;

/**
 * Items of plan rows [from, to], each chunk in its own transaction. Consistent by construction, so
 * the per-row foreign-key triggers are skipped for the seed only (superuser, this transaction), as
 * bench/ledger.ts does: checking a million references takes minutes on PGlite.
 */
export async function seedItems(db: Db, districtId: string, from: number, to: number) {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`
      insert into inspection_item (district_id, inspection_id, code, position, text, category, place, guidance, photo_required, fail_level, result, note)
      select ${districtId}, x.id, x.code, x.position, x.text, x.category, x.place, x.guidance, x.photo_required, x.fail_level, x.result,
        case when x.result = 'fail' then '（压测数据）现场发现问题，已要求整改' else '' end
      from (
        select p.id, e.it->>'code' as code, (e.ord - 1)::int as position, e.it->>'text' as text, e.it->>'category' as category, e.it->>'place' as place,
          coalesce(e.it->>'guidance', '') as guidance, coalesce((e.it->>'photoRequiredOnFail')::boolean, true) as photo_required,
          coalesce(e.it->>'failLevel', 'general') as fail_level,
          case when random() < p.fail_rate then 'fail' when random() < 0.03 then 'na' else 'pass' end as result
        from bench_inspection_plan p
        join ${latestTemplates(districtId)} on tpl.code = p.tpl
        cross join lateral jsonb_array_elements(tpl.items) with ordinality as e(it, ord)
        where p.seq between ${from} and ${to} and not coalesce((e.it->>'retired')::boolean, false)
        offset 0) as x`.execute(trx);
  });
}

/** The headers, with counts from the items just written and codes JC<year><seq> numbered per year; counters continue after them. */
export async function seedHeaders(db: Db, districtId: string) {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`
      insert into inspection (district_id, id, client_id, code, school_id, template_id, template_code, template_version, template_name, level, status,
        inspected_at, inspected_on, inspectors, inspector_ids, summary, signatures, pass_count, fail_count, na_count, open_count, hazard_count,
        report_due, reported_at, reported_by_name, content_hash, created_by, created_by_name, created_at, updated_at, submitted_at)
      with c as (
        select inspection_id, count(*) filter (where result = 'pass')::int as pass, count(*) filter (where result = 'fail')::int as fail,
          count(*) filter (where result = 'na')::int as na
        from inspection_item where district_id = ${districtId} group by inspection_id),
      p as (
        select p.*, (p.at_ts at time zone 'Asia/Shanghai')::date as on_day,
          row_number() over (partition by extract(year from (p.at_ts at time zone 'Asia/Shanghai')) order by p.seq) as n
        from bench_inspection_plan p),
      r as (
        select p.*, tpl.id as template_id, tpl.version, tpl.name as template_name, (tpl.report->>'withinDays')::int as within,
          case when tpl.report->>'withinDays' is null then null
            when p.rr < 0.70 then ((p.on_day + 1 + floor(p.rr * 5)::int) + time '10:00') at time zone 'Asia/Shanghai'
            when p.rr < 0.80 then ((p.on_day + 7 + floor(p.rr * 10)::int) + time '10:00') at time zone 'Asia/Shanghai' end as reported
        from p join ${latestTemplates(districtId)} on tpl.code = p.tpl)
      select ${districtId}, r.id, gen_random_uuid(), 'JC' || extract(year from r.on_day)::int || lpad(r.n::text, 6, '0'), r.school_id, r.template_id, r.tpl, r.version,
        r.template_name, r.level, 'submitted', r.at_ts, r.on_day, jsonb_build_array(jsonb_build_object('name', r.by_name, 'unitName', '')),
        case when r.by_user = ${NOBODY}::uuid then '{}'::uuid[] else array[r.by_user] end, '（压测数据）', '[]', c.pass, c.fail, c.na, 0, 0,
        case when r.within is not null then r.on_day + r.within end, case when r.reported <= now() then r.reported end,
        case when r.reported <= now() then '校长（压测）' end, 'bench', r.by_user, r.by_name, r.at_ts, r.at_ts, r.at_ts
      from r join c on c.inspection_id = r.id`.execute(trx);
  });
  await sql`
    insert into counter (district_id, name, value)
    select district_id, 'inspection:' || substr(code, 3, 4), max(substr(code, 7)::int) from inspection where district_id = ${districtId} group by 1, 2
    on conflict (district_id, name) do update set value = greatest(counter.value, excluded.value)`.execute(db);
}

const countOf = async (db: Db, table: 'inspection' | 'inspection_item' | 'org_unit') =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n);

/** The demo district (270 schools, accounts) without hazards, 30 more schools up to 300, and the templates of the pack. */
export async function benchDistrict(db: Db) {
  const demo = await loadDemoDistrict(db, { withHazards: false });
  const units = (await sql<{ id: string }>`select id from org_unit where district_id = ${demo.districtId} and kind in ('township', 'centre')`.execute(db)).rows;
  await db.transaction().execute(async (trx) => {
    for (let i = demo.schools; i < SCHOOLS; i++) {
      const input = createSchoolSchema.parse({ code: `YJB${i}`, name: `云江区压测第${i}小学`, parentId: units[i % units.length]?.id, schoolType: 'primary' });
      await insertSchoolWithAudit(trx, systemActor(demo.districtId, 'bench'), input, 'school.bench_create');
    }
  });
  await syncAllDistricts(db, loadPolicyRegistry());
  return { demo, users: await demoUserIds(db, demo.districtId) };
}

/** The demo district (270 schools, accounts) without hazards, 30 more schools, the templates, then two years of inspections. */
export async function buildDistrict(env: Record<string, string>): Promise<Seeded> {
  const t0 = performance.now();
  const handle = await openDatabase(parseConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    const db = handle.db;
    const { demo, users } = await benchDistrict(db);
    const tPlan = performance.now();
    const planned = await planInspections(db, demo.districtId, users);
    console.log(`  planned ${planned.toLocaleString()} inspections in ${((performance.now() - tPlan) / 1000).toFixed(1)} s (load ${loadAvg()})`);
    const CHUNK = 8000;
    for (let from = 1; from <= planned; from += CHUNK) {
      const tc = performance.now();
      await seedItems(db, demo.districtId, from, Math.min(planned, from + CHUNK - 1));
      process.stdout.write(`  items for inspections ${from}–${Math.min(planned, from + CHUNK - 1)}: ${((performance.now() - tc) / 1000).toFixed(1)} s\n`);
    }
    const th = performance.now();
    await seedHeaders(db, demo.districtId);
    console.log(`  headers and counters: ${((performance.now() - th) / 1000).toFixed(1)} s`);
    await sql`drop table bench_inspection_plan`.execute(db);
    // PostgreSQL's autovacuum would get here by itself; PGlite has none (the server ANALYZEs at start).
    const tv = performance.now();
    await sql`vacuum analyze`.execute(db);
    console.log(`  vacuum analyze: ${((performance.now() - tv) / 1000).toFixed(1)} s`);
    const officerSchoolCode =
      (await sql<{ code: string }>`select code from org_unit where district_id = ${demo.districtId} and id = ${users.firstSchool}`.execute(db)).rows[0]?.code ??
      '';
    const byTemplate = (
      await sql<{ template_code: string; level: string; inspections: number; items: number }>`
        select i.template_code, i.level, count(*)::int as inspections, sum(i.pass_count + i.fail_count + i.na_count + i.open_count)::int as items
        from inspection i where i.district_id = ${demo.districtId} group by 1, 2 order by 1, 2`.execute(db)
    ).rows;
    const fails = Number((await sql<{ n: number }>`select count(*) as n from inspection_item where result = 'fail'`.execute(db)).rows[0]?.n);
    return {
      seedSeconds: (performance.now() - t0) / 1000,
      districtId: demo.districtId,
      officerSchoolId: users.firstSchool,
      officerSchoolCode,
      counts: {
        schools: Number((await sql<{ n: number }>`select count(*) as n from org_unit where kind = 'school'`.execute(db)).rows[0]?.n),
        inspections: await countOf(db, 'inspection'),
        items: await countOf(db, 'inspection_item'),
        failedItems: fails,
      },
      byTemplate,
    };
  } finally {
    await handle.close();
  }
}

type Session = { base: string; headers: Record<string, string>; csrfToken: string };

async function signIn(base: string, username: string): Promise<Session> {
  const cookie = await loginCookie(base, username);
  return { base, headers: { cookie }, csrfToken: /hx_csrf=([^;]+)/.exec(cookie)?.[1] ?? '' };
}

type GridShape = { rows: number; periods: number; facts?: number; done: number; bytes: number };

async function gridShape(s: Session, url: string): Promise<GridShape> {
  const res = await fetch(url, { headers: s.headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { rows: unknown[]; periods: unknown[]; totals: { done: number }[] };
  return { rows: body.rows.length, periods: body.periods.length, done: body.totals.reduce((a, t) => a + t.done, 0), bytes: text.length };
}

async function coverage(db: string, s: Session, month: string) {
  const views = [
    {
      label: 'coverage month (this month)',
      url: `${s.base}/api/coverage?view=month&from=${month}&to=${month}`,
      load: GRID_LOAD,
      target: db === 'PGlite' ? 300 : 100,
    },
    { label: 'coverage default (semester months)', url: `${s.base}/api/coverage`, load: OTHER_VIEWS, target: undefined },
    { label: 'coverage week (this month)', url: `${s.base}/api/coverage?view=week&from=${month}&to=${month}`, load: OTHER_VIEWS, target: undefined },
  ];
  for (const v of views) {
    const shape = await gridShape(s, v.url);
    const before = loadAvg();
    const r = await runLoad({ ...v.load, urls: [v.url], headers: s.headers });
    const note = `${r.requests} requests, ${r.errors} errors; ${shape.rows} schools × ${shape.periods} periods, ${(shape.bytes / 1024).toFixed(0)} KB; load ${before}`;
    report(db, `${v.label} p50`, r.p50, 'ms', undefined, note);
    report(db, `${v.label} p95`, r.p95, 'ms', v.target);
  }
}

type TemplateItemDto = { code: string; photoRequiredOnFail: boolean; retired: boolean };

async function upload(s: Session, purpose: 'inspection' | 'signature', schoolId: string): Promise<string> {
  const res = await fetch(`${s.base}/api/attachments?purpose=${purpose}&schoolId=${schoolId}&fileName=${purpose}.png`, {
    method: 'POST',
    headers: { ...s.headers, 'x-csrf-token': s.csrfToken, 'content-type': 'image/png' },
    body: new Uint8Array(PNG),
  });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 201 || !body.id) throw new Error(`upload ${purpose} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body.id;
}

/** The school's safety officer submits a complete weekly check: 27 passes, one failure with its photo, one signature. */
async function submissions(db: string, s: Session, schoolId: string, schoolCode: string) {
  const tplRes = await fetch(`${s.base}/api/checklist-templates/weekly_check`, { headers: s.headers });
  const tpl = (await tplRes.json()) as { version: number; items: TemplateItemDto[] };
  const items = tpl.items.filter((i) => !i.retired);
  const failing = items.find((i) => i.photoRequiredOnFail) ?? items[0];
  const n = SUBMIT_WARMUP + SUBMISSIONS;
  const tu = performance.now();
  const evidence: { photo: string; signature: string }[] = [];
  for (let i = 0; i < n; i++) evidence.push({ photo: await upload(s, 'inspection', schoolId), signature: await upload(s, 'signature', schoolId) });
  const uploadMs = (performance.now() - tu) / (2 * n);
  const latencies: number[] = [];
  let errors = 0;
  let firstError = '';
  const before = loadAvg();
  for (let i = 0; i < n; i++) {
    const { photo, signature } = evidence[i] as { photo: string; signature: string };
    const now = new Date().toISOString();
    const body = {
      clientId: randomUUID(),
      schoolId,
      templateCode: 'weekly_check',
      templateVersion: tpl.version,
      level: 'school_self',
      inspectedAt: now,
      summary: '压测：周检查',
      items: items.map((it) =>
        it.code === failing?.code ? { code: it.code, result: 'fail', note: '消防通道有杂物堆放', attachmentIds: [photo] } : { code: it.code, result: 'pass' },
      ),
      signatures: [{ name: '黄国平', role: '安全干部', attachmentId: signature, signedAt: now }],
      submit: true,
    };
    const t0 = performance.now();
    const res = await fetch(`${s.base}/api/inspections`, {
      method: 'POST',
      headers: { ...s.headers, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    const ok = res.status === 201 && (JSON.parse(text) as { inspection?: { status?: string } }).inspection?.status === 'submitted';
    if (!ok) {
      errors++;
      firstError ||= `HTTP ${res.status}: ${text.slice(0, 300)}`;
    }
    if (i >= SUBMIT_WARMUP) latencies.push(ms);
  }
  latencies.sort((a, b) => a - b);
  const note = `${latencies.length} submissions of ${items.length} items at ${schoolCode} after ${SUBMIT_WARMUP} warm-up, ${errors} errors${firstError ? ` (${firstError})` : ''}; load ${before}`;
  report(db, 'submit 28-item inspection p50', percentile(latencies, 50), 'ms', undefined, note);
  report(db, 'submit 28-item inspection p95', percentile(latencies, 95), 'ms', db === 'PostgreSQL' ? 50 : undefined);
  report(db, 'upload (photo or signature), mean', uploadMs, 'ms', undefined, `${2 * n} uploads before timing`);
}

/** Runs `work` against the real server (`npm start` with this database). */
async function withServer(env: Record<string, string>, work: (base: string) => Promise<void>) {
  const server: RunningServer = await startServer(env);
  try {
    await work(server.base);
  } finally {
    await stopServer(server);
  }
}

type Explained = { query: string; executionMs: number; planningMs: number; plan: string[] };

/** EXPLAIN ANALYZE of the queries getCoverage runs for this month (the same SQL as coverage.repository.ts), best of three. */
async function explainCoverage(db: string, env: Record<string, string>, districtId: string, from: string, to: string): Promise<Explained[]> {
  const handle = await openDatabase(parseConfig({ ...env, LOG_LEVEL: 'silent' }));
  const out: Explained[] = [];
  try {
    const queries = {
      findSchoolFacts: sql`
        select o.id, o.name, o.code, o.parent_id, s.school_type, s.boarding_students, p.name as parent_name
        from org_unit as o inner join school as s on s.district_id = o.district_id and s.id = o.id
        left join org_unit as p on p.district_id = o.district_id and p.id = o.parent_id
        where o.district_id = ${districtId} and o.kind = 'school' and o.is_active = true order by o.code`,
      findInspectionFacts: sql`
        select id, school_id, level, template_code, to_char(inspected_on, 'YYYY-MM-DD') as day, inspector_ids
        from inspection where district_id = ${districtId} and status = 'submitted' and inspected_on >= ${from} and inspected_on <= ${to}`,
      findInspectorAssignments: sql`
        select u.id as user_id, u.display_name, a.target_id from assignment as a
        inner join app_user as u on u.district_id = a.district_id and u.id = a.subject_id
        where a.district_id = ${districtId} and a.kind = 'inspector_school' order by u.display_name`,
    };
    for (const [name, q] of Object.entries(queries)) {
      let best: Explained | undefined;
      for (let k = 0; k < 3; k++) {
        const rows = (await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) ${q}`.execute(handle.db)).rows.map((r) => r['QUERY PLAN']);
        const num = (label: string) => Number(new RegExp(`${label} Time: ([\\d.]+) ms`).exec(rows.join('\n'))?.[1] ?? Number.NaN);
        const e = { query: name, executionMs: num('Execution'), planningMs: num('Planning'), plan: rows };
        if (!best || e.executionMs < best.executionMs) best = e;
      }
      if (best) {
        out.push(best);
        report(db, `SQL ${name} (EXPLAIN ANALYZE)`, best.executionMs, 'ms', undefined, `planning ${best.planningMs.toFixed(2)} ms; ${best.plan[0]?.trim()}`);
      }
    }
  } finally {
    await handle.close();
  }
  return out;
}

async function onDatabase(db: string, env: Record<string, string>, explained: Record<string, Explained[]>, seeds: Record<string, unknown>) {
  console.log(`\n== ${db}: ${SCHOOLS} schools, ${WEEKS} weeks of weekly checks, ${MONTHS} months of supervision (load ${loadAvg()})`);
  const built = await buildDistrict(env);
  seeds[db] = { seconds: built.seedSeconds, counts: built.counts, byTemplate: built.byTemplate };
  report(db, 'bulk SQL seed (demo + schools + templates + inspections)', built.seedSeconds, 's', undefined, `load ${loadAvg()}`);
  report(db, 'inspection rows', built.counts.inspections ?? null, 'rows');
  report(db, 'inspection_item rows', built.counts.items ?? null, 'rows', undefined, `${built.counts.failedItems?.toLocaleString()} failed`);
  for (const t of built.byTemplate)
    console.log(
      `    ${t.template_code.padEnd(16)} ${t.level.padEnd(12)} ${String(t.inspections).padStart(7)} inspections ${String(t.items).padStart(9)} items`,
    );
  const month = shanghaiDay(new Date()).slice(0, 7);
  await withServer(env, async (base) => {
    const admin = await signIn(base, 'admin');
    await coverage(db, admin, month);
    // The floor under every figure on this machine at this load: one session lookup and a small answer.
    const me = await runLoad({ connections: 1, seconds: 30, maxRequests: 100, warmup: 10, urls: [`${base}/api/auth/me`], headers: admin.headers });
    report(db, 'baseline GET /api/auth/me p50', me.p50, 'ms', undefined, `${me.requests} requests; load ${loadAvg()}`);
    report(db, 'baseline GET /api/auth/me p95', me.p95, 'ms');
    const officer = await signIn(base, 'school_officer');
    await submissions(db, officer, built.officerSchoolId, built.officerSchoolCode);
  });
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  explained[db] = await explainCoverage(db, env, built.districtId, `${month}-01`, `${month}-${String(last).padStart(2, '0')}`);
}

export async function runInspectionsBench(): Promise<void> {
  const started = Date.now();
  const loadAverageBefore = os.loadavg();
  console.log(
    `\n== inspections benchmark — node ${process.version}, ${os.cpus().length} cores, load average ${loadAvg()}${
      (loadAverageBefore[0] ?? 0) > os.cpus().length / 2 ? ' (the machine is busy with other work: figures will be slower than on an idle machine)' : ''
    }`,
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-inspections-bench-'));
  const errors: string[] = [];
  const explained: Record<string, Explained[]> = {};
  const seeds: Record<string, unknown> = {};
  try {
    await onDatabase('PGlite', { DATA_DIR: path.join(tmp, 'data') }, explained, seeds).catch((e: Error) => errors.push(`PGlite: ${e.message}`));
    const reach = await pgReachable(PG_URL);
    if (!reach.ok) console.log(`\n== PostgreSQL skipped: ${reach.why} (set BENCH_DATABASE_URL)`);
    else {
      const name = `huxiao_inspections_bench_${process.pid}`;
      await adminQuery(PG_URL, `create database ${name}`);
      try {
        await onDatabase('PostgreSQL', { DATABASE_URL: withDatabase(PG_URL, name), DATA_DIR: path.join(tmp, 'unused') }, explained, seeds).catch((e: Error) =>
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
  const out = path.join(root, 'bench/results/inspections.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cores: os.cpus().length,
    loadAverageBefore,
    loadAverageAfter: os.loadavg(),
    seeds,
    figures,
    explained,
    errors,
  };
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\ninspections results written to ${path.relative(root, out)} (${((Date.now() - started) / 1000).toFixed(0)} s, load ${loadAvg()})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runInspectionsBench();
