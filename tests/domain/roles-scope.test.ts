import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passwordSchema } from '../../src/domain/password-policy.js';
import { grantableRoles, homeUnitKinds, roleLabels, roles } from '../../src/domain/roles.js';
import { createSchoolSchema, updateSchoolSchema } from '../../src/domain/school.js';
import { allUnits, canRead, canWrite, scopeRules, unitsOf } from '../../src/domain/scope.js';

describe('roles', () => {
  it('every role of PRODUCT.md exists with a Chinese label, a home unit kind and a scope rule', () => {
    expect(roles).toHaveLength(10);
    for (const r of roles) {
      expect(roleLabels[r]).toMatch(/[\u4e00-\u9fa5]/);
      expect(homeUnitKinds[r].length).toBeGreaterThan(0);
      expect(scopeRules[r]).toBeDefined();
    }
  });

  it('no role can create an account that may grant more than its creator', () => {
    for (const r of roles) for (const g of grantableRoles[r]) for (const gg of grantableRoles[g]) expect(grantableRoles[r]).toContain(gg);
  });

  it('a role that writes never writes beyond what it reads', () => {
    const breadth = { none: 0, home_school: 1, home_subtree: 2, district: 3 } as const;
    const readBreadth = { home_school: 1, inspector_schools: 1, precinct_schools: 1, home_subtree: 2, leader_areas: 2, district: 3 } as const;
    for (const r of roles) expect(breadth[scopeRules[r].write]).toBeLessThanOrEqual(readBreadth[scopeRules[r].read]);
  });

  it('only school roles are confined to one school', () => {
    const oneSchool = roles.filter((r) => scopeRules[r].read === 'home_school');
    expect(oneSchool.sort()).toEqual(['principal', 'school_safety_officer', 'staff']);
  });
});

describe('unit sets', () => {
  it('membership is exact', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { maxLength: 30 }), fc.uuid(), (ids, probe) => {
        const scope = { districtId: 'd', read: unitsOf(ids), write: unitsOf(ids.slice(0, 1)) };
        expect(canRead(scope, probe)).toBe(ids.includes(probe));
        expect(canWrite(scope, probe)).toBe(ids[0] === probe);
        expect(canRead({ ...scope, read: allUnits }, probe)).toBe(true);
      }),
    );
  });
});

describe('password policy', () => {
  it('needs 8+ characters with letters and digits', () => {
    expect(passwordSchema.safeParse('abc12345').success).toBe(true);
    for (const bad of ['abc1234', 'abcdefgh', '12345678', '']) expect(passwordSchema.safeParse(bad).success).toBe(false);
  });
});

describe('school schema', () => {
  const valid = { name: '测试小学', code: 'S001', parentId: '00000000-0000-4000-8000-000000000001', schoolType: 'primary' };
  it('fills defaults on create but never on a partial update', () => {
    expect(createSchoolSchema.parse(valid)).toMatchObject({ ownership: 'public', enrollment: 0, gateCount: 1 });
    expect(updateSchoolSchema.parse({ enrollment: 10 })).toEqual({ enrollment: 10 });
  });
  it('rejects boarding above enrollment, unknown keys and non-Chinese coordinates', () => {
    expect(createSchoolSchema.safeParse({ ...valid, enrollment: 10, boardingStudents: 11 }).success).toBe(false);
    expect(createSchoolSchema.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    expect(createSchoolSchema.safeParse({ ...valid, longitude: 10 }).success).toBe(false);
    expect(updateSchoolSchema.safeParse({}).success).toBe(false);
  });
});
