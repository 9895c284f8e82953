import { describe, expect, it } from 'vitest';
import { CHAIN_POST, canReviewDocuments, partyUnitOf, signedShare } from '../../src/domain/letters.js';

describe('responsibility letters', () => {
  const school = { id: 's1', parentId: 'centre1' };
  it('the principal signs with the supervising unit, everyone else with the school', () => {
    expect(partyUnitOf(CHAIN_POST, school, 'd')).toBe('centre1');
    expect(partyUnitOf('head_teacher', school, 'd')).toBe('s1');
    expect(partyUnitOf(CHAIN_POST, { id: 's2', parentId: null }, 'd')).toBe('d');
  });
  it('the signed share is whole percent, 0 without holders', () => {
    expect(signedShare(0, 0)).toBe(0);
    expect(signedShare(2, 3)).toBe(67);
    expect(signedShare(3, 3)).toBe(100);
  });
  it('police, centre and district review documents; schools and inspectors do not', () => {
    expect(canReviewDocuments('police_officer')).toBe(true);
    expect(canReviewDocuments('centre_officer')).toBe(true);
    expect(canReviewDocuments('district_admin')).toBe(true);
    expect(canReviewDocuments('principal')).toBe(false);
    expect(canReviewDocuments('responsible_inspector')).toBe(false);
  });
});
