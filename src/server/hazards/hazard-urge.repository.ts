import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

/**
 * Locks the hazard row for the rest of the transaction, so two 催办 by the same user at the same
 * moment cannot both pass the once-a-day check.
 */
export async function lockHazard(db: Q, districtId: string, id: string): Promise<void> {
  await db.selectFrom('hazard').select('id').where('district_id', '=', districtId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Whether the user urged this hazard at or after `since`. */
export async function hasUrgedSince(db: Q, districtId: string, hazardId: string, userId: string, since: Date): Promise<boolean> {
  const r = await db
    .selectFrom('hazard_event')
    .select('id')
    .where('district_id', '=', districtId)
    .where('hazard_id', '=', hazardId)
    .where('action', '=', 'urge')
    .where('actor_id', '=', userId)
    .where('occurred_at', '>=', since)
    .executeTakeFirst();
  return r !== undefined;
}

/** Of these hazards, the ones the user urged at or after `since` (the workbench's overdue rows). */
export async function findUrgedSince(db: Q, districtId: string, hazardIds: readonly string[], userId: string, since: Date): Promise<Set<string>> {
  if (hazardIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('hazard_event')
    .select('hazard_id')
    .where('district_id', '=', districtId)
    .where('hazard_id', 'in', hazardIds)
    .where('action', '=', 'urge')
    .where('actor_id', '=', userId)
    .where('occurred_at', '>=', since)
    .execute();
  return new Set(rows.map((r) => r.hazard_id));
}
