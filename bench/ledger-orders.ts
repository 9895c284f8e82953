// Every order the ledger offers × the common filters × two pages, on PostgreSQL (migration 0046):
// the platform's own statements for each page (captured from its handler, bench/lib/ledger-sql.ts),
// each run three times as a prepared statement with a custom plan as the platform runs it; a page's
// time is its slowest statement's best run. Prints per order the median and the slowest page, and
// every page over 20 ms. Needs the district of bench/sidebyside.ts kept (SIDEBYSIDE_KEEP=1 npx tsx
// bench/sidebyside.ts: 300 schools, 100,000 hazards); writes bench/results/ledger-orders.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loginCookie } from './lib/api.js';
import { captureLedgerStatements } from './lib/ledger-sql.js';
import { adminQuery, withDatabase } from './lib/pg.js';
import { root, startServer, stopServer } from './lib/server.js';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = 'huxiao_sidebyside_keep';
const url = withDatabase(PG_URL, NAME);
const seeded = await adminQuery(url, 'select 1 from bench_sidebyside_seeded').then(
  () => true,
  () => false,
);
if (!seeded) {
  console.log(`  no kept side-by-side district (${NAME}): run SIDEBYSIDE_KEEP=1 npx tsx bench/sidebyside.ts first`);
  process.exit(1);
}
const server = await startServer({ DATABASE_URL: url, DATA_DIR: path.join(os.tmpdir(), NAME) });
const client = new pg.Client({ connectionString: url, options: '-c TimeZone=Asia/Shanghai -c plan_cache_mode=force_custom_plan' });
await client.connect();
try {
  const cookie = await loginCookie(server.base);
  const units = (await (await fetch(`${server.base}/api/org-units?kind=township&kind=centre`, { headers: { cookie } })).json()) as { items: { id: string }[] };
  const school = (await client.query<{ school_id: string }>('select school_id from hazard group by 1 order by count(*) desc limit 1')).rows[0]?.school_id;
  const filters = [
    '',
    'state=reported',
    'state=rectifying',
    'state=closed',
    'state=pending_verification',
    'overdue=true',
    'level=major',
    'level=general&overdue=false',
    `schoolId=${school}`,
    `parentId=${units.items[0]?.id}`,
    `parentId=${units.items[1]?.id}&state=rectifying`,
    'category=fire',
    'supervision=true',
  ];
  const sorts = ['-foundAt', 'foundAt', 'deadline', '-deadline', 'code', '-code', '-updatedAt'];
  const queries = sorts.flatMap((s) => filters.flatMap((f) => [1, 5].map((p) => `sort=${s}&page=${p}${f ? `&${f}` : ''}`)));
  const pages = await captureLedgerStatements(
    url,
    cookie,
    queries.map((q) => `${server.base}/api/hazards?${q}&pageSize=50`),
  );
  const times: Record<string, number> = {};
  let n = 0;
  for (const [i, page] of pages.entries()) {
    let slowest = 0;
    for (const s of page) {
      const name = `orders${n++}`;
      let best = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        await client.query({ name, text: s.sql, values: s.params });
        best = Math.min(best, performance.now() - t0);
      }
      slowest = Math.max(slowest, best);
    }
    times[queries[i] as string] = slowest;
  }
  console.log(`\n== ledger orders × filters on PostgreSQL (${queries.length} pages of 50, 100,000 hazards)`);
  for (const sort of sorts) {
    const mine = Object.entries(times)
      .filter(([q]) => q.startsWith(`sort=${sort}&`))
      .map(([, t]) => t)
      .sort((a, b) => a - b);
    console.log(`  ${sort.padEnd(11)} median ${(mine[Math.floor(mine.length / 2)] ?? 0).toFixed(1)} ms  slowest ${(mine.at(-1) ?? 0).toFixed(1)} ms`);
  }
  for (const [q, t] of Object.entries(times)) if (t > 20) console.log(`  over 20 ms: ${q} ${t.toFixed(1)} ms`);
  const total = Object.values(times).reduce((a, b) => a + b, 0);
  console.log(`  all ${queries.length} pages: ${total.toFixed(0)} ms`);
  const out = path.join(root, 'bench/results/ledger-orders.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), times }, null, 2)}\n`);
} finally {
  await client.end();
  await stopServer(server);
}
