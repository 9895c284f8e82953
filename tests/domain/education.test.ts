import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  audienceKeys,
  audienceLabel,
  audiencesReaching,
  classKeysOf,
  createEducationSessionSchema,
  hoursPerClass,
  parseAudience,
} from '../../src/domain/education.js';
import { formatClassCounts, parseClassCounts } from '../../src/domain/school.js';

describe('audience keys', () => {
  it('writes a whole school, a whole grade and several classes of a grade', () => {
    expect(audienceKeys({ audienceKind: 'school' })).toEqual(['school']);
    expect(audienceKeys({ audienceKind: 'grade', grade: 3 })).toEqual(['grade:3']);
    expect(audienceKeys({ audienceKind: 'class', grade: 3, classes: [4, 1, 2, 1] })).toEqual(['class:3-1', 'class:3-2', 'class:3-4']);
  });

  it('reads every key it writes back, and nothing else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 }), (g, c) => {
        expect(parseAudience(`class:${g}-${c}`)).toEqual({ kind: 'class', grade: g, classNo: c });
        expect(parseAudience(`grade:${g}`)).toEqual({ kind: 'grade', grade: g });
      }),
    );
    for (const bad of ['class:0-1', 'class:13-1', 'class:3-41', 'grade:0', 'grade:3-1', 'School', 'class:3', ''])
      expect(parseAudience(bad), bad).toBeUndefined();
  });

  it('labels in Chinese and says which audiences reach a class', () => {
    expect(audienceLabel('class:7-2')).toBe('七年级2班');
    expect(audienceLabel('grade:3')).toBe('三年级（全年级）');
    expect(audiencesReaching('class:3-2')).toEqual(['class:3-2', 'grade:3', 'school']);
    expect(audiencesReaching('grade:3')).toEqual(['grade:3', 'school']);
  });
});

describe('hoursPerClass', () => {
  const f = (audience: string, hours: number, type = 'fire', schoolId = 'A') => ({ schoolId, audience, hours, type });

  it('gives each named class its own, its grade and the whole school hours', () => {
    const rows = hoursPerClass([f('school', 1), f('grade:3', 0.5, 'traffic'), f('class:3-1', 1), f('class:3-2', 0.5), f('grade:5', 2)]);
    expect(rows.map((r) => [r.audience, r.hours])).toEqual([
      ['class:3-1', 2.5],
      ['class:3-2', 2],
      ['grade:5', 3],
    ]);
    expect(rows[0]?.byTopic).toEqual({ fire: 2, traffic: 0.5 });
  });

  it('shows a school with only whole-school sessions as one row, and keeps schools apart', () => {
    const rows = hoursPerClass([f('school', 1), f('school', 1), f('class:1-1', 1, 'fire', 'B')]);
    expect(rows.map((r) => [r.schoolId, r.audience, r.hours, r.sessions])).toEqual([
      ['A', 'school', 2, 2],
      ['B', 'class:1-1', 1, 1],
    ]);
  });

  it('lists every class of a school’s class list, those without lessons with 0 hours, and schools without records', () => {
    expect(classKeysOf([2, 0, 1])).toEqual(['class:1-1', 'class:1-2', 'class:3-1']);
    const lists = new Map([
      ['A', classKeysOf([2])],
      ['C', classKeysOf([0, 1])],
    ]);
    const rows = hoursPerClass([f('class:1-1', 1), f('school', 0.5), f('grade:4', 1)], lists);
    expect(rows.map((r) => [r.schoolId, r.audience, r.hours])).toEqual([
      ['A', 'class:1-1', 1.5],
      ['A', 'class:1-2', 0.5],
      ['A', 'grade:4', 1.5],
      ['C', 'class:2-1', 0],
    ]);
  });

  it('reads and writes the class list cell of the school sheet', () => {
    expect(formatClassCounts([6, 6, 0, 5])).toBe('1:6,2:6,4:5');
    expect(parseClassCounts('1:6,2:6,4:5')).toEqual([6, 6, 0, 5]);
    expect(parseClassCounts('6，6、5 5')).toEqual([6, 6, 5, 5]);
    expect(parseClassCounts('7：8,9:8')).toEqual([0, 0, 0, 0, 0, 0, 8, 0, 8]);
    for (const bad of ['13:1', 'a', '1:100', '1-6']) expect(parseClassCounts(bad), bad).toBeUndefined();
  });

  it('never gives a class fewer hours than the whole-school sessions', () => {
    const fact = fc.record({
      audience: fc.oneof(
        fc.constant('school'),
        fc.integer({ min: 1, max: 3 }).map((g) => `grade:${g}`),
        fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).map(([g, c]) => `class:${g}-${c}`),
      ),
      hours: fc.integer({ min: 1, max: 8 }).map((h) => h / 2),
    });
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 30 }), (facts) => {
        const all = facts.map((x) => f(x.audience, x.hours));
        const school = all.filter((x) => x.audience === 'school').reduce((s, x) => s + x.hours, 0);
        for (const r of hoursPerClass(all)) expect(r.hours).toBeGreaterThanOrEqual(school - 1e-9);
      }),
    );
  });
});

