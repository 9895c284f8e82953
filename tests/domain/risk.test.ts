import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRiskFile, defaultRiskPolicy, riskFileSchema } from '../../src/domain/policy/risk-schema.js';
import {
  alertSchoolState,
  assess,
  assessmentSchema,
  colourOf,
  colourRank,
  fullMonthsBefore,
  lecC,
  lecE,
  lecL,
  monthlyCounts,
  nextReviewDue,
  type RiskThresholds,
  risesFor,
  riskScore,
} from '../../src/domain/risk.js';

/** RULES.md YH-04: LS variant (a) and the LEC grading table, as in the national pack. */
const t: RiskThresholds = { ls: { red: 20, orange: 9, yellow: 4 }, lec: { red: 320, orange: 160, yellow: 70 } };

describe('LS risk matrix (R = L×S)', () => {
  it.each([
    [5, 5, 25, 'red'],
    [4, 5, 20, 'red'],
    [4, 4, 16, 'orange'],
    [3, 3, 9, 'orange'],
    [2, 4, 8, 'yellow'],
    [2, 2, 4, 'yellow'],
    [1, 3, 3, 'blue'],
    [1, 1, 1, 'blue'],
  ] as const)('L=%d S=%d → %d %s', (l, s, score, colour) => {
    expect(assess({ method: 'ls', l, s }, t)).toEqual({ score, colour });
  });

  it('variant (b) thresholds move 9 to yellow and keep 10 orange', () => {
    const b = { ...t, ls: { red: 20, orange: 10, yellow: 4 } };
    expect(assess({ method: 'ls', l: 3, s: 3 }, b).colour).toBe('yellow');
    expect(assess({ method: 'ls', l: 2, s: 5 }, b).colour).toBe('orange');
  });

  it('refuses values outside 1..5', () => {
    expect(assessmentSchema.safeParse({ method: 'ls', l: 6, s: 1 }).success).toBe(false);
    expect(assessmentSchema.safeParse({ method: 'ls', l: 2.5, s: 1 }).success).toBe(false);
    expect(assessmentSchema.safeParse({ method: 'ls', l: 1, s: 1, e: 3 }).success).toBe(false);
  });
});

describe('LEC (D = L×E×C)', () => {
  it.each([
    [10, 10, 100, 10000, 'red'],
    [6, 6, 15, 540, 'red'],
    [3, 6, 15, 270, 'orange'],
    [10, 1, 40, 400, 'red'],
    [6, 3, 7, 126, 'yellow'],
    [10, 1, 7, 70, 'yellow'],
    [1, 6, 7, 42, 'blue'],
    [0.1, 0.5, 1, 0.05, 'blue'],
    [0.2, 3, 7, 4.2, 'blue'],
  ] as const)('L=%d E=%d C=%d → %d %s', (l, e, c, score, colour) => {
    expect(assess({ method: 'lec', l, e, c }, t)).toEqual({ score, colour });
  });

  it('refuses a value not in the tables', () => {
    expect(assessmentSchema.safeParse({ method: 'lec', l: 5, e: 6, c: 15 }).success).toBe(false);
    expect(assessmentSchema.safeParse({ method: 'lec', l: 6, e: 6 }).success).toBe(false);
  });

  it('a higher factor never lowers the colour (property over every table value)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...lecL), fc.constantFrom(...lecE), fc.constantFrom(...lecC), fc.constantFrom(...lecC), (l, e, c1, c2) => {
        const a = assess({ method: 'lec', l, e, c: Math.min(c1, c2) }, t);
        const b = assess({ method: 'lec', l, e, c: Math.max(c1, c2) }, t);
        expect(colourRank[b.colour]).toBeGreaterThanOrEqual(colourRank[a.colour]);
        expect(riskScore({ method: 'lec', l, e, c: c1 })).toBeCloseTo(l * e * c1, 6);
      }),
    );
  });
});

