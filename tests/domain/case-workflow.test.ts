import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  availableCaseActions,
  type CaseAction,
  type CaseSnapshot,
  type CaseStanding,
  caseActions,
  decideCase,
  nextSnapshot,
} from '../../src/domain/case-workflow.js';
import { type CaseParty, type CaseStep, type CaseTypeDef, caseParties, caseSteps } from '../../src/domain/policy/cases-schema.js';
import { resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import { defaultPolicyDir, readPackFolders } from '../../src/server/policy/policy.registry.js';

/**
 * The case transition table, exhaustively for every case type of both packs (national and
 * yunjiang), every step, every action and every standing (2^6 combinations), against the rules
 * written out here a second time; then a property test over random action sequences.
 */
const { packs } = resolvePacks(readPackFolders(defaultPolicyDir));
const types: { pack: string; t: CaseTypeDef }[] = [...packs.values()].flatMap((p) => p.cases.types.map((t) => ({ pack: p.id, t })));

const flags = [...caseParties, 'pendingAcknowledgement'] as const;
const allStandings: CaseStanding[] = Array.from({ length: 64 }, (_, n) => Object.fromEntries(flags.map((f, i) => [f, Boolean(n & (1 << i))])) as CaseStanding);
const snapshots = (t: CaseTypeDef): CaseSnapshot[] =>
  caseSteps.flatMap((state) =>
    [false, true].flatMap((assigned) =>
      [false, true].flatMap((replied) =>
        [0, 1, 2].flatMap((extensions) => [0, 1, 2].map((reviewRound) => ({ state, incident: t.incident, assigned, replied, extensions, reviewRound }))),
      ),
    ),
  );

/** The expected table, written independently of src/domain/case-workflow.ts. */
const open: CaseStep[] = ['registered', 'assigned', 'handling', 'supervising', 'feedback', 'replied'];
const expected: Record<CaseAction, { from: CaseStep[] | 'any'; parties: CaseParty[] }> = {
  assign: { from: ['registered'], parties: ['owner', 'district'] },
  accept: { from: ['assigned'], parties: ['assignee'] },
  return: { from: ['assigned', 'handling'], parties: ['assignee'] },
  submit: { from: ['handling'], parties: ['assignee'] },
  approve: { from: ['supervising'], parties: ['owner', 'supervisor', 'district'] },
  send_back: { from: ['supervising'], parties: ['owner', 'supervisor', 'district'] },
  reply: { from: ['feedback'], parties: ['owner', 'assignee', 'district'] },
  archive: { from: ['feedback', 'replied'], parties: ['owner', 'district'] },
  extend: { from: ['assigned', 'handling'], parties: ['owner', 'district'] },
  reopen: { from: ['archived'], parties: ['owner', 'district'] },
  acknowledge: { from: 'any', parties: [] },
  note: { from: open, parties: ['owner', 'assignee', 'supervisor', 'district', 'reporter'] },
  correct_level: { from: open, parties: ['district'] },
  record_report: { from: open, parties: ['owner', 'assignee', 'district', 'reporter'] },
  update_incident: { from: open, parties: ['owner', 'assignee', 'district', 'reporter'] },
  raise_hazard: { from: open, parties: ['owner', 'assignee', 'supervisor', 'district'] },
  mark_concealed: { from: 'any', parties: ['district'] },
};

function expectedGuard(t: CaseTypeDef, c: CaseSnapshot, a: CaseAction): boolean {
  switch (a) {
    case 'return':
      return t.returnAllowed;
    case 'reply':
      return t.requiresReply;
    case 'archive':
      return !t.requiresReply || c.replied;
    case 'extend':
      return !!t.extension && c.extensions < t.extension.max;
    case 'reopen':
      return t.reviews > 0 && c.reviewRound < t.reviews && c.assigned;
    case 'correct_level':
    case 'record_report':
    case 'update_incident':
    case 'raise_hazard':
    case 'mark_concealed':
      return c.incident;
    default:
      return true;
  }
}

const expectedTo = (t: CaseTypeDef, c: CaseSnapshot, a: CaseAction): CaseStep =>
  (
    ({
      assign: 'assigned',
      accept: 'handling',
      return: 'registered',
      submit: t.supervisionStep ? 'supervising' : 'feedback',
      approve: 'feedback',
      send_back: 'handling',
      reply: 'replied',
      archive: 'archived',
      reopen: 'handling',
    }) as Partial<Record<CaseAction, CaseStep>>
  )[a] ?? c.state;

describe('case transition table, exhaustively', () => {
  it('has the eight case types of issue 12 in the national pack, with the petition flow of seed 004', () => {
    const national = packs.get('national');
    expect(national?.cases.types.map((t) => t.label)).toEqual([
      '信访',
      '矛盾纠纷',
      '群众举报',
      '学生欺凌',
      '扫黑除恶线索',
      '扬言报复/涉校风险',
      '安全事故',
      '突发事件',
    ]);
    const petition = national?.cases.types.find((t) => t.code === 'petition');
    expect(petition).toMatchObject({ requiresReply: true, reviews: 2, extension: { amount: 30, unit: 'days', max: 1 } });
    expect(petition?.limits.handling).toEqual({ amount: 60, unit: 'days' });
    expect(packs.get('yunjiang')?.cases.types.find((t) => t.code === 'petition')?.limits.assigned).toEqual({ amount: 2, unit: 'working_days' });
  });

  for (const { pack, t } of types) {
    it(`${pack} ${t.label}: every step × action × standing decides as the table says`, () => {
      let allowed = 0;
      const wrong: string[] = [];
      for (const c of snapshots(t))
        for (const a of caseActions)
          for (const s of allStandings) {
            const d = decideCase(t, c, a, s);
            const e = expected[a];
            const parties = t.who[a] ?? e.parties;
            const fromOk = e.from === 'any' || e.from.includes(c.state);
            const partyOk = a === 'acknowledge' ? s.pendingAcknowledgement : parties.some((p) => s[p]);
            const want = !fromOk ? 'CONFLICT' : !partyOk ? 'FORBIDDEN' : !expectedGuard(t, c, a) ? 'CONFLICT' : `ok:${expectedTo(t, c, a)}`;
            const got = d.ok ? `ok:${d.to}` : d.code;
            if (d.ok) allowed++;
            else if (!/[\u4e00-\u9fa5]/.test(d.message)) wrong.push(`${a} ${c.state}: message not Chinese`);
            if (want !== got && wrong.length < 20) wrong.push(`${a} from ${JSON.stringify(c)} by ${JSON.stringify(s)}: want ${want}, got ${got}`);
          }
      expect(wrong).toEqual([]);
      expect(allowed).toBeGreaterThan(0);
    });
  }

  it('availableCaseActions lists exactly the actions decideCase accepts', () => {
    for (const { t } of types.slice(0, 3))
      for (const c of snapshots(t).slice(0, 40))
        for (const s of allStandings) expect(availableCaseActions(t, c, s)).toEqual(caseActions.filter((a) => decideCase(t, c, a, s).ok));
  });
});

describe('case workflow, property', () => {
  const everyone: CaseStanding = { owner: true, assignee: true, supervisor: true, district: true, reporter: true, pendingAcknowledgement: true };
  const arbStanding = fc.record({
    owner: fc.boolean(),
    assignee: fc.boolean(),
    supervisor: fc.boolean(),
    district: fc.boolean(),
    reporter: fc.boolean(),
    pendingAcknowledgement: fc.boolean(),
  });

  it('no case reaches 归档 without a reply where its type requires one; the history only grows; counters stay within the type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.array(fc.tuple(fc.constantFrom(...caseActions), fc.oneof(arbStanding, fc.constant(everyone))), { maxLength: 60 }),
        ({ t }, steps) => {
          let c: CaseSnapshot = { state: 'registered', incident: t.incident, assigned: false, replied: false, extensions: 0, reviewRound: 0 };
          const history: string[] = [];
          for (const [a, s] of steps) {
            const before = [...history];
            const d = decideCase(t, c, a, s);
            if (!d.ok) continue;
            history.push(`${a}:${c.state}->${d.to}`);
            expect(history.slice(0, before.length)).toEqual(before);
            c = nextSnapshot(c, a, d.to);
            if (c.state === 'archived' && t.requiresReply) expect(c.replied).toBe(true);
            expect(c.extensions).toBeLessThanOrEqual(t.extension?.max ?? 0);
            expect(c.reviewRound).toBeLessThanOrEqual(t.reviews);
            if (c.state === 'handling' || c.state === 'supervising') expect(c.assigned).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a case with everyone acting can always be brought to 归档 (the flow has no dead end)', () => {
    for (const { t } of types) {
      let c: CaseSnapshot = { state: 'registered', incident: t.incident, assigned: false, replied: false, extensions: 0, reviewRound: 0 };
      for (const a of ['assign', 'accept', 'submit', 'approve', 'reply', 'archive'] as const) {
        const d = decideCase(t, c, a, everyone);
        if (!d.ok) continue;
        c = nextSnapshot(c, a, d.to);
      }
      expect(c.state, t.code).toBe('archived');
    }
  });
});
