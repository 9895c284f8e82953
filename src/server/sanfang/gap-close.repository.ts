import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

/** The gap → hazard links whose hazard is still open, with the last register state written to the timeline. */
export async function findOpenLinks(db: Q, districtId: string, schoolIds: readonly string[]) {
  if (!schoolIds.length) return [];
  return db
    .selectFrom('sanfang_hazard as l')
    .innerJoin('hazard as h', (j) => j.onRef('h.district_id', '=', 'l.district_id').onRef('h.id', '=', 'l.hazard_id'))
    .select(['l.hazard_id', 'l.school_id', 'l.rule_code', 'l.register_met_at', 'h.code', 'h.state'])
    .where('l.district_id', '=', districtId)
    .where('l.school_id', 'in', schoolIds)
    .where('h.state', '<>', 'closed')
    .execute();
}

export async function findLinkOfHazard(db: Q, districtId: string, hazardId: string) {
  return db
    .selectFrom('sanfang_hazard')
    .select(['school_id', 'rule_code', 'register_met_at'])
    .where('district_id', '=', districtId)
    .where('hazard_id', '=', hazardId)
    .executeTakeFirst();
}

/** Sets register_met_at if it still holds `expected` (null or a time); false when another write changed it first. */
export async function setRegisterMet(db: Q, districtId: string, hazardId: string, value: Date | null, expected: Date | null): Promise<boolean> {
  let q = db.updateTable('sanfang_hazard').set({ register_met_at: value }).where('district_id', '=', districtId).where('hazard_id', '=', hazardId);
  q = expected === null ? q.where('register_met_at', 'is', null) : q.where('register_met_at', '=', expected);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
