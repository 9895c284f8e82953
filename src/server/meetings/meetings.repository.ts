import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import type { MeetingKind, TaskState } from '../../domain/meeting.js';
import type { Database, MeetingTable, MeetingTaskTable } from '../db/schema.js';

type Q = Kysely<Database>;

export type MeetingFilter = {
  districtId: string;
  /** null: every meeting; else meetings hosted by or attended by this unit. */
  unitId: string | null;
  /** The tasks the list counts: null, every task of the meeting; else only those owned by these units. */
  taskOwnerUnitIds: readonly string[] | null;
  kind?: MeetingKind | undefined;
  from?: string | undefined;
  to?: string | undefined;
  today: string;
};

function meetings(db: Q, f: MeetingFilter) {
  let q = db
    .selectFrom('meeting as m')
    .innerJoin('org_unit as h', (j) => j.onRef('h.district_id', '=', 'm.district_id').onRef('h.id', '=', 'm.host_unit_id'))
    .where('m.district_id', '=', f.districtId);
  if (f.unitId) {
    const unit = f.unitId;
    q = q.where((eb) => eb.or([eb('m.host_unit_id', '=', unit), sql<boolean>`m.participant_unit_ids @> ${JSON.stringify([unit])}::jsonb`]));
  }
  if (f.kind) q = q.where('m.kind', '=', f.kind);
  if (f.from) q = q.where('m.held_on', '>=', f.from);
  if (f.to) q = q.where('m.held_on', '<=', f.to);
  return q;
}

const meetingColumns = [
  'm.id',
  'm.kind',
  'm.title',
  'm.held_on',
  'm.place',
  'm.host_unit_id',
  'h.name as host_unit_name',
  'm.chair',
  'm.participant_unit_ids',
  'm.other_participants',
  'm.agenda',
  'm.decisions',
  'm.created_by',
  'm.created_by_name',
  'm.created_at',
  'm.updated_at',
  'm.version',
] as const;

