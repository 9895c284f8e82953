import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import { coverageOf, type SchoolFact, schoolMatches } from '../../src/domain/coverage.js';
import { ruleText } from '../../src/domain/duty-rule.js';
import type { Period } from '../../src/domain/periods.js';
import { obligationSchema } from '../../src/domain/policy/pack-schema.js';
import { nextReviewDue } from '../../src/domain/risk.js';
import { type ReviewHistory, reviewFacts, reviewMissed, reviewOnTime } from '../../src/domain/risk-review.js';

/**
 * Risk point reviews as a rolling duty (kind risk_review, count rule on_time): each assessment
 * sets the next review date by its colour; a review on the due day is on time, one day later is
 * missed; the engine judges a school per month on the items due in it and those carried into it.
 */
const reviewDays = { red: 30, orange: 90, yellow: 180, blue: 365 };
type Colour = keyof typeof reviewDays;
const ob = obligationSchema.parse({
  code: 'risk_point_review',
  label: '风险点按期复评',
  kind: 'risk_review',
  countBy: 'on_time',
  period: 'monthly',
  appliesTo: { riskColours: ['red', 'orange'] },
});
const school: SchoolFact = { id: 's1', name: '一小', code: 'S1', parentId: null, schoolType: 'primary', boarding: false, riskColours: ['red'] };
const month = (key: string): Period => {
  const [y, m] = key.split('-').map(Number) as [number, number];
  const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { kind: 'monthly', key, start: `${key}-01`, end, label: key };
};
const months = ['2026-09', '2026-10', '2026-11', '2026-12'].map(month);

/** A point's history: assessments [day, colour] in order, each setting its next review date by colour. */
const history = (steps: [string, Colour][], retiredOn: string | null = null, pointId = 'p1'): ReviewHistory => ({
  pointId,
  schoolId: 's1',
  retiredOn,
  assessments: steps.map(([day, colour]) => ({ assessedOn: day, colour, nextReviewDue: nextReviewDue(day, colour, reviewDays) })),
});
const cells = (points: ReviewHistory[], today: string) =>
  coverageOf({ ob, schools: [school], parents: [], periods: months, facts: reviewFacts(points), inspectors: [], today }).rows[0]?.cells ?? [];
const statuses = (points: ReviewHistory[], today: string) => cells(points, today).map((c) => c.status);

