import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, type ErrorDetail, forbidden, notFound } from '../../domain/errors.js';
import { type AgendaRefType, type MeetingKind, meetingKindLabels } from '../../domain/meeting.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import { unitManagerIds } from '../bulletins/unit-party.js';
import { loadVisibleCase } from '../cases/cases.service.js';
import type { Db } from '../db/database.js';
import { loadVisibleHazard } from '../hazards/hazards.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { canRecordMeetings, canSeeMeeting, canSeeTask, isOrganiser, seesAllMeetings, taskOwnersInVisibleMeeting } from './meeting-scope.js';
import { taskEvent, toTaskDto } from './meeting-tasks.service.js';
import * as repo from './meetings.repository.js';

export type AgendaItemInput = { title: string; refType?: AgendaRefType | undefined; refId?: string | undefined; note: string };
export type TaskInput = { title: string; detail: string; ownerUnitId: string; deadline: string };
export type SaveMeetingInput = {
  kind: MeetingKind;
  title: string;
  heldOn: string;
  place: string;
  chair: string;
  participantUnitIds: string[];
  otherParticipants: string;
  agenda: AgendaItemInput[];
  decisions: string;
  tasks: TaskInput[];
};

/** Stored agenda item: what it pointed at, with a label as it read when the meeting was recorded. */
type AgendaItem = { title: string; refType: AgendaRefType | null; refId: string | null; refLabel: string; note: string };

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function toMeetingDto(m: repo.MeetingRecord, names: Map<string, string>) {
  return {
    id: m.id,
    kind: m.kind,
    kindLabel: meetingKindLabels[m.kind],
    title: m.title,
    heldOn: m.held_on,
    place: m.place,
    hostUnitId: m.host_unit_id,
    hostUnitName: m.host_unit_name,
    chair: m.chair,
    participants: ids(m.participant_unit_ids).map((id) => ({ id, name: names.get(id) ?? '' })),
    otherParticipants: m.other_participants,
    agenda: (Array.isArray(m.agenda) ? m.agenda : []) as AgendaItem[],
    decisions: m.decisions,
    createdByName: m.created_by_name,
    updatedAt: m.updated_at.toISOString(),
    version: m.version,
  };
}

export async function listMeetings(
  db: Db,
  actor: Actor,
  input: { kind?: MeetingKind | undefined; from?: string | undefined; to?: string | undefined; page: number; pageSize: number },
  now = new Date(),
) {
  const today = shanghaiDay(now);
  const f: repo.MeetingFilter = {
    districtId: actor.districtId,
    unitId: seesAllMeetings(actor) ? null : actor.orgUnitId,
    // The counts are of the tasks the actor reads in the minutes (a school: its own), not the whole meeting's.
    taskOwnerUnitIds: taskOwnersInVisibleMeeting(actor),
    kind: input.kind,
    from: input.from,
    to: input.to,
    today,
  };
  const [rows, total] = await Promise.all([
    repo.findMeetings(db, f, { offset: (input.page - 1) * input.pageSize, limit: input.pageSize }),
    repo.countMeetings(db, f),
  ]);
  const items = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    kindLabel: meetingKindLabels[r.kind],
    title: r.title,
    heldOn: r.held_on,
    place: r.place,
    hostUnitName: r.host_unit_name,
    taskCount: Number(r.task_count),
    openTaskCount: Number(r.open_count),
    overdueTaskCount: Number(r.overdue_count),
  }));
  return { items, total, page: input.page, pageSize: input.pageSize, canRecord: canRecordMeetings(actor) };
}

export async function loadVisibleMeeting(db: Db, actor: Actor, id: string) {
  const m = await repo.findMeetingById(db, actor.districtId, id);
  if (!m || !canSeeMeeting(actor, m)) throw notFound('会议');
  return m;
}

