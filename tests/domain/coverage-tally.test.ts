import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import { amountOf, type CellStatus, countsFor, coverageOf, districtCells, type SchoolFact, tallyFacts, tallySplit } from '../../src/domain/coverage.js';
import type { DutyFact, DutyKind } from '../../src/domain/duty.js';
import { type DutyCalendar, type Period, rulePeriodsBetween } from '../../src/domain/periods.js';
import { type InspectionLevel, type ObligationDef, obligationSchema } from '../../src/domain/policy/pack-schema.js';

/**
 * The tally path (domain/coverage.ts: tallyFacts, or a duty source's SQL tallies, judged by
 * amountOfTallies) against the fact-by-fact evaluation it replaced: for random facts and every
 * count rule (records, inspections, days, hours, schools), every split (per school, per class, per
 * type) and with or without minShare and occasions, each cell's done, status, last day and levels
 * are what filtering the subject's facts of the period with countsFor and amountOf gives.
 */
const cal: DutyCalendar = {
  semesters: [
    { code: 'autumn', label: '秋季学期', start: '09-01', end: '01-31', classesStart: '09-01', classesEnd: '01-20' },
    { code: 'spring', label: '春季学期', start: '02-01', end: '08-31', classesStart: '02-24', classesEnd: '07-05' },
  ],
  holidays: [{ name: '国庆节', start: '2026-10-01', end: '2026-10-07' }],
};
const subject = (id: string, extra: Partial<SchoolFact> = {}): SchoolFact => ({
  id,
  name: id,
  code: id,
  parentId: null,
  schoolType: 'primary',
  boarding: false,
  ...extra,
});
const schools = [subject('s1'), subject('s2'), subject('s3', { since: '2026-10-01' })];
const departments = [subject('d1', { unitKind: 'department', departmentType: 'health' }), subject('d2', { unitKind: 'department', departmentType: 'health' })];

const kinds: DutyKind[] = ['inspection', 'drill', 'education', 'training', 'letter', 'document', 'patrol', 'roster'];
const levels: InspectionLevel[] = ['school_self', 'centre', 'inspector', 'joint'];
const anyFact = fc.record({
  kind: fc.constantFrom(...kinds),
  subjectId: fc.constantFrom('s1', 's2', 's3', 'd1', 'd2', 'x'),
  schoolId: fc.option(fc.constantFrom('s1', 's2', 's3', 's4'), { nil: null }),
  day: fc.integer({ min: 0, max: 130 }).map((n) => addDays('2026-08-25', n)),
  type: fc.constantFrom('fire', 'traffic', 'principal', 'guard', 'canteen'),
  level: fc.option(fc.constantFrom(...levels), { nil: undefined }),
  hours: fc.option(fc.constantFrom(0.5, 1, 1.5, 2), { nil: undefined }),
  audience: fc.option(fc.constantFrom('school', 'class:1-1', 'class:1-2', 'class:3-1', 'grade:1', 'grade:2', 'grade:3'), { nil: undefined }),
  occasion: fc.option(fc.constantFrom('first_lesson', 'pre_holiday'), { nil: undefined }),
  participants: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  base: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  actorIds: fc.subarray(['u1', 'u2']),
});
type RawFact = Parameters<Parameters<typeof anyFact.map>[0]>[0];
const toFact = (x: RawFact, i: number): DutyFact => {
  const fact: DutyFact = { id: `r${i}`, kind: x.kind, subjectId: x.subjectId, schoolId: x.schoolId, day: x.day, type: x.type, actorIds: x.actorIds };
  if (x.level !== undefined) fact.level = x.level;
  if (x.hours !== undefined) fact.hours = x.hours;
  if (x.audience !== undefined) fact.audience = x.audience;
  if (x.occasion !== undefined) fact.occasion = x.occasion;
  if (x.participants !== undefined) fact.participants = x.participants;
  if (x.base !== undefined) fact.base = x.base;
  return fact;
};

