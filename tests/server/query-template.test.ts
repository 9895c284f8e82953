import fc from 'fast-check';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/database.js';
import { QueryTemplate } from '../../src/server/db/query-template.js';
import type { Database } from '../../src/server/db/schema.js';
import { buildLedgerPage, type HazardFilter, type HazardSort, hazardSorts } from '../../src/server/hazards/hazards.repository.js';

/**
 * The ledger page's query is compiled once per filter shape and afterwards only filled with
 * parameters (db/query-template.ts). Property: for any sequence of filters — shapes met again with
 * other values, empty strings, empty and long scope lists, Dates, keywords — the template gives
 * exactly the text and parameters a fresh build gives. Compiling needs no database.
 */
const db: Db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const text = fc.oneof(fc.constant(''), fc.string({ maxLength: 6 }), fc.constantFrom('general', 'major', 'closed', 'rectifying', 'fire'));
const id = fc.uuid();
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
const filter: fc.Arbitrary<HazardFilter> = fc.record({
  districtId: id,
  schoolIds: fc.option(fc.array(id, { maxLength: 4 }), { nil: null }),
  handedOverUnitId: optional(id),
  parentId: optional(id),
  schoolId: optional(id),
  category: optional(text),
  level: optional(text),
  state: optional(text),
  source: optional(text),
  supervision: optional(fc.boolean()),
  place: optional(text),
  open: optional(fc.boolean()),
  overdue: optional(fc.boolean()),
  supervisionListed: optional(fc.boolean()),
  extensionPending: optional(fc.boolean()),
  responsibleUnitId: optional(id),
  verificationFailed: optional(fc.boolean()),
  extensionDecidedFrom: optional(day),
  foundFrom: optional(day),
  foundTo: optional(day),
  keyword: optional(text),
  campaignId: optional(id),
  today: fc.constantFrom('2026-12-07', '2027-01-01'),
});
const args = fc.record({
  sort: fc.constantFrom(...(Object.keys(hazardSorts) as HazardSort[])),
  f: filter,
  offset: fc.constantFrom(0, 50, 100, 4950),
  limit: fc.constantFrom(1, 20, 50, 200),
});

describe('QueryTemplate', () => {
  it('gives the ledger page the same text and parameters as a fresh build, for any sequence of filters', () => {
    const template = new QueryTemplate(buildLedgerPage);
    fc.assert(
      fc.property(fc.array(args, { minLength: 1, maxLength: 30 }), (calls) => {
        for (const { sort, f, offset, limit } of calls) {
          const fresh = buildLedgerPage(db, sort, { f, offset, limit }).compile();
          const cached = template.compile(db, sort, { f, offset, limit });
          expect(cached.sql).toBe(fresh.sql);
          expect(cached.parameters).toEqual(fresh.parameters);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reuses one text for one shape and builds afresh what it cannot fill in (a keyword becomes %keyword%)', () => {
    let builds = 0;
    const template = new QueryTemplate((k: Db, _shape: null, v: { f: HazardFilter; offset: number; limit: number }) => {
      builds++;
      return buildLedgerPage(k, '-foundAt', v);
    });
    const f = (districtId: string, keyword?: string): HazardFilter => ({ districtId, schoolIds: null, today: '2026-12-07', keyword });
    template.compile(db, null, { f: f('a'), offset: 50, limit: 50 });
    expect(builds).toBe(2); // learnt from two sets of stand-ins
    const b = template.compile(db, null, { f: f('b'), offset: 100, limit: 50 });
    expect(builds).toBe(2);
    expect(b.parameters).toEqual(buildLedgerPage(db, '-foundAt', { f: f('b'), offset: 100, limit: 50 }).compile().parameters);
    template.compile(db, null, { f: f('a', '消防'), offset: 50, limit: 50 });
    template.compile(db, null, { f: f('a', '围墙'), offset: 50, limit: 50 });
    expect(builds).toBe(2 + 2 + 1 + 1); // learning failed once, then one build a call
  });

  it('refuses values that are not plain data', () => {
    const template = new QueryTemplate((k: Db, _s: null, v: { at: unknown }) => k.selectFrom('hazard').select('id').where('id', '=', String(v.at)));
    expect(() => template.compile(db, null, { at: new Map() })).toThrow(/plain objects/);
  });
});
