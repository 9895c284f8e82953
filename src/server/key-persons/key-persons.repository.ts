import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { KeyPersonFollowUpTable, KeyPersonSchoolTable, KeyPersonTable } from '../db/schema.js';

/** Key persons (重点人员): the only SQL of the module. Every query takes the police scope filter. */
export type KeyPersonRecord = Selectable<KeyPersonTable> & { station_name: string; nearest_school_name: string | null };

/** What a police officer sees: the persons of their station, or whose nearest school is in their precinct. */
export type KeyPersonScope = { districtId: string; stationId: string; precinctSchoolIds: readonly string[] };

export type KeyPersonFilter = {
  categoryCodes?: readonly string[] | undefined;
  riskLevel?: 'high' | 'medium' | 'low' | undefined;
  status?: 'active' | 'closed' | undefined;
  /** Active persons whose next follow-up was due before this day. */
  overdueBefore?: string | undefined;
  officerUserId?: string | undefined;
  schoolId?: string | undefined;
  keyword?: string | undefined;
};

function scoped(db: Db, s: KeyPersonScope) {
  return db
    .selectFrom('key_person as k')
    .innerJoin('org_unit as st', (j) => j.onRef('st.district_id', '=', 'k.district_id').onRef('st.id', '=', 'k.station_unit_id'))
    .leftJoin('org_unit as ns', (j) => j.onRef('ns.district_id', '=', 'k.district_id').onRef('ns.id', '=', 'k.nearest_school_id'))
    .where('k.district_id', '=', s.districtId)
    .where((eb) =>
      s.precinctSchoolIds.length
        ? eb.or([eb('k.station_unit_id', '=', s.stationId), eb('k.nearest_school_id', 'in', s.precinctSchoolIds)])
        : eb('k.station_unit_id', '=', s.stationId),
    );
}

