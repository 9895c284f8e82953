import type { HazardLevel, HazardState } from './hazard.js';

/**
 * The closed loop of a hazard as one table: for each action, the states it starts from, the
 * state it leads to, who may take it, and what it requires. The server enforces it; the web
 * shows only the actions it allows (`availableActions`). Pure: no I/O, no clock.
 *
 * 登记 reported → 研判 assessed → 整改中 rectifying → 待验收 pending_verification → 已销号 closed,
 * back to 整改中 when verification fails. 交办, 延期, 挂牌督办 change the hazard but not its state.
 */
export const hazardActions = [
  'assess',
  'plan',
  'submit',
  'verify_pass',
  'verify_fail',
  'hand_over',
  'request_extension',
  'decide_extension',
  'list_supervision',
  'reopen',
] as const;
export type HazardAction = (typeof hazardActions)[number];

export const hazardActionLabels: Record<HazardAction, string> = {
  assess: '研判',
  plan: '制定整改方案',
  submit: '提交验收',
  verify_pass: '验收通过（销号）',
  verify_fail: '验收不通过',
  hand_over: '交办',
  request_extension: '申请延期',
  decide_extension: '审批延期',
  list_supervision: '挂牌督办',
  reopen: '复发重开',
};

/**
 * How the acting user stands to this hazard, worked out by the server from roles, scope and
 * the hazard's units. A user can hold several of these at once.
 */
export type Standing = {
  /** Principal or safety officer of the school the hazard belongs to. */
  schoolManager: boolean;
  /** Principal of that school (signs off general hazards). */
  principal: boolean;
  /**
   * Manages the unit now responsible for rectifying: principal or safety officer of the school,
   * or an officer of the department the hazard was handed to (交办).
   */
  responsible: boolean;
  /** A supervising role with the school in scope (centre, inspector, leader, joint group, police, district). */
  supervisor: boolean;
  /** May hand over (交办): district admin, centre officer, responsible inspector. */
  dispatcher: boolean;
  /** District admin: 挂牌督办. */
  district: boolean;
};

export type HazardSnapshot = {
  state: HazardState;
  level: HazardLevel | null;
  deadline: string | null; // YYYY-MM-DD, Asia/Shanghai calendar day
  supervisionListed: boolean;
  extensionPending: boolean;
  handedOver: boolean;
};

type Rule = {
  from: readonly HazardState[];
  to: HazardState | 'same' | 'new_hazard';
  allowed: (s: Standing, h: HazardSnapshot) => boolean;
  /** Extra conditions on the hazard, with the message shown when they fail. */
  guard?: (h: HazardSnapshot) => string | null;
};

/**
 * Who accepts a rectification: never the side that did it, except that a principal signs off the
 * school's own general hazards (the self-check loop). A major hazard is verified by a
 * supervising level, never by the school that owns it.
 */
const verifier = (s: Standing, h: HazardSnapshot) =>
  h.level === 'major' ? s.supervisor && !s.schoolManager && !s.responsible : s.principal || (s.supervisor && !s.responsible);

export const hazardTransitions: Record<HazardAction, Rule> = {
  assess: {
    from: ['reported'],
    to: 'assessed',
    // The school may assess what it found itself as general; the level is checked on the input.
    allowed: (s) => s.supervisor || s.schoolManager,
  },
  plan: {
    from: ['assessed', 'rectifying'],
    to: 'rectifying',
    allowed: (s) => s.responsible || s.supervisor,
    guard: (h) => (h.extensionPending ? '有待审批的延期申请，审批后再修改整改方案' : null),
  },
  submit: { from: ['rectifying'], to: 'pending_verification', allowed: (s) => s.responsible },
  verify_pass: { from: ['pending_verification'], to: 'closed', allowed: verifier },
  verify_fail: { from: ['pending_verification'], to: 'rectifying', allowed: verifier },
  hand_over: { from: ['assessed', 'rectifying'], to: 'same', allowed: (s) => s.dispatcher },
  request_extension: {
    from: ['rectifying'],
    to: 'same',
    allowed: (s) => s.responsible,
    guard: (h) => (h.extensionPending ? '已有一份延期申请待审批' : h.deadline ? null : '尚未设定整改期限'),
  },
  decide_extension: {
    from: ['rectifying'],
    to: 'same',
    // The side that asked does not decide its own request.
    allowed: (s) => s.supervisor && !s.responsible,
    guard: (h) => (h.extensionPending ? null : '没有待审批的延期申请'),
  },
  list_supervision: {
    from: ['reported', 'assessed', 'rectifying', 'pending_verification'],
    to: 'same',
    allowed: (s) => s.district,
    guard: (h) => (h.level !== 'major' ? '只有重大隐患可以挂牌督办' : h.supervisionListed ? '该隐患已挂牌督办' : null),
  },
  reopen: { from: ['closed'], to: 'new_hazard', allowed: (s) => s.supervisor || s.schoolManager },
};

export type Decision = { ok: true; to: HazardState | 'new_hazard' } | { ok: false; code: 'CONFLICT' | 'FORBIDDEN'; message: string };

/** Whether `action` may be taken on `h` by someone standing as `s`, and where it leads. */
export function decide(h: HazardSnapshot, action: HazardAction, s: Standing): Decision {
  const rule = hazardTransitions[action];
  if (!rule.from.includes(h.state)) {
    return { ok: false, code: 'CONFLICT', message: `隐患当前为「${stateLabel(h.state)}」状态，不能${hazardActionLabels[action]}` };
  }
  if (!rule.allowed(s, h)) return { ok: false, code: 'FORBIDDEN', message: `您无权对该隐患执行「${hazardActionLabels[action]}」` };
  const blocked = rule.guard?.(h);
  if (blocked) return { ok: false, code: 'CONFLICT', message: blocked };
  return { ok: true, to: rule.to === 'same' ? h.state : rule.to };
}

/** The actions this user may take now: what the web shows. */
export const availableActions = (h: HazardSnapshot, s: Standing): HazardAction[] => hazardActions.filter((a) => decide(h, a, s).ok);

const stateLabels: Record<HazardState, string> = { reported: '登记', assessed: '研判', rectifying: '整改中', pending_verification: '待验收', closed: '已销号' };
const stateLabel = (s: HazardState) => stateLabels[s];

/** Overdue: past its deadline (a Shanghai calendar day, compared as YYYY-MM-DD) and not closed. */
export const isOverdue = (h: Pick<HazardSnapshot, 'state' | 'deadline'>, today: string): boolean =>
  h.state !== 'closed' && h.deadline !== null && h.deadline < today;

/** Closed on time: closed on or before the deadline in force when it was closed. */
export const isClosedOnTime = (deadline: string | null, closedDay: string): boolean => deadline === null || closedDay <= deadline;
