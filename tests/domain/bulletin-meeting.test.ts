import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedBulletinActions,
  type BulletinParty,
  type BulletinState,
  bulletinActions,
  bulletinBlock,
  bulletinNext,
  bulletinStates,
  isBulletinOverdue,
} from '../../src/domain/bulletin.js';
import { isTaskOverdue, type TaskParty, type TaskState, taskActions, taskBlock, taskNext, taskStates } from '../../src/domain/meeting.js';

const bulletinParties = fc.subarray<BulletinParty>(['unit', 'issuer']).map((p) => new Set(p));
const taskParties = fc.subarray<TaskParty>(['owner', 'organiser']).map((p) => new Set(p));

/** Runs a random walk through a table, taking only the allowed steps; returns the path of states. */
function walk<S, A, P>(start: S, steps: [A, Set<P>][], block: (a: A, s: S, p: Set<P>) => unknown, next: (a: A, s: S) => S) {
  const path = [start];
  let s = start;
  for (const [a, p] of steps) {
    if (block(a, s, p) === null) s = next(a, s);
    path.push(s);
  }
  return path;
}

describe('bulletin workflow', () => {
  it('is acknowledged only by the unit, and followed up, returned, closed or revoked only by the issuer', () => {
    fc.assert(
      fc.property(fc.constantFrom(...bulletinActions), fc.constantFrom(...bulletinStates), bulletinParties, (a, s, p) => {
        const b = bulletinBlock(a, s, p);
        const party: BulletinParty = a === 'acknowledge' ? 'unit' : 'issuer';
        if (!p.has(party)) expect(b?.code).toBe('FORBIDDEN');
        if (b === null) expect(p.has(party)).toBe(true);
      }),
    );
  });

  it('never leaves 已办结 or 已撤销, and reaches 已办结 only through an acknowledgement', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...bulletinActions), bulletinParties), { maxLength: 30 }), (steps) => {
        const path = walk<BulletinState, (typeof bulletinActions)[number], BulletinParty>('issued', steps, bulletinBlock, bulletinNext);
        for (let i = 1; i < path.length; i++) {
          const [prev, cur] = [path[i - 1], path[i]];
          if (prev === 'closed' || prev === 'revoked') expect(cur).toBe(prev);
          if (cur === 'closed' && prev !== 'closed') expect(prev).toBe('acknowledged');
          if (cur === 'acknowledged' && prev === 'issued') expect(steps[i - 1]?.[0]).toBe('acknowledge');
        }
      }),
    );
  });

  it('shows exactly the actions that pass the table', () => {
    expect(allowedBulletinActions('issued', new Set(['unit']))).toEqual(['acknowledge']);
    expect(allowedBulletinActions('issued', new Set(['issuer']))).toEqual(['follow_up', 'revoke']);
    expect(allowedBulletinActions('acknowledged', new Set(['issuer']))).toEqual(['follow_up', 'return', 'close']);
    expect(allowedBulletinActions('closed', new Set(['unit', 'issuer']))).toEqual([]);
    expect(bulletinBlock('close', 'issued', new Set(['issuer']))?.code).toBe('CONFLICT');
  });

  it('is overdue only while unacknowledged past its response date', () => {
    expect(isBulletinOverdue({ state: 'issued', respondBy: '2026-12-01' }, '2026-12-02')).toBe(true);
    expect(isBulletinOverdue({ state: 'issued', respondBy: '2026-12-02' }, '2026-12-02')).toBe(false);
    expect(isBulletinOverdue({ state: 'acknowledged', respondBy: '2026-12-01' }, '2026-12-02')).toBe(false);
    expect(isBulletinOverdue({ state: 'issued', respondBy: null }, '2026-12-02')).toBe(false);
  });
});

describe('meeting task workflow', () => {
  it('is progressed and submitted only by the owner; returned, closed and urged only by the organiser', () => {
    fc.assert(
      fc.property(fc.constantFrom(...taskActions), fc.constantFrom(...taskStates), taskParties, (a, s, p) => {
        const party: TaskParty = a === 'progress' || a === 'submit' ? 'owner' : 'organiser';
        const b = taskBlock(a, s, p);
        if (!p.has(party)) expect(b?.code).toBe('FORBIDDEN');
        else if (b) expect(b.code).toBe('CONFLICT');
      }),
    );
  });

  it('closes only after the owner submitted it, and never reopens', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...taskActions), taskParties), { maxLength: 30 }), (steps) => {
        const path = walk<TaskState, (typeof taskActions)[number], TaskParty>('open', steps, taskBlock, taskNext);
        for (let i = 1; i < path.length; i++) {
          const [prev, cur] = [path[i - 1], path[i]];
          if (prev === 'closed') expect(cur).toBe('closed');
          if (cur === 'closed' && prev !== 'closed') expect(prev).toBe('submitted');
          if (cur === 'submitted' && prev === 'open') expect(steps[i - 1]?.[0]).toBe('submit');
        }
      }),
    );
  });

  it('is overdue past its deadline until closed, a submitted task included', () => {
    fc.assert(
      fc.property(fc.constantFrom(...taskStates), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 28 }), (state, d, t) => {
        const deadline = `2026-12-${String(d).padStart(2, '0')}`;
        const today = `2026-12-${String(t).padStart(2, '0')}`;
        expect(isTaskOverdue({ state, deadline }, today)).toBe(state !== 'closed' && d < t);
      }),
    );
  });
});
