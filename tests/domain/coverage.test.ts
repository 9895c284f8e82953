import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CellStatus,
  type CoverageInput,
  countsFor,
  coverageOf,
  coverageStart,
  districtCells,
  evaluateCell,
  type ObligationCell,
  obligationApplies,
  type SchoolFact,
} from '../../src/domain/coverage.js';
import type { DutyFact } from '../../src/domain/duty.js';
import type { Period } from '../../src/domain/periods.js';
import { type InspectionLevel, inspectionLevels, obligationSchema } from '../../src/domain/policy/pack-schema.js';

const supervisingLevels: InspectionLevel[] = ['centre', 'inspector', 'department', 'leader', 'joint', 'police', 'district'];
const monthlySupervision = obligationSchema.parse({ code: 'monthly_supervision', label: '每月督查全覆盖', levels: supervisingLevels, period: 'monthly' });

const sep: Period = { kind: 'monthly', key: '2026-09', label: '2026年9月', start: '2026-09-01', end: '2026-09-30' };
const oct: Period = { kind: 'monthly', key: '2026-10', label: '2026年10月', start: '2026-10-01', end: '2026-10-31' };
const nov: Period = { kind: 'monthly', key: '2026-11', label: '2026年11月', start: '2026-11-01', end: '2026-11-30' };

// Listed out of code order on purpose: rows come ordered by code (b, c, a, e, d).
const a: SchoolFact = { id: 'a', name: '东城实验小学', code: 'S003', parentId: 't1', schoolType: 'primary', boarding: false };
const b: SchoolFact = { id: 'b', name: '东城中学', code: 'S001', parentId: 't1', schoolType: 'junior', boarding: true };
const c: SchoolFact = { id: 'c', name: '东城幼儿园', code: 'S002', parentId: 't1', schoolType: 'kindergarten', boarding: false };
const d: SchoolFact = { id: 'd', name: '西河小学', code: 'S005', parentId: 't2', schoolType: 'primary', boarding: false };
const e: SchoolFact = { id: 'e', name: '西河高级中学', code: 'S004', parentId: 't2', schoolType: 'senior', boarding: true };
const schools = [a, b, c, d, e];
const parents = [
  { id: 't1', name: '东城街道' },
  { id: 't2', name: '西河镇' },
  { id: 't3', name: '南山镇' }, // no school: left out of byParent
];
const inspectors = [
  { userId: 'u1', name: '张督学', schoolIds: ['a', 'd'] },
  { userId: 'u2', name: '李督学', schoolIds: ['b', 'b'] },
  { userId: 'u3', name: '王督学', schoolIds: ['x'] }, // no school in scope: left out of byInspector
];

/** An inspection as the duty engine counts it: the school is the subject, the template the type, the inspectors the actors. */
type InspectionFact = DutyFact;
const inspection = (f: { id: string; schoolId: string; level: InspectionLevel; templateCode: string; day: string; inspectorIds: string[] }): DutyFact => ({
  id: f.id,
  kind: 'inspection',
  subjectId: f.schoolId,
  schoolId: f.schoolId,
  level: f.level,
  type: f.templateCode,
  day: f.day,
  actorIds: f.inspectorIds,
});
let seq = 0;
const fact = (schoolId: string, level: InspectionLevel, day: string, inspectorIds: string[] = [], templateCode = 'campus_check'): InspectionFact =>
  inspection({ id: `f${++seq}`, schoolId, level, templateCode, day, inspectorIds });

