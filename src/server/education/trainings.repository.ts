import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database, StaffTrainingTable } from '../db/schema.js';

type Q = Kysely<Database>;

const base = (db: Q, districtId: string) =>
  db
    .selectFrom('staff_training as t')
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 't.district_id').onRef('s.id', '=', 't.school_id'))
    .where('t.district_id', '=', districtId);

const selectRow = (q: ReturnType<typeof base>) =>
  q.select([
    't.id',
    't.client_id',
    't.school_id',
    's.name as school_name',
    sql<string>`to_char(t.trained_on, 'YYYY-MM-DD')`.as('trained_on'),
    't.kind',
    't.title',
    't.trainer',
    't.trainer_body',
    't.trainer_unit_id',
    sql<string | null>`(select u.name from org_unit u where u.district_id = t.district_id and u.id = t.trainer_unit_id)`.as('trainer_unit_name'),
    't.hours',
    't.attendee_ids',
    't.attendee_count',
    't.staff_base',
    't.note',
    't.created_by',
    't.created_by_name',
    't.created_at',
  ]);

export type TrainingRecord = NonNullable<Awaited<ReturnType<typeof findTrainingById>>>;

export async function findTrainingById(db: Q, districtId: string, id: string) {
  return selectRow(base(db, districtId)).where('t.id', '=', id).executeTakeFirst();
}

export async function findTrainingByClientId(db: Q, districtId: string, clientId: string) {
  return selectRow(base(db, districtId)).where('t.client_id', '=', clientId).executeTakeFirst();
}

export type TrainingFilter = {
  districtId: string;
  schoolIds: string[] | null;
  schoolId?: string | undefined;
  kind?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

function applyFilter<T extends ReturnType<typeof base>>(q: T, f: TrainingFilter): T {
  let r = q;
  if (f.schoolIds) r = (f.schoolIds.length ? r.where('t.school_id', 'in', f.schoolIds) : r.where(sql<boolean>`false`)) as T;
  if (f.schoolId) r = r.where('t.school_id', '=', f.schoolId) as T;
  if (f.kind) r = r.where('t.kind', '=', f.kind) as T;
  if (f.from) r = r.where('t.trained_on', '>=', f.from) as T;
  if (f.to) r = r.where('t.trained_on', '<=', f.to) as T;
  return r;
}

export async function findTrainings(db: Q, f: TrainingFilter, page: { offset: number; limit: number }) {
  return selectRow(applyFilter(base(db, f.districtId), f))
    .orderBy('t.trained_on', 'desc')
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countTrainings(db: Q, f: TrainingFilter) {
  const row = await applyFilter(base(db, f.districtId), f)
    .select([sql<number>`count(*)::int`.as('total'), sql<number>`coalesce(sum(t.attendee_count), 0)::int`.as('attendees')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), attendees: Number(row.attendees) };
}

/** Trainings of one school by kind in a period (the school file's panel). */
export async function countTrainingsByKind(db: Q, districtId: string, schoolId: string, from: string, to: string) {
  const rows = await db
    .selectFrom('staff_training')
    .select(['kind', sql<number>`count(*)::int`.as('trainings'), sql<number>`sum(attendee_count)::int`.as('attendees')])
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('trained_on', '>=', from)
    .where('trained_on', '<=', to)
    .groupBy('kind')
    .orderBy('kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind, trainings: Number(r.trainings), attendees: Number(r.attendees) }));
}

export async function insertTraining(db: Q, row: Insertable<StaffTrainingTable>): Promise<string> {
  const r = await db.insertInto('staff_training').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** As insertTraining, but nothing is inserted (null) when the clientId is already recorded. */
export async function insertTrainingOnce(db: Q, row: Insertable<StaffTrainingTable>): Promise<string | null> {
  const r = await db
    .insertInto('staff_training')
    .values(row)
    .onConflict((oc) => oc.columns(['district_id', 'client_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function insertTrainings(db: Q, rows: Insertable<StaffTrainingTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('staff_training')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** The school's staff count now: the base a training's share of staff is taken of. */
export async function findStaffCount(db: Q, districtId: string, schoolId: string): Promise<number> {
  const r = await db.selectFrom('school').select('staff_count').where('district_id', '=', districtId).where('id', '=', schoolId).executeTakeFirst();
  return r ? Number(r.staff_count) : 0;
}

/** The school's active accounts, to pick attendees from. */
export async function findSchoolStaff(db: Q, districtId: string, schoolId: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('district_id', '=', districtId)
    .where('org_unit_id', '=', schoolId)
    .where('is_active', '=', true)
    .orderBy('display_name')
    .execute();
}

export async function findUserNames(db: Q, districtId: string, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { name: string; unitId: string }>();
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'org_unit_id'])
    .where('district_id', '=', districtId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.display_name, unitId: r.org_unit_id }]));
}