describe('the rolling rule', () => {
  it('a red point assessed on 2026-10-01 is due on 2026-10-31: a review that day is on time, the next is due 30 days later', () => {
    const facts = reviewFacts([
      history([
        ['2026-10-01', 'red'],
        ['2026-10-31', 'red'],
      ]),
    ]);
    expect(facts.map((f) => [f.day, f.reviewedOn])).toEqual([
      ['2026-10-31', '2026-10-31'],
      ['2026-11-30', null],
    ]);
    expect(reviewOnTime(facts[0] as (typeof facts)[number])).toBe(true);
    // October done (its one review on the due day); November open until its day, then missed the day after.
    expect(
      statuses(
        [
          history([
            ['2026-10-01', 'red'],
            ['2026-10-31', 'red'],
          ]),
        ],
        '2026-11-30',
      ),
    ).toEqual(['done', 'done', 'open', 'upcoming']);
    expect(
      statuses(
        [
          history([
            ['2026-10-01', 'red'],
            ['2026-10-31', 'red'],
          ]),
        ],
        '2026-12-01',
      ),
    ).toEqual(['done', 'done', 'overdue', 'overdue']);
  });

  it('one day late is missed: the month it was due is overdue for good', () => {
    const late = history([
      ['2026-10-01', 'red'],
      ['2026-11-01', 'red'],
    ]);
    const [first] = reviewFacts([late]);
    expect(first).toMatchObject({ day: '2026-10-31', reviewedOn: '2026-11-01' });
    expect(reviewOnTime(first as NonNullable<typeof first>)).toBe(false);
    expect(reviewMissed(first as NonNullable<typeof first>, '2026-10-31')).toBe(false);
    expect(reviewMissed(first as NonNullable<typeof first>, '2026-11-01')).toBe(true);
    // Reviewed on November's first day: nothing was unanswered when November began, its next review is 12-01.
    expect(statuses([late], '2026-11-15')).toEqual(['done', 'overdue', 'done', 'upcoming']);
  });

  it('a review still unanswered when a month begins is carried into it, unmet', () => {
    const c = cells(
      [
        history([
          ['2026-10-01', 'red'],
          ['2026-11-02', 'red'],
        ]),
      ],
      '2026-11-15',
    );
    expect(c.map((x) => x.status)).toEqual(['done', 'overdue', 'overdue', 'upcoming']);
    // October: 1 due, 0 on time, dated its day; November: the one carried in, dated the month's first day (the early warning's month).
    expect(c[1]).toMatchObject({ required: 1, done: 0, dueDate: '2026-10-31' });
    expect(c[2]).toMatchObject({ required: 1, done: 0, dueDate: '2026-11-01' });
  });

  it('a point never reviewed keeps every later month overdue until it is', () => {
    expect(statuses([history([['2026-08-20', 'red']])], '2026-12-05')).toEqual(['overdue', 'overdue', 'overdue', 'overdue']);
    // Reviewed on 12-03: December was still past due on its first day, so it stays overdue; the next review is 2027-01-02.
    const reviewed = history([
      ['2026-08-20', 'red'],
      ['2026-12-03', 'red'],
    ]);
    expect(statuses([reviewed], '2026-12-05')).toEqual(['overdue', 'overdue', 'overdue', 'overdue']);
    expect(reviewFacts([reviewed]).at(-1)).toMatchObject({ day: '2027-01-02', reviewedOn: null });
  });

  it('a colour change moves the next due date: red 30 days, blue 365', () => {
    const downgraded = reviewFacts([
      history([
        ['2026-09-01', 'red'],
        ['2026-09-20', 'blue'],
      ]),
    ]);
    expect(downgraded.map((f) => f.day)).toEqual(['2026-10-01', '2027-09-20']);
    const upgraded = reviewFacts([
      history([
        ['2026-09-01', 'blue'],
        ['2026-09-20', 'red'],
      ]),
    ]);
    expect(upgraded.map((f) => f.day)).toEqual(['2027-09-01', '2026-10-20']);
    // The blue point's year-long review is answered early by the red re-assessment; October then holds the red one.
    expect(upgraded[0]).toMatchObject({ reviewedOn: '2026-09-20' });
    expect(
      statuses(
        [
          history([
            ['2026-09-01', 'blue'],
            ['2026-09-20', 'red'],
          ]),
        ],
        '2026-10-21',
      ),
    ).toEqual(['done', 'overdue', 'upcoming', 'upcoming']);
  });

  it('a retired point is no longer due after the day it was retired; two assessments on one day are one', () => {
    expect(reviewFacts([history([['2026-09-01', 'red']], '2026-09-15')])).toEqual([]);
    expect(reviewFacts([history([['2026-09-01', 'red']], '2026-10-01')]).map((f) => f.day)).toEqual(['2026-10-01']);
    const corrected = reviewFacts([
      history([
        ['2026-09-01', 'red'],
        ['2026-09-01', 'orange'],
      ]),
    ]);
    expect(corrected.map((f) => [f.day, f.type])).toEqual([['2026-11-30', 'orange']]);
  });

  it('a month with nothing due is done: nothing was missed', () => {
    expect(statuses([history([['2026-09-10', 'yellow']])], '2026-12-20')).toEqual(['done', 'done', 'done', 'done']);
  });
});

