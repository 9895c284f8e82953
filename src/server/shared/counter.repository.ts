import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Next value of a per-district counter (hazard codes, notice numbers). The upsert takes the
 * row lock, so two transactions never get the same value; a rolled-back one leaves no gap.
 */
export async function nextCounterValue(db: Kysely<Database>, districtId: string, name: string): Promise<number> {
  const r = await db
    .insertInto('counter')
    .values({ district_id: districtId, name, value: 1 })
    .onConflict((oc) => oc.columns(['district_id', 'name']).doUpdateSet({ value: sql`counter.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(r.value);
}
