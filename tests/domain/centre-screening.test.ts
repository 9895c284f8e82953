import { describe, expect, it } from 'vitest';
import '../../src/domain/zod-locale.js';
import { obligationApplies } from '../../src/domain/coverage.js';
import { resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import { obligationSchema } from '../../src/domain/policy/pack-schema.js';
import { defaultPolicyDir, readPackFolders } from '../../src/server/policy/policy.registry.js';

/** The 教管中心 subject of the duty engine: the centre's own monthly 矛盾纠纷排查 applies to centres only. */
const { packs } = resolvePacks(readPackFolders(defaultPolicyDir));
const ob = packs.get('national')?.obligations.find((o) => o.code === 'centre_dispute_screening_monthly');
const unit = (unitKind: 'school' | 'department' | 'centre') => ({
  id: 'u',
  name: '单位',
  code: 'U',
  parentId: null,
  schoolType: 'primary',
  boarding: false,
  unitKind,
});

describe('centre duties', () => {
  it('the national pack (and so every district) has the monthly centre dispute screening', () => {
    expect(ob).toMatchObject({ subject: 'centre', kind: 'screening', types: ['dispute'], period: 'monthly', count: 1, graceDays: 3 });
    expect(packs.get('yunjiang')?.obligations.some((o) => o.code === 'centre_dispute_screening_monthly')).toBe(true);
  });

  it('applies to each centre, never to a school or a department; school obligations never to a centre', () => {
    if (!ob) throw new Error('no centre duty');
    expect(obligationApplies(ob, unit('centre'))).toBe(true);
    expect(obligationApplies(ob, unit('school'))).toBe(false);
    expect(obligationApplies(ob, unit('department'))).toBe(false);
    const schoolDuty = packs.get('national')?.obligations.find((o) => o.code === 'dispute_screening_monthly');
    if (!schoolDuty) throw new Error('no school duty');
    expect(obligationApplies(schoolDuty, unit('centre'))).toBe(false);
  });

  it('a centre duty names no school conditions and no department type', () => {
    const base = {
      code: 'c',
      label: '中心排查',
      description: '说明',
      source: '来源',
      kind: 'screening',
      types: ['dispute'],
      period: 'monthly',
      count: 1,
      subject: 'centre',
    };
    expect(obligationSchema.safeParse(base).success).toBe(true);
    const withSchools = obligationSchema.safeParse({ ...base, appliesTo: { boarding: true } });
    expect(withSchools.success).toBe(false);
    expect(JSON.stringify(withSchools.error?.issues)).toContain('教管中心义务不按学校适用');
    expect(obligationSchema.safeParse({ ...base, departmentType: 'community' }).success).toBe(false);
    expect(obligationSchema.safeParse({ ...base, subject: 'centres' }).success).toBe(false);
  });
});