const facts: InspectionFact[] = [
  fact('a', 'inspector', '2026-09-10', ['u1']),
  fact('a', 'centre', '2026-10-08', ['u2']), // counts for a, not for u1 (u2 is not assigned to a)
  fact('b', 'inspector', '2026-09-05', ['u2']),
  fact('b', 'school_self', '2026-10-09', ['u2']), // a self-check is not supervision: b stays open in October
  fact('c', 'joint', '2026-09-30', ['u1', 'u2']), // last day of September
  fact('c', 'school_self', '2026-09-12'),
  fact('c', 'inspector', '2026-10-14', ['u2']),
  fact('c', 'inspector', '2026-10-14', ['u2']),
  fact('d', 'school_self', '2026-09-20', ['u1']), // the only September check of d: d is overdue
  fact('d', 'police', '2026-10-01'), // first day of October; u1 was not there
  fact('e', 'district', '2026-08-31'), // before the range
  fact('e', 'leader', '2026-09-15', ['u2']),
  fact('e', 'department', '2026-09-16'),
  fact('x', 'inspector', '2026-10-02', ['u3']), // a school out of scope
];

/** A cell written out: required, done, status, due date, last counted day, levels. */
const cell = (periodKey: string, required: number, done: number, status: CellStatus, dueDate: string, lastDay: string | null, levels: InspectionLevel[]) => ({
  periodKey,
  required,
  done,
  status,
  dueDate,
  lastDay,
  levels,
});
const rate = (periodKey: string, schoolCount: number, done: number, overdue: number, r: number | null) => ({
  periodKey,
  schools: schoolCount,
  done,
  overdue,
  rate: r,
});

const input = (over: Partial<CoverageInput> = {}): CoverageInput => ({
  ob: monthlySupervision,
  schools,
  parents,
  periods: [sep, oct, nov],
  facts,
  inspectors,
  today: '2026-10-15',
  ...over,
});

