// The load generator of bench/concurrency.ts, run as its own process (so its work never competes
// with the server's event loop, nor the server's with its clock). Reads a LoadPlan as JSON on
// stdin, writes a LoadReport as JSON on stdout. `connections` loops, each on its own keep-alive
// socket with its own session cookie, send one GET at a time until `seconds` pass; a request not
// answered within `timeoutMs` is counted as unanswered and its socket dropped. Meanwhile a probe
// opens a fresh connection every 250 ms for `probeUrl` (no database): how fast a new socket is
// accepted and answered while the server is loaded. Loopback only, bounded in time.
import http from 'node:http';
import { percentile } from './load.js';

export type LoadPlan = {
  connections: number;
  seconds: number;
  timeoutMs: number;
  /** One cookie per connection (a session each). */
  cookies: string[];
  /** The requests of connection i are urlSets[i % urlSets.length], in turn. */
  urlSets: { kind: string; url: string }[][];
  probeUrl: string;
};

export type Stats = { requests: number; p50: number; p95: number; p99: number; max: number };
export type LoadReport = {
  seconds: number;
  answered: number;
  errors: number;
  unanswered: number;
  statuses: Record<string, number>;
  firstErrors: string[];
  rps: number;
  all: Stats;
  byKind: Record<string, Stats>;
  /** Per URL set (bench/concurrency.ts: per role), so a slow role shows apart from a slow kind. */
  byGroup: Stats[];
  probe: Stats & { unanswered: number };
};

const stats = (ms: number[]): Stats => {
  const s = [...ms].sort((a, b) => a - b);
  return { requests: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? Number.NaN };
};

type Outcome = { status: number; ms: number } | { error: string; ms: number } | { timeout: true };

function get(url: string, agent: http.Agent | false, headers: Record<string, string>, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let done = false;
    const finish = (o: Outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(o);
    };
    const req = http.get(url, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => finish({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
      res.on('error', (e) => finish({ error: e.message, ms: performance.now() - t0 }));
    });
    req.on('error', (e) => finish({ error: e.message, ms: performance.now() - t0 }));
    const timer = setTimeout(() => {
      finish({ timeout: true });
      req.destroy();
    }, timeoutMs);
  });
}

async function run(plan: LoadPlan): Promise<LoadReport> {
  const latencies: number[] = [];
  const byKind: Record<string, number[]> = {};
  const byGroup: number[][] = plan.urlSets.map(() => []);
  const statuses: Record<string, number> = {};
  const firstErrors: string[] = [];
  let errors = 0;
  let unanswered = 0;
  const t0 = performance.now();
  const trace: string[] | null = process.env.LOAD_TRACE ? [] : null;
  const deadline = t0 + plan.seconds * 1000;
  const connection = async (i: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const urls = plan.urlSets[i % plan.urlSets.length] ?? [];
    const headers = { cookie: plan.cookies[i % plan.cookies.length] ?? '' };
    for (let n = i; performance.now() < deadline; n++) {
      const { kind, url } = urls[n % urls.length] as { kind: string; url: string };
      const o = await get(url, agent, headers, plan.timeoutMs);
      if ('timeout' in o) {
        unanswered++;
        continue;
      }
      latencies.push(o.ms);
      if (trace) trace.push(`${(performance.now() - t0).toFixed(0)} ${o.ms.toFixed(0)} ${i}`);
      byKind[kind] ??= [];
      byKind[kind].push(o.ms);
      byGroup[i % plan.urlSets.length]?.push(o.ms);
      const key = 'status' in o ? String(o.status) : 'socket error';
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (!('status' in o) || o.status !== 200) {
        errors++;
        if (firstErrors.length < 5) firstErrors.push(`${kind} ${url}: ${'status' in o ? o.status : o.error}`);
      }
    }
    agent.destroy();
  };
  const probe = async () => {
    const ms: number[] = [];
    let lost = 0;
    while (performance.now() < deadline) {
      const o = await get(plan.probeUrl, false, {}, plan.timeoutMs);
      if ('timeout' in o) lost++;
      else ms.push(o.ms);
      await new Promise((r) => setTimeout(r, 250));
    }
    return { ...stats(ms), unanswered: lost };
  };
  const [probeStats] = await Promise.all([probe(), ...Array.from({ length: plan.connections }, (_, i) => connection(i))]);
  const seconds = (performance.now() - t0) / 1000;
  // LOAD_TRACE=file: every answer as "ms since start, latency ms, connection" (to see stalls in time).
  if (trace && process.env.LOAD_TRACE) (await import('node:fs')).writeFileSync(process.env.LOAD_TRACE, `${trace.join('\n')}\n`);
  return {
    seconds,
    answered: latencies.length,
    errors,
    unanswered,
    statuses,
    firstErrors,
    rps: latencies.length / seconds,
    all: stats(latencies),
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, stats(v)])),
    byGroup: byGroup.map(stats),
    probe: probeStats,
  };
}

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify(await run(JSON.parse(input) as LoadPlan)));
