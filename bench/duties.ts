// The duty engine at district scale (issue 9): 300 schools with two years of patrol logs (key places
// every day, dormitory nights at boarding schools), weekly safety education, monthly drills, staff
// trainings, yearly 一岗双责 letters and document revisions, and recent duty rosters — about 600,000
// records, 500,000 of them patrol logs — written by bulk SQL into a fresh database (PGlite in a temp dir, then PostgreSQL).
// Measured through the real server as the district admin: GET /api/obligations (every obligation of
// the pack, every kind, this period and the one before) and GET /api/coverage for one education and
// one patrol obligation over a month; then, in-process, where the time goes: the call with the tally
// cache cold and warm, SQL statements and CPU time a call (load-independent), each kind's tallies
// as a cache miss computes them, EXPLAIN (ANALYZE, BUFFERS) of the two slowest tally statements,
// the rest of the service (the domain computation in src/domain/coverage.ts) and the JSON.
// DUTIES_BENCH_SCALE=<0..1> scales the days of history (1 = 730 days; 0.1 ≈ 50,000 records).
// DUTIES_BENCH_KEEP=<dir> keeps the seeded PGlite directory (and the PostgreSQL database) for reruns;
// DUTIES_BENCH_SKIP_PG=1 measures PGlite only.
// Prints a table and writes bench/results/duties.json; never fails on a figure.
import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { shanghaiDay } from '../src/domain/calendar.js';
import { coverageOf, coverageStart } from '../src/domain/coverage.js';
import { rulePeriodAt, rulePeriodBefore, rulePeriodsBetween } from '../src/domain/periods.js';
import type { ObligationDef } from '../src/domain/policy/pack-schema.js';
import { LocalFileStore } from '../src/server/attachments/file-store.js';
import type { Actor } from '../src/server/auth/actor.js';
import { resolveScope } from '../src/server/auth/scope.resolver.js';
import { parseConfig } from '../src/server/config.js';
import type { AppContext } from '../src/server/context.js';
import { findDepartmentFacts, findDistrictStart, findSchoolFacts } from '../src/server/coverage/coverage.repository.js';
import { getCoverage, listObligations } from '../src/server/coverage/coverage.service.js';
import { type TallyWanted, talliesUncached, tallyStatementOf } from '../src/server/coverage/coverage-tallies.js';
import type { Db } from '../src/server/db/database.js';
import { openDatabase } from '../src/server/db/open.js';
import { dutyTallyCacheOf } from '../src/server/duty/duty-tally-cache.js';
import { loadPolicyRegistry } from '../src/server/policy/policy.registry.js';
import { packOf } from '../src/server/policy/policy.service.js';
import { benchDistrict } from './inspections.js';
import { loginCookie } from './lib/api.js';
import { runLoad } from './lib/load.js';
import { adminQuery, pgReachable, withDatabase } from './lib/pg.js';
import { root, startServer, stopServer } from './lib/server.js';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEEP = process.env.DUTIES_BENCH_KEEP;
const SCALE = Math.min(1, Math.max(0.01, Number(process.env.DUTIES_BENCH_SCALE ?? 1) || 1));
const DAYS = Math.round(730 * SCALE);
const ROSTER_DAYS = Math.min(DAYS, 120);
const OBLIGATIONS_LOAD = { connections: 1, seconds: 120, maxRequests: 40, warmup: 5 };
const COVERAGE_LOAD = { connections: 1, seconds: 60, maxRequests: 20, warmup: 3 };
const TARGET = { PGlite: 300, PostgreSQL: 100 } as Record<string, number>;
const NOBODY = '00000000-0000-0000-0000-000000000000';
const EDUCATION_OBLIGATION = 'safety_education_weekly';
const PATROL_OBLIGATION = 'patrol_key_places';

type Figure = { db: string; name: string; value: number | null; unit: string; target?: number; note?: string };
const figures: Figure[] = [];
const loadAvg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
function report(db: string, name: string, value: number | null, unit: string, target?: number, note?: string) {
  figures.push({ db, name, value, unit, ...(target !== undefined && { target }), ...(note && { note }) });
  const shown = value === null ? 'skipped' : `${value.toFixed(unit === 'ms' || unit === 's' ? 1 : 0)} ${unit}`;
  const verdict = value === null || target === undefined ? '' : value < target ? 'meets target' : 'OVER TARGET';
  const goal = target === undefined ? '' : `target < ${target} ${unit}`;
  console.log(`  ${`${db}: ${name}`.padEnd(60)} ${shown.padStart(10)}   ${goal.padEnd(16)} ${verdict}${note ? `  (${note})` : ''}`);
}

