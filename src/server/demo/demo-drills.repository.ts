import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DrillHeader, ProblemRow } from '../drills/drills.repository.js';

type Q = Kysely<Database>;

export type DemoDrill = DrillHeader & {
  district_id: string;
  client_id: string;
  code: string;
  school_id: string;
  created_by: string;
  created_by_name: string;
  problems: Omit<ProblemRow, 'no' | 'hazard_id'>[];
};

/** The demo's schools with the base a drill's participation is a share of. */
export async function findDemoSchoolBases(db: Q, districtId: string) {
  return db
    .selectFrom('org_unit as o')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'o.district_id').onRef('s.id', '=', 'o.id'))
    .select(['o.id', 'o.name', 's.school_type', 's.enrollment', 's.staff_count'])
    .where('o.district_id', '=', districtId)
    .where('o.kind', '=', 'school')
    .where('o.is_active', '=', true)
    .orderBy('o.code')
    .execute();
}

/** Bulk insert for the demo load only: submitted drills and their problems, a few hundred rows a statement. */
export async function insertDemoDrills(db: Q, drills: DemoDrill[]) {
  for (let i = 0; i < drills.length; i += 300) {
    const chunk = drills.slice(i, i + 300);
    const ids = await db
      .insertInto('drill')
      .values(
        chunk.map(({ problems: _p, ...d }) => ({
          ...d,
          guidance: JSON.stringify(d.guidance),
          buildings: JSON.stringify(d.buildings),
          status: 'submitted' as const,
          submitted_at: d.started_at,
          created_at: d.started_at,
          updated_at: d.started_at,
        })),
      )
      .returning('id')
      .execute();
    const problems = chunk.flatMap((d, k) =>
      d.problems.map((p, n) => ({ ...p, no: n + 1, district_id: d.district_id, drill_id: ids[k]?.id as string, hazard_id: null })),
    );
    if (problems.length) await db.insertInto('drill_problem').values(problems).execute();
  }
}
