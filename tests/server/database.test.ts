import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.js';

// The driver contract both databases keep (PGlite through its worker thread): transactions own
// the connection, types have one representation, PostgreSQL's error fields arrive intact.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const counterValue = async (name: string) => (await t.db.selectFrom('counter').select('value').where('name', '=', name).executeTakeFirst())?.value;

describe('database driver', () => {
  it('keeps a transaction to itself: a concurrent read does not see its rows, and rollback removes them', async () => {
    const district = await t.db.selectFrom('org_unit').select('district_id').where('kind', '=', 'district').executeTakeFirstOrThrow();
    let seenOutside: unknown = 'not read';
    let seenInside: unknown;
    let outside: Promise<void> = Promise.resolve();
    const tx = t.db.transaction().execute(async (trx) => {
      await trx.insertInto('counter').values({ district_id: district.district_id, name: 'test:rollback', value: 7 }).execute();
      seenInside = (await trx.selectFrom('counter').select('value').where('name', '=', 'test:rollback').executeTakeFirst())?.value;
      // A read outside the transaction, started while it is open.
      outside = counterValue('test:rollback').then((v) => {
        seenOutside = v;
      });
      await new Promise((r) => setTimeout(r, 20));
      if (t.kind === 'postgresql') await outside; // PGlite: the outside read waits for the connection
      throw new Error('roll back');
    });
    await expect(tx).rejects.toThrow('roll back');
    await outside;
    expect(seenInside).toBe(7);
    expect(seenOutside).toBeUndefined();
    expect(await counterValue('test:rollback')).toBeUndefined();
  });

  it('returns int8 and numeric as numbers, DATE as YYYY-MM-DD, timestamptz as Date', async () => {
    const r = await sql<{ n: unknown; c: unknown; x: unknown; d: unknown; ts: unknown }>`
      select 9007199254740::int8 as n, count(*) as c, 1.25::numeric as x, date '2024-01-02' as d, timestamptz '2024-01-02T00:00:00Z' as ts
      from generate_series(1, 3)`.execute(t.db);
    expect(r.rows[0]).toEqual({ n: 9007199254740, c: 3, x: 1.25, d: '2024-01-02', ts: new Date('2024-01-02T00:00:00Z') });
  });

  it("reports a write's affected rows", async () => {
    const r = await t.db.updateTable('counter').set({ value: sql`value` }).where('name', '=', 'no such counter').executeTakeFirst();
    expect(r.numUpdatedRows).toBe(0n);
  });

  it("hands PostgreSQL's error fields (code, constraint, detail) to the caller", async () => {
    const row = await t.db.selectFrom('org_unit').select(['district_id', 'code']).where('kind', '=', 'school').executeTakeFirstOrThrow();
    const e = await t.db
      .insertInto('org_unit')
      .values({ district_id: row.district_id, parent_id: row.district_id, kind: 'school', name: 'dup', code: row.code, department_type: null })
      .execute()
      .catch((err: unknown) => err as Record<string, unknown>);
    expect(e).toMatchObject({ code: '23505', constraint: expect.any(String), detail: expect.stringContaining(row.code) });
    expect(e).toBeInstanceOf(Error);
  });

  it('rejects only the query whose parameter cannot reach the worker, and serves the next one', async (ctx) => {
    if (t.kind !== 'pglite') ctx.skip();
    await expect(t.db.executeQuery(CompiledQuery.raw('select $1::int as x', [() => 1]))).rejects.toThrow();
    expect((await sql<{ x: number }>`select 1 as x`.execute(t.db)).rows).toEqual([{ x: 1 }]);
  });

  it('keeps the event loop free while PGlite works (worker thread)', async (ctx) => {
    if (t.kind !== 'pglite') ctx.skip();
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 5);
    const t0 = performance.now();
    await sql`select count(*) from generate_series(1, 3000000) a join generate_series(1, 1) b on true`.execute(t.db);
    const took = performance.now() - t0;
    clearInterval(timer);
    // On the main thread the timers would stall for the whole query; with the worker they keep
    // firing (the bounds are loose: the machine may be busy with other work).
    expect(took).toBeGreaterThan(150);
    expect(worst).toBeLessThan(Math.min(1000, took / 2));
  });
});
