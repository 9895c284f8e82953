import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database, GuardPostTable, GuardRotaTable, GuardSignInTable } from '../db/schema.js';

type Q = Db | Transaction<Database>;
export type GuardPostRow = Selectable<GuardPostTable>;
export type GuardRotaRow = Selectable<GuardRotaTable>;
export type GuardSignInRow = Selectable<GuardSignInTable>;

const NONE = '00000000-0000-0000-0000-000000000000';
const ids = (xs: readonly string[]) => (xs.length ? xs : [NONE]);

/** A school with its point, its township and its police station (precinct), or undefined. */
export async function findSchoolForPost(db: Q, districtId: string, schoolId: string) {
  return db
    .selectFrom('school as s')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 's.district_id').onRef('o.id', '=', 's.id'))
    .where('s.district_id', '=', districtId)
    .where('s.id', '=', schoolId)
    .where('o.is_active', '=', true)
    .select(['s.id', 'o.name', 's.latitude', 's.longitude'])
    .executeTakeFirst();
}

/** The police station whose precinct holds each school (assignment precinct_school). */
export async function findPrecincts(db: Q, districtId: string, schoolIds: readonly string[] | null) {
  let q = db
    .selectFrom('assignment as a')
    .innerJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'a.district_id').onRef('u.id', '=', 'a.subject_id'))
    .where('a.district_id', '=', districtId)
    .where('a.kind', '=', 'precinct_school');
  if (schoolIds) q = q.where('a.target_id', 'in', ids(schoolIds));
  return q.select(['a.target_id as schoolId', 'a.subject_id as policeUnitId', 'u.name as policeName']).execute();
}

/** Posts with their school's, police station's and gate's names; `inForceOn`: only those standing that day. */
export async function findPosts(db: Q, districtId: string, f: { schoolIds: readonly string[] | null; postId?: string; inForceOn?: string }) {
  let q = db
    .selectFrom('guard_post as p')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'p.district_id').onRef('o.id', '=', 'p.school_id'))
    .leftJoin('org_unit as pu', (j) => j.onRef('pu.district_id', '=', 'p.district_id').onRef('pu.id', '=', 'p.police_unit_id'))
    .leftJoin('school_gate as g', (j) => j.onRef('g.district_id', '=', 'p.district_id').onRef('g.id', '=', 'p.gate_id'))
    .where('p.district_id', '=', districtId)
    .selectAll('p')
    .select(['o.name as school_name', 'o.code as school_code', 'pu.name as police_name', 'g.name as gate_name', 'g.is_main as gate_is_main']);
  if (f.schoolIds) q = q.where('p.school_id', 'in', ids(f.schoolIds));
  if (f.postId) q = q.where('p.id', '=', f.postId);
  const day = f.inForceOn;
  if (day) q = q.where('p.active', '=', true).where((eb) => eb.or([eb('p.inactive_from', 'is', null), eb('p.inactive_from', '>', day)]));
  return q.orderBy('o.code').orderBy('p.gate_label').orderBy('p.id').execute();
}
export type PostWithNames = Awaited<ReturnType<typeof findPosts>>[number];