describe('coverageOf on a hand-counted district', () => {
  const coverage = coverageOf(input());

  it('fills the school × month grid, ordered by school code', () => {
    expect(coverage.periods.map((p) => p.key)).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(coverage.rows.map((r) => r.school.code)).toEqual(['S001', 'S002', 'S003', 'S004', 'S005']);
    expect(coverage.rows.map((r) => r.cells)).toEqual([
      // b
      [
        cell('2026-09', 1, 1, 'done', '2026-09-30', '2026-09-05', ['inspector']),
        cell('2026-10', 1, 0, 'open', '2026-10-31', null, []),
        cell('2026-11', 1, 0, 'upcoming', '2026-11-30', null, []),
      ],
      // c
      [
        cell('2026-09', 1, 1, 'done', '2026-09-30', '2026-09-30', ['joint']),
        cell('2026-10', 1, 2, 'done', '2026-10-31', '2026-10-14', ['inspector']),
        cell('2026-11', 1, 0, 'upcoming', '2026-11-30', null, []),
      ],
      // a
      [
        cell('2026-09', 1, 1, 'done', '2026-09-30', '2026-09-10', ['inspector']),
        cell('2026-10', 1, 1, 'done', '2026-10-31', '2026-10-08', ['centre']),
        cell('2026-11', 1, 0, 'upcoming', '2026-11-30', null, []),
      ],
      // e
      [
        cell('2026-09', 1, 2, 'done', '2026-09-30', '2026-09-16', ['leader', 'department']),
        cell('2026-10', 1, 0, 'open', '2026-10-31', null, []),
        cell('2026-11', 1, 0, 'upcoming', '2026-11-30', null, []),
      ],
      // d
      [
        cell('2026-09', 1, 0, 'overdue', '2026-09-30', null, []),
        cell('2026-10', 1, 1, 'done', '2026-10-31', '2026-10-01', ['police']),
        cell('2026-11', 1, 0, 'upcoming', '2026-11-30', null, []),
      ],
    ]);
  });

  it('rates the district and each township', () => {
    expect(coverage.totals).toEqual([rate('2026-09', 5, 4, 1, 80), rate('2026-10', 5, 3, 0, 60), rate('2026-11', 5, 0, 0, 0)]);
    expect(coverage.byParent).toEqual([
      { parentId: 't1', name: '东城街道', cells: [rate('2026-09', 3, 3, 0, 100), rate('2026-10', 3, 2, 0, 66.7), rate('2026-11', 3, 0, 0, 0)] },
      { parentId: 't2', name: '西河镇', cells: [rate('2026-09', 2, 1, 1, 50), rate('2026-10', 2, 1, 0, 50), rate('2026-11', 2, 0, 0, 0)] },
    ]);
  });

  it('rates each inspector on their own checks of their assigned schools', () => {
    // u1: a in September (own check), not a in October (u2's), not d (a self-check, then the police without u1).
    // u2: b in September only; c and e are not assigned to u2 even though u2 checked them.
    expect(coverage.byInspector).toEqual([
      { userId: 'u1', name: '张督学', cells: [rate('2026-09', 2, 1, 1, 50), rate('2026-10', 2, 0, 0, 0), rate('2026-11', 2, 0, 0, 0)] },
      { userId: 'u2', name: '李督学', cells: [rate('2026-09', 1, 1, 0, 100), rate('2026-10', 1, 0, 0, 0), rate('2026-11', 1, 0, 0, 0)] },
    ]);
  });

  it('lists the schools not yet covered in the current month', () => {
    expect(coverage.uncovered).toEqual([
      { school: b, periodKey: '2026-10', status: 'open' },
      { school: e, periodKey: '2026-10', status: 'open' },
    ]);
  });

  it('turns the open cells overdue once the month is over', () => {
    const after = coverageOf(input({ periods: [sep, oct], today: '2026-11-01' }));
    expect(after.totals).toEqual([rate('2026-09', 5, 4, 1, 80), rate('2026-10', 5, 3, 2, 60)]);
    expect(after.uncovered).toEqual([
      { school: b, periodKey: '2026-10', status: 'overdue' },
      { school: e, periodKey: '2026-10', status: 'overdue' },
    ]);
    const lastDay = coverageOf(input({ periods: [sep, oct], today: '2026-10-31' }));
    expect(lastDay.uncovered.map((u) => [u.school.id, u.status])).toEqual([
      ['b', 'open'],
      ['e', 'open'],
    ]);
  });

  it('lists nobody as uncovered before the first period starts', () => {
    const before = coverageOf(input({ periods: [nov], today: '2026-10-15' }));
    expect(before.uncovered).toEqual([]);
    expect(before.totals).toEqual([rate('2026-11', 5, 0, 0, 0)]);
  });

  it('keeps the periods in the order given and takes the latest started one for uncovered', () => {
    const reversed = coverageOf(input({ periods: [nov, sep] }));
    expect(reversed.periods.map((p) => p.key)).toEqual(['2026-11', '2026-09']);
    expect(reversed.rows.map((r) => r.cells.map((x) => x.status))).toEqual([
      ['upcoming', 'done'],
      ['upcoming', 'done'],
      ['upcoming', 'done'],
      ['upcoming', 'done'],
      ['upcoming', 'overdue'],
    ]);
    expect(reversed.uncovered).toEqual([{ school: d, periodKey: '2026-09', status: 'overdue' }]);
  });

  it('gives null rates when no school is in scope', () => {
    const none = coverageOf(input({ schools: [] }));
    expect(none.rows).toEqual([]);
    expect(none.totals).toEqual([rate('2026-09', 0, 0, 0, null), rate('2026-10', 0, 0, 0, null), rate('2026-11', 0, 0, 0, null)]);
    expect(none.byParent).toEqual([]);
    expect(none.byInspector).toEqual([]);
    expect(none.uncovered).toEqual([]);
  });
});