const periodKinds = ['daily', 'weekly', 'monthly', 'quarterly', 'semester'] as const;
const share = fc.option(fc.constantFrom(0.5, 0.9, 1), { nil: undefined });
const types = fc.constantFrom([], ['fire'], ['principal', 'guard'], ['fire', 'traffic', 'canteen']);
const anyOb = fc.oneof(
  // records / inspections / days: any kind, per school or per type, with or without a share taking part.
  fc.record({
    kind: fc.constantFrom(...kinds),
    countBy: fc.constantFrom('records', 'inspections', 'days'),
    per: fc.constantFrom('school', 'type'),
    types,
    levels: fc.constantFrom(['centre'], ['school_self', 'centre', 'joint']),
    count: fc.integer({ min: 1, max: 3 }),
    period: fc.constantFrom(...periodKinds),
    minShare: share,
  }),
  // class hours, for the school, per class or per type.
  fc.record({
    kind: fc.constantFrom('education', 'training'),
    countBy: fc.constant('hours'),
    per: fc.constantFrom('school', 'class', 'type'),
    types,
    count: fc.constantFrom(0.5, 2, 4),
    period: fc.constantFrom(...periodKinds),
    minShare: share,
  }),
  // an occasion in a dated window.
  fc.record({
    kind: fc.constant('education'),
    occasions: fc.constant(['first_lesson']),
    period: fc.constant('window'),
    window: fc.constant({ anchor: 'semester_start', when: 'after', days: 7 }),
    countBy: fc.constantFrom('records', 'days'),
  }),
  // schools reached by a department.
  fc.record({
    kind: fc.constantFrom('education', 'training', 'inspection'),
    countBy: fc.constant('schools'),
    subject: fc.constant('department'),
    departmentType: fc.constant('health'),
    levels: fc.constant(['centre', 'joint']),
    types,
    period: fc.constantFrom('monthly', 'semester'),
    minShare: share,
  }),
);
const obOf = (x: Record<string, unknown>): ObligationDef => {
  const clean = Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined));
  if (clean.per === 'type' && (clean.types as string[]).length === 0) clean.per = 'school';
  if (clean.kind !== 'inspection') delete clean.levels;
  return obligationSchema.parse({ code: 'x', label: '义务', ...clean });
};

/** The evaluation the tally path replaced: the subject's facts of the period that count, then amountOf. */
function reference(ob: ObligationDef, p: Period, facts: readonly DutyFact[], today: string, since: string | undefined, schoolsToReach?: number) {
  const counted = facts.filter((f) => countsFor(ob, f) && p.start <= f.day && f.day <= p.end);
  const lv: InspectionLevel[] = [];
  let lastDay: string | null = null;
  for (const f of counted) {
    if (f.level !== undefined && !lv.includes(f.level)) lv.push(f.level);
    if (lastDay === null || f.day > lastDay) lastDay = f.day;
  }
  const done = amountOf(ob, counted);
  const required = ob.countBy === 'schools' ? (schoolsToReach ?? ob.count) : ob.count;
  const dueDate = addDays(p.end, ob.graceDays);
  const status: CellStatus =
    done >= required ? 'done' : since !== undefined && p.end < since ? 'none' : p.start > today ? 'upcoming' : today > dueDate ? 'overdue' : 'open';
  return { periodKey: p.key, required, done, status, dueDate, lastDay, levels: lv };
}

/** Levels keep their order of first appearance; split per type, in the order of the types' rows. */
const levelsOf = (ob: ObligationDef, l: readonly InspectionLevel[]) => (tallySplit(ob) === 'type' ? [...l].sort() : [...l]);

