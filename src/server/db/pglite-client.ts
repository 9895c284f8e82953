import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * PGlite's WebAssembly runs synchronously: on the main thread a query blocks the event loop, and
 * under 200 connections Node then accepted one new connection per loop pass (issue 15). So a
 * worker thread owns the database (pglite-worker.mjs) and this client sends it query text and
 * parameters by message; rows come back parsed (int8 → number, DATE → string) by the worker.
 * The Kysely dialect's mutex still decides who holds the one connection (pglite-dialect.ts).
 */
export type PGliteResult<R> = { rows: R[]; affectedRows?: number; fields: { name: string; dataTypeID: number }[] };

export type PGliteOpenOptions = { dataDir?: string; loadDataDir?: Blob; startParams?: string[] };

/** An error raised inside the worker, with PostgreSQL's fields (code, constraint, detail …) copied over. */
export class PGliteWorkerError extends Error {
  code?: string;
  constraint?: string;
  detail?: string;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: Record<string, unknown> };
type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

function toError(fields: Record<string, unknown>): PGliteWorkerError {
  const { stack: _workerStack, name, message, ...rest } = fields;
  const e = new PGliteWorkerError(String(message ?? 'PGlite error'));
  Object.assign(e, rest);
  if (typeof name === 'string' && name !== 'Error') e.name = name;
  return e;
}

/** The worker script: next to this file from source, or in src/server/db/ above a bundle. */
function workerFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, 'pglite-worker.mjs'), path.join(dir, 'src/server/db/pglite-worker.mjs')]) {
      if (fs.existsSync(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) throw new Error('pglite-worker.mjs not found');
  }
}

export class PGliteClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => this.settle(m));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`PGlite worker exited (code ${code})`)));
    worker.unref(); // referenced only while a request is pending, see send()
  }

  static async open(options: PGliteOpenOptions): Promise<PGliteClient> {
    const loadDataDir = options.loadDataDir ? await options.loadDataDir.arrayBuffer() : undefined;
    const worker = new Worker(workerFile(), {
      workerData: { dataDir: options.dataDir, loadDataDir, startParams: options.startParams ?? [] },
      ...(loadDataDir ? { transferList: [loadDataDir] } : {}),
    });
    // Only the listeners added here are removed: the Worker keeps internal ones of its own.
    let onMessage = (_m: { ready: boolean; error?: Record<string, unknown> }) => {};
    let onExit = (_code: number) => {};
    let onError = (_e: Error) => {};
    await new Promise<void>((resolve, reject) => {
      onMessage = (m) => (m.ready ? resolve() : reject(toError(m.error ?? {})));
      onExit = (code) => reject(new Error(`PGlite worker exited during start (code ${code})`));
      onError = reject;
      worker.once('message', onMessage).once('error', onError).once('exit', onExit);
    })
      .catch(async (e) => {
        await worker.terminate();
        throw e;
      })
      .finally(() => worker.off('message', onMessage).off('exit', onExit).off('error', onError));
    return new PGliteClient(worker);
  }

  query<R>(sql: string, params: readonly unknown[] = []): Promise<PGliteResult<R>> {
    return this.send({ op: 'query', sql, params }) as Promise<PGliteResult<R>>;
  }

  /** The data directory as a tarball (tests' template, `loadDataDir`). */
  async dumpDataDir(): Promise<Blob> {
    return new Blob([(await this.send({ op: 'dump' })) as ArrayBuffer]);
  }

  async close(): Promise<void> {
    if (!this.failure) await this.send({ op: 'close' });
    this.failure ??= new Error('PGlite is closed');
    await this.worker.terminate();
  }

  private send(msg: Record<string, unknown>): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.worker.postMessage({ ...msg, id });
      } catch (e) {
        // A parameter that cannot be cloned (a function, a class instance with private state …).
        this.settle({ id, ok: false, error: { message: e instanceof Error ? e.message : String(e) } });
      }
    });
  }

  private settle(m: Reply) {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker.unref();
    if (m.ok) p.resolve(m.result);
    else p.reject(toError(m.error));
  }

  private fail(e: Error) {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    this.worker.unref();
  }
}