describe('periods before the records begin', () => {
  // The district's records begin on 1 September; d was added on 10 October, e on 1 October.
  const aug: Period = { kind: 'monthly', key: '2026-08', label: '2026年8月', start: '2026-08-01', end: '2026-08-31' };
  const started = [a, b, c]
    .map((s) => ({ ...s, since: '2026-09-01' }))
    .concat([
      { ...d, since: '2026-10-10' },
      { ...e, since: '2026-10-01' },
    ]);
  const coverage = coverageOf(input({ schools: started, periods: [aug, sep, oct], today: '2026-11-01' }));

  it("shows a period that ended before a school's records begin as 无数据, never overdue; a check made then still counts", () => {
    expect(coverage.rows.map((r) => [r.school.id, ...r.cells.map((x) => x.status)])).toEqual([
      ['b', 'none', 'done', 'overdue'],
      ['c', 'none', 'done', 'done'],
      ['a', 'none', 'done', 'done'],
      ['e', 'done', 'done', 'overdue'], // the district check of 31 August counts although e starts in October
      ['d', 'none', 'none', 'done'], // d's September self-check is not supervision, and September ended before d was added
    ]);
  });

  it('rates only the schools a period applies to', () => {
    expect(coverage.totals).toEqual([rate('2026-08', 1, 1, 0, 100), rate('2026-09', 4, 4, 0, 100), rate('2026-10', 5, 3, 2, 60)]);
    expect(coverage.byParent).toEqual([
      { parentId: 't1', name: '东城街道', cells: [rate('2026-08', 0, 0, 0, null), rate('2026-09', 3, 3, 0, 100), rate('2026-10', 3, 2, 1, 66.7)] },
      { parentId: 't2', name: '西河镇', cells: [rate('2026-08', 1, 1, 0, 100), rate('2026-09', 1, 1, 0, 100), rate('2026-10', 2, 1, 1, 50)] },
    ]);
    expect(coverage.uncovered.map((u) => [u.school.id, u.status])).toEqual([
      ['b', 'overdue'],
      ['e', 'overdue'],
    ]);
  });

  it('judges a period that ends on or after the first day', () => {
    const w47: Period = { kind: 'weekly', key: '2026-W47', label: '第47周', start: '2026-11-16', end: '2026-11-22' };
    const weekly = obligationSchema.parse({ code: 'weekly_self_check', label: '周检查', levels: ['school_self'], period: 'weekly' });
    expect(evaluateCell(weekly, w47, [], '2026-12-01', '2026-11-23').status).toBe('none');
    expect(evaluateCell(weekly, w47, [], '2026-12-01', '2026-11-22').status).toBe('overdue');
    expect(evaluateCell(weekly, w47, [], '2026-12-01').status).toBe('overdue');
    const joint = obligationSchema.parse({
      code: 'joint_days',
      label: '联合督检',
      levels: ['joint'],
      period: 'weekly',
      count: 2,
      countBy: 'days',
      subject: 'district',
    });
    expect(districtCells(joint, [w47], [], '2026-12-01', '2026-11-30').map((x) => x.status)).toEqual(['none']);
  });

  it("starts at the district's first inspection (its creation while it has none), or when a school was added", () => {
    // The demo: units dated back to its hazard history, checks from the semester start.
    expect(coverageStart({ createdDay: '2026-06-08', firstInspectionDay: '2026-09-02' }, '2026-06-08')).toBe('2026-09-02');
    // Older checks brought in (an import) move the start back before the creation.
    expect(coverageStart({ createdDay: '2026-12-06', firstInspectionDay: '2026-03-02' }, '2026-12-06')).toBe('2026-03-02');
    // A new district without any check: from its creation, so missing checks do turn overdue.
    expect(coverageStart({ createdDay: '2026-03-01', firstInspectionDay: null }, '2026-03-01')).toBe('2026-03-01');
    // A school added in October counts from then.
    expect(coverageStart({ createdDay: '2026-03-01', firstInspectionDay: '2026-03-20' }, '2026-10-10')).toBe('2026-10-10');
  });
});