export async function getMeeting(db: Db, actor: Actor, id: string, now = new Date()) {
  const m = await loadVisibleMeeting(db, actor, id);
  const today = shanghaiDay(now);
  const [units, tasks] = await Promise.all([
    repo.findUnits(db, actor.districtId, ids(m.participant_unit_ids)),
    repo.findTasksOfMeeting(db, actor.districtId, id),
  ]);
  return {
    meeting: toMeetingDto(m, new Map(units.map((u) => [u.id, u.name]))),
    tasks: tasks.filter((t) => canSeeTask(actor, t)).map((t) => toTaskDto(t, today)),
    canEdit: isOrganiser(actor, m),
  };
}

/** Participant and owner units: each a unit of this district, every problem reported at once. */
async function checkUnits(db: Db, actor: Actor, input: Pick<SaveMeetingInput, 'participantUnitIds' | 'tasks'>, details: ErrorDetail[]) {
  const wanted = [...new Set([...input.participantUnitIds, ...input.tasks.map((t) => t.ownerUnitId)])];
  const found = new Map((await repo.findUnits(db, actor.districtId, wanted)).map((u) => [u.id, u]));
  for (const [i, id] of input.participantUnitIds.entries()) if (!found.has(id)) details.push({ path: `participantUnitIds.${i}`, message: '参会单位不存在' });
  for (const [i, t] of input.tasks.entries()) if (!found.has(t.ownerUnitId)) details.push({ path: `tasks.${i}.ownerUnitId`, message: '责任单位不存在' });
  return found;
}

/** Agenda items pointing at a hazard or a case: the record must be visible to the recorder; its label is kept. */
async function resolveAgenda(db: Db, actor: Actor, agenda: AgendaItemInput[], details: ErrorDetail[]): Promise<AgendaItem[]> {
  const out: AgendaItem[] = [];
  for (const [i, a] of agenda.entries()) {
    let refLabel = '';
    if (a.refType && a.refId) {
      try {
        if (a.refType === 'hazard') {
          const h = await loadVisibleHazard(db, actor, a.refId);
          refLabel = `隐患 ${h.code} ${h.title}（${h.school_name}）`;
        } else {
          const { c } = await loadVisibleCase(db, actor, a.refId);
          refLabel = `案件 ${c.code} ${c.title}`;
        }
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
        details.push({ path: `agenda.${i}.refId`, message: `议题引用的${a.refType === 'hazard' ? '隐患' : '案件'}不存在或不在您的权限范围内` });
      }
    } else if (a.refType || a.refId) details.push({ path: `agenda.${i}.refId`, message: '引用的记录须同时给出类型和编号' });
    out.push({ title: a.title, refType: a.refType ?? null, refId: a.refId ?? null, refLabel, note: a.note });
  }
  return out;
}

function checkDeadlines(input: Pick<SaveMeetingInput, 'heldOn' | 'tasks'>, details: ErrorDetail[]) {
  for (const [i, t] of input.tasks.entries()) {
    if (t.deadline < input.heldOn) details.push({ path: `tasks.${i}.deadline`, message: '完成期限不能早于会议日期' });
  }
}

function fail(details: ErrorDetail[]) {
  if (details.length)
    throw new AppError('VALIDATION_FAILED', `会议内容有误：${details[0]?.message}${details.length > 1 ? ` 等 ${details.length} 处问题` : ''}`, details);
}

/** 登记联席会议: the minutes, and the tasks it decided, each told to its owner unit; one transaction with the audit. */
export async function saveMeeting(db: Db, actor: Actor, input: SaveMeetingInput, now = new Date()) {
  if (!canRecordMeetings(actor)) throw forbidden('只有区教委和联合督检组可以登记联席会议');
  const details: ErrorDetail[] = [];
  const units = await checkUnits(db, actor, input, details);
  const agenda = await resolveAgenda(db, actor, input.agenda, details);
  checkDeadlines(input, details);
  fail(details);
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await repo.insertMeeting(trx, {
      district_id: actor.districtId,
      kind: input.kind,
      title: input.title,
      held_on: input.heldOn,
      place: input.place,
      host_unit_id: actor.orgUnitId,
      chair: input.chair,
      participant_unit_ids: JSON.stringify([...new Set(input.participantUnitIds)]),
      other_participants: input.otherParticipants,
      agenda: JSON.stringify(agenda),
      decisions: input.decisions,
      created_by: actor.userId,
      created_by_name: actor.displayName,
      created_at: now,
      updated_at: now,
    });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'meeting.create',
      entityType: 'meeting',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `登记${meetingKindLabels[input.kind]}「${input.title}」（${input.heldOn}，议定事项 ${input.tasks.length} 项）`,
      after: { ...input, agenda },
    });
    await addTasks(trx, actor, id, input, units, 0, now);
    return id;
  });
  return getMeeting(db, actor, id, now);
}

