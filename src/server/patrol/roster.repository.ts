import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { DutyRosterTable } from '../db/schema.js';

/** Duty rosters (值班表): one row per school and day with a leader or night duty filled in. */
export type RosterRecord = Omit<Selectable<DutyRosterTable>, 'day'> & { day: string };

const columns = [
  'district_id',
  'id',
  'school_id',
  sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
  'leader_name',
  'leader_user_id',
  'night_duty_name',
  'night_duty_user_id',
  'phone',
  'note',
  'updated_by',
  'updated_by_name',
  'updated_at',
] as const;

export async function findRoster(db: Db, districtId: string, schoolId: string, from: string, to: string): Promise<RosterRecord[]> {
  return db
    .selectFrom('duty_roster')
    .select(columns)
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

export async function upsertRosterDays(trx: Db, rows: readonly Insertable<DutyRosterTable>[]) {
  if (!rows.length) return;
  await trx
    .insertInto('duty_roster')
    .values(rows)
    .onConflict((oc) =>
      oc.constraint('duty_roster_day_uq').doUpdateSet((eb) => ({
        leader_name: eb.ref('excluded.leader_name'),
        leader_user_id: eb.ref('excluded.leader_user_id'),
        night_duty_name: eb.ref('excluded.night_duty_name'),
        night_duty_user_id: eb.ref('excluded.night_duty_user_id'),
        phone: eb.ref('excluded.phone'),
        note: eb.ref('excluded.note'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_by_name: eb.ref('excluded.updated_by_name'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export async function deleteRosterDays(trx: Db, districtId: string, schoolId: string, days: readonly string[]) {
  if (!days.length) return 0;
  const r = await trx
    .deleteFrom('duty_roster')
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('day', 'in', days)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Roster days as duty facts: one per filled day and duty type. */
export async function findRosterFacts(db: Db, q: { districtId: string; from: string; to: string; subjectIds: readonly string[] | null }) {
  let query = db
    .selectFrom('duty_roster')
    .select(['id', 'school_id', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'leader_name', 'leader_user_id', 'night_duty_name', 'night_duty_user_id'])
    .where('district_id', '=', q.districtId)
    .where('day', '>=', q.from)
    .where('day', '<=', q.to);
  if (q.subjectIds) query = query.where('school_id', 'in', q.subjectIds);
  return query.execute();
}

/**
 * Roster days as the duty engine's fact relation (server/duty/duty-tally.repository.ts): a row for
 * a day with a leader on duty ('day_leader') and one for a day with night duty ('night_duty'), as
 * the roster source's facts; only the wanted types.
 */
export function rosterFactRelation(q: { districtId: string; from: string; to: string; subjectIds: readonly string[] | null }, types: readonly string[]) {
  const schools = q.subjectIds ? sql`and r.school_id in (${sql.join(q.subjectIds)})` : sql``;
  return sql`
    select r.school_id as subject_id, r.school_id, r.day, t.type, null::text as level, null::numeric as hours, null::text as audience,
      null::text as occasion, null::int as participants, null::int as base
    from duty_roster r
    cross join lateral (values ('day_leader', r.leader_name), ('night_duty', r.night_duty_name)) as t(type, name)
    where r.district_id = ${q.districtId} and r.day >= ${q.from} and r.day <= ${q.to} ${schools}
      and coalesce(t.name, '') <> '' and t.type in (${sql.join(types)})`;
}

export async function findRosterOwner(db: Db, districtId: string, id: string) {
  return db
    .selectFrom('duty_roster as r')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'r.district_id').onRef('o.id', '=', 'r.school_id'))
    .select(['r.school_id', 'o.name', sql<string>`to_char(r.day, 'YYYY-MM-DD')`.as('day')])
    .where('r.district_id', '=', districtId)
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** Users of a school (for the leader picker and to check a named user belongs to the school). */
export async function findSchoolUsers(db: Db, districtId: string, schoolId: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'role'])
    .where('district_id', '=', districtId)
    .where('org_unit_id', '=', schoolId)
    .where('is_active', '=', true)
    .orderBy('display_name')
    .execute();
}

/** Bulk insert for the demo loader. */
export async function insertDemoRoster(trx: Db, rows: readonly Insertable<DutyRosterTable>[]) {
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto('duty_roster')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.doNothing())
      .execute();
}
