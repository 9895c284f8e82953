import { type Kysely, sql } from 'kysely';
import type { SchoolFact } from '../../domain/coverage.js';
import type { DutyFact } from '../../domain/duty.js';
import { classKeysOf } from '../../domain/education.js';
import type { InspectionLevel } from '../../domain/policy/pack-schema.js';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

/** Active schools of the district (all, or the given ids), optionally under one township/centre. */
export async function findSchoolFacts(
  db: Q,
  districtId: string,
  schoolIds: readonly string[] | null,
  parentId?: string,
): Promise<(SchoolFact & { parentName: string | null; createdDay: string })[]> {
  if (schoolIds && schoolIds.length === 0) return [];
  let q = db
    .selectFrom('org_unit as o')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'o.district_id').onRef('s.id', '=', 'o.id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'o.district_id').onRef('p.id', '=', 'o.parent_id'))
    .select(['o.id', 'o.name', 'o.code', 'o.parent_id', 's.school_type', 's.boarding_students', 's.bus_count', 's.class_counts', 'p.name as parent_name'])
    .select(sql<string>`to_char(o.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`.as('created_day'))
    // The colours of the school's active risk points: appliesTo.riskColours (风险点复评 where a school has red or orange points).
    .select(
      sql<
        string[] | null
      >`(select array_agg(distinct rp.colour) from risk_point rp where rp.district_id = o.district_id and rp.school_id = o.id and rp.status = 'active')`.as(
        'risk_colours',
      ),
    )
    .where('o.district_id', '=', districtId)
    .where('o.kind', '=', 'school')
    .where('o.is_active', '=', true);
  if (schoolIds) q = q.where('o.id', 'in', schoolIds);
  if (parentId) q = q.where('o.parent_id', '=', parentId);
  const rows = await q.orderBy('o.code').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    code: r.code,
    parentId: r.parent_id,
    parentName: r.parent_name,
    schoolType: r.school_type,
    boarding: Number(r.boarding_students) > 0,
    hasBus: Number(r.bus_count) > 0,
    classes: classKeysOf(r.class_counts),
    riskColours: r.risk_colours ?? [],
    createdDay: r.created_day,
  }));
}

/** When the district's records begin: the day it was created and its first submitted inspection (Shanghai days). */
export async function findDistrictStart(db: Q, districtId: string): Promise<{ createdDay: string; firstInspectionDay: string | null }> {
  const [unit, first] = await Promise.all([
    db
      .selectFrom('org_unit')
      .select(sql<string>`to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`.as('day'))
      .where('district_id', '=', districtId)
      .where('id', '=', districtId)
      .executeTakeFirst(),
    db
      .selectFrom('inspection')
      .select(sql<string | null>`to_char(min(inspected_on), 'YYYY-MM-DD')`.as('day'))
      .where('district_id', '=', districtId)
      .where('status', '=', 'submitted')
      .executeTakeFirst(),
  ]);
  return { createdDay: unit?.day ?? '1970-01-01', firstInspectionDay: first?.day ?? null };
}

/** Townships and centres by id, in tree order, for the rates by area. */
export async function findParents(db: Q, districtId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('org_unit')
    .select(['id', 'name'])
    .where('district_id', '=', districtId)
    .where('id', 'in', ids)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
}