/** The district's schools with what the seed needs, and the days of history (newest first). */
const SCHOOLS_CTE = (districtId: string) => sql`
  s as (
    select o.id, o.name, o.parent_id, coalesce(sc.enrollment, 0) as enrollment, greatest(coalesce(sc.staff_count, 0), 10) as staff,
      coalesce(sc.boarding_students, 0) > 0 as boarding, row_number() over (order by o.id) as n
    from org_unit o left join school sc on sc.district_id = o.district_id and sc.id = o.id
    where o.district_id = ${districtId} and o.kind = 'school'),
  t as (select (now() at time zone 'Asia/Shanghai')::date as today)`;

/**
 * Each table in its own transaction. Consistent by construction, so the per-row foreign-key triggers
 * are skipped for the seed only (superuser, this transaction), as bench/ledger.ts does.
 */
async function bulk(db: Db, label: string, query: ReturnType<typeof sql>) {
  const t0 = performance.now();
  const n = await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    const r = await query.execute(trx);
    return Number(r.numAffectedRows ?? 0);
  });
  console.log(`  ${label.padEnd(28)} ${n.toLocaleString().padStart(9)} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${loadAvg()})`);
  return n;
}

export async function seedDuties(db: Db, districtId: string, days = DAYS): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  // Patrol logs: key places on every day (one or two rounds, five on 15% of days, so some days
  // comply with the 5-a-day rule) and two night rounds of the dormitories at boarding schools.
  counts.patrol_log = await bulk(
    db,
    'patrol logs',
    sql`
      insert into patrol_log (district_id, id, client_id, code, school_id, route, patrolled_at, patrol_day, content_hash, created_by, created_by_name, created_at)
      with ${SCHOOLS_CTE(districtId)},
      sd as (
        select s.id, s.name, s.boarding, t.today - g as day,
          case when random() < 0.15 then 5 when random() < 0.5 then 2 else 1 end as rounds,
          case when random() < 0.7 then 2 else 1 end as nights
        from s cross join t cross join generate_series(0, ${days - 1}) as g),
      rounds as (
        select sd.id, sd.name, 'key_places' as route, sd.day, ((sd.day + time '07:30') + (r - 1) * interval '2 hours' + random() * interval '30 minutes') at time zone 'Asia/Shanghai' as at
        from sd cross join generate_series(1, 5) as r where r <= sd.rounds
        union all
        select sd.id, sd.name, 'dormitory_night', sd.day, ((sd.day + time '22:00') + (r - 1) * interval '3 hours' + random() * interval '30 minutes') at time zone 'Asia/Shanghai'
        from sd cross join generate_series(1, 2) as r where sd.boarding and r <= sd.nights)
      select ${districtId}, gen_random_uuid(), gen_random_uuid(), 'XCB' || lpad((row_number() over ())::text, 8, '0'), id, route, at, day, 'bench', ${NOBODY}::uuid,
        name || '保安', at
      from rounds where at <= now()`,
  );
  // Duty rosters for the last months (the daily duty looks at today and yesterday only).
  counts.duty_roster = await bulk(
    db,
    'duty rosters',
    sql`
      insert into duty_roster (district_id, school_id, day, leader_name, night_duty_name, updated_by, updated_by_name)
      with ${SCHOOLS_CTE(districtId)}
      select ${districtId}, s.id, t.today - g, '值班校领导', case when s.boarding then '宿管值班员' else '' end, ${NOBODY}::uuid, '（压测数据）'
      from s cross join t cross join generate_series(0, ${ROSTER_DAYS - 1}) as g where random() < 0.95
      on conflict do nothing`,
  );
  // School-bus checks: the weekly study at about 80% of weeks and a monthly special check at most schools (kinds bus_study, bus_check).
  counts.bus_check = await bulk(
    db,
    'bus checks',
    sql`
      insert into bus_check (district_id, school_id, kind, checked_on, participants, recorded_by, recorded_by_name, recorded_by_unit_id)
      with ${SCHOOLS_CTE(districtId)}
      select ${districtId}, s.id, case when g % 28 = 3 then 'special_check' else 'weekly_study' end, t.today - g, '（压测数据）', ${NOBODY}::uuid, '（压测数据）', s.id
      from s cross join t cross join generate_series(0, ${days - 1}) as g where (g % 7 = 2 and random() < 0.8) or (g % 28 = 3 and random() < 0.9)`,
  );
  // Drills: about one a month per school, of any type.
  counts.drill = await bulk(
    db,
    'drills',
    sql`
      insert into drill (district_id, client_id, code, school_id, type_code, type_label, status, started_at, drilled_on, scenario, organiser,
        student_participants, staff_participants, enrollment_base, staff_base, created_by, created_by_name, created_at, updated_at, submitted_at)
      with ${SCHOOLS_CTE(districtId)},
      types as (select array['earthquake', 'fire', 'anti_terror', 'stampede', 'drowning', 'flood', 'food_poisoning', 'epidemic', 'school_bus', 'geological'] as codes,
        array['防震疏散演练', '消防疏散演练', '反恐防暴演练', '防踩踏演练', '防溺水演练', '防汛防涝演练', '食物中毒应急演练', '疫情防控演练', '校车安全演练', '地质灾害演练'] as labels),
      d as (
        select s.*, t.today - 30 * m - floor(random() * 28)::int as day, 1 + floor(random() * 10)::int as k
        from s cross join t cross join generate_series(0, ${Math.ceil(days / 30) - 1}) as m where random() < 0.9),
      x as (select d.*, ((d.day + time '10:00') at time zone 'Asia/Shanghai') as at from d where d.day <= (select today from t))
      select ${districtId}, gen_random_uuid(), 'YLB' || lpad((row_number() over ())::text, 7, '0'), x.id, types.codes[x.k], types.labels[x.k], 'submitted', x.at, x.day,
        '（压测数据）', '学校安全办', greatest(x.enrollment - 20, 0), x.staff, x.enrollment, x.staff, ${NOBODY}::uuid, '（压测数据）', x.at, x.at, x.at
      from x cross join types`,
  );
  // Education: a school-wide session most weeks (0.5 or 1 class hour), two grade sessions a month,
  // 开学第一课 in the first days of September and March.
  counts.education_session = await bulk(
    db,
    'education sessions',
    sql`
      insert into education_session (district_id, client_id, school_id, held_on, audience_kind, grade, audiences, topic, occasion, hours,
        speaker_name, speaker_type, participants, source, created_by, created_by_name)
      with ${SCHOOLS_CTE(districtId)},
      topics as (select array['accident_prevention', 'traffic', 'fire', 'drowning', 'bullying', 'sexual_assault', 'drugs', 'fraud', 'national_security',
        'mental_health', 'food_hygiene', 'natural_disaster', 'network_safety', 'legal'] as codes),
      weekly as (
        select s.id, s.enrollment, t.today - 7 * w - floor(random() * 5)::int as day, 'school' as kind, null::int as grade, array['school'] as aud,
          null as occasion, case when random() < 0.3 then 1.0 else 0.5 end as hours
        from s cross join t cross join generate_series(0, ${Math.ceil(days / 7) - 1}) as w where random() < 0.9),
      grades as (
        select s.id, s.enrollment, t.today - 15 * h - floor(random() * 10)::int, 'grade', g, array['grade:' || g], null, 1.0
        from s cross join t cross join generate_series(0, ${Math.ceil(days / 15) - 1}) as h cross join lateral (select 1 + (h % 6) as g) gg),
      first_lessons as (
        select s.id, s.enrollment, make_date(y, mo, 1) + floor(random() * 3)::int, 'school', null::int, array['school'], 'first_lesson', 1.0
        from s cross join t cross join generate_series(extract(year from t.today)::int - 2, extract(year from t.today)::int) as y cross join unnest(array[3, 9]) as mo
        where make_date(y, mo, 1) > t.today - ${days}::int and random() < 0.95),
      alls as (select * from weekly union all select * from grades union all select * from first_lessons)
      select ${districtId}, gen_random_uuid(), alls.id, alls.day, alls.kind, alls.grade, alls.aud, topics.codes[1 + floor(random() * 14)::int], alls.occasion, alls.hours,
        '班主任', 'teacher', case when alls.kind = 'school' then alls.enrollment end, 'demo', ${NOBODY}::uuid, '（压测数据）'
      from alls cross join topics where alls.day <= (select today from t)`,
  );
  // Staff trainings: fire each semester, anti-terror each year, security-guard business each quarter.
  counts.staff_training = await bulk(
    db,
    'staff trainings',
    sql`
      insert into staff_training (district_id, client_id, school_id, trained_on, kind, title, trainer, trainer_body, hours, attendee_count, staff_base,
        created_by, created_by_name)
      with ${SCHOOLS_CTE(districtId)},
      plan as (select * from (values ('fire', 182, 2.0), ('anti_terror', 365, 3.0), ('security_guard', 91, 1.5)) as v(kind, every, hours))
      select ${districtId}, gen_random_uuid(), s.id, t.today - plan.every * k - floor(random() * least(plan.every, 60))::int, plan.kind, '（压测数据）培训', '专业机构讲师',
        '县消防救援大队', plan.hours, greatest(1, (s.staff * 0.85)::int), s.staff, ${NOBODY}::uuid, '（压测数据）'
      from s cross join t cross join plan cross join generate_series(0, ${days - 1}) as k
      where plan.every * k < ${days} and random() < 0.9`,
  );
  // 一岗双责: ten posts a school a year, 90% of them signed in the spring.
  counts.post_holder = await bulk(
    db,
    'post holders',
    sql`
      insert into post_holder (district_id, school_id, year, post_code, holder_name)
      with ${SCHOOLS_CTE(districtId)},
      years as (select y from t cross join generate_series(extract(year from t.today - ${days}::int)::int, extract(year from t.today)::int) as y)
      select ${districtId}, s.id, years.y, p, s.name || p
      from s cross join years cross join unnest(array['principal', 'party_secretary', 'vice_principal_safety', 'vice_principal_teaching',
        'vice_principal_logistics', 'office_director', 'academic_director', 'moral_director', 'general_affairs_director', 'safety_director']) as p
      where not exists (select 1 from post_holder h where h.district_id = ${districtId} and h.school_id = s.id and h.year = years.y)`,
  );
  counts.responsibility_letter = await bulk(
    db,
    'responsibility letters',
    sql`
      insert into responsibility_letter (district_id, holder_id, school_id, year, post_code, party_unit_id, signer_name, method, signed_on, signed_at, recorded_by_name)
      with ${SCHOOLS_CTE(districtId)},
      x as (
        select h.*, s.parent_id, least(make_date(h.year, 3, 1) + floor(random() * 60)::int, t.today) as day
        from post_holder h join s on s.id = h.school_id cross join t
        where h.district_id = ${districtId} and h.holder_name like '%' || h.post_code and random() < 0.9)
      select ${districtId}, x.id, x.school_id, x.year, x.post_code, case when x.post_code = 'principal' then coalesce(x.parent_id, x.school_id) else x.school_id end,
        x.holder_name, 'paper', x.day, (x.day + time '10:00') at time zone 'Asia/Shanghai', '（压测数据）'
      from x`,
  );
  // Documents: the safety rules and the general emergency plan, revised once a year.
  counts.school_document = await bulk(
    db,
    'school documents',
    sql`
      insert into school_document (district_id, school_id, type_code, title)
      with ${SCHOOLS_CTE(districtId)}
      select ${districtId}, s.id, ty, '（压测数据）' || ty from s cross join unnest(array['safety_rules', 'emergency_plan_general']) as ty
      where not exists (select 1 from school_document d where d.district_id = ${districtId} and d.school_id = s.id and d.type_code = ty)`,
  );
  counts.school_document_version = await bulk(
    db,
    'document versions',
    sql`
      insert into school_document_version (district_id, document_id, school_id, version_no, version_date, attachment_id, created_by_name, review_state)
      with t as (select (now() at time zone 'Asia/Shanghai')::date as today),
      v as (
        select d.id, d.school_id, make_date(y, 2, 15) + floor(random() * 90)::int as day
        from school_document d cross join t cross join generate_series(extract(year from t.today - ${days}::int)::int, extract(year from t.today)::int) as y
        where d.district_id = ${districtId} and d.title like '（压测数据）%')
      select ${districtId}, v.id, v.school_id, row_number() over (partition by v.id order by v.day), v.day, gen_random_uuid(), '（压测数据）', 'approved'
      from v cross join t where v.day <= t.today`,
  );
  return counts;
}

