import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

export async function insertPlan(
  db: Q,
  p: { district_id: string; planned_on: string; level: string; title: string; note: string; member_unit_ids: string[]; created_by: string },
  schoolIds: readonly string[],
): Promise<string> {
  const { id } = await db.insertInto('inspection_plan').values(p).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('inspection_plan_school')
    .values(schoolIds.map((school_id) => ({ district_id: p.district_id, plan_id: id, school_id })))
    .execute();
  return id;
}

export type PlanRow = Awaited<ReturnType<typeof findPlans>>[number];

/** Plans in [from, to] that touch at least one of the schools (all when null). */
export async function findPlans(db: Q, districtId: string, from: string, to: string, schoolIds: readonly string[] | null) {
  let q = db
    .selectFrom('inspection_plan as p')
    .innerJoin('app_user as u', (j) => j.onRef('u.district_id', '=', 'p.district_id').onRef('u.id', '=', 'p.created_by'))
    .select([
      'p.id',
      sql<string>`to_char(p.planned_on, 'YYYY-MM-DD')`.as('planned_on'),
      'p.level',
      'p.title',
      'p.note',
      'p.member_unit_ids',
      'p.cancelled_at',
      'p.created_at',
      'u.display_name as created_by_name',
    ])
    .where('p.district_id', '=', districtId)
    .where('p.planned_on', '>=', from)
    .where('p.planned_on', '<=', to);
  if (schoolIds) {
    if (schoolIds.length === 0) return [];
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('inspection_plan_school as ps')
          .select('ps.plan_id')
          .whereRef('ps.district_id', '=', 'p.district_id')
          .whereRef('ps.plan_id', '=', 'p.id')
          .where('ps.school_id', 'in', schoolIds),
      ),
    );
  }
  return q.orderBy('p.planned_on').orderBy('p.created_at').execute();
}

export async function findPlan(db: Q, districtId: string, id: string) {
  return db
    .selectFrom('inspection_plan')
    .select(['id', 'level', 'planned_on', 'title', 'cancelled_at'])
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Each planned school with the inspection that carried it out: one made under the plan, or one
 * at the same level at that school on the planned day.
 */
export async function findPlanSchools(db: Q, districtId: string, planIds: readonly string[]) {
  if (planIds.length === 0) return [];
  return db
    .selectFrom('inspection_plan_school as ps')
    .innerJoin('inspection_plan as p', (j) => j.onRef('p.district_id', '=', 'ps.district_id').onRef('p.id', '=', 'ps.plan_id'))
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'ps.district_id').onRef('s.id', '=', 'ps.school_id'))
    .leftJoin('inspection as i', (j) =>
      j
        .onRef('i.district_id', '=', 'ps.district_id')
        .onRef('i.school_id', '=', 'ps.school_id')
        .on('i.status', '=', 'submitted')
        .on((eb) =>
          eb.or([eb('i.plan_id', '=', eb.ref('p.id')), eb.and([eb('i.level', '=', eb.ref('p.level')), eb('i.inspected_on', '=', eb.ref('p.planned_on'))])]),
        ),
    )
    .select(['ps.plan_id', 'ps.school_id', 's.name as school_name', 's.code as school_code', 'i.id as inspection_id', 'i.code as inspection_code'])
    .where('ps.district_id', '=', districtId)
    .where('ps.plan_id', 'in', planIds)
    .orderBy('s.code')
    .execute();
}

export async function planHasSchool(db: Q, districtId: string, planId: string, schoolId: string): Promise<boolean> {
  const r = await db
    .selectFrom('inspection_plan_school')
    .select('plan_id')
    .where('district_id', '=', districtId)
    .where('plan_id', '=', planId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return r !== undefined;
}

export async function cancelPlan(db: Q, districtId: string, id: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('inspection_plan')
    .set({ cancelled_at: at })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findUnitsOfKinds(db: Q, districtId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('org_unit').select(['id', 'kind', 'name']).where('district_id', '=', districtId).where('id', 'in', ids).execute();
}
