import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { createRecordCheckSchema, patrolDay, rosterDaySchema } from '../../src/domain/patrol.js';
import type { ResolvedPack } from '../../src/domain/policy/pack-schema.js';
import { requiredPerDay } from '../../src/server/patrol/patrol-rules.js';

const at = (s: string) => new Date(s);

describe('patrolDay', () => {
  it('a dormitory round before 06:00 belongs to the night before; other routes to their calendar day', () => {
    expect(patrolDay('dormitory_night', at('2026-12-06T01:30:00+08:00'))).toBe('2026-12-05');
    expect(patrolDay('dormitory_night', at('2026-12-06T05:59:00+08:00'))).toBe('2026-12-05');
    expect(patrolDay('dormitory_night', at('2026-12-06T06:00:00+08:00'))).toBe('2026-12-06');
    expect(patrolDay('dormitory_night', at('2026-12-05T22:10:00+08:00'))).toBe('2026-12-05');
    expect(patrolDay('dormitory_night', at('2027-01-01T00:10:00+08:00'))).toBe('2026-12-31');
    expect(patrolDay('key_places', at('2026-12-06T01:30:00+08:00'))).toBe('2026-12-06');
    expect(patrolDay('perimeter', at('2026-12-05T23:59:00+08:00'))).toBe('2026-12-05');
  });

  it('is always the calendar day or the one before', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        fc.constantFrom('key_places', 'dormitory_night', 'perimeter'),
        (d, route) => {
          const day = patrolDay(route, d);
          const cal = shanghaiDay(d);
          expect([cal, addDays(cal, -1)]).toContain(day);
          if (route !== 'dormitory_night') expect(day).toBe(cal);
        },
      ),
    );
  });
});

describe('requiredPerDay reads the pack, never invents a number', () => {
  const pack = (obligations: unknown[]) => ({ obligations }) as unknown as ResolvedPack;
  it('null without a patrol obligation (count only)', () => {
    expect(requiredPerDay(pack([{ code: 'weekly', period: 'weekly', levels: ['school_self'], count: 1 }]), 'key_places', false)).toEqual({
      perDay: null,
      boardingOnly: false,
    });
  });
  it('the daily count of a patrol obligation naming the route; boarding-only ones skip day schools', () => {
    const p = pack([
      { kind: 'patrol', period: 'daily', types: ['key_places'], count: 5 },
      { kind: 'patrol', period: 'daily', types: ['dormitory_night'], count: 2, appliesTo: { boarding: true } },
    ]);
    expect(requiredPerDay(p, 'key_places', false)).toEqual({ perDay: 5, boardingOnly: false });
    expect(requiredPerDay(p, 'dormitory_night', true)).toEqual({ perDay: 2, boardingOnly: true });
    expect(requiredPerDay(p, 'dormitory_night', false).perDay).toBeNull();
    expect(requiredPerDay(p, 'perimeter', true).perDay).toBeNull();
  });
});

describe('input schemas', () => {
  it('a questioned mark needs a note', () => {
    const base = { kind: 'patrol', recordId: '7f1c1b8e-1d2a-4c3b-9a0e-2f6d5c4b3a21' };
    expect(createRecordCheckSchema.safeParse({ ...base, result: 'questioned' }).success).toBe(false);
    expect(createRecordCheckSchema.safeParse({ ...base, result: 'questioned', note: '照片不符' }).success).toBe(true);
    expect(createRecordCheckSchema.safeParse({ ...base, result: 'checked' }).success).toBe(true);
  });
  it('a roster day takes a phone of digits only', () => {
    expect(rosterDaySchema.safeParse({ day: '2026-12-07', leaderName: '张', phone: '023-6888 1234' }).success).toBe(true);
    expect(rosterDaySchema.safeParse({ day: '2026-12-07', leaderName: '张', phone: 'call me' }).success).toBe(false);
  });
});
