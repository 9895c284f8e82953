import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.js';

// db/database.ts: on PostgreSQL, statements with parameters run as named prepared statements.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('prepared statements on PostgreSQL', () => {
  it('prepares a parameterised text once per connection and survives a table changed under it', async (ctx) => {
    if (t.kind !== 'postgresql') return ctx.skip();
    await sql`create table prepared_probe (id int primary key, a text)`.execute(t.db);
    try {
      await sql`insert into prepared_probe values (1, 'x')`.execute(t.db);
      // One connection (a transaction), so the second call finds the first one's statement.
      await t.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 2; i++)
          expect(
            (
              await trx
                .selectFrom('prepared_probe' as never)
                .selectAll()
                .where('id' as never, '=', 1 as never)
                .execute()
            ).length,
          ).toBe(1);
        const prepared = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement like '%prepared_probe%'`.execute(trx);
        expect(prepared.rows[0]?.n).toBe(1);
      });
      // Another server's migration adds a column: `select *` keeps working on every connection.
      await sql`alter table prepared_probe add column b text default 'y'`.execute(t.db);
      for (let i = 0; i < 12; i++) {
        const rows = (await t.db
          .selectFrom('prepared_probe' as never)
          .selectAll()
          .where('id' as never, '=', 1 as never)
          .execute()) as { b?: string }[];
        expect(rows[0]?.b).toBe('y');
      }
    } finally {
      await sql`drop table prepared_probe`.execute(t.db);
    }
  });
});
