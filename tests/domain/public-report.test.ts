import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReceipt, newReceipt, normaliseReceipt, publicStatusOf, windowAllowance } from '../../src/domain/public-report.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('receipt numbers', () => {
  it('are 13 symbols of Crockford base32 that pass their own check, as typed in any form', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const r = newReceipt();
      expect(r).toMatch(/^[0-9A-HJKMNP-TV-Z]{13}$/);
      expect(normaliseReceipt(r)).toBe(r);
      expect(normaliseReceipt(formatReceipt(r).toLowerCase())).toBe(r);
      expect(normaliseReceipt(` ${formatReceipt(r)} `.replace(/0/g, 'o').replace(/1/g, 'l'))).toBe(r);
      seen.add(r);
    }
    expect(seen.size).toBe(2000);
  });

  it("catch every single wrong symbol and every swap of two different neighbours but 0↔Z (Luhn mod N's one blind spot)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 31 }), (pos, shift) => {
        const r = newReceipt();
        const wrong = r.slice(0, pos) + ALPHABET[(ALPHABET.indexOf(r[pos] as string) + shift) % 32] + r.slice(pos + 1);
        expect(normaliseReceipt(wrong)).toBeNull();
      }),
      { numRuns: 500 },
    );
    let swaps = 0;
    for (let i = 0; i < 300; i++) {
      const r = newReceipt();
      for (let p = 0; p < 12; p++) {
        if (r[p] === r[p + 1] || [r[p], r[p + 1]].sort().join('') === '0Z') continue;
        const swapped = r.slice(0, p) + r[p + 1] + r[p] + r.slice(p + 2);
        swaps += 1;
        expect(normaliseReceipt(swapped), `${r} → ${swapped}`).toBeNull();
      }
    }
    expect(swaps).toBeGreaterThan(3000);
  });

  it('refuse wrong lengths and symbols outside the alphabet', () => {
    expect(normaliseReceipt('')).toBeNull();
    expect(normaliseReceipt('ABCD')).toBeNull();
    expect(normaliseReceipt(`${newReceipt()}0`)).toBeNull();
    expect(normaliseReceipt('ABCD-EFGH-JKMN-U')).toBeNull();
  });
});

describe('the public status', () => {
  it('is 已收到 until triaged, 未受理 when rejected, and follows the hazard otherwise', () => {
    expect(publicStatusOf(null, null)).toBe('received');
    expect(publicStatusOf('rejected', null)).toBe('rejected');
    for (const outcome of ['hazard', 'merged'] as const) {
      expect(publicStatusOf(outcome, 'reported')).toBe('accepted');
      expect(publicStatusOf(outcome, 'assessed')).toBe('accepted');
      expect(publicStatusOf(outcome, 'rectifying')).toBe('rectifying');
      expect(publicStatusOf(outcome, 'pending_verification')).toBe('rectifying');
      expect(publicStatusOf(outcome, 'closed')).toBe('done');
    }
  });
});

describe('the per-address sliding window', () => {
  it('lets the full limit through when the previous window was empty or has slid out', () => {
    expect(windowAllowance(3, 0, 0)).toBe(3);
    expect(windowAllowance(3, 3, 1)).toBe(3);
    expect(windowAllowance(120, 0, 0.5)).toBe(120);
  });

  it('weighs the previous window by the share still inside the sliding window', () => {
    expect(windowAllowance(3, 3, 0)).toBe(0); // a burst at the end of the last window: nothing more yet
    expect(windowAllowance(3, 3, 0.1)).toBe(0); // 2.7 still counted
    expect(windowAllowance(3, 3, 0.5)).toBe(1); // 1.5 still counted
    expect(windowAllowance(3, 3, 2 / 3)).toBe(2); // exactly 1 still counted (no floating-point loss)
    expect(windowAllowance(10, 4, 0.75)).toBe(9);
  });

  it('never lets more than the limit through over any two adjacent windows taken at their boundary', () => {
    // A client that spends its allowance at the end of each window and again at the start of the next.
    for (const limit of [1, 2, 3, 5, 20, 120]) {
      for (let prev = 0; prev <= limit; prev++) {
        const allowed = windowAllowance(limit, prev, 0);
        expect(prev + Math.max(0, allowed)).toBeLessThanOrEqual(limit);
      }
    }
    // Out-of-range shares (clock skew between servers) are clamped.
    expect(windowAllowance(3, 3, -0.2)).toBe(0);
    expect(windowAllowance(3, 3, 1.4)).toBe(3);
  });
});
