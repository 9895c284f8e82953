import { type HazardSnapshot, isOverdue, type Standing } from './hazard-workflow.js';

/**
 * 催办 (urge): a supervising side reminds the side responsible for an overdue hazard. It changes
 * nothing on the hazard (state, deadline, version), so it is not a transition of the workflow
 * table; it is a timeline entry, an audit event and an inbox message. Pure: the server passes
 * the standing, the day and whether this user already urged this hazard today.
 */
export const URGE_NOTE_MAX = 200;

export type UrgeBlock = { code: 'FORBIDDEN' | 'CONFLICT'; message: string };

/** The same rule as 审批延期: a supervisor of the school that is not itself the responsible side. */
export const mayUrge = (s: Standing): boolean => s.supervisor && !s.responsible && !s.schoolManager;

/** Why this user cannot urge this hazard now, or null when they can. */
export function urgeBlock(s: Standing, h: Pick<HazardSnapshot, 'state' | 'deadline'>, today: string, urgedToday: boolean): UrgeBlock | null {
  if (!mayUrge(s)) return { code: 'FORBIDDEN', message: '您无权催办该隐患：催办由督导该校的上级单位发出' };
  if (!isOverdue(h, today)) return { code: 'CONFLICT', message: '只有已逾期且未销号的隐患可以催办' };
  if (urgedToday) return { code: 'CONFLICT', message: '您今天已催办过该隐患，请明天再催办' };
  return null;
}

/** Whether `userId` urged already on `today` (Shanghai day), from the hazard's timeline. */
export const urgedOn = (events: readonly { action: string; actorId: string | null; day: string }[], userId: string, today: string): boolean =>
  events.some((e) => e.action === 'urge' && e.actorId === userId && e.day === today);
