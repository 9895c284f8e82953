import type { CaseParty, CaseStep, CaseTypeDef } from './policy/cases-schema.js';

/**
 * The case engine as one table (as domain/hazard-workflow.ts for hazards): for each action, the
 * steps it starts from, where it leads, who may take it by default (a district's pack may name
 * other parties per type: cases.yaml `who`) and guards from the type's rules. Pure: no I/O, no clock.
 *
 * 签收登记 registered → 任务分办 assigned → 核查办理 handling → 督查督办 supervising → 情况反馈
 * feedback → (replied) → 整理归档 archived; 退回 (wrong unit) goes back to registered, 督办退回
 * back to handling, 复查/复核 reopens an archived case where the type allows it.
 */
export const caseActions = [
  'assign',
  'accept',
  'return',
  'submit',
  'approve',
  'send_back',
  'reply',
  'archive',
  'extend',
  'reopen',
  'acknowledge',
  'note',
  'correct_level',
  'record_report',
  'update_incident',
  'raise_hazard',
  'mark_concealed',
] as const;
export type CaseAction = (typeof caseActions)[number];

export const caseActionLabels: Record<CaseAction, string> = {
  assign: '任务分办',
  accept: '签收办理',
  return: '退回（非本单位职责）',
  submit: '上报办理结果',
  approve: '督查通过',
  send_back: '督办退回重办',
  reply: '情况反馈（答复）',
  archive: '整理归档',
  extend: '延期',
  reopen: '复查/复核',
  acknowledge: '确认收到上报',
  note: '补充记录',
  correct_level: '更正事故等级',
  record_report: '报告（首报/书面/续报/终报）',
  update_incident: '处置、责任、理赔与调解',
  raise_hazard: '转为隐患',
  mark_concealed: '认定瞒报',
};

export const caseStepLabels: Record<CaseStep, string> = {
  registered: '签收登记',
  assigned: '任务分办',
  handling: '核查办理',
  supervising: '督查督办',
  feedback: '情况反馈',
  replied: '已答复',
  archived: '整理归档',
};

export const casePartyLabels: Record<CaseParty, string> = {
  owner: '登记单位（区教委/教管中心）',
  assignee: '承办单位',
  supervisor: '承办单位的上级',
  district: '区教委',
  reporter: '报送单位',
};

/** How the acting user stands to this case, worked out by the server (cases/case-standing.ts). */
export type CaseStanding = Record<CaseParty, boolean> & {
  /** A unit notified at once (区教委, 派出所) whose receipt is not yet acknowledged. */
  pendingAcknowledgement: boolean;
};

export type CaseSnapshot = {
  state: CaseStep;
  incident: boolean;
  assigned: boolean;
  replied: boolean;
  extensions: number;
  reviewRound: number;
};

type Rule = {
  from: readonly CaseStep[] | 'any';
  to: CaseStep | 'same' | ((t: CaseTypeDef, c: CaseSnapshot) => CaseStep);
  parties: readonly CaseParty[];
  guard?: (t: CaseTypeDef, c: CaseSnapshot) => string | null;
};

const open: readonly CaseStep[] = ['registered', 'assigned', 'handling', 'supervising', 'feedback', 'replied'];