export async function findMeetings(db: Q, f: MeetingFilter, page: { offset: number; limit: number }) {
  const owners = f.taskOwnerUnitIds;
  const seen = owners === null ? sql`` : owners.length ? sql` and t.owner_unit_id in (${sql.join(owners)})` : sql` and false`;
  const count = (where: RawBuilder<unknown>) =>
    sql<number>`(select count(*) from meeting_task t where t.district_id = m.district_id and t.meeting_id = m.id${seen}${where})`;
  return meetings(db, f)
    .select(meetingColumns)
    .select([
      count(sql``).as('task_count'),
      count(sql` and t.state <> 'closed'`).as('open_count'),
      count(sql` and t.state <> 'closed' and t.deadline < ${f.today}`).as('overdue_count'),
    ])
    .orderBy('m.held_on', 'desc')
    .orderBy('m.created_at', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}
export type MeetingListRecord = Awaited<ReturnType<typeof findMeetings>>[number];

export async function countMeetings(db: Q, f: MeetingFilter): Promise<number> {
  const r = await meetings(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findMeetingById(db: Q, districtId: string, id: string) {
  return db
    .selectFrom('meeting as m')
    .innerJoin('org_unit as h', (j) => j.onRef('h.district_id', '=', 'm.district_id').onRef('h.id', '=', 'm.host_unit_id'))
    .select(meetingColumns)
    .where('m.district_id', '=', districtId)
    .where('m.id', '=', id)
    .executeTakeFirst();
}
export type MeetingRecord = NonNullable<Awaited<ReturnType<typeof findMeetingById>>>;

export async function insertMeeting(db: Q, row: Insertable<MeetingTable>) {
  return db.insertInto('meeting').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function updateMeetingIfVersion(
  db: Q,
  districtId: string,
  id: string,
  version: number,
  patch: Partial<
    Pick<Insertable<MeetingTable>, 'kind' | 'title' | 'held_on' | 'place' | 'chair' | 'participant_unit_ids' | 'other_participants' | 'agenda' | 'decisions'>
  >,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('meeting')
    .set({ ...patch, updated_at: now, version: version + 1 })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type TaskFilter = {
  districtId: string;
  /** Tasks of meetings the actor sees in full (null: all, [] none), or whose owner unit is in `ownerUnitIds`. */
  meetingUnitId: string | null | false;
  ownerUnitIds: readonly string[] | null;
  meetingId?: string | undefined;
  ownerUnitId?: string | undefined;
  state?: TaskState | undefined;
  /** true: open (not closed); with `overdue`, past the deadline too. */
  open?: boolean | undefined;
  overdue?: boolean | undefined;
  today: string;
};

function tasks(db: Q, f: TaskFilter) {
  let q = db
    .selectFrom('meeting_task as t')
    .innerJoin('meeting as m', (j) => j.onRef('m.district_id', '=', 't.district_id').onRef('m.id', '=', 't.meeting_id'))
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 't.district_id').onRef('o.id', '=', 't.owner_unit_id'))
    .where('t.district_id', '=', f.districtId);
  if (f.meetingUnitId !== null) {
    const { meetingUnitId, ownerUnitIds } = f;
    q = q.where((eb) =>
      eb.or([
        ...(ownerUnitIds === null ? [sql<boolean>`true`] : ownerUnitIds.length ? [eb('t.owner_unit_id', 'in', ownerUnitIds)] : []),
        ...(meetingUnitId
          ? [eb('m.host_unit_id', '=', meetingUnitId), sql<boolean>`m.participant_unit_ids @> ${JSON.stringify([meetingUnitId])}::jsonb`]
          : [sql<boolean>`false`]),
      ]),
    );
  }
  if (f.meetingId) q = q.where('t.meeting_id', '=', f.meetingId);
  if (f.ownerUnitId) q = q.where('t.owner_unit_id', '=', f.ownerUnitId);
  if (f.state) q = q.where('t.state', '=', f.state);
  if (f.open || f.overdue) q = q.where('t.state', '<>', 'closed');
  if (f.overdue) q = q.where('t.deadline', '<', f.today);
  return q;
}

const taskColumns = [
  't.id',
  't.meeting_id',
  'm.title as meeting_title',
  'm.kind as meeting_kind',
  'm.held_on',
  'm.host_unit_id',
  'm.participant_unit_ids',
  't.no',
  't.title',
  't.detail',
  't.owner_unit_id',
  'o.name as owner_unit_name',
  't.deadline',
  't.state',
  't.evidence',
  't.submitted_at',
  't.closed_at',
  't.created_at',
  't.version',
] as const;

export async function findTasks(db: Q, f: TaskFilter, page: { offset: number; limit: number }) {
  return tasks(db, f).select(taskColumns).orderBy('t.deadline').orderBy('m.held_on', 'desc').orderBy('t.no').offset(page.offset).limit(page.limit).execute();
}
export type TaskRecord = Awaited<ReturnType<typeof findTasks>>[number];

export async function countTasks(db: Q, f: TaskFilter) {
  const r = await tasks(db, { ...f, state: undefined, open: undefined, overdue: undefined })
    .select([
      (eb) => eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) filter (where t.state = 'open')`.as('open'),
      sql<number>`count(*) filter (where t.state = 'submitted')`.as('submitted'),
      sql<number>`count(*) filter (where t.state = 'closed')`.as('closed'),
      sql<number>`count(*) filter (where t.state <> 'closed' and t.deadline < ${f.today})`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(r.total), open: Number(r.open), submitted: Number(r.submitted), closed: Number(r.closed), overdue: Number(r.overdue) };
}

export async function countMatchingTasks(db: Q, f: TaskFilter): Promise<number> {
  const r = await tasks(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findTaskById(db: Q, districtId: string, id: string): Promise<TaskRecord | undefined> {
  return tasks(db, { districtId, meetingUnitId: null, ownerUnitIds: null, today: '' }).select(taskColumns).where('t.id', '=', id).executeTakeFirst();
}

export async function findTasksOfMeeting(db: Q, districtId: string, meetingId: string) {
  return tasks(db, { districtId, meetingUnitId: null, ownerUnitIds: null, meetingId, today: '' }).select(taskColumns).orderBy('t.no').execute();
}

export async function maxTaskNo(db: Q, districtId: string, meetingId: string): Promise<number> {
  const r = await db
    .selectFrom('meeting_task')
    .select((eb) => eb.fn.max('no').as('n'))
    .where('district_id', '=', districtId)
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function insertTasks(db: Q, rows: Insertable<MeetingTaskTable>[]) {
  if (!rows.length) return [];
  return db.insertInto('meeting_task').values(rows).returning(['id', 'owner_unit_id', 'title', 'deadline']).execute();
}

export async function updateTaskIfVersion(
  db: Q,
  districtId: string,
  id: string,
  version: number,
  patch: { state: TaskState; evidence?: string; submitted_at?: Date | null; closed_at?: Date | null },
): Promise<boolean> {
  const r = await db
    .updateTable('meeting_task')
    .set({ ...patch, version: version + 1 })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertTaskEvent(
  db: Q,
  row: {
    district_id: string;
    task_id: string;
    action: string;
    from_state: string;
    to_state: string;
    note: string;
    actor_id: string;
    actor_name: string;
    at: Date;
  },
) {
  await db.insertInto('meeting_task_event').values(row).execute();
}

export async function findTaskEvents(db: Q, districtId: string, taskId: string) {
  return db
    .selectFrom('meeting_task_event')
    .select(['id', 'action', 'from_state', 'to_state', 'note', 'actor_name', 'at'])
    .where('district_id', '=', districtId)
    .where('task_id', '=', taskId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function findUnits(db: Q, districtId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  return db.selectFrom('org_unit').select(['id', 'name', 'kind']).where('district_id', '=', districtId).where('id', 'in', ids).execute();
}
