import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isCalendarDay, shanghaiDay } from '../../src/domain/calendar.js';

describe('shanghaiDay', () => {
  it('turns at 16:00 UTC, midnight in Shanghai', () => {
    expect(shanghaiDay(new Date('2026-03-10T15:59:59.999Z'))).toBe('2026-03-10');
    expect(shanghaiDay(new Date('2026-03-10T16:00:00.000Z'))).toBe('2026-03-11');
    expect(shanghaiDay(new Date('2026-03-10T00:00:00+08:00'))).toBe('2026-03-10');
    expect(shanghaiDay(new Date('2026-03-10T23:59:59+08:00'))).toBe('2026-03-10');
  });

  it('crosses month and year ends and the leap day', () => {
    expect(shanghaiDay(new Date('2026-01-31T16:00:00Z'))).toBe('2026-02-01');
    expect(shanghaiDay(new Date('2026-04-30T15:59:59Z'))).toBe('2026-04-30');
    expect(shanghaiDay(new Date('2026-04-30T16:00:00Z'))).toBe('2026-05-01');
    expect(shanghaiDay(new Date('2025-12-31T15:59:59Z'))).toBe('2025-12-31');
    expect(shanghaiDay(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(shanghaiDay(new Date('2028-02-28T16:00:00Z'))).toBe('2028-02-29');
    expect(shanghaiDay(new Date('2028-02-29T16:00:00Z'))).toBe('2028-03-01');
    expect(shanghaiDay(new Date('2027-02-28T16:00:00Z'))).toBe('2027-03-01');
  });

  it('agrees with the platform time-zone database at any instant', () => {
    const instants = fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(
      fc.property(instants, (ms) => {
        const d = new Date(ms);
        expect(shanghaiDay(d)).toBe(d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));
      }),
    );
  });

  it('refuses an invalid date', () => {
    expect(() => shanghaiDay(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('addDays and daysBetween', () => {
  it('count calendar days across month and year ends and leap years', () => {
    expect(addDays('2026-03-10', 3)).toBe('2026-03-13');
    expect(addDays('2026-03-10', 0)).toBe('2026-03-10');
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(daysBetween('2026-03-10', '2026-03-13')).toBe(3);
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
    expect(daysBetween('2026-03-10', '2026-03-09')).toBe(-1);
  });

  it('refuses what is not a calendar day or a whole number of days', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-3-10', '2026-03-10T00:00', '']) {
      expect(isCalendarDay(bad)).toBe(false);
      expect(() => addDays(bad, 1)).toThrow(RangeError);
    }
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(() => addDays('2026-03-10', 1.5)).toThrow(RangeError);
  });

  it('moving n days and back is the identity, and matches moving the instant by n × 24 h', () => {
    const instants = fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(
      fc.property(instants, fc.integer({ min: -2000, max: 2000 }), (ms, n) => {
        const day = shanghaiDay(new Date(ms));
        expect(addDays(addDays(day, n), -n)).toBe(day);
        expect(addDays(day, n)).toBe(shanghaiDay(new Date(ms + n * 86_400_000)));
        expect(daysBetween(day, addDays(day, n))).toBe(n);
      }),
    );
  });
});