function filtered(db: Db, s: KeyPersonScope, f: KeyPersonFilter) {
  let q = scoped(db, s);
  if (f.categoryCodes?.length) q = q.where('k.category_code', 'in', f.categoryCodes);
  if (f.riskLevel) q = q.where('k.risk_level', '=', f.riskLevel);
  if (f.status) q = q.where('k.status', '=', f.status);
  if (f.overdueBefore) q = q.where('k.status', '=', 'active').where('k.next_follow_up_due', '<', f.overdueBefore);
  if (f.officerUserId) q = q.where('k.officer_user_id', '=', f.officerUserId);
  if (f.schoolId) {
    const schoolId = f.schoolId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('key_person_school as n')
          .select('n.school_id')
          .whereRef('n.district_id', '=', 'k.district_id')
          .whereRef('n.key_person_id', '=', 'k.id')
          .where('n.school_id', '=', schoolId),
      ),
    );
  }
  if (f.keyword) {
    const like = `%${f.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('k.name', 'like', like), eb('k.address', 'like', like)]));
  }
  return q;
}

export async function findKeyPersons(db: Db, s: KeyPersonScope, f: KeyPersonFilter, limit: number, offset: number) {
  const q = filtered(db, s, f);
  const [items, count] = await Promise.all([
    q
      .selectAll('k')
      .select(['st.name as station_name', 'ns.name as nearest_school_name'])
      .orderBy('k.next_follow_up_due', (ob) => ob.asc().nullsLast())
      .orderBy('k.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items as KeyPersonRecord[], total: Number(count.n) };
}

export async function countKeyPersons(db: Db, s: KeyPersonScope, f: KeyPersonFilter): Promise<number> {
  return Number(
    (
      await filtered(db, s, f)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

export async function findKeyPerson(db: Db, s: KeyPersonScope, id: string): Promise<KeyPersonRecord | undefined> {
  return (await scoped(db, s).where('k.id', '=', id).selectAll('k').select(['st.name as station_name', 'ns.name as nearest_school_name']).executeTakeFirst()) as
    | KeyPersonRecord
    | undefined;
}

export async function insertKeyPerson(db: Db, row: Insertable<KeyPersonTable>): Promise<string> {
  return (await db.insertInto('key_person').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateKeyPersonIfVersion(db: Db, districtId: string, id: string, version: number, patch: Updateable<KeyPersonTable>): Promise<boolean> {
  const r = await db
    .updateTable('key_person')
    .set({ ...patch, version: version + 1, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setNear(db: Db, districtId: string, id: string, nearestSchoolId: string | null, rows: Insertable<KeyPersonSchoolTable>[]) {
  await db.deleteFrom('key_person_school').where('district_id', '=', districtId).where('key_person_id', '=', id).execute();
  if (rows.length) await db.insertInto('key_person_school').values(rows).execute();
  await db.updateTable('key_person').set({ nearest_school_id: nearestSchoolId }).where('district_id', '=', districtId).where('id', '=', id).execute();
}

export async function setNextDue(db: Db, districtId: string, id: string, nextDue: string | null) {
  await db.updateTable('key_person').set({ next_follow_up_due: nextDue }).where('district_id', '=', districtId).where('id', '=', id).execute();
}

export async function findNear(db: Db, districtId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('key_person_school as n')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'n.district_id').onRef('o.id', '=', 'n.school_id'))
    .where('n.district_id', '=', districtId)
    .where('n.key_person_id', 'in', ids)
    .selectAll('n')
    .select('o.name as school_name')
    .orderBy('n.distance_m')
    .execute();
}

export async function insertFollowUp(db: Db, row: Insertable<KeyPersonFollowUpTable>): Promise<string> {
  return (await db.insertInto('key_person_follow_up').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findFollowUps(db: Db, districtId: string, id: string) {
  return db
    .selectFrom('key_person_follow_up')
    .where('district_id', '=', districtId)
    .where('key_person_id', '=', id)
    .selectAll()
    .orderBy('follow_up_date', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function latestFollowUpDate(db: Db, districtId: string, id: string): Promise<string | null> {
  const r = await db
    .selectFrom('key_person_follow_up')
    .where('district_id', '=', districtId)
    .where('key_person_id', '=', id)
    .select((eb) => eb.fn.max('follow_up_date').as('d'))
    .executeTakeFirst();
  return (r?.d as string | null) ?? null;
}

/** Police officers of one station (the responsible officer is one of them). */
export async function findStationOfficers(db: Db, districtId: string, stationId: string) {
  return db
    .selectFrom('app_user')
    .where('district_id', '=', districtId)
    .where('org_unit_id', '=', stationId)
    .where('role', '=', 'police_officer')
    .where('is_active', '=', true)
    .select(['id', 'display_name'])
    .orderBy('display_name')
    .execute();
}

/** Key persons whose distances name a school, or whose point lies in a box: rewritten when the school's gates or point move. */
export async function findKeyPersonIdsNearSchool(db: Db, districtId: string, schoolId: string) {
  return (
    await db.selectFrom('key_person_school').where('district_id', '=', districtId).where('school_id', '=', schoolId).select('key_person_id').execute()
  ).map((r) => r.key_person_id);
}

export async function findKeyPersonIdsInBox(db: Db, districtId: string, box: { minLat: number; maxLat: number; minLng: number; maxLng: number }) {
  return (
    await db
      .selectFrom('key_person')
      .where('district_id', '=', districtId)
      .where('latitude', '>=', box.minLat)
      .where('latitude', '<=', box.maxLat)
      .where('longitude', '>=', box.minLng)
      .where('longitude', '<=', box.maxLng)
      .select('id')
      .execute()
  ).map((r) => r.id);
}

export async function findKeyPersonPoints(db: Db, districtId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  return db.selectFrom('key_person').where('district_id', '=', districtId).where('id', 'in', ids).select(['id', 'latitude', 'longitude']).execute();
}

/** One user's name and unit (the demo's police officer and station). */
export async function findUser(db: Db, districtId: string, userId: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'org_unit_id'])
    .where('district_id', '=', districtId)
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}
