import type { Insertable, Kysely } from 'kysely';
import type { Database, PublicReportTable } from '../db/schema.js';

type Q = Kysely<Database>;

/** The demo school, the district admin (who triaged the handled demo reports) and an open hazard of that school. */
export async function findDemoTargets(db: Q, districtId: string, schoolId: string) {
  const school = await db
    .selectFrom('org_unit')
    .select(['id', 'parent_id'])
    .where('district_id', '=', districtId)
    .where('id', '=', schoolId)
    .executeTakeFirstOrThrow();
  const admin = await db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('district_id', '=', districtId)
    .where('username', '=', 'admin')
    .executeTakeFirst();
  const open = await db
    .selectFrom('hazard')
    .select('id')
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('state', 'in', ['rectifying', 'assessed', 'reported'])
    .orderBy('found_at', 'desc')
    .executeTakeFirst();
  return { school, admin, open };
}

export async function insertDemoReport(db: Q, row: Insertable<PublicReportTable>) {
  await db.insertInto('public_report').values(row).execute();
}
