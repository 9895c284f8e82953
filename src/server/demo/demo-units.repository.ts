import type { Db } from '../db/database.js';

/** The demo's units by code (T01, C03, D-PS01 …) and its schools with their managers' names: the look-ups the later modules' demo loaders share. */
export async function findDemoUnits(db: Db, districtId: string) {
  const rows = await db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name', 'kind', 'parent_id'])
    .where('district_id', '=', districtId)
    .where('kind', 'in', ['township', 'centre', 'department'])
    .where('is_active', '=', true)
    .orderBy('code')
    .execute();
  return new Map(rows.map((r) => [r.code ?? r.id, r]));
}

export type DemoSchoolRow = Awaited<ReturnType<typeof findDemoSchoolRows>>[number];

export async function findDemoSchoolRows(db: Db, districtId: string) {
  return db
    .selectFrom('org_unit as o')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'o.district_id').onRef('s.id', '=', 'o.id'))
    .select(['o.id', 'o.code', 'o.name', 'o.parent_id', 's.school_type', 's.principal_name', 's.safety_officer_name', 's.boarding_students', 's.enrollment'])
    .where('o.district_id', '=', districtId)
    .where('o.kind', '=', 'school')
    .where('o.is_active', '=', true)
    .orderBy('o.code')
    .execute();
}

/** Open hazards of a school (oldest deadline first) and the district's cases: what a meeting's agenda or a bulletin cites. */
export async function findOpenHazards(db: Db, districtId: string, schoolIds: readonly string[] | null, limit: number) {
  let q = db
    .selectFrom('hazard')
    .select(['id', 'code', 'title', 'school_id', 'deadline', 'level'])
    .where('district_id', '=', districtId)
    .where('state', 'not in', ['closed', 'reported'])
    .where('deadline', 'is not', null);
  if (schoolIds) q = q.where('school_id', 'in', schoolIds.length ? schoolIds : ['00000000-0000-0000-0000-000000000000']);
  return q.orderBy('deadline').orderBy('code').limit(limit).execute();
}

export async function findCaseByTitle(db: Db, districtId: string, title: string) {
  return db.selectFrom('case_file').select(['id', 'code']).where('district_id', '=', districtId).where('title', '=', title).executeTakeFirst();
}

/** The schools that keep no duty roster yet (the demo's patrol load fills twenty): candidates for a roster of the demo's own making. */
export async function findSchoolsWithoutRoster(db: Db, districtId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('org_unit as o')
    .select('o.id')
    .where('o.district_id', '=', districtId)
    .where('o.kind', '=', 'school')
    .where('o.is_active', '=', true)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('duty_roster as r').select('r.school_id').whereRef('r.district_id', '=', 'o.district_id').whereRef('r.school_id', '=', 'o.id'))),
    )
    .orderBy('o.code')
    .execute();
  return rows.map((r) => r.id);
}
