import { type Block, transitionBlock } from './bulletin.js';

/**
 * Joint meetings (联席会议: seed 000's monthly 安保联席会, seed 001's 月度会商) and the tasks
 * they decide (议定事项). A task has an owner unit and a deadline and is tracked like a hazard:
 * the owner reports progress and submits its completion with evidence; the meeting's organiser
 * verifies and closes it, or sends it back; the organiser may 督办 (urge) it at any time.
 */
export const meetingKinds = ['security_joint', 'monthly_consult', 'special', 'other'] as const;
export type MeetingKind = (typeof meetingKinds)[number];

export const meetingKindLabels: Record<MeetingKind, string> = {
  security_joint: '安保联席会',
  monthly_consult: '月度会商',
  special: '专题会议',
  other: '其他会议',
};

/** What an agenda item may point at: a hazard or a case escalated to the meeting. */
export const agendaRefTypes = ['hazard', 'case'] as const;
export type AgendaRefType = (typeof agendaRefTypes)[number];

export const taskStates = ['open', 'submitted', 'closed'] as const;
export type TaskState = (typeof taskStates)[number];

export const taskStateLabels: Record<TaskState, string> = { open: '落实中', submitted: '待验收', closed: '已办结' };

export const taskActions = ['progress', 'submit', 'return', 'close', 'urge'] as const;
export type TaskAction = (typeof taskActions)[number];

export const taskActionLabels: Record<TaskAction, string> = {
  progress: '报告进展',
  submit: '报告完成（附落实材料）',
  return: '退回重办',
  close: '验收办结',
  urge: '督办',
};

export type TaskParty = 'owner' | 'organiser';

const taskPartyLabels: Record<TaskParty, string> = { owner: '责任单位', organiser: '会议组织单位' };

export const taskTransitions: Record<TaskAction, { from: readonly TaskState[]; to: TaskState | null; by: TaskParty; note: 'required' | 'optional' }> = {
  progress: { from: ['open'], to: null, by: 'owner', note: 'required' },
  submit: { from: ['open'], to: 'submitted', by: 'owner', note: 'required' },
  return: { from: ['submitted'], to: 'open', by: 'organiser', note: 'required' },
  close: { from: ['submitted'], to: 'closed', by: 'organiser', note: 'optional' },
  urge: { from: ['open', 'submitted'], to: null, by: 'organiser', note: 'required' },
};

export function taskBlock(action: TaskAction, state: TaskState, parties: ReadonlySet<TaskParty>): Block | null {
  return transitionBlock(taskTransitions[action], state, parties, { action: taskActionLabels[action], state: taskStateLabels[state], party: taskPartyLabels });
}

export const taskNext = (action: TaskAction, state: TaskState): TaskState => taskTransitions[action].to ?? state;

export const allowedTaskActions = (state: TaskState, parties: ReadonlySet<TaskParty>): TaskAction[] =>
  taskActions.filter((a) => taskBlock(a, state, parties) === null);

/** Overdue like a hazard: past its deadline (Shanghai day) and not closed. A submitted task still counts until verified. */
export const isTaskOverdue = (t: { state: TaskState; deadline: string }, today: string): boolean => t.state !== 'closed' && t.deadline < today;
