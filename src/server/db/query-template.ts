import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.js';

/**
 * A Kysely query compiled once per shape, then only filled with parameters. Kysely builds a
 * query as a tree of frozen nodes and compiles it to text on every call: for the ledger page about
 * 0.1 ms and much of its garbage, every request, for a text that only a few things change (issue
 * 15, bench/sidebyside.ts).
 *
 * `shape` holds what decides the text itself (a sort key); `values` the rest — strings, numbers,
 * Dates and arrays of them, in plain objects. Booleans, null, undefined, empty strings and zeros
 * stay as they are and, with every key and array length, make up the shape too, since builders
 * branch on them. The first call of a shape builds the query twice, from two sets of stand-in
 * values, and compiles both: a parameter that is the same value's stand-in in both is read from
 * that value from then on; one equal in both is a constant of the query. Anything else — a value
 * turned into another before it became a parameter (`%keyword%`), or two different texts — makes
 * the shape uncacheable, and it is built every time as before.
 *
 * The one rule for a builder: decide nothing on the content of a non-empty string, a non-zero
 * number or a Date (put such a field in `shape`). tests/server/query-template.test.ts compares the
 * template with a fresh build for random ledger filters.
 */
export class QueryTemplate<S, V, R> {
  private readonly templates = new Map<string, Template | null>();

  constructor(
    private readonly build: (db: Db, shape: S, values: V) => Compilable<R>,
    private readonly maxShapes = 1000,
  ) {}

  compile(db: Db, shape: S, values: V): CompiledQuery<R> {
    const leaves: unknown[] = [];
    const key = `${JSON.stringify(shape)}|${signature(values, leaves)}`;
    let t = this.templates.get(key);
    if (t === undefined) {
      t = learn((v) => this.build(db, shape, v as V).compile(), values);
      if (this.templates.size >= this.maxShapes) this.templates.delete(this.templates.keys().next().value as string);
      this.templates.set(key, t);
    }
    if (t === null) return this.build(db, shape, values).compile();
    const slots = t.slots;
    const parameters = new Array<unknown>(slots.length);
    for (let k = 0; k < slots.length; k++) {
      const s = slots[k] as Slot;
      parameters[k] = s.index >= 0 ? leaves[s.index] : s.value;
    }
    return { query: t.query, queryId: t.queryId, sql: t.sql, parameters };
  }

  async execute(db: Db, shape: S, values: V): Promise<R[]> {
    return (await db.executeQuery(this.compile(db, shape, values))).rows;
  }
}

/** index ≥ 0: the value of that leaf; otherwise a constant. */
type Slot = { index: number; value: unknown };
type Template = { sql: string; query: CompiledQuery['query']; queryId: CompiledQuery['queryId']; slots: Slot[] };

const isLeaf = (v: unknown): v is string | number | Date => (typeof v === 'string' && v !== '') || (typeof v === 'number' && v !== 0) || v instanceof Date;

/** The shape of `v` as text; its leaves pushed onto `leaves` in the order met. */
function signature(v: unknown, leaves: unknown[]): string {
  if (isLeaf(v)) {
    leaves.push(v);
    return v instanceof Date ? 'd' : typeof v === 'string' ? 's' : 'n';
  }
  if (Array.isArray(v)) return `[${v.map((x) => signature(x, leaves)).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new Error('QueryTemplate: values hold plain objects, arrays and leaves only');
    return `{${Object.keys(v)
      .map((k) => `${k}:${signature((v as Record<string, unknown>)[k], leaves)}`)
      .join(',')}}`;
  }
  // Booleans, null, undefined, '' and 0: literal parts of the shape.
  return v === undefined ? 'u' : JSON.stringify(v);
}

/** A copy of `v` with every leaf replaced by a stand-in of run `run`; the stand-ins in order. */
function standIns(v: unknown, run: 0 | 1, out: unknown[]): unknown {
  if (isLeaf(v)) {
    const i = out.length;
    const s =
      v instanceof Date
        ? new Date(Date.UTC(2001 + run, 0, 1) + i * 1000)
        : typeof v === 'string'
          ? `\u0001${run}:${i}\u0001`
          : 900_000_001 + run * 50_000_000 + i;
    out.push(s);
    return s;
  }
  if (Array.isArray(v)) return v.map((x) => standIns(x, run, out));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, standIns(x, run, out)]));
  return v;
}

function learn(compile: (values: unknown) => CompiledQuery, values: unknown): Template | null {
  const a: unknown[] = [];
  const b: unknown[] = [];
  const ca = compile(standIns(values, 0, a));
  const cb = compile(standIns(values, 1, b));
  if (ca.sql !== cb.sql || ca.parameters.length !== cb.parameters.length) return null;
  const slots: Slot[] = [];
  for (let k = 0; k < ca.parameters.length; k++) {
    const p = ca.parameters[k];
    const q = cb.parameters[k];
    const i = a.indexOf(p);
    if (i >= 0 && b[i] === q) slots.push({ index: i, value: undefined });
    else if (i < 0 && !b.includes(q) && Object.is(p, q) && (p === null || typeof p !== 'object')) slots.push({ index: -1, value: p });
    else return null;
  }
  return { sql: ca.sql, query: ca.query, queryId: ca.queryId, slots };
}
