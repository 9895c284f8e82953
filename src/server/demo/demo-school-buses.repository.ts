import type { Insertable } from 'kysely';
import type { Db } from '../db/database.js';
import type { BusCheckTable, PremiseWaterTable, SchoolBusPersonTable, SchoolBusRouteTable, SchoolBusTable, WaterPatrolTable } from '../db/schema.js';

/** The demo load's SQL for school buses and dangerous waters (demo-school-buses.ts). */
export async function giveSchoolABus(db: Db, districtId: string, schoolId: string) {
  await db.updateTable('school').set({ bus_count: 1 }).where('district_id', '=', districtId).where('id', '=', schoolId).where('bus_count', '=', 0).execute();
}

export async function findSchoolsWithBuses(db: Db, districtId: string) {
  return db
    .selectFrom('school as s')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 's.district_id').onRef('o.id', '=', 's.id'))
    .select(['s.id', 'o.name', 'o.parent_id', 's.bus_count'])
    .where('s.district_id', '=', districtId)
    .where('s.bus_count', '>', 0)
    .orderBy('o.code')
    .execute();
}

export async function insertDemoBus(
  db: Db,
  bus: Insertable<SchoolBusTable>,
  persons: Omit<Insertable<SchoolBusPersonTable>, 'bus_id'>[],
  route: Omit<Insertable<SchoolBusRouteTable>, 'bus_id'>,
) {
  const { id } = await db.insertInto('school_bus').values(bus).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('school_bus_person')
    .values(persons.map((p) => ({ ...p, bus_id: id })))
    .execute();
  await db
    .insertInto('school_bus_route')
    .values({ ...route, bus_id: id })
    .execute();
  return id;
}

export async function unitOfUser(db: Db, userId: string): Promise<string> {
  return (await db.selectFrom('app_user').select(['org_unit_id']).where('id', '=', userId).executeTakeFirstOrThrow()).org_unit_id;
}

export async function insertChecks(db: Db, rows: Insertable<BusCheckTable>[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('bus_check')
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function findWaterPremiseIds(db: Db, districtId: string, typeCode: string) {
  return (await db.selectFrom('premise').select(['id']).where('district_id', '=', districtId).where('type_code', '=', typeCode).execute()).map((r) => r.id);
}

export async function insertWater(db: Db, row: Insertable<PremiseWaterTable>, patrols: Insertable<WaterPatrolTable>[]) {
  await db.insertInto('premise_water').values(row).execute();
  if (patrols.length) await db.insertInto('water_patrol').values(patrols).execute();
}