async function build(env: Record<string, string>) {
  const t0 = performance.now();
  const handle = await openDatabase(parseConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    const db = handle.db;
    const { demo } = await benchDistrict(db);
    console.log(`  demo district and ${demo.schools} + extra schools, templates: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const counts = await seedDuties(db, demo.districtId);
    const tv = performance.now();
    await sql`vacuum analyze`.execute(db);
    console.log(`  vacuum analyze: ${((performance.now() - tv) / 1000).toFixed(1)} s`);
    return { seconds: (performance.now() - t0) / 1000, counts };
  } finally {
    await handle.close();
  }
}

async function tableCounts(env: Record<string, string>) {
  const handle = await openDatabase(parseConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    const out: Record<string, number> = {};
    for (const t of [
      'org_unit',
      'patrol_log',
      'duty_roster',
      'drill',
      'education_session',
      'staff_training',
      'post_holder',
      'responsibility_letter',
      'school_document_version',
    ])
      out[t] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(handle.db)).rows[0]?.n);
    return out;
  } finally {
    await handle.close();
  }
}

async function overHttp(db: string, env: Record<string, string>) {
  const s = await startServer(env);
  try {
    // Past the start-up maintenance (ANALYZE and the deadline scan begin 10 s after listening): the steady state.
    await new Promise((r) => setTimeout(r, 20_000));
    const cookie = await loginCookie(s.base);
    const today = shanghaiDay(new Date());
    const month = today.slice(0, 7);
    const views = [
      { name: `obligations, day ${today} (every kind)`, url: `/api/obligations?day=${today}`, load: OBLIGATIONS_LOAD, target: TARGET[db] },
      {
        name: `coverage ${EDUCATION_OBLIGATION}, ${month} by week`,
        url: `/api/coverage?view=week&from=${month}&to=${month}&obligation=${EDUCATION_OBLIGATION}`,
        load: COVERAGE_LOAD,
      },
      {
        name: `coverage ${PATROL_OBLIGATION}, ${month} by day`,
        url: `/api/coverage?view=month&from=${month}&to=${month}&obligation=${PATROL_OBLIGATION}`,
        load: COVERAGE_LOAD,
      },
    ];
    for (const v of views) {
      const res = await fetch(`${s.base}${v.url}`, { headers: { cookie } });
      const text = await res.text();
      if (res.status !== 200) {
        // Not a figure: the server refuses the view (e.g. a daily duty has more days in a month than the grid's 24 periods).
        report(db, `${v.name} p95`, null, 'ms', v.target, `answered ${res.status}: ${text.slice(0, 200)}`);
        continue;
      }
      const before = loadAvg();
      const r = await runLoad({ ...v.load, urls: [`${s.base}${v.url}`], headers: { cookie } });
      report(db, `${v.name} p50`, r.p50, 'ms', undefined, `${r.requests} requests, ${r.errors} errors, ${(text.length / 1024).toFixed(0)} KB; load ${before}`);
      report(db, `${v.name} p95`, r.p95, 'ms', v.target);
    }
    // The floor under every figure on this machine at this load: one session lookup and a small answer.
    const me = await runLoad({ connections: 1, seconds: 30, maxRequests: 40, warmup: 5, urls: [`${s.base}/api/auth/me`], headers: { cookie } });
    report(db, 'baseline GET /api/auth/me p50', me.p50, 'ms', undefined, `load ${loadAvg()}`);
  } finally {
    await stopServer(s);
  }
}

type ProfileNode = { id: number; callFrame: { functionName: string; url: string } };

/**
 * A CPU profile of `runs` calls of `f` (node:inspector, in this process): self time by where it was
 * spent — idle while the database works (PGlite runs in a worker thread, PostgreSQL in its own
 * process), src/domain, src/server, Kysely, node internals — and the hottest functions (tsx drops
 * line numbers). Tells SQL from the domain computation from the JSON.
 */
async function cpuProfile(f: () => Promise<unknown>, runs: number) {
  const session = new inspector.Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  for (let i = 0; i < runs; i++) await f();
  const { profile } = await post<{ profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] } }>(
    'Profiler.stop',
  );
  session.disconnect();
  const totalMs = (profile.endTime - profile.startTime) / 1000 / runs;
  // Self time of a node: the time deltas of the samples that landed in it (µs), per run.
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000 / runs);
  });
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  const area = (url: string, fn: string) =>
    url.includes('pglite')
      ? 'embedded database (PGlite)'
      : url.includes('/src/domain/')
        ? 'src/domain'
        : url.includes('/src/server/')
          ? 'src/server'
          : url.includes('kysely')
            ? 'kysely'
            : url.includes('node_modules/pg')
              ? 'pg driver'
              : fn === '(idle)'
                ? 'idle: waiting for the database (PGlite runs in a worker thread; PostgreSQL over a socket)'
                : fn === '(garbage collector)'
                  ? 'garbage collector'
                  : url
                    ? 'other JS'
                    : 'native/other';
  for (const n of profile.nodes) {
    const ms = selfMs.get(n.id) ?? 0;
    if (!ms) continue;
    const a = area(n.callFrame.url, n.callFrame.functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + ms);
    const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/')}`;
    byFn.set(name, (byFn.get(name) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, ms]) => ({ name, ms: Math.round(ms * 10) / 10 }));
  return { msPerRun: totalMs, byArea: top(byArea, 10), hottest: top(byFn, 12) };
}

/** Best of `n` runs, and the last result. */
async function best<T>(f: () => Promise<T>, n = 3): Promise<{ ms: number; value: T }> {
  let ms = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    value = await f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, value: value as T };
}

