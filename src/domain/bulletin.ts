/**
 * 通报, 约谈 and 挂牌督办: escalations against a unit (a school, a centre, a department) rather
 * than against one hazard (seeds 001, 003, 004). The issuer states the reason and links the rows
 * that triggered it; the unit acknowledges with its response and measures; the issuer follows up
 * and closes it (or sends the response back). Pure: a transition table, no I/O, no clock.
 */
export const bulletinKinds = ['criticism', 'summons', 'listed'] as const;
export type BulletinKind = (typeof bulletinKinds)[number];

export const bulletinKindLabels: Record<BulletinKind, string> = {
  criticism: '通报批评',
  summons: '约谈',
  listed: '挂牌督办',
};

/** The word used in the document number: 〔2026〕3 号. */
export const bulletinNumberWords: Record<BulletinKind, string> = { criticism: '通报', summons: '约谈', listed: '督办' };

export const bulletinStates = ['issued', 'acknowledged', 'closed', 'revoked'] as const;
export type BulletinState = (typeof bulletinStates)[number];

export const bulletinStateLabels: Record<BulletinState, string> = {
  issued: '待签收整改',
  acknowledged: '已反馈待跟进',
  closed: '已办结',
  revoked: '已撤销',
};

export const bulletinActions = ['acknowledge', 'follow_up', 'return', 'close', 'revoke'] as const;
export type BulletinAction = (typeof bulletinActions)[number];

export const bulletinActionLabels: Record<BulletinAction, string> = {
  acknowledge: '签收并反馈整改措施',
  follow_up: '跟进记录',
  return: '退回（反馈不到位）',
  close: '办结',
  revoke: '撤销',
};

/** Who takes an action: the addressed unit's managers, or the issuer (its unit, or the district). */
export type BulletinParty = 'unit' | 'issuer';

type Rule<S extends string, P extends string> = { from: readonly S[]; to: S | null; by: P; note: 'required' | 'optional' };

/** `to: null` keeps the state (a follow-up note). */
export const bulletinTransitions: Record<BulletinAction, Rule<BulletinState, BulletinParty>> = {
  acknowledge: { from: ['issued'], to: 'acknowledged', by: 'unit', note: 'required' },
  follow_up: { from: ['issued', 'acknowledged'], to: null, by: 'issuer', note: 'required' },
  return: { from: ['acknowledged'], to: 'issued', by: 'issuer', note: 'required' },
  close: { from: ['acknowledged'], to: 'closed', by: 'issuer', note: 'required' },
  revoke: { from: ['issued'], to: 'revoked', by: 'issuer', note: 'required' },
};

export type Block = { code: 'FORBIDDEN' | 'CONFLICT'; message: string };

/** The generic rule of both tables: the party first (403), then the state (409). */
export function transitionBlock<S extends string, P extends string>(
  rule: Rule<S, P>,
  state: S,
  parties: ReadonlySet<P>,
  labels: { action: string; state: string; party: Record<P, string> },
): Block | null {
  if (!parties.has(rule.by)) return { code: 'FORBIDDEN', message: `「${labels.action}」只能由${labels.party[rule.by]}操作` };
  if (!rule.from.includes(state)) return { code: 'CONFLICT', message: `当前状态为「${labels.state}」，不能「${labels.action}」` };
  return null;
}

const bulletinPartyLabels: Record<BulletinParty, string> = { unit: '被通报单位的负责人', issuer: '发出单位' };

export function bulletinBlock(action: BulletinAction, state: BulletinState, parties: ReadonlySet<BulletinParty>): Block | null {
  return transitionBlock(bulletinTransitions[action], state, parties, {
    action: bulletinActionLabels[action],
    state: bulletinStateLabels[state],
    party: bulletinPartyLabels,
  });
}

/** The state after an allowed action. */
export const bulletinNext = (action: BulletinAction, state: BulletinState): BulletinState => bulletinTransitions[action].to ?? state;

/** Actions the parties may take now (the page shows these buttons). */
export const allowedBulletinActions = (state: BulletinState, parties: ReadonlySet<BulletinParty>): BulletinAction[] =>
  bulletinActions.filter((a) => bulletinBlock(a, state, parties) === null);

/** Past the response deadline and still not acknowledged. */
export const isBulletinOverdue = (b: { state: BulletinState; respondBy: string | null }, today: string): boolean =>
  b.state === 'issued' && b.respondBy !== null && b.respondBy < today;

/** What a bulletin links to, as evidence of why it was issued. */
export const bulletinLinkTypes = ['hazard', 'meeting_task', 'report', 'duty'] as const;
export type BulletinLinkType = (typeof bulletinLinkTypes)[number];

export const bulletinLinkTypeLabels: Record<BulletinLinkType, string> = {
  hazard: '隐患',
  meeting_task: '会议议定事项',
  report: '报表报送',
  duty: '未完成的职责任务',
};
