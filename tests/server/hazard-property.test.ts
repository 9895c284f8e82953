import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hazardActions } from '../../src/domain/hazard-workflow.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { act, inDays, planBody, registerHazard, uploadPhoto } from '../support/hazard-helpers.js';

/**
 * The property, at the HTTP level against a real database: random sequences of actions
 * by random users never reach 已销号 without a passing verification, never lose history, and
 * never let the school that owns a major hazard verify it itself. Every refusal is a 4xx that
 * changes nothing.
 */
let t: TestApp;
let school = '';
const users: Record<string, Client> = {};
const schoolSide = new Set(['school_officer', 'principal', 'staff']);

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ['school_officer', 'principal', 'staff', 'inspector', 'admin', 'centre_officer', 'dept_officer', 'police']) users[u] = await t.login(u);
  school = await idOfSchool(t.db, 'YJT0101');
});
afterAll(() => t.close());

async function bodyFor(action: string, c: Client, level: 'general' | 'major', market: string): Promise<unknown> {
  switch (action) {
    case 'assess':
      return { level, category: 'fire' };
    case 'plan':
      return planBody({ interimControl: level === 'major' ? '设置围挡' : '' });
    case 'submit':
      return { explanation: '已整改', attachmentIds: [await uploadPhoto(c, school, 'rectification').catch(() => '00000000-0000-4000-8000-000000000000')] };
    case 'verify_pass':
      return { note: '合格' };
    case 'verify_fail':
      return { reason: '不合格' };
    case 'hand_over':
      return { unitId: market, deadline: inDays(9) };
    case 'request_extension':
      return { requestedDeadline: inDays(30), reason: '延期' };
    case 'decide_extension':
      return { approve: level === 'general' };
    case 'list_supervision':
      return { note: '挂牌' };
    default:
      return { reason: '复发' };
  }
}

describe('random action sequences over HTTP', () => {
  it('keep the closed loop, the history and the verification rule', async () => {
    const market = (await users.admin?.get('/api/org-units?kind=department'))?.json().items.find((u: { code: string }) => u.code === 'D-MARKET').id;
    // Half the steps take the natural next action for the current state, so sequences do reach 已销号.
    const step = fc.record({
      user: fc.constantFrom(...Object.keys(users)),
      action: fc.constantFrom(...hazardActions),
      natural: fc.boolean(),
      pass: fc.boolean(),
      level: fc.constantFrom('general' as const, 'major' as const),
    });
    let closedRuns = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 8, maxLength: 20 }), async (steps) => {
        const admin = users.admin as Client;
        const h = await registerHazard(users.school_officer as Client, school);
        let expectedEvents = 1;
        for (const s of steps) {
          const c = users[s.user] as Client;
          const before = (await admin.get(`/api/hazards/${h.id}`)).json();
          const next: Record<string, string> = {
            reported: 'assess',
            assessed: 'plan',
            rectifying: 'submit',
            pending_verification: s.pass ? 'verify_pass' : 'verify_fail',
            closed: 'reopen',
          };
          const action = s.natural ? (next[before.hazard.state] as string) : s.action;
          const res = await act(c, h.id, action, await bodyFor(action, c, s.level, market));
          expect(res.statusCode, res.body).toBeLessThan(500);
          const after = (await admin.get(`/api/hazards/${h.id}`)).json();
          if (res.statusCode === 200) {
            expectedEvents += 1;
            if (after.hazard.state === 'closed' && before.hazard.state !== 'closed') {
              closedRuns += 1;
              expect(action).toBe('verify_pass');
              expect(before.hazard.state).toBe('pending_verification');
              if (before.hazard.level === 'major') expect(schoolSide.has(s.user)).toBe(false);
            }
          } else {
            expect(after.hazard.version).toBe(before.hazard.version);
          }
          expect(after.timeline).toHaveLength(expectedEvents);
          expect(after.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
        }
      }),
      {
        numRuns: 15,
        // One run is the plain closed loop by the right hands, so the check below never rests on
        // chance alone (15 random runs reach 已销号 nearly always, not always).
        examples: [
          [
            [
              { user: 'admin', action: 'assess', natural: true, pass: true, level: 'general' },
              { user: 'school_officer', action: 'plan', natural: true, pass: true, level: 'general' },
              { user: 'school_officer', action: 'submit', natural: true, pass: true, level: 'general' },
              { user: 'admin', action: 'verify_pass', natural: true, pass: true, level: 'general' },
            ],
          ],
        ],
      },
    );
    // A property that never reaches the state it is about proves nothing.
    expect(closedRuns).toBeGreaterThan(0);
  }, 240_000);
});
