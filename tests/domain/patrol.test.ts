import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { createRecordCheckSchema, patrolDay, rosterDaySchema } from '../../src/domain/patrol.js';
import type { ResolvedPack } from '../../src/domain/policy/pack-schema.js';
import { dueDaysOfRoute, requiredPerDay, routesOf } from '../../src/server/patrol/patrol-rules.js';

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

describe('the daily number is due only on the days its duty is (dueOn)', () => {
  // 2026-12: the 1st is a Tuesday, the 5th and 6th a weekend; 2027-01-01 元旦; Sunday 2027-01-03 worked as a Monday.
  const p = {
    obligations: [
      { kind: 'patrol', period: 'daily', types: ['key_places'], count: 5 },
      { kind: 'patrol', period: 'daily', types: ['dormitory_night'], count: 2, dueOn: 'school_days', appliesTo: { boarding: true } },
    ],
    calendar: {
      semesters: [],
      holidays: [],
      publicHolidays: [{ name: '元旦', start: '2027-01-01' }],
      makeUpDays: [{ date: '2027-01-03', asWeekday: 1, name: '元旦调休' }],
    },
    vocab: {
      patrolRoutes: [
        { code: 'key_places', label: '重点部位巡查', description: '' },
        { code: 'dormitory_night', label: '宿舍夜间巡查', description: '' },
        { code: 'perimeter', label: '周界巡查', description: '' },
      ],
    },
  } as unknown as ResolvedPack;
  const dueToday = (day: string) => Object.fromEntries(routesOf(p, true, day).map((r) => [r.code, [r.perDay, r.dueToday]]));

  it('宿舍夜间巡查 asks nothing on a weekend or a public holiday, and asks on a 调休上班日; 重点部位 every day', () => {
    expect(dueToday('2026-12-07')).toEqual({ key_places: [5, true], dormitory_night: [2, true], perimeter: [null, false] });
    expect(dueToday('2026-12-06')).toEqual({ key_places: [5, true], dormitory_night: [2, false], perimeter: [null, false] });
    expect(dueToday('2027-01-01').dormitory_night).toEqual([2, false]);
    expect(dueToday('2027-01-03').dormitory_night).toEqual([2, true]);
  });

  it('counts the due days of a span: school days for the dormitory, every day for key places, none for a route without a number', () => {
    expect(dueDaysOfRoute(p, 'dormitory_night', true, '2026-12-01', '2026-12-07')).toBe(5);
    expect(dueDaysOfRoute(p, 'key_places', true, '2026-12-01', '2026-12-07')).toBe(7);
    expect(dueDaysOfRoute(p, 'dormitory_night', false, '2026-12-01', '2026-12-07')).toBe(0); // a day school
    expect(dueDaysOfRoute(p, 'perimeter', true, '2026-12-01', '2026-12-07')).toBe(0);
    expect(dueDaysOfRoute(p, 'dormitory_night', true, '2026-12-31', '2027-01-03')).toBe(2); // Thu 31st, Sun 3rd (worked)
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
