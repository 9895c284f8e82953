import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import {
  boardStatus,
  checkInDay,
  cutoffInstant,
  dueDays,
  isLate,
  openSafetyPeriodInput,
  submitCheckInInput,
  tallySchool,
} from '../../src/domain/safety-check-in.js';

const at = (s: string) => new Date(s);

describe('daily cut-off in Asia/Shanghai', () => {
  it('is HH:MM on the Shanghai day, eight hours before in UTC', () => {
    expect(cutoffInstant('2026-10-01', '10:00').toISOString()).toBe('2026-10-01T02:00:00.000Z');
    // A cut-off before 08:00 falls on the previous UTC day.
    expect(cutoffInstant('2026-10-01', '07:30').toISOString()).toBe('2026-09-30T23:30:00.000Z');
    expect(cutoffInstant('2026-01-01', '00:00').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(cutoffInstant('2028-02-29', '23:59').toISOString()).toBe('2028-02-29T15:59:00.000Z');
    expect(() => cutoffInstant('2026-02-30', '10:00')).toThrow();
    expect(() => cutoffInstant('2026-02-01', '24:00')).toThrow();
  });

  it('counts the cut-off minute as on time and the next as late', () => {
    expect(isLate('2026-10-01', '10:00', at('2026-10-01T10:00:59+08:00'))).toBe(false);
    expect(isLate('2026-10-01', '10:00', at('2026-10-01T10:01:00+08:00'))).toBe(true);
    expect(isLate('2026-10-01', '23:59', at('2026-10-01T23:59:30+08:00'))).toBe(false);
  });

  it('files a report made after Shanghai midnight (16:00 UTC) under the next day', () => {
    const p = { startsOn: '2026-09-30', endsOn: '2026-10-07', cutoffTime: '09:00' };
    expect(checkInDay(p, at('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
    expect(checkInDay(p, at('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
    // On its own day, 00:30 is long before a 09:00 cut-off: on time, although UTC still says the day before.
    expect(isLate('2026-10-01', '09:00', at('2026-09-30T16:30:00Z'))).toBe(false);
    expect(checkInDay(p, at('2026-10-07T16:00:00Z'))).toBeNull();
    expect(checkInDay(p, at('2026-09-29T15:59:59Z'))).toBeNull();
  });

  it('shows pending before the cut-off, missing after, and the report when there is one', () => {
    const now = at('2026-10-01T09:30:00+08:00');
    expect(boardStatus('2026-10-01', '10:00', now)).toBe('pending');
    expect(boardStatus('2026-10-01', '09:00', now)).toBe('missing');
    expect(boardStatus('2026-10-01', '09:00', now, { status: 'safe' })).toBe('safe');
    expect(boardStatus('2026-10-01', '09:00', now, { status: 'exception' })).toBe('exception');
  });
});

describe('late and missing per school and period', () => {
  const p = { startsOn: '2026-12-30', endsOn: '2027-01-03', cutoffTime: '10:00' };

  it('counts only days whose cut-off has passed, across the year end', () => {
    expect(dueDays(p, at('2026-12-30T09:00:00+08:00'))).toEqual([]);
    expect(dueDays(p, at('2026-12-30T10:01:00+08:00'))).toEqual(['2026-12-30']);
    expect(dueDays(p, at('2027-01-01T08:00:00+08:00'))).toEqual(['2026-12-30', '2026-12-31']);
    expect(dueDays(p, at('2027-02-01T00:00:00+08:00'))).toHaveLength(5);
    // Closed on 31 December at noon: 1–3 January are not asked for.
    expect(dueDays({ ...p, closedAt: at('2026-12-31T12:00:00+08:00') }, at('2027-02-01T00:00:00+08:00'))).toEqual(['2026-12-30', '2026-12-31']);
  });

  it('tallies reported, late, missing and exceptions', () => {
    const t = tallySchool(p, at('2027-01-02T12:00:00+08:00'), [
      { day: '2026-12-30', status: 'safe', late: false },
      { day: '2026-12-31', status: 'exception', late: true },
      { day: '2027-01-02', status: 'safe', late: true },
      { day: '2026-12-01', status: 'safe', late: false }, // outside the period: ignored
    ]);
    expect(t).toEqual({ dueDays: 4, reported: 3, onTime: 1, late: 2, missing: 1, exceptions: 1 });
  });

  it('never counts more missing days than due days, nor a reported day as missing (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 25 })),
        fc.integer({ min: 0, max: 1439 }),
        (len, nowDay, reportDays, minute) => {
          const q = { startsOn: '2026-12-25', endsOn: addDays('2026-12-25', len), cutoffTime: '08:30' };
          const now = new Date(Date.parse(`${addDays('2026-12-25', nowDay)}T00:00:00+08:00`) + minute * 60_000);
          const checkIns = [...new Set(reportDays)].map((d) => ({ day: addDays('2026-12-25', d), status: 'safe' as const, late: d % 2 === 0 }));
          const t = tallySchool(q, now, checkIns);
          const due = dueDays(q, now);
          expect(t.dueDays).toBe(due.length);
          expect(t.missing).toBe(due.filter((d) => !checkIns.some((c) => c.day === d)).length);
          expect(t.missing + Math.min(t.reported, t.dueDays)).toBeGreaterThanOrEqual(t.dueDays);
          expect(t.onTime + t.late).toBe(t.reported);
        },
      ),
    );
  });
});

describe('inputs', () => {
  it('rejects a period ending before it starts, a bad cut-off and unknown fields', () => {
    const ok = { title: '国庆假期', kind: 'holiday', startsOn: '2026-10-01', endsOn: '2026-10-07', cutoffTime: '10:00' };
    expect(openSafetyPeriodInput.safeParse(ok).success).toBe(true);
    expect(openSafetyPeriodInput.safeParse({ ...ok, endsOn: '2026-09-30' }).success).toBe(false);
    expect(openSafetyPeriodInput.safeParse({ ...ok, cutoffTime: '25:00' }).success).toBe(false);
    expect(openSafetyPeriodInput.safeParse({ ...ok, cutoffTime: '9:00' }).success).toBe(false);
    expect(openSafetyPeriodInput.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    expect(openSafetyPeriodInput.safeParse({ ...ok, endsOn: '2027-12-31' }).success).toBe(false);
    // A day outside the sane years fails its own check and must not reach the day arithmetic (found by the fuzz suite).
    expect(openSafetyPeriodInput.safeParse({ ...ok, startsOn: '-000001-01-01', endsOn: '2000-01-01' }).success).toBe(false);
    expect(openSafetyPeriodInput.safeParse({ ...ok, startsOn: '2026-02-30' }).success).toBe(false);
  });

  it('wants the exception details with an exception and none with 平安', () => {
    expect(submitCheckInInput.safeParse({ status: 'safe' }).success).toBe(true);
    expect(submitCheckInInput.safeParse({ status: 'exception' }).success).toBe(false);
    expect(submitCheckInInput.safeParse({ status: 'exception', exception: { title: '学生溺水' } }).success).toBe(true);
    expect(submitCheckInInput.safeParse({ status: 'safe', exception: { title: 'x' } }).success).toBe(false);
    expect(submitCheckInInput.safeParse({ status: 'exception', exception: { title: 'x', typeCode: 'petition' } }).success).toBe(false);
  });
});