export const caseTransitions: Record<CaseAction, Rule> = {
  assign: { from: ['registered'], to: 'assigned', parties: ['owner', 'district'] },
  accept: { from: ['assigned'], to: 'handling', parties: ['assignee'] },
  return: {
    from: ['assigned', 'handling'],
    to: 'registered',
    parties: ['assignee'],
    guard: (t) => (t.returnAllowed ? null : '该类案件不能退回'),
  },
  submit: {
    from: ['handling'],
    to: (t) => (t.supervisionStep ? 'supervising' : 'feedback'),
    parties: ['assignee'],
  },
  approve: { from: ['supervising'], to: 'feedback', parties: ['owner', 'supervisor', 'district'] },
  send_back: { from: ['supervising'], to: 'handling', parties: ['owner', 'supervisor', 'district'] },
  reply: {
    from: ['feedback'],
    to: 'replied',
    parties: ['owner', 'assignee', 'district'],
    guard: (t) => (t.requiresReply ? null : '该类案件不需要答复，可直接归档'),
  },
  archive: {
    from: ['feedback', 'replied'],
    to: 'archived',
    parties: ['owner', 'district'],
    guard: (t, c) => (t.requiresReply && !c.replied ? '该类案件须先向当事人反馈答复，再归档' : null),
  },
  extend: {
    from: ['assigned', 'handling'],
    to: 'same',
    parties: ['owner', 'district'],
    guard: (t, c) => (!t.extension ? '该类案件不能延期' : c.extensions >= t.extension.max ? `已延期 ${c.extensions} 次，不能再延期` : null),
  },
  reopen: {
    from: ['archived'],
    to: 'handling',
    parties: ['owner', 'district'],
    guard: (t, c) =>
      t.reviews === 0
        ? '该类案件没有复查、复核程序'
        : c.reviewRound >= t.reviews
          ? `已${t.reviews === 2 ? '复查、复核' : '复查'}，不能再次启动`
          : !c.assigned
            ? '没有承办单位'
            : null,
  },
  acknowledge: { from: 'any', to: 'same', parties: [], guard: () => null },
  note: { from: open, to: 'same', parties: ['owner', 'assignee', 'supervisor', 'district', 'reporter'] },
  correct_level: {
    from: open,
    to: 'same',
    parties: ['district'],
    guard: (_t, c) => (c.incident ? null : '只有事故和突发事件有等级'),
  },
  record_report: {
    from: open,
    to: 'same',
    parties: ['owner', 'assignee', 'district', 'reporter'],
    guard: (_t, c) => (c.incident ? null : '只有事故和突发事件需要按等级报告'),
  },
  update_incident: {
    from: open,
    to: 'same',
    // The school that reported an accident handles it (处置、理赔、调解) before and after it is assigned.
    parties: ['owner', 'assignee', 'district', 'reporter'],
    guard: (_t, c) => (c.incident ? null : '只有事故和突发事件有处置、责任、理赔与调解记录'),
  },
  raise_hazard: {
    from: open,
    to: 'same',
    parties: ['owner', 'assignee', 'supervisor', 'district'],
    guard: (_t, c) => (c.incident ? null : '只有事故和突发事件可以直接转为隐患'),
  },
  // 瞒报 (seed 004): the district marks an incident it learnt of from elsewhere, even after archiving.
  mark_concealed: {
    from: 'any',
    to: 'same',
    parties: ['district'],
    guard: (_t, c) => (c.incident ? null : '只有事故和突发事件可以认定瞒报'),
  },
};

export type CaseDecision = { ok: true; to: CaseStep } | { ok: false; code: 'CONFLICT' | 'FORBIDDEN'; message: string };

/** The parties who may take `action` on a case of type `t`: the pack's `who`, else the table's default. */
export const partiesOf = (t: CaseTypeDef, action: CaseAction): readonly CaseParty[] => t.who[action] ?? caseTransitions[action].parties;

const mayTake = (t: CaseTypeDef, action: CaseAction, s: CaseStanding): boolean =>
  action === 'acknowledge' ? s.pendingAcknowledgement : partiesOf(t, action).some((p) => s[p]);

/** Whether `action` may be taken on case `c` of type `t` by someone standing as `s`, and where it leads. */
export function decideCase(t: CaseTypeDef, c: CaseSnapshot, action: CaseAction, s: CaseStanding): CaseDecision {
  const rule = caseTransitions[action];
  if (rule.from !== 'any' && !rule.from.includes(c.state)) {
    return { ok: false, code: 'CONFLICT', message: `案件当前为「${caseStepLabels[c.state]}」，不能${caseActionLabels[action]}` };
  }
  if (!mayTake(t, action, s)) return { ok: false, code: 'FORBIDDEN', message: `您无权对该案件执行「${caseActionLabels[action]}」` };
  const blocked = rule.guard?.(t, c);
  if (blocked) return { ok: false, code: 'CONFLICT', message: blocked };
  const to = rule.to === 'same' ? c.state : typeof rule.to === 'function' ? rule.to(t, c) : rule.to;
  return { ok: true, to };
}

/** The actions this user may take now: what the web shows. */
export const availableCaseActions = (t: CaseTypeDef, c: CaseSnapshot, s: CaseStanding): CaseAction[] => caseActions.filter((a) => decideCase(t, c, a, s).ok);

/** Applies a decided action to the snapshot: the one place the counters move (used by the server and the property test). */
export function nextSnapshot(c: CaseSnapshot, action: CaseAction, to: CaseStep, assignedAfter = c.assigned): CaseSnapshot {
  return {
    ...c,
    state: to,
    assigned: action === 'return' ? false : action === 'assign' ? true : assignedAfter,
    replied: action === 'reply' ? true : action === 'reopen' ? false : c.replied,
    extensions: action === 'extend' ? c.extensions + 1 : action === 'reopen' ? 0 : c.extensions,
    reviewRound: action === 'reopen' ? c.reviewRound + 1 : c.reviewRound,
  };
}

export const reviewRoundLabel = (round: number): string => (round === 1 ? '复查' : round === 2 ? '复核' : '');