/**
 * Where the time of the two answers goes, in-process as the district admin (best of 3): the whole
 * service call, each duty source's SQL over the days the service asks it for (the same grouping
 * by kind and subject as listObligations), and JSON.stringify of the answer. What is left of the
 * service call is the domain computation (coverage.ts) plus the schools and pack look-ups.
 */
async function profile(db: string, env: Record<string, string>) {
  const config = parseConfig({ ...env, LOG_LEVEL: 'silent' });
  const handle = await openDatabase(config);
  try {
    const app: AppContext = {
      db: handle.db,
      dbKind: handle.kind,
      config,
      startedAt: new Date(),
      files: new LocalFileStore(path.join(os.tmpdir(), 'huxiao-duties-bench-files')),
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
    const today = shanghaiDay(new Date());
    const month = today.slice(0, 7);

    const cache = dutyTallyCacheOf(app.db);
    const cold = await best(async () => {
      cache.clear();
      return listObligations(app, actor, { day: today });
    });
    const all = await best(() => listObligations(app, actor, { day: today }));
    const json = await best(async () => JSON.stringify(all.value));
    report(db, 'in-process listObligations, tally cache cold (every tally computed)', cold.ms, 'ms', undefined, `${cold.value.items.length} obligations`);
    report(db, 'in-process listObligations, tally cache warm (nothing written since)', all.ms, 'ms');
    report(db, 'in-process JSON.stringify of the obligations', json.ms, 'ms', undefined, `${(json.value.length / 1024).toFixed(0)} KB`);
    // Load-independent figures: SQL round trips and CPU time per call (PGlite's worker thread is in
    // this process, so its CPU counts; PostgreSQL's backend does not).
    for (const [label, clear] of [
      ['cold', true],
      ['warm', false],
    ] as const) {
      let queries = 0;
      const counted: AppContext = {
        ...app,
        // Counted per result: a query builder embedded in another statement is transformed but not executed.
        db: app.db.withPlugin({
          transformQuery: (a) => a.node,
          transformResult: async (a) => {
            queries++;
            return a.result;
          },
        }),
      };
      await listObligations(counted, actor, { day: today });
      const runs = 10;
      queries = 0;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < runs; i++) {
        if (clear) dutyTallyCacheOf(counted.db).clear();
        await listObligations(counted, actor, { day: today });
      }
      const cpu = process.cpuUsage(cpu0);
      const wall = (performance.now() - t0) / runs;
      report(db, `listObligations ${label}: SQL statements a call`, queries / runs, 'queries');
      report(
        db,
        `listObligations ${label}: CPU a call (user+system)`,
        (cpu.user + cpu.system) / 1000 / runs,
        'ms',
        undefined,
        `wall ${wall.toFixed(1)} ms; load ${loadAvg()}`,
      );
    }
    // Where a cold call's time goes: per kind and subject, the tallies of its obligations as a cache
    // miss computes them (school duties: one SQL statement per kind; department and district
    // duties: the kind's facts, credited and tallied by the domain).
    const pack = await packOf(app, actor.districtId);
    const departments = await findDepartmentFacts(app.db, actor.districtId);
    const windows = pack.obligations.flatMap((ob) => {
      const current = rulePeriodAt(ob, today, pack.calendar);
      const previous = current && rulePeriodBefore(ob, current, pack.calendar);
      return current && previous ? [{ ob, current, previous }] : [];
    });
    const key = (ob: ObligationDef) => `${ob.kind}:${ob.subject}`;
    let tallyMs = 0;
    const groups = new Map<string, { ms: number; wanted: TallyWanted[] }>();
    for (const k of new Set(windows.map((w) => key(w.ob)))) {
      const group = windows.filter((w) => key(w.ob) === k);
      const wanted: TallyWanted[] = group.map(({ ob, current, previous }) => ({
        ob,
        periods: [previous, current],
        subjectIds: null,
        ...(ob.subject === 'department' && { departments }),
      }));
      const from = group.map((w) => w.previous.start).sort()[0] as string;
      const to = group
        .map((w) => w.current.end)
        .sort()
        .at(-1) as string;
      const r = await best(() => talliesUncached(app, actor.districtId, wanted));
      tallyMs += r.ms;
      groups.set(k, { ms: r.ms, wanted });
      const rows = r.value.reduce((a, t) => a + t.length, 0);
      report(db, `  tally ${k} ${from}..${to}`, r.ms, 'ms', undefined, `${rows.toLocaleString()} tally rows, ${group.length} obligations`);
    }
    report(db, 'in-process listObligations (cold) minus the tallies', cold.ms - tallyMs, 'ms', undefined, 'domain computation, schools, departments, reports');
    // The two slowest school-duty statements as the database runs them.
    const slowest = [...groups.entries()]
      .filter(([k]) => k.endsWith(':school'))
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 2);
    for (const [name, g] of slowest) {
      const statement = tallyStatementOf(app, actor.districtId, g.wanted);
      if (!statement) continue;
      const r = await best(async () =>
        (await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) ${statement}`.execute(app.db)).rows.map((x) => x['QUERY PLAN']),
      );
      const num = (label: string) => Number(new RegExp(`${label} Time: ([\\d.]+) ms`).exec(r.value.join('\n'))?.[1] ?? Number.NaN);
      const buffers = /Buffers: [^\n]+/.exec(r.value.join('\n'))?.[0] ?? '';
      plans[`${db} ${name}`] = r.value;
      report(db, `  EXPLAIN (ANALYZE, BUFFERS) tally ${name}`, num('Execution'), 'ms', undefined, `planning ${num('Planning').toFixed(1)} ms; ${buffers}`);
    }
    const prof = await cpuProfile(() => listObligations(app, actor, { day: today }), 5);
    profiles[db] = prof;
    console.log(`  CPU profile of listObligations, ${prof.msPerRun.toFixed(0)} ms a call, self time by area (ms a call):`);
    for (const a of prof.byArea) console.log(`    ${a.name.padEnd(40)} ${a.ms.toFixed(1).padStart(8)}`);
    console.log('  hottest functions (self ms a call):');
    for (const h of prof.hottest) console.log(`    ${h.ms.toFixed(1).padStart(8)}  ${h.name}`);

    const monthStart = `${month}-01`;
    const [y, m] = month.split('-').map(Number) as [number, number];
    const monthEnd = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
    for (const [obligation, view] of [
      [EDUCATION_OBLIGATION, 'week'],
      [PATROL_OBLIGATION, 'month'],
    ] as const) {
      const ob = pack.obligations.find((o) => o.code === obligation) as ObligationDef;
      const periods = rulePeriodsBetween(ob, monthStart, monthEnd, pack.calendar);
      const first = periods[0]?.start ?? monthStart;
      const last = periods.at(-1)?.end ?? monthEnd;
      // The tallies as a cache miss computes them (SQL), then the whole call with the cache cold and warm.
      const tallies = await best(async () => (await talliesUncached(app, actor.districtId, [{ ob, periods, subjectIds: null }]))[0] ?? []);
      const call = () => getCoverage(app, actor, { view, from: month, to: month, obligation }).catch((e: Error) => e.message);
      const coldCov = await best(async () => {
        cache.clear();
        return call();
      });
      const cov = await best(call);
      if (typeof cov.value === 'string') report(db, `in-process getCoverage ${obligation}`, null, 'ms', undefined, `refused: ${cov.value}`);
      else {
        const text = await best(async () => JSON.stringify(cov.value));
        report(
          db,
          `in-process getCoverage ${obligation} (cache cold)`,
          coldCov.ms,
          'ms',
          undefined,
          `${cov.value.rows.length} schools × ${cov.value.periods.length} periods`,
        );
        report(db, `in-process getCoverage ${obligation} (cache warm)`, cov.ms, 'ms');
        report(db, '  rest of getCoverage, cold (domain, schools, parents)', coldCov.ms - tallies.ms, 'ms');
        report(db, '  JSON.stringify', text.ms, 'ms', undefined, `${(text.value.length / 1024).toFixed(0)} KB`);
      }
      report(db, `  tally ${ob.kind} ${first}..${last}`, tallies.ms, 'ms', undefined, `${tallies.value.length.toLocaleString()} tally rows`);
      // The domain computation alone over the whole month (even where the server's period cap refuses it).
      const start = await findDistrictStart(app.db, actor.districtId);
      const schools = (await findSchoolFacts(app.db, actor.districtId, null)).map((x) => ({ ...x, since: coverageStart(start, x.createdDay) }));
      const domain = await best(async () => coverageOf({ ob, schools, parents: [], periods, tallies: tallies.value, inspectors: [], today }));
      report(db, `  domain coverageOf alone, ${periods.length} periods`, domain.ms, 'ms', undefined, `${domain.value.rows.length} schools`);
    }
  } finally {
    await handle.close();
  }
}

const seeds: Record<string, unknown> = {};
const profiles: Record<string, unknown> = {};
const plans: Record<string, string[]> = {};

async function onDatabase(db: string, env: Record<string, string>, seeded: boolean) {
  console.log(`\n== ${db}: duties on 300 schools, ${DAYS} days of history (load ${loadAvg()})`);
  if (!seeded) {
    const built = await build(env);
    report(db, 'bulk SQL seed (demo + schools + duty records)', built.seconds, 's', undefined, `load ${loadAvg()}`);
  }
  const counts = await tableCounts(env);
  const records = ['patrol_log', 'duty_roster', 'drill', 'education_session', 'staff_training', 'responsibility_letter', 'school_document_version'].reduce(
    (a, t) => a + (counts[t] ?? 0),
    0,
  );
  seeds[db] = { counts, records };
  report(
    db,
    'duty records in the database',
    records,
    'rows',
    undefined,
    Object.entries(counts)
      .map(([k, v]) => `${k} ${v.toLocaleString()}`)
      .join(', '),
  );
  await overHttp(db, env);
  await profile(db, env);
}

export async function runDutiesBench(): Promise<void> {
  const started = Date.now();
  const loadAverageBefore = os.loadavg();
  const tmp = KEEP ?? fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-duties-bench-'));
  const errors: string[] = [];
  console.log(
    `\n== duties benchmark — node ${process.version}, ${os.cpus().length} cores, scale ${SCALE} (${DAYS} days), load average ${loadAvg()}${
      (loadAverageBefore[0] ?? 0) > os.cpus().length / 2 ? ' (the machine is busy with other work: figures will be slower than on an idle machine)' : ''
    }`,
  );
  try {
    fs.mkdirSync(tmp, { recursive: true });
    const marker = path.join(tmp, 'seeded');
    const seeded = Boolean(KEEP) && fs.existsSync(marker);
    await onDatabase('PGlite', { DATA_DIR: path.join(tmp, 'data') }, seeded)
      .then(() => KEEP && fs.writeFileSync(marker, 'yes'))
      .catch((e: Error) => errors.push(`PGlite: ${e.message}`));
    if (process.env.DUTIES_BENCH_SKIP_PG) console.log('\n== PostgreSQL skipped: DUTIES_BENCH_SKIP_PG is set');
    else {
      const reach = await pgReachable(PG_URL);
      if (!reach.ok) console.log(`\n== PostgreSQL skipped: ${reach.why} (set BENCH_DATABASE_URL)`);
      else {
        const name = KEEP ? 'huxiao_duties_bench_keep' : `huxiao_duties_bench_${process.pid}`;
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
    }
  } finally {
    if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  }
  for (const e of errors) console.log(`  ERROR ${e}`);
  const out = path.join(root, 'bench/results/duties.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cores: os.cpus().length,
    scale: SCALE,
    days: DAYS,
    loadAverageBefore,
    loadAverageAfter: os.loadavg(),
    seeds,
    figures,
    profiles,
    plans,
    errors,
  };
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nduties results written to ${path.relative(root, out)} (${((Date.now() - started) / 1000).toFixed(0)} s, load ${loadAvg()})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runDutiesBench();
