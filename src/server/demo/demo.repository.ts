import type { Insertable, Kysely } from 'kysely';
import type { Database, HazardEventTable, HazardTable } from '../db/schema.js';

/** Bulk inserts for the demo load only: hundreds of hazards with back-dated histories. */
export async function insertDemoHazards(db: Kysely<Database>, hazards: Insertable<HazardTable>[], events: Insertable<HazardEventTable>[]) {
  for (let i = 0; i < hazards.length; i += 400)
    await db
      .insertInto('hazard')
      .values(hazards.slice(i, i + 400))
      .execute();
  for (let i = 0; i < events.length; i += 400)
    await db
      .insertInto('hazard_event')
      .values(events.slice(i, i + 400))
      .execute();
}

export async function setCounter(db: Kysely<Database>, districtId: string, name: string, value: number) {
  await db
    .insertInto('counter')
    .values({ district_id: districtId, name, value })
    .onConflict((oc) => oc.columns(['district_id', 'name']).doUpdateSet({ value }))
    .execute();
}

/** The demo's units have existed since its history begins: a school's hazards are never older than the school. */
export async function backdateDemoUnits(db: Kysely<Database>, districtId: string, since: Date) {
  await db.updateTable('org_unit').set({ created_at: since }).where('district_id', '=', districtId).execute();
}
