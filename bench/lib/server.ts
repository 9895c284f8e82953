import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

/** A line the server printed, with the time since spawn. */
export type OutputLine = { ms: number; text: string };
export type RunningServer = { child: ChildProcess; port: number; base: string; startMs: number; output: () => string; lines: OutputLine[] };

/** A port the kernel hands out on loopback, released at once for the server to take. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Status of GET /api/health, or 0 when the server does not answer yet. */
async function healthStatus(base: string): Promise<number> {
  try {
    const r = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(1000) });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

/**
 * Spawns `node bin/huxiao.mjs start` and polls /api/health every 50 ms; startMs is the wall
 * time from spawn to the first 200. Fails when the process exits or `timeoutMs` passes.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 120_000, nodeArgs: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let out = '';
  const lines: OutputLine[] = [];
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'bin/huxiao.mjs'), 'start'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    out += d;
    for (const text of String(d).split('\n')) if (text.trim()) lines.push({ ms: performance.now() - t0, text });
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  while (performance.now() - t0 < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before /api/health answered:\n${out}`);
    if ((await healthStatus(base)) === 200) return { child, port, base, startMs: performance.now() - t0, output: () => out, lines };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`/api/health did not answer 200 within ${timeoutMs} ms:\n${out}`);
}

/** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). Returns the time it took. */
export async function stopServer(s: RunningServer, graceMs = 15_000): Promise<number> {
  const t0 = performance.now();
  if (s.child.exitCode !== null || s.child.signalCode !== null) return 0;
  const exited = new Promise<void>((r) => s.child.once('exit', () => r()));
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  return performance.now() - t0;
}

/** VmRSS and VmHWM (peak) of a process in MB, from /proc/<pid>/status. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