/** Inserts new tasks numbered after `after`, with their first timeline entry and the owner units' inbox. */
async function addTasks(
  trx: Db,
  actor: Actor,
  meetingId: string,
  input: Pick<SaveMeetingInput, 'title' | 'tasks'>,
  units: Map<string, { name: string }>,
  after: number,
  now: Date,
) {
  const rows = await repo.insertTasks(
    trx,
    input.tasks.map((t, i) => ({
      district_id: actor.districtId,
      meeting_id: meetingId,
      no: after + i + 1,
      title: t.title,
      detail: t.detail,
      owner_unit_id: t.ownerUnitId,
      deadline: t.deadline,
      submitted_at: null,
      closed_at: null,
      created_at: now,
    })),
  );
  for (const r of rows) {
    await repo.insertTaskEvent(trx, taskEvent(actor, r.id, 'decide', 'open', 'open', `${input.title}议定`, now));
    await notifyUsers(trx, actor.districtId, await unitManagerIds(trx, actor.districtId, r.owner_unit_id), {
      kind: 'meeting_task_assigned',
      title: `联席会议交办：${r.title}`,
      body: `「${input.title}」议定由${units.get(r.owner_unit_id)?.name ?? '本单位'}负责，${r.deadline} 前完成并报告`,
      entityType: 'meeting_task',
      entityId: r.id,
    });
  }
}

/** Changes the minutes (header, participants, agenda, decisions) and appends new tasks; decided tasks are followed up, not edited. */
export async function updateMeeting(db: Db, actor: Actor, id: string, input: SaveMeetingInput & { version: number }, now = new Date()) {
  const m = await loadVisibleMeeting(db, actor, id);
  if (!isOrganiser(actor, m)) throw forbidden('只有会议组织单位可以修改会议纪要');
  const details: ErrorDetail[] = [];
  const units = await checkUnits(db, actor, input, details);
  const agenda = await resolveAgenda(db, actor, input.agenda, details);
  checkDeadlines(input, details);
  fail(details);
  await db.transaction().execute(async (trx) => {
    const patch = {
      kind: input.kind,
      title: input.title,
      held_on: input.heldOn,
      place: input.place,
      chair: input.chair,
      participant_unit_ids: JSON.stringify([...new Set(input.participantUnitIds)]),
      other_participants: input.otherParticipants,
      agenda: JSON.stringify(agenda),
      decisions: input.decisions,
    };
    if (input.version !== m.version || !(await repo.updateMeetingIfVersion(trx, actor.districtId, id, m.version, patch, now))) {
      throw new AppError('CONFLICT', '会议纪要已被他人修改，请刷新后重试');
    }
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'meeting.update',
      entityType: 'meeting',
      entityId: id,
      orgUnitId: m.host_unit_id,
      summary: `修改会议纪要「${input.title}」${input.tasks.length ? `，新增议定事项 ${input.tasks.length} 项` : ''}`,
      before: { title: m.title, heldOn: m.held_on, decisions: m.decisions, agenda: m.agenda, participantUnitIds: m.participant_unit_ids },
      after: { ...input, agenda },
    });
    await addTasks(trx, actor, id, input, units, await repo.maxTaskNo(trx, actor.districtId, id), now);
  });
  return getMeeting(db, actor, id, now);
}
