import { type Insertable, sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { WaterPatrolTable } from '../db/schema.js';

/** Dangerous waters: the signs and barriers of a water premise, and its patrols. */
export async function findWater(db: Db, districtId: string, premiseIds: readonly string[]) {
  if (!premiseIds.length) return [];
  return db.selectFrom('premise_water').selectAll().where('district_id', '=', districtId).where('premise_id', 'in', premiseIds).execute();
}

/** Insert (expected version 0) or update at the expected version; false when another write came first. */
export async function saveWater(
  db: Db,
  districtId: string,
  premiseId: string,
  version: number,
  v: {
    sign_count: number;
    sign_condition: 'good' | 'damaged' | 'none';
    barrier: 'complete' | 'partial' | 'none';
    barrier_note: string;
    responsible_name: string;
    responsible_phone: string;
    updated_by: string;
    updated_by_name: string;
  },
): Promise<boolean> {
  if (version === 0) {
    const r = await db
      .insertInto('premise_water')
      .values({ district_id: districtId, premise_id: premiseId, ...v })
      .onConflict((oc) => oc.columns(['district_id', 'premise_id']).doNothing())
      .returning('premise_id')
      .executeTakeFirst();
    return r !== undefined;
  }
  const r = await db
    .updateTable('premise_water')
    .set({ ...v, version: sql`version + 1`, updated_at: sql`now()` })
    .where('district_id', '=', districtId)
    .where('premise_id', '=', premiseId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertPatrol(db: Db, row: Insertable<WaterPatrolTable>): Promise<string> {
  const r = await db.insertInto('water_patrol').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function findPatrols(db: Db, districtId: string, premiseIds: readonly string[], limit = 200) {
  if (!premiseIds.length) return [];
  return db
    .selectFrom('water_patrol')
    .selectAll()
    .select(sql<string>`to_char(patrolled_on, 'YYYY-MM-DD')`.as('day'))
    .where('district_id', '=', districtId)
    .where('premise_id', 'in', premiseIds)
    .orderBy('patrolled_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Every water premise of the district (open ones), with the schools near it: the workbench and the school file's flags. */
export async function findWaterPremisesNear(db: Db, districtId: string, schoolIds: readonly string[] | null, waterTypes: readonly string[]) {
  if (!waterTypes.length || (schoolIds && !schoolIds.length)) return [];
  let q = db
    .selectFrom('premise as p')
    .innerJoin('premise_school as ps', (j) => j.onRef('ps.district_id', '=', 'p.district_id').onRef('ps.premise_id', '=', 'p.id'))
    .select(['p.id', 'p.name', 'ps.school_id', 'ps.distance_m'])
    .where('p.district_id', '=', districtId)
    .where('p.status', '=', 'open')
    .where('p.type_code', 'in', waterTypes);
  if (schoolIds) q = q.where('ps.school_id', 'in', schoolIds);
  return q.execute();
}
