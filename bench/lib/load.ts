import http from 'node:http';

export type LoadResult = { requests: number; errors: number; seconds: number; rps: number; p50: number; p95: number; p99: number; max: number };

/** GET over a keep-alive agent; resolves with the status code once the body is read. */
export function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/**
 * `connections` loops each send one request at a time, cycling through `urls`, until
 * `seconds` pass or `maxRequests` were sent: bounded in time and count, loopback only.
 */
export async function runLoad(opts: {
  urls: string[];
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  maxRequests: number;
  warmup: number;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  for (let i = 0; i < opts.warmup; i++) await get(agent, opts.urls[i % opts.urls.length] as string, opts.headers);
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  const worker = async () => {
    while (sent < opts.maxRequests && performance.now() < deadline) {
      const url = opts.urls[sent++ % opts.urls.length] as string;
      const start = performance.now();
      try {
        if ((await get(agent, url, opts.headers)) !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
  };
}
