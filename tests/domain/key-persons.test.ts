import { describe, expect, it } from 'vitest';
import '../../src/domain/zod-locale.js';
import { followUpSchema, isFollowUpOverdue, maskIdNumber, saveKeyPersonSchema } from '../../src/domain/key-persons.js';
import { resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import { defaultPolicyDir, readPackFolders } from '../../src/server/policy/policy.registry.js';

describe('key persons (重点人员)', () => {
  it('masks an ID number to its last four characters', () => {
    expect(maskIdNumber('50011319800101123X')).toBe('**************123X');
    expect(maskIdNumber('500113800101123')).toBe('***********1123');
    expect(maskIdNumber('123')).toBe('***');
  });

  it('the national pack holds the categories of seed 001 as confirmed, the others as assumptions', () => {
    const pack = resolvePacks(readPackFolders(defaultPolicyDir)).packs.get('national');
    const cats = pack?.surroundings.keyPersonCategories ?? [];
    const sure = cats.filter((c) => c.certainty === 'C').map((c) => c.code);
    expect(sure).toEqual(['mental_disorder', 'petitioner', 'drug_user', 'grievance', 'school_offender', 'revenge_threat']);
    expect(cats.find((c) => c.code === 'community_correction')?.certainty).toBe('M');
    expect(cats.every((c) => c.source.length > 0)).toBe(true);
    expect(pack?.surroundings.keyPersonFollowUpDays).toMatchObject({ high: 7, medium: 30, low: 90 });
  });

  it('accepts an 18-digit ID (X upper-cased) and refuses others; coordinates both or neither', () => {
    const base = { name: '王某', categoryCode: 'drug_user', riskLevel: 'high' };
    expect(saveKeyPersonSchema.parse({ ...base, idNumber: '50011319800101123x' }).idNumber).toBe('50011319800101123X');
    expect(saveKeyPersonSchema.safeParse({ ...base, idNumber: '5001131980' }).success).toBe(false);
    expect(saveKeyPersonSchema.safeParse({ ...base, idNumber: '50011319800101123X', latitude: 29.5 }).success).toBe(false);
  });

  it('a follow-up is overdue only when active and due before today; the next one must be later than this one', () => {
    expect(isFollowUpOverdue({ status: 'active', nextFollowUpDue: '2026-12-05' }, '2026-12-06')).toBe(true);
    expect(isFollowUpOverdue({ status: 'active', nextFollowUpDue: '2026-12-06' }, '2026-12-06')).toBe(false);
    expect(isFollowUpOverdue({ status: 'closed', nextFollowUpDue: '2026-12-01' }, '2026-12-06')).toBe(false);
    expect(followUpSchema.safeParse({ date: '2026-12-06', content: '走访', nextDue: '2026-12-06' }).success).toBe(false);
  });
});
