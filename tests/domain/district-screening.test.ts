import { describe, expect, it } from 'vitest';
import '../../src/domain/zod-locale.js';
import { districtCells, obligationApplies } from '../../src/domain/coverage.js';
import type { DutyFact } from '../../src/domain/duty.js';
import { periodsBetween } from '../../src/domain/periods.js';
import { resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import { defaultPolicyDir, readPackFolders } from '../../src/server/policy/policy.registry.js';

/**
 * The district's own weekly 矛盾纠纷排查 (seed 004 "区教委坚持每月、每周……逐一排查不稳定因素"):
 * a district-subject duty of the pack counting the week's dispute screening records of the whole
 * district — the district's and centres' own and the schools' filings (基层反映), 零报告 included.
 */
const { packs } = resolvePacks(readPackFolders(defaultPolicyDir));
const national = packs.get('national');
const ob = national?.obligations.find((o) => o.code === 'district_dispute_screening_weekly');

const fact = (id: string, day: string, type: string, subjectId: string, school = true): DutyFact => ({
  id,
  kind: 'screening',
  subjectId,
  schoolId: school ? subjectId : null,
  day,
  type,
  actorIds: ['u'],
  unitId: subjectId,
});

// Weeks of December 2026: Mon 30 Nov – Sun 6 Dec, Mon 7 – Sun 13, Mon 14 – Sun 20.
const weeks = () => periodsBetween('weekly', '2026-11-30', '2026-12-20', national?.calendar.semesters ?? []);

describe('the district weekly dispute screening duty', () => {
  it('is in the national pack (and so in every district pack) as a weekly district duty of the screening kind', () => {
    expect(ob).toMatchObject({ subject: 'district', kind: 'screening', types: ['dispute'], period: 'weekly', count: 1, countBy: 'records', graceDays: 1 });
    expect(packs.get('yunjiang')?.obligations.some((o) => o.code === 'district_dispute_screening_weekly')).toBe(true);
    // A district duty applies to no school: it is not a school's row on any grid.
    if (ob)
      expect(obligationApplies(ob, { id: 's', name: '学校', code: 'S', parentId: null, schoolType: 'primary', boarding: false, unitKind: 'school' })).toBe(
        false,
      );
  });

  it("counts the schools' and the district's dispute filings of each week, not other screening types", () => {
    if (!ob) throw new Error('no obligation');
    const facts = [
      fact('a', '2026-12-01', 'dispute', 'school-1'), // week 1: a school's 零报告 or findings
      fact('b', '2026-12-03', 'dispute', 'school-2'),
      fact('c', '2026-12-08', 'crime_lead', 'school-1'), // week 2: another screening type only
      fact('d', '2026-12-16', 'dispute', 'district', false), // week 3: the district's own record
    ];
    const cells = districtCells(ob, weeks(), facts, '2026-12-17');
    expect(cells.map((c) => [c.periodKey, c.done, c.status])).toEqual([
      [weeks()[0]?.key, 2, 'done'],
      [weeks()[1]?.key, 0, 'overdue'], // due Monday after the week (1 grace day), now past
      [weeks()[2]?.key, 1, 'done'],
    ]);
    expect(cells[0]?.lastDay).toBe('2026-12-03');
  });

  it('is open during the week and on its grace day, overdue after, and waits before the week starts', () => {
    if (!ob) throw new Error('no obligation');
    const [w1, w2, w3] = districtCells(ob, weeks(), [], '2026-12-14');
    expect(w1?.status).toBe('overdue');
    expect(w2?.status).toBe('open'); // week ended Sunday 13th; due Monday 14th
    expect(w2?.dueDate).toBe('2026-12-14');
    expect(w3?.status).toBe('open');
    expect(districtCells(ob, weeks(), [], '2026-12-06')[2]?.status).toBe('upcoming');
    // Before the district's records begin: 无数据, not overdue.
    expect(districtCells(ob, weeks(), [], '2026-12-20', '2026-12-10')[0]?.status).toBe('none');
  });
});