export async function insertPost(db: Q, row: Insertable<GuardPostTable>) {
  return db.insertInto('guard_post').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updatePost(
  db: Q,
  districtId: string,
  id: string,
  version: number,
  set: {
    gate_label: string;
    gate_id: string | null;
    latitude: number;
    longitude: number;
    periods: string[];
    note: string;
    updated_by: string;
    active: boolean;
    inactive_from: string | null;
  },
) {
  return db
    .updateTable('guard_post')
    .set((eb) => ({ ...set, updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Rota versions of posts: with a range, those in force on some day of [from, to]; with `asOf`,
 * those in force on that day or later (the rota as it stands from then: current and scheduled).
 * Cancelled versions (valid_to before valid_from) are never in force.
 */
export async function findRota(
  db: Q,
  districtId: string,
  f: { postIds?: readonly string[]; schoolIds?: readonly string[] | null; from?: string; to?: string; asOf?: string },
) {
  let q = db
    .selectFrom('guard_rota')
    .selectAll()
    .where('district_id', '=', districtId)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', eb.ref('valid_from'))]));
  if (f.postIds) q = q.where('post_id', 'in', ids(f.postIds));
  if (f.schoolIds) q = q.where('school_id', 'in', ids(f.schoolIds));
  if (f.to) q = q.where('valid_from', '<=', f.to);
  const from = f.from ?? f.asOf;
  if (from) q = q.where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', from)]));
  else q = q.where('valid_to', 'is', null);
  return q.orderBy('period_code').orderBy('person_name').orderBy('valid_from').orderBy('id').execute();
}

/** Every version of a post's rota, cancelled ones too, with who made each (the history). */
export async function findRotaHistory(db: Q, districtId: string, postId: string) {
  return db
    .selectFrom('guard_rota as r')
    .leftJoin('app_user as u', (j) => j.onRef('u.district_id', '=', 'r.district_id').onRef('u.id', '=', 'r.created_by'))
    .where('r.district_id', '=', districtId)
    .where('r.post_id', '=', postId)
    .selectAll('r')
    .select('u.display_name as created_by_name')
    .orderBy('r.line_id')
    .orderBy('r.valid_from')
    .orderBy('r.created_at')
    .execute();
}

/** The lines in force today of one user (to show their duty and count the workbench to-do). */
export async function findRotaOfUser(db: Q, districtId: string, userId: string, today: string) {
  return db
    .selectFrom('guard_rota')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('user_id', '=', userId)
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]))
    .orderBy('valid_from')
    .execute();
}

export async function findRotaLine(db: Q, districtId: string, id: string) {
  return db.selectFrom('guard_rota').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export async function insertRota(db: Q, rows: Insertable<GuardRotaTable>[]) {
  if (rows.length) await db.insertInto('guard_rota').values(rows).execute();
}

/** Ends (or cancels) versions: valid_to as planned, the day before a change takes effect. */
export async function endRotaVersions(db: Q, districtId: string, ends: readonly { id: string; validTo: string }[]) {
  for (const e of ends) await db.updateTable('guard_rota').set({ valid_to: e.validTo }).where('district_id', '=', districtId).where('id', '=', e.id).execute();
}

/** Reopens versions ended for a post's end that is now cancelled or moved (valid_to back to open). */
export async function reopenRotaVersions(db: Q, districtId: string, versionIds: readonly string[]) {
  if (versionIds.length)
    await db.updateTable('guard_rota').set({ valid_to: null }).where('district_id', '=', districtId).where('id', 'in', versionIds).execute();
}

/** Users of the district by id (a rota line may name an account; it must be in the district). */
export async function findUsers(db: Q, districtId: string, userIds: readonly string[]) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'org_unit_id', 'role'])
    .where('district_id', '=', districtId)
    .where('id', 'in', ids(userIds))
    .execute();
}

export async function insertSignIn(db: Q, row: Insertable<GuardSignInTable>) {
  return db
    .insertInto('guard_sign_in')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findSignIns(
  db: Q,
  districtId: string,
  f: { schoolIds?: readonly string[] | null; from: string; to: string; lineIds?: readonly string[] },
) {
  let q = db.selectFrom('guard_sign_in').selectAll().where('district_id', '=', districtId).where('day', '>=', f.from).where('day', '<=', f.to);
  if (f.schoolIds) q = q.where('school_id', 'in', ids(f.schoolIds));
  if (f.lineIds) q = q.where('line_id', 'in', ids(f.lineIds));
  return q.orderBy('signed_at').execute();
}

/** Posts in force on `day` (active, not yet at their chosen end): school, gate and periods (护学岗设置率). */
export async function findPostsInForce(db: Q, districtId: string, schoolIds: readonly string[] | null, day: string) {
  let q = db
    .selectFrom('guard_post')
    .select(['school_id', 'gate_id', 'periods'])
    .where('district_id', '=', districtId)
    .where('active', '=', true)
    .where((eb) => eb.or([eb('inactive_from', 'is', null), eb('inactive_from', '>', day)]));
  if (schoolIds) q = q.where('school_id', 'in', ids(schoolIds));
  return q.execute();
}

/** The recorded gates (校门) of schools (`schoolIds` null: of the district), main gate first. */
export async function findSchoolGates(db: Q, districtId: string, schoolIds: readonly string[] | null) {
  let q = db.selectFrom('school_gate').select(['id', 'school_id', 'name', 'is_main', 'latitude', 'longitude']).where('district_id', '=', districtId);
  if (schoolIds) q = q.where('school_id', 'in', ids(schoolIds));
  return q.orderBy('school_id').orderBy('is_main', 'desc').orderBy('sort_order').execute();
}

/** A gate of a school, or undefined (a post may only stand at a gate of its own school). */
export async function findGateOfSchool(db: Q, districtId: string, schoolId: string, gateId: string) {
  return db
    .selectFrom('school_gate')
    .select(['id', 'name', 'is_main', 'latitude', 'longitude'])
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('id', '=', gateId)
    .executeTakeFirst();
}

/** The schools directly under a township/centre. */
export async function findSchoolIdsUnder(db: Q, districtId: string, parentId: string) {
  const rows = await db
    .selectFrom('org_unit')
    .select('id')
    .where('district_id', '=', districtId)
    .where('parent_id', '=', parentId)
    .where('kind', '=', 'school')
    .execute();
  return rows.map((r) => r.id);
}

/** Demo load only: a user's id by username, and sign-ins written in batches. */
export async function findUserIdByUsername(db: Q, districtId: string, username: string) {
  return (await db.selectFrom('app_user').select('id').where('district_id', '=', districtId).where('username', '=', username).executeTakeFirst())?.id ?? null;
}
export async function insertDemoSignIns(db: Q, rows: Insertable<GuardSignInTable>[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('guard_sign_in')
      .values(rows.slice(i, i + 500))
      .execute();
}
