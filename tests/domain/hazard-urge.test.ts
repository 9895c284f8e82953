import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hazardStates } from '../../src/domain/hazard.js';
import { urgeBlock, urgedOn } from '../../src/domain/hazard-urge.js';
import { isOverdue, type Standing } from '../../src/domain/hazard-workflow.js';

const standing = fc.record<Standing>({
  schoolManager: fc.boolean(),
  principal: fc.boolean(),
  responsible: fc.boolean(),
  supervisor: fc.boolean(),
  dispatcher: fc.boolean(),
  district: fc.boolean(),
});
const day = fc.integer({ min: 0, max: 60 }).map((n) => new Date(Date.UTC(2026, 10, 1 + n)).toISOString().slice(0, 10));

describe('urgeBlock', () => {
  it('allows exactly: a supervisor that is not the responsible side, an overdue open hazard, not yet today', () => {
    fc.assert(
      fc.property(standing, fc.constantFrom(...hazardStates), fc.option(day, { nil: null }), day, fc.boolean(), (s, state, deadline, today, urged) => {
        const allowed = urgeBlock(s, { state, deadline }, today, urged) === null;
        expect(allowed).toBe(s.supervisor && !s.responsible && !s.schoolManager && isOverdue({ state, deadline }, today) && !urged);
      }),
    );
  });

  it('says why, forbidden before conflict', () => {
    const sup: Standing = { schoolManager: false, principal: false, responsible: false, supervisor: true, dispatcher: false, district: false };
    expect(urgeBlock({ ...sup, supervisor: false }, { state: 'closed', deadline: null }, '2026-12-06', true)?.code).toBe('FORBIDDEN');
    expect(urgeBlock(sup, { state: 'rectifying', deadline: '2026-12-06' }, '2026-12-06', false)?.message).toBe('只有已逾期且未销号的隐患可以催办');
    expect(urgeBlock(sup, { state: 'rectifying', deadline: '2026-12-05' }, '2026-12-06', true)?.message).toBe('您今天已催办过该隐患，请明天再催办');
  });

  it('counts only this user’s 催办 of that day', () => {
    const e = (action: string, actorId: string, d: string) => ({ action, actorId, day: d });
    expect(urgedOn([e('urge', 'u1', '2026-12-05'), e('plan', 'u1', '2026-12-06'), e('urge', 'u2', '2026-12-06')], 'u1', '2026-12-06')).toBe(false);
    expect(urgedOn([e('urge', 'u1', '2026-12-06')], 'u1', '2026-12-06')).toBe(true);
  });
});
