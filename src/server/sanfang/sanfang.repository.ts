import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { Database, SanfangDeviceTable, SanfangPersonTable, SanfangSiteTable } from '../db/schema.js';

type Q = Kysely<Database>;

/** The 三防 register's SQL: people, devices, each school's site, and the gap → hazard links. */

export type PersonRecord = Selectable<SanfangPersonTable>;
export type DeviceRecord = Selectable<SanfangDeviceTable>;
export type SiteRecord = Selectable<SanfangSiteTable>;

/** `schoolIds` null: every school of the district. */
export type RegisterFilter = { districtId: string; schoolIds: readonly string[] | null; role?: string | undefined; kind?: string | undefined };

export async function findPersons(db: Q, f: RegisterFilter): Promise<PersonRecord[]> {
  if (f.schoolIds && f.schoolIds.length === 0) return [];
  let q = db.selectFrom('sanfang_person').selectAll().where('district_id', '=', f.districtId);
  if (f.schoolIds) q = q.where('school_id', 'in', f.schoolIds);
  if (f.role) q = q.where('role', '=', f.role);
  return q.orderBy('school_id').orderBy('role').orderBy('name').orderBy('id').execute();
}

export async function findPerson(db: Q, districtId: string, id: string): Promise<PersonRecord | undefined> {
  return db.selectFrom('sanfang_person').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export async function insertPersons(db: Q, rows: Insertable<SanfangPersonTable>[]): Promise<PersonRecord[]> {
  if (!rows.length) return [];
  return db.insertInto('sanfang_person').values(rows).returningAll().execute();
}

export async function updatePersonIfVersion(db: Q, districtId: string, id: string, version: number, patch: Updateable<SanfangPersonTable>) {
  return db
    .updateTable('sanfang_person')
    .set({ ...patch, version: version + 1, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function findDevices(db: Q, f: RegisterFilter): Promise<DeviceRecord[]> {
  if (f.schoolIds && f.schoolIds.length === 0) return [];
  let q = db.selectFrom('sanfang_device').selectAll().where('district_id', '=', f.districtId);
  if (f.schoolIds) q = q.where('school_id', 'in', f.schoolIds);
  if (f.kind) q = q.where('kind', '=', f.kind);
  return q.orderBy('school_id').orderBy('kind').orderBy('name').orderBy('id').execute();
}

export async function findDevice(db: Q, districtId: string, id: string): Promise<DeviceRecord | undefined> {
  return db.selectFrom('sanfang_device').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export async function insertDevices(db: Q, rows: Insertable<SanfangDeviceTable>[]): Promise<DeviceRecord[]> {
  if (!rows.length) return [];
  return db.insertInto('sanfang_device').values(rows).returningAll().execute();
}

export async function updateDeviceIfVersion(db: Q, districtId: string, id: string, version: number, patch: Updateable<SanfangDeviceTable>) {
  return db
    .updateTable('sanfang_device')
    .set({ ...patch, version: version + 1, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function findSites(db: Q, districtId: string, schoolIds: readonly string[] | null): Promise<SiteRecord[]> {
  if (schoolIds && schoolIds.length === 0) return [];
  let q = db.selectFrom('sanfang_site').selectAll().where('district_id', '=', districtId);
  if (schoolIds) q = q.where('school_id', 'in', schoolIds);
  return q.execute();
}

/** `version`: the row's version after this write (1 for a new row). */
export async function upsertSite(db: Q, row: Insertable<SanfangSiteTable>, version: number): Promise<SiteRecord> {
  const { district_id: _d, school_id: _s, ...patch } = row;
  return db
    .insertInto('sanfang_site')
    .values({ ...row, version })
    .onConflict((oc) => oc.columns(['district_id', 'school_id']).doUpdateSet({ ...patch, version, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertSites(db: Q, rows: Insertable<SanfangSiteTable>[]) {
  if (rows.length) await db.insertInto('sanfang_site').values(rows).execute();
}

/** The schools the summary covers: active, in scope, optionally one township/centre and one type. */
export async function findSanfangSchools(
  db: Q,
  f: { districtId: string; schoolIds: readonly string[] | null; parentId?: string | undefined; schoolType?: string | undefined; schoolId?: string | undefined },
) {
  if (f.schoolIds && f.schoolIds.length === 0) return [];
  let q = db
    .selectFrom('org_unit as o')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'o.district_id').onRef('s.id', '=', 'o.id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'o.district_id').onRef('p.id', '=', 'o.parent_id'))
    .select([
      'o.id',
      'o.name',
      'o.code',
      'o.parent_id as parentId',
      'p.name as parentName',
      's.school_type as schoolType',
      's.ownership',
      's.enrollment',
      's.boarding_students as boardingStudents',
      's.gate_count as gateCount',
    ])
    .where('o.district_id', '=', f.districtId)
    .where('o.kind', '=', 'school')
    .where('o.is_active', '=', true);
  if (f.schoolIds) q = q.where('o.id', 'in', f.schoolIds);
  if (f.parentId) q = q.where('o.parent_id', '=', f.parentId);
  if (f.schoolType) q = q.where('s.school_type', '=', f.schoolType);
  if (f.schoolId) q = q.where('o.id', '=', f.schoolId);
  return q.orderBy('o.code').execute();
}
export type SanfangSchoolRow = Awaited<ReturnType<typeof findSanfangSchools>>[number];

/**
 * A fingerprint of everything a school's standing is computed from: the register's rows (count,
 * versions, last change), the schools' profiles and the org units (count, last change). Every
 * insert or update of any of them changes it, whichever process wrote; rows are never deleted.
 * A table that starts feeding the standings (loadStandings) must be added here: guard_post and
 * guard_rota and school_gate feed the 护学岗设置率 (the guard-duty policy comes from the pack, which is
 * keyed apart); a post ended from a chosen day stops counting on that day, so those ended by today count too.
 */
export async function findStandingStamp(db: Q, districtId: string, today: string): Promise<string> {
  const register = (table: string) =>
    sql`(select concat_ws(':', count(*), sum(version), max(updated_at)) from ${sql.table(table)} where district_id = ${districtId})`;
  const profile = (table: string) => sql`(select concat_ws(':', count(*), max(updated_at)) from ${sql.table(table)} where district_id = ${districtId})`;
  // The gate log rule counts days with entries, and entries are written for the moment they are
  // made (entered_on is today's Shanghai day), so only today's first entry per school can change
  // a standing: the stamp counts today's schools, not every visitor of the week.
  const gateDays = sql`(select count(distinct school_id) from gate_log_entry where district_id = ${districtId} and entered_on = ${today})`;
  // 护学岗设置率 reads guard_post (versioned); guard_rota has no version, so its rows' content is summed.
  const rota = sql`(select concat_ws(':', count(*), sum(hashtext(r::text))) from guard_rota r where r.district_id = ${districtId})`;
  // Gates are replaced in place (no version): their content is summed, like the rota's.
  const gates = sql`(select concat_ws(':', count(*), sum(hashtext(g::text))) from school_gate g where g.district_id = ${districtId})`;
  const ended = sql`(select count(*) from guard_post p where p.district_id = ${districtId} and p.inactive_from <= ${today})`;
  const r = await sql<{ stamp: string }>`select concat_ws('|', ${register('sanfang_person')}, ${register('sanfang_device')}, ${register('sanfang_site')},
    ${register('sanfang_building')}, ${register('sanfang_fire_facility')}, ${register('sanfang_fire_unit')}, ${gateDays},
    ${profile('school')}, ${profile('org_unit')}, ${register('guard_post')}, ${rota}, ${gates}, ${ended}) as stamp`.execute(db);
  return r.rows[0]?.stamp ?? '';
}

export async function insertHazardLink(db: Q, row: { district_id: string; hazard_id: string; school_id: string; rule_code: string }) {
  await db.insertInto('sanfang_hazard').values(row).execute();
}

/** Open hazards raised from a gap, by school and rule: a second "转为隐患" does not duplicate them. */
export async function findOpenGapHazards(db: Q, districtId: string, schoolIds: readonly string[]) {
  if (!schoolIds.length) return [];
  return db
    .selectFrom('sanfang_hazard as l')
    .innerJoin('hazard as h', (j) => j.onRef('h.district_id', '=', 'l.district_id').onRef('h.id', '=', 'l.hazard_id'))
    .select(['l.school_id', 'l.rule_code', 'h.id', 'h.code', 'h.state'])
    .where('l.district_id', '=', districtId)
    .where('l.school_id', 'in', schoolIds)
    .where('h.state', '<>', 'closed')
    .execute();
}

/** Bulk insert without returning (the demo district): chunks keep each statement's parameters small. */
export async function bulkInsertRegister(
  db: Q,
  rows: { persons: Insertable<SanfangPersonTable>[]; devices: Insertable<SanfangDeviceTable>[]; sites: Insertable<SanfangSiteTable>[] },
) {
  const chunk = <T>(list: T[], n: number) => Array.from({ length: Math.ceil(list.length / n) }, (_, i) => list.slice(i * n, i * n + n));
  for (const c of chunk(rows.persons, 400)) await db.insertInto('sanfang_person').values(c).execute();
  for (const c of chunk(rows.devices, 500)) await db.insertInto('sanfang_device').values(c).execute();
  for (const c of chunk(rows.sites, 500)) await db.insertInto('sanfang_site').values(c).execute();
}
