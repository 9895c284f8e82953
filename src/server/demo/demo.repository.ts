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

type Row<T extends keyof Database> = Insertable<Database[T]>;

/** Bulk inserts of the demo's notices and penalty decisions with their hazard lists (ids made by the caller). */
export async function insertDemoNotices(
  db: Kysely<Database>,
  r: { notices: Row<'rectification_notice'>[]; links: Row<'notice_hazard'>[]; penalties: Row<'penalty_decision'>[]; penaltyLinks: Row<'penalty_hazard'>[] },
) {
  if (r.notices.length) await db.insertInto('rectification_notice').values(r.notices).execute();
  if (r.links.length) await db.insertInto('notice_hazard').values(r.links).execute();
  if (r.penalties.length) await db.insertInto('penalty_decision').values(r.penalties).execute();
  if (r.penaltyLinks.length) await db.insertInto('penalty_hazard').values(r.penaltyLinks).execute();
}

/** Units and the demo's accounts and assignments: who could have issued a notice to which school. */
export async function findDemoIssuers(db: Kysely<Database>, districtId: string) {
  const [units, users, assignments] = await Promise.all([
    db.selectFrom('org_unit').select(['id', 'name', 'kind', 'parent_id', 'code']).where('district_id', '=', districtId).execute(),
    db.selectFrom('app_user').select(['id', 'display_name', 'role', 'org_unit_id']).where('district_id', '=', districtId).execute(),
    db
      .selectFrom('assignment')
      .select(['kind', 'subject_id', 'target_id'])
      .where('district_id', '=', districtId)
      .where('kind', 'in', ['inspector_school', 'precinct_school'])
      .execute(),
  ]);
  return { units, users, assignments };
}

/** A demo account's id (the demo's records are attributed to its accounts). */
export async function findUserIdByUsername(db: Kysely<Database>, districtId: string, username: string): Promise<string> {
  const r = await db.selectFrom('app_user').select('id').where('district_id', '=', districtId).where('username', '=', username).executeTakeFirstOrThrow();
  return r.id;
}

/** The demo's outside speakers and trainers: the fire brigade's id, and each school's precinct police station. */
export async function findDemoSpeakerUnits(db: Kysely<Database>, districtId: string) {
  const [fire, precincts] = await Promise.all([
    db.selectFrom('org_unit').select('id').where('district_id', '=', districtId).where('code', '=', 'D-FIRE').executeTakeFirst(),
    db.selectFrom('assignment').select(['subject_id', 'target_id']).where('district_id', '=', districtId).where('kind', '=', 'precinct_school').execute(),
  ]);
  return { fireId: fire?.id ?? null, stationOf: new Map(precincts.map((p) => [p.target_id, p.subject_id])) };
}