describe('hoursPerClass when a record is added', () => {
  const f = (audience: string, hours: number) => ({ schoolId: 'A', audience, hours, type: 'fire' });
  const key = fc.oneof(
    fc.constant('school'),
    fc.integer({ min: 1, max: 3 }).map((g) => `grade:${g}`),
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).map(([g, c]) => `class:${g}-${c}`),
  );
  const fact = fc.record({ audience: key, hours: fc.integer({ min: 1, max: 8 }).map((h) => h / 2) });

  it('never lowers the hours of a class it knew before, with or without a class list', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 30 }), fact, fc.boolean(), (facts, extra, withList) => {
        const lists = withList ? new Map([['A', classKeysOf([2, 2, 2])]]) : undefined;
        const before = hoursPerClass(
          facts.map((x) => f(x.audience, x.hours)),
          lists,
        );
        const after = new Map(
          hoursPerClass(
            [...facts, extra].map((x) => f(x.audience, x.hours)),
            lists,
          ).map((r) => [r.audience, r.hours]),
        );
        for (const r of before) {
          // A row the new record replaces (the whole school once a grade or class is named, a grade
          // taught only as a whole once one of its classes is) gives way to rows it reaches: each of
          // them has at least its hours.
          const hours = after.get(r.audience) ?? Math.min(...[...after].filter(([k]) => audiencesReaching(k).includes(r.audience)).map(([, h]) => h));
          expect(hours).toBeGreaterThanOrEqual(r.hours - 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('without a class list, a record can reveal a class that had fewer hours (the least-served class decides)', () => {
    const before = hoursPerClass([f('grade:3', 2)]);
    expect(before.map((r) => [r.audience, r.hours])).toEqual([['grade:3', 2]]);
    const after = hoursPerClass([f('grade:3', 2), f('class:5-1', 0.5)]);
    expect(after.map((r) => [r.audience, r.hours])).toEqual([
      ['grade:3', 2],
      ['class:5-1', 0.5],
    ]);
  });
});

describe('createEducationSessionSchema', () => {
  const base = {
    schoolId: '7d1c9d4e-2f55-4a7e-9b7a-3c2d1e0f9a11',
    heldOn: '2026-09-01',
    topic: 'fire',
    hours: 1,
    speakerName: '张老师',
    speakerType: 'teacher',
  };
  it('needs a grade and classes for classes, nothing more for the whole school', () => {
    expect(createEducationSessionSchema.safeParse({ ...base, audienceKind: 'school' }).success).toBe(true);
    expect(createEducationSessionSchema.safeParse({ ...base, audienceKind: 'class', grade: 3 }).success).toBe(false);
    expect(createEducationSessionSchema.safeParse({ ...base, audienceKind: 'class', grade: 3, classes: [1] }).success).toBe(true);
    expect(createEducationSessionSchema.safeParse({ ...base, audienceKind: 'grade' }).success).toBe(false);
    expect(createEducationSessionSchema.safeParse({ ...base, audienceKind: 'school', hours: 0.75 }).success).toBe(false);
  });
});
