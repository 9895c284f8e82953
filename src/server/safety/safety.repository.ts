import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database, SafetyPeriodTable } from '../db/schema.js';

type Q = Kysely<Database>;

const periodColumns = [
  'id',
  'title',
  'kind',
  'starts_on',
  'ends_on',
  'cutoff_time',
  'owner_unit_id',
  'school_types',
  'unit_ids',
  'note',
  'closed_at',
  'created_by_name',
  'created_at',
] as const;

/** Active schools of the district with their type and parent, among `ids` when given. */
export async function findSchools(db: Q, districtId: string, ids: readonly string[] | null) {
  if (ids && ids.length === 0) return [];
  let q = db
    .selectFrom('org_unit as u')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'u.district_id').onRef('s.id', '=', 'u.id'))
    .select(['u.id', 'u.name', 'u.code', 'u.parent_id', 's.school_type'])
    .where('u.district_id', '=', districtId)
    .where('u.kind', '=', 'school')
    .where('u.is_active', '=', true);
  if (ids) q = q.where('u.id', 'in', ids);
  return q.orderBy('u.code').execute();
}

export async function findUnits(db: Q, districtId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('org_unit').select(['id', 'kind', 'name']).where('district_id', '=', districtId).where('id', 'in', ids).execute();
}

export async function insertPeriod(db: Q, row: Insertable<SafetyPeriodTable>, schoolIds: readonly string[]): Promise<string> {
  const { id } = await db.insertInto('safety_period').values(row).returning('id').executeTakeFirstOrThrow();
  for (let i = 0; i < schoolIds.length; i += 1000) {
    await db
      .insertInto('safety_period_school')
      .values(schoolIds.slice(i, i + 1000).map((s) => ({ district_id: row.district_id, period_id: id, school_id: s })))
      .execute();
  }
  return id;
}

export async function findPeriod(db: Q, districtId: string, id: string) {
  return db.selectFrom('safety_period').select(periodColumns).where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}
export type PeriodRow = NonNullable<Awaited<ReturnType<typeof findPeriod>>>;

/** Periods with at least one of `schoolIds` in scope (all periods when null), newest first. */
export async function findPeriods(db: Q, districtId: string, schoolIds: readonly string[] | null, opts: { activeOn?: string }) {
  let q = db
    .selectFrom('safety_period as p')
    .select(periodColumns.map((c) => `p.${c}` as const))
    .where('p.district_id', '=', districtId);
  if (schoolIds) {
    if (schoolIds.length === 0) return [];
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('safety_period_school as ps')
          .select('ps.school_id')
          .whereRef('ps.district_id', '=', 'p.district_id')
          .whereRef('ps.period_id', '=', 'p.id')
          .where('ps.school_id', 'in', schoolIds),
      ),
    );
  }
  if (opts.activeOn) q = q.where('p.starts_on', '<=', opts.activeOn).where('p.ends_on', '>=', opts.activeOn).where('p.closed_at', 'is', null);
  return q.orderBy('p.starts_on', 'desc').orderBy('p.created_at', 'desc').limit(200).execute();
}

/** The schools of a period (among `visible` when given) with their names and township. */
export async function findPeriodSchools(db: Q, districtId: string, periodId: string, visible: readonly string[] | null) {
  if (visible && visible.length === 0) return [];
  let q = db
    .selectFrom('safety_period_school as ps')
    .innerJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'ps.district_id').onRef('u.id', '=', 'ps.school_id'))
    .leftJoin('org_unit as t', (j) => j.onRef('t.district_id', '=', 'u.district_id').onRef('t.id', '=', 'u.parent_id'))
    .select(['u.id', 'u.name', 'u.code', 'u.parent_id', 't.name as parent_name'])
    .where('ps.district_id', '=', districtId)
    .where('ps.period_id', '=', periodId);
  if (visible) q = q.where('ps.school_id', 'in', visible);
  return q.orderBy('u.code').execute();
}

export async function isPeriodSchool(db: Q, districtId: string, periodId: string, schoolId: string): Promise<boolean> {
  const r = await db
    .selectFrom('safety_period_school')
    .select('school_id')
    .where('district_id', '=', districtId)
    .where('period_id', '=', periodId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return Boolean(r);
}

const checkInColumns = [
  'c.school_id',
  'c.day',
  'c.status',
  'c.note',
  'c.case_id',
  'c.late',
  'c.reported_by_name',
  'c.reported_at',
  'k.code as case_code',
] as const;

/** Check-ins of a period (on one day when given), for the listed schools. */
export async function findCheckIns(db: Q, districtId: string, periodId: string, schoolIds: readonly string[] | null, day?: string) {
  if (schoolIds && schoolIds.length === 0) return [];
  let q = db
    .selectFrom('safety_check_in as c')
    .leftJoin('case_file as k', (j) => j.onRef('k.district_id', '=', 'c.district_id').onRef('k.id', '=', 'c.case_id'))
    .select(checkInColumns)
    .where('c.district_id', '=', districtId)
    .where('c.period_id', '=', periodId);
  if (schoolIds) q = q.where('c.school_id', 'in', schoolIds);
  if (day) q = q.where('c.day', '=', day);
  return q.orderBy('c.day').execute();
}
export type CheckInRow = Awaited<ReturnType<typeof findCheckIns>>[number];

/** Inserts the day's check-in; false when the school already reported that day. */
export async function insertCheckIn(db: Q, row: Insertable<Database['safety_check_in']>): Promise<boolean> {
  const r = await db
    .insertInto('safety_check_in')
    .values(row)
    .onConflict((oc) => oc.columns(['district_id', 'period_id', 'school_id', 'day']).doNothing())
    .returning('day')
    .executeTakeFirst();
  return Boolean(r);
}

export async function closePeriod(db: Q, districtId: string, id: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('safety_period')
    .set({ closed_at: at, updated_at: at })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open periods on `day` that include `schoolId` and where the school has not reported that day (the workbench to-do). */
export async function findUnreportedPeriods(db: Q, districtId: string, schoolId: string, day: string) {
  return db
    .selectFrom('safety_period as p')
    .innerJoin('safety_period_school as ps', (j) => j.onRef('ps.district_id', '=', 'p.district_id').onRef('ps.period_id', '=', 'p.id'))
    .select(['p.id', 'p.title', 'p.cutoff_time'])
    .where('p.district_id', '=', districtId)
    .where('ps.school_id', '=', schoolId)
    .where('p.starts_on', '<=', day)
    .where('p.ends_on', '>=', day)
    .where('p.closed_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('safety_check_in as c')
            .select('c.day')
            .whereRef('c.district_id', '=', 'p.district_id')
            .whereRef('c.period_id', '=', 'p.id')
            .where('c.school_id', '=', schoolId)
            .where('c.day', '=', sql<string>`${day}::date`),
        ),
      ),
    )
    .orderBy('p.cutoff_time')
    .execute();
}