describe('which schools and inspections count', () => {
  it('applies an obligation by boarding and school type', () => {
    const boarding = obligationSchema.parse({ ...monthlySupervision, appliesTo: { boarding: true } });
    const day = obligationSchema.parse({ ...monthlySupervision, appliesTo: { boarding: false } });
    const primary = obligationSchema.parse({ ...monthlySupervision, appliesTo: { schoolTypes: ['primary'] } });
    const boardingJunior = obligationSchema.parse({ ...monthlySupervision, appliesTo: { schoolTypes: ['junior', 'primary'], boarding: true } });
    expect(schools.filter((s) => obligationApplies(monthlySupervision, s)).map((s) => s.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(schools.filter((s) => obligationApplies(boarding, s)).map((s) => s.id)).toEqual(['b', 'e']);
    expect(schools.filter((s) => obligationApplies(day, s)).map((s) => s.id)).toEqual(['a', 'c', 'd']);
    expect(schools.filter((s) => obligationApplies(primary, s)).map((s) => s.id)).toEqual(['a', 'd']);
    expect(schools.filter((s) => obligationApplies(boardingJunior, s)).map((s) => s.id)).toEqual(['b']);

    const coverage = coverageOf(input({ ob: boarding }));
    expect(coverage.rows.map((r) => r.school.id)).toEqual(['b', 'e']);
    expect(coverage.totals).toEqual([rate('2026-09', 2, 2, 0, 100), rate('2026-10', 2, 0, 0, 0), rate('2026-11', 2, 0, 0, 0)]);
    expect(coverage.byParent.map((p) => [p.parentId, p.cells[0]?.schools])).toEqual([
      ['t1', 1],
      ['t2', 1],
    ]);
    // u1's schools a and d are day schools: nothing to rate.
    expect(coverage.byInspector.map((i) => i.userId)).toEqual(['u2']);
  });

  it('counts by level, and by template when the obligation names templates', () => {
    const weekly = obligationSchema.parse({
      code: 'weekly_self_check',
      label: '周检查',
      levels: ['school_self'],
      templates: ['weekly_check'],
      period: 'weekly',
    });
    expect(countsFor(weekly, fact('a', 'school_self', '2026-11-16', [], 'weekly_check'))).toBe(true);
    expect(countsFor(weekly, fact('a', 'school_self', '2026-11-16', [], 'monthly_sweep'))).toBe(false);
    expect(countsFor(weekly, fact('a', 'centre', '2026-11-16', [], 'weekly_check'))).toBe(false);
    expect(countsFor(monthlySupervision, fact('a', 'centre', '2026-11-16', [], 'anything'))).toBe(true);
    expect(countsFor(monthlySupervision, fact('a', 'school_self', '2026-11-16'))).toBe(false);
  });

  it('leaves a district obligation out of every school', () => {
    const joint = obligationSchema.parse({ code: 'joint_weekly_days', label: '联合督检', levels: ['joint'], period: 'weekly', subject: 'district' });
    expect(schools.some((s) => obligationApplies(joint, s))).toBe(false);
    expect(coverageOf(input({ ob: joint })).rows).toEqual([]);
  });
});

describe('evaluateCell', () => {
  const w47: Period = { kind: 'weekly', key: '2026-W47', label: '2026年第47周（11月16日—11月22日）', start: '2026-11-16', end: '2026-11-22' };
  const w48: Period = { kind: 'weekly', key: '2026-W48', label: '2026年第48周（11月23日—11月29日）', start: '2026-11-23', end: '2026-11-29' };
  const w49: Period = { kind: 'weekly', key: '2026-W49', label: '2026年第49周（11月30日—12月6日）', start: '2026-11-30', end: '2026-12-06' };

  it('is open until the grace days have passed, overdue the day after', () => {
    const weekly = obligationSchema.parse({ code: 'weekly_self_check', label: '周检查', levels: ['school_self'], period: 'weekly', graceDays: 1 });
    const status = (today: string) => evaluateCell(weekly, w47, [], today).status;
    expect(status('2026-11-15')).toBe('upcoming');
    expect(status('2026-11-16')).toBe('open');
    expect(status('2026-11-22')).toBe('open');
    expect(status('2026-11-23')).toBe('open'); // end + grace
    expect(status('2026-11-24')).toBe('overdue'); // end + grace + 1
    expect(evaluateCell(weekly, w47, [], '2026-11-23').dueDate).toBe('2026-11-23');
    const noGrace = obligationSchema.parse({ ...weekly, graceDays: 0 });
    expect(evaluateCell(noGrace, w47, [], '2026-11-22').status).toBe('open');
    expect(evaluateCell(noGrace, w47, [], '2026-11-23').status).toBe('overdue');
    const late = [fact('a', 'school_self', '2026-11-22')];
    expect(evaluateCell(weekly, w47, late, '2027-03-01')).toEqual(cell('2026-W47', 1, 1, 'done', '2026-11-23', '2026-11-22', ['school_self']));
  });

  it('counts distinct days when the obligation counts days', () => {
    const joint = obligationSchema.parse({
      code: 'joint_weekly_days',
      label: '联合督检每周不少于 2 天',
      levels: ['joint'],
      period: 'weekly',
      count: 2,
      countBy: 'days',
      subject: 'district',
    });
    const jointFacts = [
      fact('a', 'joint', '2026-11-16'),
      fact('b', 'joint', '2026-11-16'),
      fact('c', 'joint', '2026-11-18'),
      fact('d', 'centre', '2026-11-19'),
      fact('a', 'joint', '2026-11-24'),
      fact('b', 'joint', '2026-11-24'), // two inspections, one day
      fact('c', 'joint', '2026-12-01'),
    ];
    expect(districtCells(joint, [w47, w48, w49], jointFacts, '2026-12-02')).toEqual([
      cell('2026-W47', 2, 2, 'done', '2026-11-22', '2026-11-18', ['joint']),
      cell('2026-W48', 2, 1, 'overdue', '2026-11-29', '2026-11-24', ['joint']),
      cell('2026-W49', 2, 1, 'open', '2026-12-06', '2026-12-01', ['joint']),
    ]);
    const byInspections = obligationSchema.parse({ ...joint, countBy: 'inspections' });
    expect(evaluateCell(byInspections, w48, jointFacts, '2026-12-02')).toEqual(cell('2026-W48', 2, 2, 'done', '2026-11-29', '2026-11-24', ['joint']));
  });

  it('lists levels in order of first appearance and keeps the latest day', () => {
    const octFacts = [
      fact('a', 'police', '2026-10-20'),
      fact('a', 'centre', '2026-10-05'),
      fact('a', 'police', '2026-10-10'),
      fact('a', 'school_self', '2026-10-30'),
    ];
    expect(evaluateCell(monthlySupervision, oct, octFacts, '2026-10-31')).toEqual(
      cell('2026-10', 1, 3, 'done', '2026-10-31', '2026-10-20', ['police', 'centre']),
    );
  });

  it('refuses a today that is not a day', () => {
    expect(() => evaluateCell(monthlySupervision, oct, [], '2026-10-32')).toThrow(RangeError);
    expect(() => coverageOf(input({ today: '20261015' }))).toThrow(/YYYY-MM-DD/);
  });
});

describe('coverageOf against a cell-by-cell evaluation', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'x'];
  const anyFact = fc.record({
    schoolId: fc.constantFrom(...ids),
    level: fc.constantFrom(...inspectionLevels),
    templateCode: fc.constantFrom('campus_check', 'fire_self_check'),
    day: fc.integer({ min: 0, max: 120 }).map((n) => new Date(Date.UTC(2026, 7, 25 + n)).toISOString().slice(0, 10)),
    inspectorIds: fc.subarray(['u1', 'u2', 'u3']),
  });
  const anyOb = fc.record({
    count: fc.integer({ min: 1, max: 3 }),
    countBy: fc.constantFrom('inspections' as const, 'days' as const),
    graceDays: fc.integer({ min: 0, max: 10 }),
    templates: fc.constantFrom([], ['fire_self_check']),
  });

  it('gives every row, rate and inspector what evaluateCell gives on the subject’s own facts', () => {
    fc.assert(
      fc.property(anyOb, fc.array(anyFact, { maxLength: 60 }), fc.integer({ min: 0, max: 100 }), (over, raw, t) => {
        const ob = obligationSchema.parse({ ...monthlySupervision, ...over });
        const all = raw.map((f, i) => inspection({ ...f, id: `r${i}` }));
        const today = new Date(Date.UTC(2026, 7, 25 + t)).toISOString().slice(0, 10);
        const coverage = coverageOf(input({ ob, facts: all, today }));
        const naive = (school: SchoolFact, keep: (f: InspectionFact) => boolean = () => true): ObligationCell[] =>
          [sep, oct, nov].map((p) =>
            evaluateCell(
              ob,
              p,
              all.filter((f) => f.subjectId === school.id && keep(f)),
              today,
            ),
          );
        for (const row of coverage.rows) expect(row.cells).toEqual(naive(row.school));
        coverage.totals.forEach((total, i) => {
          expect(total.done).toBe(coverage.rows.filter((r) => r.cells[i]?.status === 'done').length);
          expect(total.overdue).toBe(coverage.rows.filter((r) => r.cells[i]?.status === 'overdue').length);
        });
        const u1 = coverage.byInspector.find((x) => x.userId === 'u1');
        const u1Cells = [a, d].map((s) => naive(s, (f) => f.actorIds.includes('u1')));
        u1?.cells.forEach((r, i) => {
          expect(r.done).toBe(u1Cells.filter((cells) => cells[i]?.status === 'done').length);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('coverageOf at the server’s scale', () => {
  it('grids 300 schools × 12 months over 40,000 inspections in well under a second', () => {
    const many: SchoolFact[] = Array.from({ length: 300 }, (_, i) => ({
      id: `s${i}`,
      name: `学校${i}`,
      code: `C${String(i).padStart(4, '0')}`,
      parentId: `t${i % 12}`,
      schoolType: 'primary',
      boarding: i % 3 === 0,
    }));
    const months: Period[] = Array.from({ length: 12 }, (_, m) => {
      const mm = String(m + 1).padStart(2, '0');
      const end = new Date(Date.UTC(2026, m + 1, 0)).toISOString().slice(0, 10);
      return { kind: 'monthly', key: `2026-${mm}`, label: `2026年${m + 1}月`, start: `2026-${mm}-01`, end };
    });
    const levels: InspectionLevel[] = ['school_self', 'centre', 'inspector', 'joint'];
    const load: InspectionFact[] = Array.from({ length: 40_000 }, (_, i) =>
      inspection({
        id: `f${i}`,
        schoolId: `s${(i * 7) % 300}`,
        level: levels[i % 4] as InspectionLevel,
        templateCode: 'campus_check',
        day: new Date(Date.UTC(2026, 0, 1 + (i % 365))).toISOString().slice(0, 10),
        inspectorIds: [`u${i % 40}`],
      }),
    );
    const staff = Array.from({ length: 40 }, (_, i) => ({
      userId: `u${i}`,
      name: `督学${i}`,
      schoolIds: many.filter((_, j) => j % 40 === i).map((s) => s.id),
    }));
    const started = performance.now();
    const coverage = coverageOf({
      ob: monthlySupervision,
      schools: many,
      parents: Array.from({ length: 12 }, (_, i) => ({ id: `t${i}`, name: `镇${i}` })),
      periods: months,
      facts: load,
      inspectors: staff,
      today: '2026-12-15',
    });
    const elapsed = performance.now() - started;
    expect(coverage.rows).toHaveLength(300);
    expect(coverage.byInspector).toHaveLength(40);
    expect(coverage.totals.every((t) => t.schools === 300)).toBe(true);
    expect(elapsed).toBeLessThan(1000);
  });
});
