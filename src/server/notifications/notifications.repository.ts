import { type Insertable, type Kysely, sql } from 'kysely';
import { hazardStates } from '../../domain/hazard.js';
import type { Database, NotificationTable } from '../db/schema.js';
import { enqueueOutbound } from '../outbound/outbound.enqueue.js';

type Q = Kysely<Database>;

export type NotificationInsert = Insertable<NotificationTable>;

// 500 rows × 8 columns stays far below PostgreSQL's 65,535 bind parameters per statement.
const INSERT_CHUNK = 500;

/**
 * Inserts notifications and returns how many are new. A row with a dedupe key that this user
 * already has for this kind is skipped (the partial unique index `notification_dedupe_uq`).
 */
export async function insertNotifications(db: Q, rows: readonly NotificationInsert[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const r = await db
      .insertInto('notification')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['district_id', 'user_id', 'kind', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
      .returning(['district_id', 'id', 'user_id', 'kind', 'title', 'body', 'entity_type', 'entity_id'])
      .execute();
    // The outbox rows of the channels forwarding these kinds, in the same transaction.
    for (const districtId of new Set(r.map((x) => x.district_id))) {
      await enqueueOutbound(
        db,
        districtId,
        r.filter((x) => x.district_id === districtId),
      );
    }
    inserted += r.length;
  }
  return inserted;
}

/** Active users homed in the given units, with their role and the unit's kind. */
export async function findActiveUnitUsers(db: Q, districtId: string, unitIds: readonly string[]) {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('app_user as a')
    .innerJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'a.district_id').onRef('u.id', '=', 'a.org_unit_id'))
    .select(['a.id as user_id', 'a.role', 'a.org_unit_id as unit_id', 'u.kind as unit_kind'])
    .where('a.district_id', '=', districtId)
    .where('a.org_unit_id', 'in', unitIds)
    .where('a.is_active', '=', true)
    .orderBy('a.username')
    .execute();
}

export async function findActiveUserIdsByRole(db: Q, districtId: string, role: string): Promise<string[]> {
  const rows = await db
    .selectFrom('app_user')
    .select('id')
    .where('district_id', '=', districtId)
    .where('role', '=', role)
    .where('is_active', '=', true)
    .orderBy('username')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The supervising users of each school, in one query: centre officers homed in a unit above
 * the school, leaders assigned (包片) to such a unit, and inspectors assigned (包校) to the school.
 */
export async function findSchoolSupervisors(db: Q, districtId: string, schoolIds: readonly string[]) {
  if (schoolIds.length === 0) return [];
  const ids = sql.join(schoolIds);
  const r = await sql<{ school_id: string; user_id: string }>`
    with recursive above (school_id, unit_id) as (
      select id, parent_id from org_unit where district_id = ${districtId} and id in (${ids}) and parent_id is not null
      union
      select above.school_id, u.parent_id from above
      join org_unit u on u.district_id = ${districtId} and u.id = above.unit_id
      where u.parent_id is not null
    )
    select above.school_id, a.id as user_id from above
    join app_user a on a.district_id = ${districtId} and a.org_unit_id = above.unit_id
    where a.role = 'centre_officer' and a.is_active
    union
    select above.school_id, a.id from above
    join assignment s on s.district_id = ${districtId} and s.kind = 'leader_area' and s.target_id = above.unit_id
    join app_user a on a.district_id = ${districtId} and a.id = s.subject_id
    where a.role = 'commission_leader' and a.is_active
    union
    select s.target_id, a.id from assignment s
    join app_user a on a.district_id = ${districtId} and a.id = s.subject_id
    where s.district_id = ${districtId} and s.kind = 'inspector_school' and s.target_id in (${ids})
      and a.role = 'responsible_inspector' and a.is_active`.execute(db);
  return r.rows;
}

export async function findDistrictIds(db: Q): Promise<string[]> {
  const rows = await db.selectFrom('org_unit').select('id').where('kind', '=', 'district').where('parent_id', 'is', null).orderBy('code').execute();
  return rows.map((r) => r.id);
}

const openStates = hazardStates.filter((s) => s !== 'closed');

/**
 * Open hazards whose deadline is on or before `lastDay`: overdue ones and those due soon.
 * `district_id = … and state in (…) and deadline <= …` is a range scan of `hazard_state_deadline_ix`,
 * so closed hazards (the bulk of a ledger) are never read.
 */
export async function findDeadlineCandidates(db: Q, districtId: string, lastDay: string) {
  const rows = await db
    .selectFrom('hazard')
    .select(['id', 'code', 'title', 'state', 'school_id', 'responsible_unit_id', 'level', 'deadline', 'supervision_listed'])
    .where('district_id', '=', districtId)
    .where('state', 'in', openStates)
    .where('deadline', '<=', lastDay)
    .orderBy('deadline')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, deadline: r.deadline as string }));
}

export type DeadlineCandidate = Awaited<ReturnType<typeof findDeadlineCandidates>>[number];

const inboxColumns = ['id', 'kind', 'title', 'body', 'entity_type', 'entity_id', 'created_at', 'read_at'] as const;

function inbox(db: Q, districtId: string, userId: string) {
  return db.selectFrom('notification').where('district_id', '=', districtId).where('user_id', '=', userId);
}

export async function findInbox(db: Q, districtId: string, userId: string, page: { unreadOnly: boolean; offset: number; limit: number }) {
  const listed = page.unreadOnly ? inbox(db, districtId, userId).where('read_at', 'is', null) : inbox(db, districtId, userId);
  const [rows, counts] = await Promise.all([
    listed.select(inboxColumns).orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute(),
    inbox(db, districtId, userId)
      .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('id').filterWhere('read_at', 'is', null).as('unread')])
      .executeTakeFirstOrThrow(),
  ]);
  const unread = Number(counts.unread);
  // `total` counts what is listed (for paging); `unread` is the badge, whatever the filter.
  return { rows, total: page.unreadOnly ? unread : Number(counts.total), unread };
}

export type InboxRecord = Awaited<ReturnType<typeof findInbox>>['rows'][number];

/** Marks one of the user's notifications read; keeps the first read time. Undefined when not the user's. */
export async function markRead(db: Q, districtId: string, userId: string, id: string): Promise<InboxRecord | undefined> {
  return db
    .updateTable('notification')
    .set({ read_at: sql<Date>`coalesce(read_at, now())` })
    .where('district_id', '=', districtId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returning(inboxColumns)
    .executeTakeFirst();
}

export async function markAllRead(db: Q, districtId: string, userId: string): Promise<number> {
  const r = await db
    .updateTable('notification')
    .set({ read_at: new Date() })
    .where('district_id', '=', districtId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
