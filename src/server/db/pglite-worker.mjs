// The worker thread that owns the PGlite database (see pglite-client.ts for the main side).
// Plain JavaScript on purpose: a worker thread does not inherit the main thread's TypeScript
// loader (tsx, vitest), so this one file runs as is under `npm start`, tests and a bundle.
// It imports only PGlite and node:worker_threads.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

// OIDs whose representation must match the pg driver in the main thread (database.ts).
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (v) => Number(v);
const keepString = (v) => v;

/** The fields of a PostgreSQL error (code, constraint, detail …), as plain data for postMessage. */
function errorFields(e) {
  if (!(e instanceof Error)) return { message: String(e) };
  const out = { name: e.name, message: e.message, stack: e.stack };
  for (const key of Object.keys(e)) {
    const v = e[key];
    if (v === undefined || typeof v === 'function' || (typeof v === 'object' && v !== null)) continue;
    out[key] = v;
  }
  return out;
}

async function open() {
  const { dataDir, loadDataDir, startParams } = workerData;
  const pglite = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : {}),
    startParams: [...PGlite.defaultStartParams, ...startParams],
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: keepString },
  });
  await pglite.waitReady;
  await pglite.query("set timezone = 'Asia/Shanghai'");
  return pglite;
}

async function handle(pglite, msg) {
  switch (msg.op) {
    case 'query': {
      const r = await pglite.query(msg.sql, msg.params);
      return { rows: r.rows, affectedRows: r.affectedRows, fields: r.fields };
    }
    case 'dump': {
      const blob = await pglite.dumpDataDir(msg.compression ?? 'none');
      return await blob.arrayBuffer();
    }
    case 'close':
      await pglite.close();
      return null;
    default:
      throw new Error(`unknown operation ${msg.op}`);
  }
}

let pglite;
try {
  pglite = await open();
  parentPort.postMessage({ ready: true });
} catch (e) {
  parentPort.postMessage({ ready: false, error: errorFields(e) });
}

// PGlite runs one statement at a time; the messages are answered in the order they came.
let queue = Promise.resolve();
parentPort.on('message', (msg) => {
  queue = queue.then(async () => {
    try {
      const result = await handle(pglite, msg);
      const transfer = result instanceof ArrayBuffer ? [result] : [];
      parentPort.postMessage({ id: msg.id, ok: true, result }, transfer);
    } catch (e) {
      parentPort.postMessage({ id: msg.id, ok: false, error: errorFields(e) });
    }
    if (msg.op === 'close') parentPort.close();
  });
});
