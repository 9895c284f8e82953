import type { Updateable } from 'kysely';
import { type Kysely, sql } from 'kysely';
import type { AssignmentTable, Database, NewOrgUnit, OrgUnitTable } from '../db/schema.js';

type Q = Kysely<Database>;

/** The given units and every unit below them. */
export async function findSubtreeIds(db: Q, districtId: string, rootIds: readonly string[]): Promise<string[]> {
  if (rootIds.length === 0) return [];
  const rows = await sql<{ id: string }>`
    with recursive sub as (
      select id from org_unit where district_id = ${districtId} and id in (${sql.join(rootIds)})
      union
      select u.id from org_unit u join sub on u.parent_id = sub.id where u.district_id = ${districtId}
    )
    select id from sub`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** The given units and all their ancestors up to the district. */
export async function findAncestorIds(db: Q, districtId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await sql<{ id: string }>`
    with recursive up as (
      select id, parent_id from org_unit where district_id = ${districtId} and id in (${sql.join(ids)})
      union
      select u.id, u.parent_id from org_unit u join up on u.id = up.parent_id where u.district_id = ${districtId}
    )
    select id from up`.execute(db);
  return rows.rows.map((r) => r.id);
}

export async function findAssignmentTargets(db: Q, districtId: string, kind: AssignmentTable['kind'], subjectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('assignment')
    .select('target_id')
    .where('district_id', '=', districtId)
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .execute();
  return rows.map((r) => r.target_id);
}

export async function findOrgUnit(db: Q, districtId: string, id: string) {
  return db.selectFrom('org_unit').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export async function findOrgUnitByCode(db: Q, districtId: string, code: string) {
  return db.selectFrom('org_unit').selectAll().where('district_id', '=', districtId).where('code', '=', code).executeTakeFirst();
}

export async function listOrgUnits(db: Q, districtId: string, filter: { ids?: readonly string[] | null; kinds?: readonly OrgUnitTable['kind'][] | undefined }) {
  let q = db.selectFrom('org_unit').selectAll().where('district_id', '=', districtId);
  if (filter.ids) q = filter.ids.length ? q.where('id', 'in', filter.ids) : q.where(sql<boolean>`false`);
  if (filter.kinds?.length) q = q.where('kind', 'in', filter.kinds);
  return q.orderBy('kind').orderBy('sort_order').orderBy('code').execute();
}

export async function insertOrgUnit(db: Q, unit: NewOrgUnit) {
  return db.insertInto('org_unit').values(unit).returningAll().executeTakeFirstOrThrow();
}

export async function updateOrgUnit(
  db: Q,
  districtId: string,
  id: string,
  patch: Pick<Updateable<OrgUnitTable>, 'name' | 'code' | 'parent_id' | 'department_type' | 'sort_order' | 'is_active'>,
) {
  return db
    .updateTable('org_unit')
    .set({ ...patch, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function countChildren(db: Q, districtId: string, id: string): Promise<number> {
  const r = await db
    .selectFrom('org_unit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', districtId)
    .where('parent_id', '=', id)
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listAssignments(
  db: Q,
  districtId: string,
  filter: { kind?: AssignmentTable['kind'] | undefined; subjectId?: string | undefined; targetIds?: readonly string[] | null },
) {
  let q = db.selectFrom('assignment').selectAll().where('district_id', '=', districtId);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
  if (filter.targetIds) q = filter.targetIds.length ? q.where('target_id', 'in', filter.targetIds) : q.where(sql<boolean>`false`);
  return q.orderBy('created_at').execute();
}

export async function insertAssignment(db: Q, row: { district_id: string; kind: AssignmentTable['kind']; subject_id: string; target_id: string }) {
  return db.insertInto('assignment').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findAssignment(db: Q, districtId: string, id: string) {
  return db.selectFrom('assignment').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export async function deleteAssignment(db: Q, districtId: string, id: string) {
  await db.deleteFrom('assignment').where('district_id', '=', districtId).where('id', '=', id).execute();
}