describe('the tally path equals the fact-by-fact evaluation', () => {
  it('for every count rule, split, share and occasion, on random facts', () => {
    fc.assert(
      fc.property(anyOb, fc.array(anyFact, { maxLength: 60 }), fc.integer({ min: 0, max: 140 }), (over, raw, todayN) => {
        const ob = obOf(over);
        const facts = raw.map(toFact);
        const today = addDays('2026-08-25', todayN);
        const periods = rulePeriodsBetween(ob, '2026-09-01', '2026-12-31', cal).slice(0, 40);
        const subjects = ob.subject === 'department' ? departments : schools;
        const schoolsToReach = ob.countBy === 'schools' ? 3 : undefined;
        const input = { ob, schools: subjects, parents: [], periods, inspectors: [], today, ...(schoolsToReach !== undefined && { schoolsToReach }) };
        const fromFacts = coverageOf({ ...input, facts });
        const fromTallies = coverageOf({ ...input, tallies: tallyFacts(ob, facts, periods) });
        expect(fromTallies).toEqual(fromFacts);
        for (const row of fromFacts.rows) {
          const own = facts.filter((f) => f.subjectId === row.school.id);
          row.cells.forEach((cell, i) => {
            const want = reference(ob, periods[i] as Period, own, today, row.school.since, schoolsToReach);
            expect({ ...cell, levels: levelsOf(ob, cell.levels) }).toEqual({ ...want, levels: levelsOf(ob, want.levels) });
          });
        }
        // The district's own cells: every fact under one subject.
        const district = districtCells(ob, periods, facts, today);
        district.forEach((cell, i) => {
          const want = reference(ob, periods[i] as Period, facts, today, undefined);
          expect({ ...cell, levels: levelsOf(ob, cell.levels) }).toEqual({ ...want, levels: levelsOf(ob, want.levels) });
        });
      }),
      { numRuns: 250 },
    );
  });

  it('gives an inspector the cells of the facts they took part in', () => {
    const ob = obOf({ kind: 'inspection', levels: ['inspector'], period: 'monthly' });
    const periods = rulePeriodsBetween(ob, '2026-09-01', '2026-10-31', cal);
    const facts: DutyFact[] = [
      { id: 'a', kind: 'inspection', subjectId: 's1', schoolId: 's1', day: '2026-09-03', type: 't', level: 'inspector', actorIds: ['u1'] },
      { id: 'b', kind: 'inspection', subjectId: 's2', schoolId: 's2', day: '2026-10-03', type: 't', level: 'inspector', actorIds: ['u2'] },
    ];
    const cov = coverageOf({
      ob,
      schools,
      parents: [],
      periods,
      facts,
      inspectors: [{ userId: 'u1', name: '甲', schoolIds: ['s1', 's2'] }],
      today: '2026-12-01',
    });
    expect(cov.byInspector[0]?.cells.map((c) => c.done)).toEqual([1, 0]);
    // With tallies alone there are no inspectors' rates (the service loads facts for them).
    const tallied = coverageOf({
      ob,
      schools,
      parents: [],
      periods,
      tallies: tallyFacts(ob, facts, periods),
      inspectors: [{ userId: 'u1', name: '甲', schoolIds: ['s1'] }],
      today: '2026-12-01',
    });
    expect(tallied.byInspector).toEqual([]);
    expect(tallied.rows).toEqual(cov.rows);
  });

  it('grids a daily duty over a whole month: 31 periods', () => {
    const ob = obOf({ kind: 'patrol', types: ['key_places'], period: 'daily', count: 5 });
    const periods = rulePeriodsBetween(ob, '2026-12-01', '2026-12-31', cal);
    expect(periods).toHaveLength(31);
    const facts: DutyFact[] = Array.from({ length: 5 }, (_, i) => ({
      id: `p${i}`,
      kind: 'patrol' as const,
      subjectId: 's1',
      schoolId: 's1',
      day: '2026-12-31',
      type: 'key_places',
      actorIds: [],
    }));
    const cov = coverageOf({ ob, schools, parents: [], periods, tallies: tallyFacts(ob, facts, periods), inspectors: [], today: '2026-12-31' });
    expect(cov.rows[0]?.cells.at(-1)).toMatchObject({ periodKey: '2026-12-31', done: 5, status: 'done' });
    expect(cov.rows[0]?.cells[0]).toMatchObject({ done: 0, status: 'overdue' });
    expect(cov.totals.at(-1)).toMatchObject({ schools: 3, done: 1 });
  });
});