/** Submitted inspections in [from, to] (Shanghai days) at the given schools: what coverage counts. */
export async function findInspectionFacts(
  db: Q,
  districtId: string,
  from: string,
  to: string,
  schoolIds: readonly string[] | null,
  only?: { levels: readonly string[]; templates: readonly string[] },
): Promise<DutyFact[]> {
  if (schoolIds && schoolIds.length === 0) return [];
  let q = db
    .selectFrom('inspection')
    .select(['id', 'school_id', 'level', 'template_code', sql<string>`to_char(inspected_on, 'YYYY-MM-DD')`.as('day'), 'inspector_ids'])
    .where('district_id', '=', districtId)
    .where('status', '=', 'submitted')
    .where('inspected_on', '>=', from)
    .where('inspected_on', '<=', to);
  if (schoolIds) q = q.where('school_id', 'in', schoolIds);
  // Only what can count: the weekly self-checks never count for monthly supervision (2/3 of the rows).
  if (only?.levels.length) q = q.where('level', 'in', only.levels);
  if (only?.templates.length) q = q.where('template_code', 'in', only.templates);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    kind: 'inspection' as const,
    subjectId: r.school_id,
    schoolId: r.school_id,
    level: r.level as InspectionLevel,
    type: r.template_code,
    day: r.day,
    actorIds: r.inspector_ids,
  }));
}

/** Responsible inspectors (包校) with their schools. */
export async function findInspectorAssignments(db: Q, districtId: string) {
  const rows = await db
    .selectFrom('assignment as a')
    .innerJoin('app_user as u', (j) => j.onRef('u.district_id', '=', 'a.district_id').onRef('u.id', '=', 'a.subject_id'))
    .select(['u.id as user_id', 'u.display_name', 'a.target_id'])
    .where('a.district_id', '=', districtId)
    .where('a.kind', '=', 'inspector_school')
    .orderBy('u.display_name')
    .execute();
  const byUser = new Map<string, { userId: string; name: string; schoolIds: string[] }>();
  for (const r of rows) {
    const e = byUser.get(r.user_id) ?? { userId: r.user_id, name: r.display_name, schoolIds: [] };
    e.schoolIds.push(r.target_id);
    byUser.set(r.user_id, e);
  }
  return [...byUser.values()];
}

/** Reports due (the semester fire self-check): submitted checks with a due date in [from, to]. */
export async function findReports(db: Q, districtId: string, from: string, to: string, schoolIds: readonly string[] | null) {
  if (schoolIds && schoolIds.length === 0) return [];
  let q = db
    .selectFrom('inspection')
    .select(['id', 'school_id', 'template_code', sql<string>`to_char(report_due, 'YYYY-MM-DD')`.as('due'), 'reported_at'])
    .where('district_id', '=', districtId)
    .where('status', '=', 'submitted')
    .where('report_due', 'is not', null)
    .where('inspected_on', '>=', from)
    .where('inspected_on', '<=', to);
  if (schoolIds) q = q.where('school_id', 'in', schoolIds);
  return q.execute();
}

/** The district's active departments as duty subjects (their own duties: seed 003's 卫生院、市场监管 …). */
export async function findDepartmentFacts(db: Q, districtId: string): Promise<SchoolFact[]> {
  const rows = await db
    .selectFrom('org_unit')
    .select(['id', 'name', 'code', 'parent_id', 'department_type'])
    .where('district_id', '=', districtId)
    .where('kind', '=', 'department')
    .where('is_active', '=', true)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    code: r.code,
    parentId: r.parent_id,
    schoolType: '',
    boarding: false,
    unitKind: 'department' as const,
    departmentType: r.department_type,
  }));
}

/** The district's active 教管中心/街道 as duty subjects (their own duties: the centre's 矛盾纠纷排查). */
export async function findCentreFacts(db: Q, districtId: string): Promise<SchoolFact[]> {
  const rows = await db
    .selectFrom('org_unit')
    .select(['id', 'name', 'code', 'parent_id'])
    .where('district_id', '=', districtId)
    .where('kind', 'in', ['centre', 'township'])
    .where('is_active', '=', true)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, code: r.code, parentId: r.parent_id, schoolType: '', boarding: false, unitKind: 'centre' as const }));
}

/** The org unit of each of these users (who carried a record out), for crediting departments. */
export async function findUserUnits(db: Q, districtId: string, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'org_unit_id']).where('district_id', '=', districtId).where('id', 'in', userIds).execute();
  return new Map(rows.map((r) => [r.id, r.org_unit_id]));
}
