import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hazardLevels, hazardStates } from '../../src/domain/hazard.js';
import { availableActions, decide, type HazardSnapshot, hazardActions, hazardTransitions, isOverdue, type Standing } from '../../src/domain/hazard-workflow.js';

const flags = ['schoolManager', 'principal', 'responsible', 'supervisor', 'dispatcher', 'district'] as const;
/** Every combination of the six standing flags (64), the principal implying a school manager. */
const allStandings: Standing[] = Array.from({ length: 64 }, (_, n) => Object.fromEntries(flags.map((f, i) => [f, Boolean(n & (1 << i))])) as Standing).filter(
  (s) => !s.principal || s.schoolManager,
);
const allSnapshots: HazardSnapshot[] = hazardStates.flatMap((state) =>
  [...hazardLevels, null].flatMap((level) =>
    [false, true].flatMap((supervisionListed) =>
      [false, true].map((extensionPending) => ({ state, level, deadline: '2026-12-01', supervisionListed, extensionPending, handedOver: false })),
    ),
  ),
);

describe('hazard transition table, exhaustively', () => {
  it('refuses every action from a state it does not start from, as a conflict', () => {
    for (const h of allSnapshots)
      for (const a of hazardActions)
        for (const s of allStandings) {
          const d = decide(h, a, s);
          if (!hazardTransitions[a].from.includes(h.state)) expect(d).toMatchObject({ ok: false, code: 'CONFLICT' });
        }
  });

  it('reaches 已销号 only by a passing verification from 待验收', () => {
    for (const h of allSnapshots)
      for (const a of hazardActions)
        for (const s of allStandings) {
          const d = decide(h, a, s);
          if (d.ok && d.to === 'closed' && h.state !== 'closed') {
            expect(a).toBe('verify_pass');
            expect(h.state).toBe('pending_verification');
          }
        }
  });

  it('never lets the school verify its own major hazard, nor the rectifying side verify its own work', () => {
    for (const h of allSnapshots.filter((x) => x.state === 'pending_verification'))
      for (const s of allStandings)
        for (const a of ['verify_pass', 'verify_fail'] as const) {
          const d = decide(h, a, s);
          if (h.level === 'major' && (s.schoolManager || s.responsible)) expect(d.ok).toBe(false);
          if (d.ok && s.responsible) expect(s.principal && h.level !== 'major').toBe(true);
        }
  });

  it('lets a principal sign off the school’s own general hazard', () => {
    const h = { ...(allSnapshots[0] as HazardSnapshot), state: 'pending_verification' as const, level: 'general' as const };
    const principal = { schoolManager: true, principal: true, responsible: true, supervisor: false, dispatcher: false, district: false };
    expect(decide(h, 'verify_pass', principal)).toEqual({ ok: true, to: 'closed' });
    expect(decide({ ...h, level: 'major' }, 'verify_pass', principal).ok).toBe(false);
  });

  it('gives a user without standing nothing to do', () => {
    const nobody = Object.fromEntries(flags.map((f) => [f, false])) as Standing;
    for (const h of allSnapshots) expect(availableActions(h, nobody)).toEqual([]);
  });

  it('keeps extension decisions away from the side that asked, and one request at a time', () => {
    for (const h of allSnapshots.filter((x) => x.state === 'rectifying'))
      for (const s of allStandings) {
        if (s.responsible) expect(decide(h, 'decide_extension', s).ok).toBe(false);
        if (h.extensionPending) expect(decide(h, 'request_extension', s).ok).toBe(false);
        if (!h.extensionPending) expect(decide(h, 'decide_extension', s).ok).toBe(false);
      }
  });

  it('lists only open major hazards for supervision, by the district only, once', () => {
    for (const h of allSnapshots)
      for (const s of allStandings) {
        const d = decide(h, 'list_supervision', s);
        if (d.ok) expect([h.level, h.state !== 'closed', h.supervisionListed, s.district]).toEqual(['major', true, false, true]);
      }
  });

  it('offers exactly the actions decide allows', () => {
    for (const h of allSnapshots) for (const s of allStandings) expect(availableActions(h, s)).toEqual(hazardActions.filter((a) => decide(h, a, s).ok));
  });
});

describe('random sequences of actions by random users', () => {
  it('never close without a passing verification, never lose history, never let the owner school verify a major hazard', () => {
    const step = fc.record({ action: fc.constantFrom(...hazardActions), standing: fc.constantFrom(...allStandings), level: fc.constantFrom(...hazardLevels) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let h: HazardSnapshot = { state: 'reported', level: null, deadline: null, supervisionListed: false, extensionPending: false, handedOver: false };
        const history: string[] = [];
        for (const { action, standing, level } of steps) {
          const d = decide(h, action, standing);
          if (!d.ok || d.to === 'new_hazard') continue;
          if (d.to === 'closed') {
            expect(action).toBe('verify_pass');
            expect(h.state).toBe('pending_verification');
            if (h.level === 'major') expect(standing.schoolManager).toBe(false);
          }
          history.push(action);
          h = {
            ...h,
            state: d.to,
            ...(action === 'assess' && { level }),
            ...(action === 'plan' && { deadline: '2026-12-31' }),
            ...(action === 'request_extension' && { extensionPending: true }),
            ...(action === 'decide_extension' && { extensionPending: false }),
            ...(action === 'list_supervision' && { supervisionListed: true }),
            ...(action === 'verify_pass' && { supervisionListed: false }),
          };
        }
        expect(history.length).toBeLessThanOrEqual(steps.length);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('overdue', () => {
  it('is past the deadline by Shanghai calendar day and not closed', () => {
    expect(isOverdue({ state: 'rectifying', deadline: '2026-11-21' }, '2026-11-22')).toBe(true);
    expect(isOverdue({ state: 'rectifying', deadline: '2026-11-22' }, '2026-11-22')).toBe(false);
    expect(isOverdue({ state: 'closed', deadline: '2026-01-01' }, '2026-11-22')).toBe(false);
    expect(isOverdue({ state: 'reported', deadline: null }, '2026-11-22')).toBe(false);
  });
});
