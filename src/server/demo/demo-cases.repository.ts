import type { Db } from '../db/database.js';

/** The demo cases' look-ups: a demo account by name, and a second school (the last by code). */
export const findDemoUser = (db: Db, districtId: string, username: string) =>
  db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'role', 'org_unit_id'])
    .where('district_id', '=', districtId)
    .where('username', '=', username)
    .executeTakeFirstOrThrow();

export const findLastSchoolBesides = (db: Db, districtId: string, schoolId: string) =>
  db
    .selectFrom('org_unit')
    .select('id')
    .where('district_id', '=', districtId)
    .where('kind', '=', 'school')
    .where('id', '<>', schoolId)
    .orderBy('code', 'desc')
    .executeTakeFirstOrThrow();