describe('applicability by risk colour', () => {
  it('applies to schools with an active point of one of the colours only', () => {
    expect(schoolMatches(ob, school)).toBe(true);
    expect(schoolMatches(ob, { ...school, riskColours: ['yellow', 'blue'] })).toBe(false);
    expect(schoolMatches(ob, { ...school, riskColours: [] })).toBe(false);
    expect(schoolMatches(ob, { ...school, riskColours: undefined })).toBe(false);
    expect(
      coverageOf({ ob, schools: [{ ...school, riskColours: ['blue'] }], parents: [], periods: months, facts: [], inspectors: [], today: '2026-12-01' }).rows,
    ).toEqual([]);
    const any = obligationSchema.parse({ ...ob, appliesTo: undefined });
    expect(schoolMatches(any, { ...school, riskColours: [] })).toBe(true);
  });

  it('the pack schema ties the kind to its rule, and names the colours', () => {
    const base = { code: 'x', label: 'x', kind: 'risk_review', period: 'monthly' };
    expect(obligationSchema.safeParse(base).success).toBe(false);
    expect(obligationSchema.safeParse({ ...base, countBy: 'on_time', subject: 'district' }).success).toBe(false);
    expect(obligationSchema.safeParse({ code: 'y', label: 'y', kind: 'drill', period: 'monthly', countBy: 'on_time' }).success).toBe(false);
    expect(obligationSchema.safeParse({ ...base, countBy: 'on_time', appliesTo: { riskColours: ['purple'] } }).success).toBe(false);
    expect(obligationSchema.safeParse({ ...base, countBy: 'on_time', appliesTo: { riskColours: [] } }).success).toBe(false);
    expect(ruleText(ob)).toBe('每月风险点复评：每个风险点在复评日期前（含当日）完成复评，复评周期按风险等级');
  });
});

describe('properties of the rolling rule', () => {
  const colour = fc.constantFrom<Colour>('red', 'orange', 'yellow', 'blue');
  const day = (n: number) => addDays('2026-06-01', n);

  it('a review on the due day is on time, one day later is missed, whatever the colour and day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), colour, colour, fc.integer({ min: -5, max: 5 }), (start, c0, c1, shift) => {
        const first = day(start);
        const due = nextReviewDue(first, c0, reviewDays);
        const reviewOn = addDays(due, shift);
        const [f, next] = reviewFacts([
          history([
            [first, c0],
            [reviewOn, c1],
          ]),
        ]);
        expect(f?.day).toBe(due);
        expect(reviewOnTime(f as NonNullable<typeof f>)).toBe(shift <= 0);
        expect(reviewMissed(f as NonNullable<typeof f>, addDays(due, 1))).toBe(shift > 0);
        // The next due date runs from the review by the new colour.
        expect(next?.day).toBe(nextReviewDue(reviewOn, c1, reviewDays));
      }),
    );
  });

  it('a month is done exactly when every review due in it was on time and no point was past its date when it began', () => {
    const step = fc.record({ gap: fc.integer({ min: 1, max: 120 }), colour });
    fc.assert(
      fc.property(
        fc.array(fc.array(step, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 20 }),
        (points, after) => {
          const histories = points.map((steps, k) => {
            let d = '2026-07-01';
            const out: [string, Colour][] = [];
            for (const s of steps) {
              d = addDays(d, s.gap);
              out.push([d, s.colour]);
            }
            return history(out, null, `p${k}`);
          });
          // Every month is over: each is done or overdue, never open.
          const today = addDays('2027-01-01', after);
          const facts = reviewFacts(histories);
          cells(histories, today).forEach((cell, i) => {
            const p = months[i] as Period;
            const due = facts.filter((f) => p.start <= f.day && f.day <= p.end);
            const carried = facts.filter((f) => f.day < p.start && (f.reviewedOn == null || f.reviewedOn > p.start));
            const clean = due.every(reviewOnTime) && carried.length === 0;
            expect(cell.required).toBe(due.length + carried.length);
            expect(cell.status === 'done').toBe(clean);
            expect(cell.status === 'overdue').toBe(!clean);
          });
        },
      ),
    );
  });
});