describe('colours, reviews, alerts, early warning', () => {
  it('thresholds are inclusive minimums', () => {
    expect(colourOf(20, t.ls)).toBe('red');
    expect(colourOf(19.99, t.ls)).toBe('orange');
    expect(colourOf(3.99, t.ls)).toBe('blue');
  });

  it('the next review is the pack days of the colour after the assessment', () => {
    expect(nextReviewDue('2026-12-01', 'red', { red: 30, orange: 90, yellow: 180, blue: 365 })).toBe('2026-12-31');
    expect(nextReviewDue('2026-12-01', 'blue', { red: 30, orange: 90, yellow: 180, blue: 365 })).toBe('2027-12-01');
  });

  it('an alert is late, overdue, pending or acknowledged', () => {
    expect(alertSchoolState({ acknowledgedOn: '2026-12-05', deadline: '2026-12-05' }, '2026-12-09')).toBe('acknowledged');
    expect(alertSchoolState({ acknowledgedOn: '2026-12-06', deadline: '2026-12-05' }, '2026-12-09')).toBe('late');
    expect(alertSchoolState({ acknowledgedOn: null, deadline: '2026-12-05' }, '2026-12-05')).toBe('pending');
    expect(alertSchoolState({ acknowledgedOn: null, deadline: '2026-12-05' }, '2026-12-06')).toBe('overdue');
  });

  it('rises for N periods only on N strict increases in a row', () => {
    expect(risesFor([0, 1, 2, 3], 3)).toBe(true);
    expect(risesFor([5, 1, 2, 3], 2)).toBe(true);
    expect(risesFor([5, 1, 2, 3], 3)).toBe(false);
    expect(risesFor([1, 2, 2, 3], 3)).toBe(false);
    expect(risesFor([1, 2], 2)).toBe(false);
  });

  it('missed duties early warning: full months before today, counted per school and month, rising for N', () => {
    const months = fullMonthsBefore('2027-02-10', 4);
    expect(months.map((m) => [m.key, m.start, m.end, m.label])).toEqual([
      ['2026-10', '2026-10-01', '2026-10-31', '2026年10月'],
      ['2026-11', '2026-11-01', '2026-11-30', '2026年11月'],
      ['2026-12', '2026-12-01', '2026-12-31', '2026年12月'],
      ['2027-01', '2027-01-01', '2027-01-31', '2027年1月'],
    ]);
    expect(fullMonthsBefore('2028-03-01', 1)[0]).toMatchObject({ start: '2028-02-01', end: '2028-02-29' });
    const at = (subjectId: string, days: string[]) => days.map((day) => ({ subjectId, day }));
    const series = monthlyCounts(
      [
        // rising: 0, 1, 2, 3
        ...at('up', ['2026-11-30', '2026-12-01', '2026-12-31', '2027-01-05', '2027-01-06', '2027-01-31']),
        // a tie: 1, 2, 2, 3
        ...at('tie', ['2026-10-15', '2026-11-01', '2026-11-02', '2026-12-03', '2026-12-04', '2027-01-01', '2027-01-02', '2027-01-03']),
        // falling at the end: 1, 2, 3, 1; rows outside the months are not counted
        ...at('down', ['2026-10-01', '2026-11-01', '2026-11-02', '2026-12-01', '2026-12-02', '2026-12-03', '2027-01-10', '2026-09-30', '2027-02-01']),
      ],
      months,
    );
    expect(Object.fromEntries(series)).toEqual({ up: [0, 1, 2, 3], tie: [1, 2, 2, 3], down: [1, 2, 3, 1] });
    const flagged = (n: number) => [...series].filter(([, s]) => risesFor(s, n)).map(([id]) => id);
    expect(flagged(3)).toEqual(['up']);
    // A tie inside the window read stops the flag; over one period it is outside (2 → 3), the fall still stops 'down'.
    expect(flagged(2)).toEqual(['up']);
    expect(flagged(1)).toEqual(['up', 'tie']);
    expect(flagged(4)).toEqual([]);
  });

  it('a district pack replaces thresholds and overlays sources by code', () => {
    const f = riskFileSchema.parse({
      ls: { red: 20, orange: 10, yellow: 4 },
      sources: [{ code: 'near_water', label: '临水（河道）' }],
      retireSources: ['trees'],
    });
    const base = {
      ...defaultRiskPolicy(),
      sources: [
        { code: 'near_water', label: '临水', source: '' },
        { code: 'trees', label: '树木', source: '' },
      ],
    };
    const r = applyRiskFile(base, f);
    expect(r.ls.orange).toBe(10);
    expect(r.lec.red).toBe(320);
    expect(r.sources.map((s) => s.label)).toEqual(['临水（河道）']);
    expect(riskFileSchema.safeParse({ ls: { red: 5, orange: 9, yellow: 4 } }).success).toBe(false);
  });
});
