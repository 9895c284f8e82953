import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, notFound } from '../../domain/errors.js';
import {
  allowedTaskActions,
  isTaskOverdue,
  meetingKindLabels,
  type TaskAction,
  type TaskParty,
  type TaskState,
  taskActionLabels,
  taskBlock,
  taskNext,
  taskStateLabels,
  taskTransitions,
} from '../../domain/meeting.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import { isUnitManager, unitManagerIds } from '../bulletins/unit-party.js';
import type { Db } from '../db/database.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { canSeeTask, isOrganiser, taskScopeOf } from './meeting-scope.js';
import * as repo from './meetings.repository.js';

export function toTaskDto(t: repo.TaskRecord, today: string) {
  return {
    id: t.id,
    meetingId: t.meeting_id,
    meetingTitle: t.meeting_title,
    meetingKindLabel: meetingKindLabels[t.meeting_kind],
    heldOn: t.held_on,
    no: t.no,
    title: t.title,
    detail: t.detail,
    ownerUnitId: t.owner_unit_id,
    ownerUnitName: t.owner_unit_name,
    deadline: t.deadline,
    state: t.state,
    stateLabel: taskStateLabels[t.state],
    evidence: t.evidence,
    submittedAt: t.submitted_at?.toISOString() ?? null,
    closedAt: t.closed_at?.toISOString() ?? null,
    overdue: isTaskOverdue(t, today),
  };
}
export type TaskDto = ReturnType<typeof toTaskDto>;

export type ListTasksInput = {
  meetingId?: string | undefined;
  ownerUnitId?: string | undefined;
  state?: TaskState | undefined;
  overdue?: boolean | undefined;
  /** Only the tasks given to the actor's own unit. */
  mine?: boolean | undefined;
  page: number;
  pageSize: number;
};

/** The tracked tasks (议定事项) the actor may see, with counts over the same scope. */
export async function listMeetingTasks(db: Db, actor: Actor, input: ListTasksInput, now = new Date()) {
  const today = shanghaiDay(now);
  const { page, pageSize, mine, ...rest } = input;
  const f: repo.TaskFilter = { ...taskScopeOf(actor, today), ...rest, ...(mine && { ownerUnitId: actor.orgUnitId }) };
  const [rows, counts, total] = await Promise.all([
    repo.findTasks(db, f, { offset: (page - 1) * pageSize, limit: pageSize }),
    repo.countTasks(db, f),
    repo.countMatchingTasks(db, f),
  ]);
  return { items: rows.map((r) => toTaskDto(r, today)), total, counts, page, pageSize };
}

export async function loadVisibleTask(db: Db, actor: Actor, id: string) {
  const t = await repo.findTaskById(db, actor.districtId, id);
  if (!t || !canSeeTask(actor, t)) throw notFound('会议议定事项');
  return t;
}

export function taskPartiesOf(actor: Actor, t: repo.TaskRecord): Set<TaskParty> {
  const p = new Set<TaskParty>();
  if (isUnitManager(actor, t.owner_unit_id)) p.add('owner');
  if (isOrganiser(actor, t)) p.add('organiser');
  return p;
}

export async function getMeetingTask(db: Db, actor: Actor, id: string, now = new Date()) {
  const t = await loadVisibleTask(db, actor, id);
  const events = await repo.findTaskEvents(db, actor.districtId, id);
  return {
    task: toTaskDto(t, shanghaiDay(now)),
    timeline: events.map((e) => ({
      id: e.id,
      action: e.action,
      actionLabel: e.action === 'decide' ? '会议议定' : (taskActionLabels[e.action as TaskAction] ?? e.action),
      fromState: e.from_state,
      toState: e.to_state,
      note: e.note,
      actorName: e.actor_name,
      at: e.at.toISOString(),
    })),
    actions: allowedTaskActions(t.state, taskPartiesOf(actor, t)),
  };
}

export const taskEvent = (actor: Actor, taskId: string, action: string, from: string, to: string, note: string, at: Date) => ({
  district_id: actor.districtId,
  task_id: taskId,
  action,
  from_state: from,
  to_state: to,
  note,
  actor_id: actor.userId,
  actor_name: actor.displayName,
  at,
});

/** One step of a task's follow-up (table in domain/meeting.ts): progress, completion with evidence, return, close, 督办. */
export async function actOnMeetingTask(db: Db, actor: Actor, id: string, action: TaskAction, note: string, now = new Date()) {
  const t = await loadVisibleTask(db, actor, id);
  const block = taskBlock(action, t.state, taskPartiesOf(actor, t));
  if (block) throw new AppError(block.code, block.message);
  if (taskTransitions[action].note === 'required' && !note) {
    const what = action === 'submit' ? '落实情况（完成的证据）' : action === 'urge' ? '督办要求' : action === 'return' ? '退回理由' : '进展情况';
    throw new AppError('VALIDATION_FAILED', `请填写${what}`, [{ path: 'note', message: `请填写${what}` }]);
  }
  const to = taskNext(action, t.state);
  await db.transaction().execute(async (trx) => {
    if (to !== t.state || action === 'submit') {
      const patch =
        action === 'submit'
          ? { state: to, evidence: note, submitted_at: now }
          : action === 'close'
            ? { state: to, closed_at: now }
            : { state: to, submitted_at: null };
      if (!(await repo.updateTaskIfVersion(trx, actor.districtId, id, t.version, patch))) throw new AppError('CONFLICT', '该事项刚被他人处理，请刷新后重试');
    }
    await repo.insertTaskEvent(trx, taskEvent(actor, id, action, t.state, to, note, now));
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: `meeting_task.${action}`,
      entityType: 'meeting_task',
      entityId: id,
      orgUnitId: t.owner_unit_id,
      summary: `${taskActionLabels[action]}：「${t.title}」（${t.meeting_title}）`,
      before: { state: t.state },
      after: { state: to, note },
    });
    const byOwner = action === 'progress' || action === 'submit';
    const recipients = byOwner ? await organiserIds(trx, actor, t) : await unitManagerIds(trx, actor.districtId, t.owner_unit_id);
    await notifyUsers(trx, actor.districtId, recipients, {
      kind: 'meeting_task_update',
      title: `${action === 'urge' ? '督办' : taskActionLabels[action]}：${t.title}`,
      body: `${actor.displayName}：${note.length > 60 ? `${note.slice(0, 60)}…` : note || taskActionLabels[action]}`,
      entityType: 'meeting_task',
      entityId: id,
    });
  });
  return getMeetingTask(db, actor, id, now);
}

/** The users who follow a task for its meeting: whoever recorded the meeting. */
async function organiserIds(db: Db, actor: Actor, t: repo.TaskRecord): Promise<string[]> {
  const m = await repo.findMeetingById(db, actor.districtId, t.meeting_id);
  return m ? [m.created_by] : [];
}
