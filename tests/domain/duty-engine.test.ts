import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountOf, coverageOf, evaluateCell, obligationApplies, type SchoolFact } from '../../src/domain/coverage.js';
import type { DutyFact, DutyKind } from '../../src/domain/duty.js';
import { ruleText } from '../../src/domain/duty-rule.js';
import { classKeysOf } from '../../src/domain/education.js';
import { type DutyCalendar, periodByKey, periodsBetween, rulePeriodAt, rulePeriodBefore, rulePeriodsBetween } from '../../src/domain/periods.js';
import { resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import { type ObligationDef, obligationSchema } from '../../src/domain/policy/pack-schema.js';
import { defaultPolicyDir, readPackFolders } from '../../src/server/policy/policy.registry.js';

/**
 * The duty engine's one computation over every kind and count rule (domain/coverage.ts with
 * domain/periods.ts): hand-counted cases, the dated windows, the real packs' rules, and monotonicity.
 */
const cal: DutyCalendar = {
  semesters: [
    { code: 'autumn', label: '秋季学期', start: '09-01', end: '01-31', classesStart: '09-01', classesEnd: '01-20' },
    { code: 'spring', label: '春季学期', start: '02-01', end: '08-31', classesStart: '02-24', classesEnd: '07-05' },
  ],
  holidays: [
    { name: '国庆节', start: '2026-10-01', end: '2026-10-07' },
    { name: '寒假', start: '2027-01-21', end: '2027-02-23' },
  ],
};
const ob = (x: Record<string, unknown>): ObligationDef => obligationSchema.parse({ code: 'x', label: '义务', period: 'monthly', ...x });
let seq = 0;
const f = (kind: DutyKind, day: string, extra: Partial<DutyFact> = {}): DutyFact => ({
  id: `d${++seq}`,
  kind,
  subjectId: 's1',
  schoolId: 's1',
  day,
  type: 'fire',
  actorIds: [],
  ...extra,
});
const school = (id: string, schoolType: string, extra: Partial<SchoolFact> = {}): SchoolFact => ({
  id,
  name: id,
  code: id,
  parentId: 't1',
  schoolType,
  boarding: false,
  ...extra,
});
const oct = periodByKey('monthly', '2026-10', cal.semesters);

describe('periods of duties', () => {
  it('counts quarters', () => {
    expect(periodsBetween('quarterly', '2026-08-15', '2027-01-02', cal.semesters).map((p) => [p.key, p.start, p.end, p.label])).toEqual([
      ['2026-Q3', '2026-07-01', '2026-09-30', '2026年第3季度'],
      ['2026-Q4', '2026-10-01', '2026-12-31', '2026年第4季度'],
      ['2027-Q1', '2027-01-01', '2027-03-31', '2027年第1季度'],
    ]);
    expect(periodByKey('quarterly', '2027-Q1', cal.semesters).end).toBe('2027-03-31');
    expect(() => periodByKey('quarterly', '2027-Q5', cal.semesters)).toThrow(RangeError);
  });

  it('puts 开学第一周 in the first 7 days from the day classes begin, not the semester’s first day', () => {
    const rule = { period: 'window' as const, window: { anchor: 'semester_start' as const, when: 'after' as const, days: 7 } };
    expect(rulePeriodsBetween(rule, '2026-08-01', '2027-03-31', cal).map((p) => [p.key, p.start, p.end, p.label])).toEqual([
      ['2026-autumn:start+7', '2026-09-01', '2026-09-07', '2026年秋季学期开学第一周'],
      ['2027-spring:start+7', '2027-02-24', '2027-03-02', '2027年春季学期开学第一周'],
    ]);
    // Between two windows, "now" is the next one, and the one before is the last that ended.
    const now = rulePeriodAt(rule, '2026-11-10', cal);
    expect(now?.start).toBe('2027-02-24');
    expect(now && rulePeriodBefore(rule, now, cal)?.start).toBe('2026-09-01');
  });

  it('puts "before each holiday" in the N days before it, and "before the end of classes" up to that day', () => {
    const before = { period: 'window' as const, window: { anchor: 'holiday' as const, when: 'before' as const, days: 7 } };
    expect(rulePeriodsBetween(before, '2026-09-01', '2027-01-31', cal).map((p) => [p.start, p.end, p.label])).toEqual([
      ['2026-09-24', '2026-09-30', '2026年国庆节前 7 天'],
      ['2027-01-14', '2027-01-20', '2027年寒假前 7 天'],
    ]);
    const after = { period: 'window' as const, window: { anchor: 'holiday' as const, when: 'after' as const, days: 3 } };
    expect(rulePeriodsBetween(after, '2026-09-01', '2026-12-31', cal).map((p) => [p.start, p.end])).toEqual([['2026-10-08', '2026-10-10']]);
    const end = { period: 'window' as const, window: { anchor: 'semester_end' as const, when: 'before' as const, days: 14 } };
    expect(rulePeriodsBetween(end, '2026-12-01', '2027-01-31', cal).map((p) => [p.start, p.end])).toEqual([['2027-01-07', '2027-01-20']]);
  });

  it('finds no window when the calendar has no holidays', () => {
    const rule = { period: 'window' as const, window: { anchor: 'holiday' as const, when: 'before' as const, days: 7 } };
    expect(rulePeriodAt(rule, '2026-10-15', { ...cal, holidays: [] })).toBeNull();
  });
});

describe('count rules', () => {
  it('counts records of the named types only, of the obligation’s kind only', () => {
    const drill = ob({ kind: 'drill', types: ['fire', 'earthquake'], count: 2 });
    const facts = [
      f('drill', '2026-10-03'),
      f('drill', '2026-10-09', { type: 'stampede' }),
      f('education', '2026-10-10'),
      f('drill', '2026-10-20', { type: 'earthquake' }),
    ];
    expect(evaluateCell(drill, oct, facts, '2026-10-25')).toMatchObject({ done: 2, required: 2, status: 'done', lastDay: '2026-10-20', levels: [] });
    expect(evaluateCell(drill, oct, facts.slice(0, 3), '2026-11-01')).toMatchObject({ done: 1, status: 'overdue' });
  });

  it('counts distinct days', () => {
    const patrol = ob({ kind: 'patrol', period: 'weekly', countBy: 'days', count: 2 });
    const week = periodByKey('weekly', '2026-W42', cal.semesters);
    const same = [f('patrol', '2026-10-12'), f('patrol', '2026-10-12'), f('patrol', '2026-10-12')];
    expect(evaluateCell(patrol, week, same, '2026-10-14')).toMatchObject({ done: 1, status: 'open' });
    expect(evaluateCell(patrol, week, [...same, f('patrol', '2026-10-13')], '2026-10-14')).toMatchObject({ done: 2, status: 'done' });
  });

  it('counts every class of the school’s class list per class: a class without lessons fails the rule', () => {
    const perClass = ob({ kind: 'education', countBy: 'hours', per: 'class', count: 2 });
    const lessons = [f('education', '2026-10-08', { hours: 2, audience: 'class:1-1' }), f('education', '2026-10-09', { hours: 2, audience: 'class:1-2' })];
    expect(amountOf(perClass, lessons)).toBe(2);
    // 一年级 has 3 classes: 1-3 had no lesson.
    expect(amountOf(perClass, lessons, classKeysOf([3]))).toBe(0);
    expect(amountOf(perClass, [...lessons, f('education', '2026-10-10', { hours: 1, audience: 'school' })], classKeysOf([3]))).toBe(1);
    expect(amountOf(perClass, [], classKeysOf([3]))).toBe(0);
    // The grid: the school with the list is overdue, the same records without a list done.
    const facts = lessons.map((x) => ({ ...x, subjectId: 'a' }));
    const cov = coverageOf({
      ob: perClass,
      schools: [school('a', 'primary', { classes: classKeysOf([3]) })],
      parents: [],
      periods: [oct],
      facts,
      inspectors: [],
      today: '2026-11-20',
    });
    expect(cov.rows[0]?.cells[0]).toMatchObject({ status: 'overdue', done: 0 });
    const without = coverageOf({ ob: perClass, schools: [school('a', 'primary')], parents: [], periods: [oct], facts, inspectors: [], today: '2026-11-20' });
    expect(without.rows[0]?.cells[0]).toMatchObject({ status: 'done', done: 2 });
    // The school's hours by record count are untouched by the list.
    expect(amountOf(ob({ kind: 'education', countBy: 'hours', count: 2 }), lessons, classKeysOf([3]))).toBe(4);
  });

  it('applies a school-bus duty to schools with buses only', () => {
    const bus = ob({ kind: 'drill', types: ['school_bus'], period: 'semester', appliesTo: { hasBus: true } });
    expect(obligationApplies(bus, school('a', 'primary', { hasBus: true }))).toBe(true);
    expect(obligationApplies(bus, school('a', 'primary'))).toBe(false);
  });

  it('counts 5 patrols a day of key places', () => {
    const patrol = ob({ kind: 'patrol', types: ['key_places'], period: 'daily', count: 5 });
    const day = periodByKey('daily', '2026-10-12', cal.semesters);
    const four = [1, 2, 3, 4].map(() => f('patrol', '2026-10-12', { type: 'key_places' }));
    expect(evaluateCell(patrol, day, four, '2026-10-12').status).toBe('open');
    expect(evaluateCell(patrol, day, four, '2026-10-13').status).toBe('overdue');
    expect(evaluateCell(patrol, day, [...four, f('patrol', '2026-10-12', { type: 'key_places' })], '2026-10-13').status).toBe('done');
  });

  it('sums class hours for the school, and per class with whole-school hours counting for every class', () => {
    const hours = [
      f('education', '2026-10-08', { hours: 1, audience: 'school' }),
      f('education', '2026-10-09', { hours: 1, audience: 'class:1-1' }),
      f('education', '2026-10-10', { hours: 0.5, audience: 'class:1-2' }),
    ];
    expect(amountOf(ob({ kind: 'education', countBy: 'hours', count: 2 }), hours)).toBe(2.5);
    // class 1a: 1 + 1 = 2; class 1b: 1 + 0.5 = 1.5 — the least-served class decides.
    expect(amountOf(ob({ kind: 'education', countBy: 'hours', per: 'class', count: 2 }), hours)).toBe(1.5);
    expect(amountOf(ob({ kind: 'education', countBy: 'hours', per: 'class', count: 2 }), hours.slice(0, 1))).toBe(1);
    // A whole-grade lesson reaches every class of the grade (the education page's rule): 1-2 gets 2.5.
    const grade = [...hours, f('education', '2026-10-11', { hours: 1, audience: 'grade:1' })];
    expect(amountOf(ob({ kind: 'education', countBy: 'hours', per: 'class', count: 2 }), grade)).toBe(2.5);
    // A grade taught only as a whole is one unit of its own: grade 2 has the school's 1 hour only.
    expect(
      amountOf(ob({ kind: 'education', countBy: 'hours', per: 'class', count: 2 }), [
        ...grade,
        f('education', '2026-10-12', { hours: 0, audience: 'grade:2' }),
      ]),
    ).toBe(1);
  });

  it('counts only drills where the share taking part reaches minShare (全员)', () => {
    const allHands = ob({ kind: 'drill', period: 'semester', minShare: 0.9 });
    const term = periodByKey('semester', '2026-autumn', cal.semesters);
    const partial = f('drill', '2026-10-10', { participants: 800, base: 1000 });
    const noBase = f('drill', '2026-10-11', { participants: 800 });
    expect(evaluateCell(allHands, term, [partial, noBase], '2026-12-01')).toMatchObject({ done: 0, status: 'open' });
    expect(evaluateCell(allHands, term, [partial, f('drill', '2026-11-10', { participants: 900, base: 1000 })], '2026-12-01').status).toBe('done');
  });

  it('counts an education occasion (开学第一课) in its window', () => {
    const first = ob({ kind: 'education', occasions: ['first_lesson'], period: 'window', window: { anchor: 'semester_start', when: 'after', days: 7 } });
    const [autumn] = rulePeriodsBetween(first, '2026-09-01', '2026-09-30', cal);
    if (!autumn) throw new Error('no window');
    expect(evaluateCell(first, autumn, [f('education', '2026-09-03')], '2026-09-10').status).toBe('overdue');
    expect(evaluateCell(first, autumn, [f('education', '2026-09-08', { occasion: 'first_lesson' })], '2026-09-10').status).toBe('overdue');
    expect(evaluateCell(first, autumn, [f('education', '2026-09-03', { occasion: 'first_lesson' })], '2026-09-10').status).toBe('done');
    expect(evaluateCell(first, autumn, [], '2026-08-20').status).toBe('upcoming');
  });

  it('needs a letter for each listed post (per type)', () => {
    const letters = ob({ kind: 'letter', types: ['principal', 'guard'], per: 'type', period: 'yearly' });
    const year = periodByKey('yearly', '2026', cal.semesters);
    const two = [f('letter', '2026-03-01', { type: 'principal' }), f('letter', '2026-03-01', { type: 'principal' })];
    expect(evaluateCell(letters, year, two, '2026-06-01')).toMatchObject({ done: 0, status: 'open' });
    expect(evaluateCell(letters, year, [...two, f('letter', '2026-03-02', { type: 'guard' })], '2026-06-01')).toMatchObject({ done: 1, status: 'done' });
    expect(ruleText(letters)).toBe('每年每类安全责任书（principal、guard）不少于 1 次');
  });

  it('counts a department’s duty to every school as the distinct schools it reached', () => {
    const lesson = ob({ kind: 'education', types: ['fire'], period: 'semester', countBy: 'schools', subject: 'department', departmentType: 'fire_emergency' });
    const fire = school('fd', '', { unitKind: 'department', departmentType: 'fire_emergency' });
    const health = school('hd', '', { unitKind: 'department', departmentType: 'health' });
    const term = periodByKey('semester', '2026-autumn', cal.semesters);
    const facts = [f('education', '2026-10-01', { subjectId: 'fd', schoolId: 's1' }), f('education', '2026-10-02', { subjectId: 'fd', schoolId: 's1' })];
    const cov = coverageOf({
      ob: lesson,
      schools: [fire, health, school('s1', 'primary')],
      parents: [],
      periods: [term],
      facts,
      inspectors: [],
      today: '2026-12-01',
      schoolsToReach: 2,
    });
    expect(cov.rows.map((r) => [r.school.id, r.cells[0]?.done, r.cells[0]?.required, r.cells[0]?.status])).toEqual([['fd', 1, 2, 'open']]);
    const more = [...facts, f('education', '2026-11-02', { subjectId: 'fd', schoolId: 's2' })];
    expect(
      coverageOf({ ob: lesson, schools: [fire], parents: [], periods: [term], facts: more, inspectors: [], today: '2026-12-01', schoolsToReach: 2 }).rows[0]
        ?.cells[0]?.status,
    ).toBe('done');
  });
});

describe('kindergartens against schools (YJ-01)', () => {
  const { packs } = resolvePacks(readPackFolders(defaultPolicyDir));
  const national = packs.get('national');
  const yj = packs.get('yunjiang');
  if (!national || !yj) throw new Error('packs missing');
  const byCode = (code: string, pack = national) => {
    const o = pack.obligations.find((x) => x.code === code);
    if (!o) throw new Error(code);
    return o;
  };

  it('asks primary schools for a drill a month and kindergartens for one a quarter', () => {
    const monthly = byCode('drill_monthly_school');
    const quarterly = byCode('drill_quarterly_kindergarten');
    const primary = school('p', 'primary');
    const kg = school('k', 'kindergarten');
    expect([obligationApplies(monthly, primary), obligationApplies(monthly, kg)]).toEqual([true, false]);
    expect([obligationApplies(quarterly, primary), obligationApplies(quarterly, kg)]).toEqual([false, true]);
    // One drill in October: the primary school is late for November; the kindergarten is done for the quarter.
    const drills = [f('drill', '2026-10-12', { subjectId: 'p' }), f('drill', '2026-10-12', { subjectId: 'k' })];
    const months = periodsBetween('monthly', '2026-10-01', '2026-11-30', national.calendar.semesters);
    const quarters = periodsBetween('quarterly', '2026-10-01', '2026-11-30', national.calendar.semesters);
    const m = coverageOf({ ob: monthly, schools: [primary, kg], parents: [], periods: months, facts: drills, inspectors: [], today: '2026-12-02' });
    const q = coverageOf({ ob: quarterly, schools: [primary, kg], parents: [], periods: quarters, facts: drills, inspectors: [], today: '2026-12-02' });
    expect(m.rows.map((r) => [r.school.id, r.cells.map((c) => c.status)])).toEqual([['p', ['done', 'overdue']]]);
    expect(q.rows.map((r) => [r.school.id, r.cells.map((c) => c.status)])).toEqual([['k', ['done']]]);
    expect(ruleText(quarterly, national)).toBe('每季度应急演练不少于 1 次');
  });

  it('applies the dormitory night patrol to boarding schools only', () => {
    const night = byCode('patrol_dormitory_night');
    expect([obligationApplies(night, school('b', 'junior', { boarding: true })), obligationApplies(night, school('d', 'junior'))]).toEqual([true, false]);
  });

  describe('one set of education records under two packs', () => {
    // October 2026 at one school with two classes: each week one 0.5-hour class session, taking turns.
    const weeks = ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26'];
    const rotating = weeks.map((day, i) => f('education', day, { subjectId: 's', type: 'traffic', hours: 0.5, audience: i % 2 ? 'class:2' : 'class:1' }));
    // One 2-hour whole-school session in the first week of October.
    const once = [f('education', '2026-10-05', { subjectId: 's', type: 'legal', hours: 2, audience: 'school' })];
    const s = school('s', 'primary');
    const judge = (o: ObligationDef, facts: DutyFact[]) => {
      const periods = rulePeriodsBetween(o, '2026-10-05', '2026-10-31', national.calendar);
      const cov = coverageOf({ ob: o, schools: [s], parents: [], periods, facts, inspectors: [], today: '2026-11-10' });
      return cov.rows[0]?.cells.every((c) => c.status === 'done');
    };

    it('takes 0.5 class hours a week (national) and 2 a month for each class (云江) from the packs', () => {
      expect(ruleText(byCode('safety_education_weekly'), national)).toBe('每周安全教育不少于 0.5 课时');
      expect(ruleText(byCode('safety_education_weekly', yj), yj)).toBe('每月每班安全教育不少于 2 课时');
    });

    it('judges weekly half-hours taken in turns compliant nationally and not in 云江 (each class got 1 hour)', () => {
      expect(judge(byCode('safety_education_weekly'), rotating)).toBe(true);
      expect(judge(byCode('safety_education_weekly', yj), rotating)).toBe(false);
    });

    it('judges one 2-hour whole-school session compliant in 云江 and not nationally (three weeks without)', () => {
      expect(judge(byCode('safety_education_weekly', yj), once)).toBe(true);
      expect(judge(byCode('safety_education_weekly'), once)).toBe(false);
    });
  });
});

describe('monotone: adding a record never undoes a done cell', () => {
  const kinds: DutyKind[] = ['inspection', 'drill', 'education', 'training', 'letter', 'patrol'];
  const anyFact = fc.record({
    kind: fc.constantFrom(...kinds),
    subjectId: fc.constantFrom('s1', 's2'),
    schoolId: fc.constantFrom('s1', 's2', 's3'),
    day: fc.integer({ min: 0, max: 100 }).map((n) => new Date(Date.UTC(2026, 8, 1 + n)).toISOString().slice(0, 10)),
    type: fc.constantFrom('fire', 'traffic', 'principal', 'guard'),
    level: fc.constantFrom('school_self' as const, 'centre' as const),
    hours: fc.constantFrom(0.5, 1, 2),
    // Real audience keys (domain/education.ts) of the classes on the schools' class list below.
    audience: fc.constantFrom('school', 'grade:3', 'grade:4', 'class:3-1', 'class:3-2', 'class:4-1'),
    occasion: fc.constantFrom('first_lesson', 'pre_holiday'),
    participants: fc.integer({ min: 0, max: 1000 }),
    base: fc.integer({ min: 0, max: 1000 }),
  });
  const anyOb = fc.oneof(
    fc.record({
      kind: fc.constant('inspection'),
      levels: fc.constant(['centre']),
      countBy: fc.constantFrom('records', 'days'),
      count: fc.integer({ min: 1, max: 3 }),
    }),
    fc.record({
      kind: fc.constant('drill'),
      minShare: fc.constantFrom(0.5, 0.9),
      count: fc.integer({ min: 1, max: 2 }),
      period: fc.constantFrom('monthly', 'quarterly', 'semester'),
    }),
    fc.record({
      kind: fc.constant('education'),
      countBy: fc.constant('hours'),
      per: fc.constantFrom('school', 'class'),
      count: fc.constantFrom(0.5, 2, 4),
      period: fc.constantFrom('weekly', 'monthly'),
    }),
    fc.record({
      kind: fc.constant('education'),
      occasions: fc.constant(['first_lesson']),
      period: fc.constant('window'),
      window: fc.constant({ anchor: 'semester_start', when: 'after', days: 7 }),
    }),
    fc.record({ kind: fc.constant('letter'), types: fc.constant(['principal', 'guard']), per: fc.constant('type'), period: fc.constant('yearly') }),
    fc.record({ kind: fc.constant('patrol'), types: fc.constant(['fire']), count: fc.integer({ min: 1, max: 5 }), period: fc.constant('daily') }),
  );

  it('holds for every kind and count rule', () => {
    fc.assert(
      fc.property(anyOb, fc.array(anyFact, { maxLength: 40 }), anyFact, (over, raw, extra) => {
        const o = ob(over);
        const facts = raw.map((x, i) => ({ ...x, id: `r${i}`, actorIds: [] }));
        const periods = rulePeriodsBetween(o, '2026-09-01', '2026-12-10', cal).slice(0, 40);
        // Every class the facts name is on the class list: a school without one knows only the classes its
        // records name, so a record can reveal a class with fewer hours (see the property below).
        const classes = classKeysOf([0, 0, 2, 1]);
        const schools = [school('s1', 'primary', { classes }), school('s2', 'primary', { classes })];
        const input = { ob: o, schools, parents: [], periods, inspectors: [], today: '2026-12-31' };
        const before = coverageOf({ ...input, facts });
        const after = coverageOf({ ...input, facts: [...facts, { ...extra, id: 'extra', actorIds: [] }] });
        before.rows.forEach((row, r) => {
          row.cells.forEach((c, i) => {
            const later = after.rows[r]?.cells[i];
            if (c.status === 'done') expect(later?.status).toBe('done');
            expect(later?.done ?? 0).toBeGreaterThanOrEqual(c.done);
          });
        });
      }),
      { numRuns: 300 },
    );
  });
});
