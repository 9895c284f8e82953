import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import {
  addWorkingDays,
  dueAt,
  extendDue,
  holidayDays,
  incidentEscalates,
  incidentLevelOf,
  isWorkingDay,
  reportDeadlines,
  slaStatus,
  type WorkCalendar,
} from '../../src/domain/case-time.js';
import { resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import { defaultPolicyDir, readPackFolders } from '../../src/server/policy/policy.registry.js';

const { packs } = resolvePacks(readPackFolders(defaultPolicyDir));
const national = packs.get('national');
if (!national) throw new Error('no national pack');
const cal: WorkCalendar = { publicHolidays: national.calendar.publicHolidays, workdays: national.calendar.workdays };
const levels = national.cases.incident?.levels ?? [];

describe('working days in Asia/Shanghai', () => {
  it('skips weekends and the pack public holidays, and counts the 调休 working weekends', () => {
    expect(isWorkingDay('2026-12-07', cal)).toBe(true); // Monday
    expect(isWorkingDay('2026-12-05', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-05', cal)).toBe(false); // 国庆 on a Monday
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday worked instead
    expect(addWorkingDays('2026-12-04', 1, cal)).toBe('2026-12-07'); // Friday + 1 → Monday
    expect(addWorkingDays('2026-09-30', 1, cal)).toBe('2026-10-08'); // across 国庆
    expect(addWorkingDays('2026-09-30', 3, cal)).toBe('2026-10-10'); // 8, 9, the 调休 Saturday 10th
  });

  it('a working-day limit ends at Shanghai midnight after its last working day', () => {
    // Friday 2026-12-04 15:00 Shanghai (07:00Z), 3 working days → Wed 12-09 ends at 12-10 00:00 Shanghai = 12-09T16:00Z.
    expect(dueAt(new Date('2026-12-04T07:00:00Z'), { amount: 3, unit: 'working_days' }, cal).toISOString()).toBe('2026-12-09T16:00:00.000Z');
    // 23:30 Shanghai on Friday is still Friday: the same due instant.
    expect(dueAt(new Date('2026-12-04T15:30:00Z'), { amount: 3, unit: 'working_days' }, cal).toISOString()).toBe('2026-12-09T16:00:00.000Z');
    // 00:30 Shanghai on Saturday counts from Saturday.
    expect(dueAt(new Date('2026-12-04T16:30:00Z'), { amount: 3, unit: 'working_days' }, cal).toISOString()).toBe('2026-12-09T16:00:00.000Z');
    expect(dueAt(new Date('2026-12-01T02:00:00Z'), { amount: 60, unit: 'days' }, cal).toISOString()).toBe('2027-01-30T16:00:00.000Z');
    expect(dueAt(new Date('2026-12-01T02:00:00Z'), { amount: 2, unit: 'hours' }, cal).toISOString()).toBe('2026-12-01T04:00:00.000Z');
    const due = dueAt(new Date('2026-12-01T02:00:00Z'), { amount: 60, unit: 'days' }, cal);
    expect(extendDue(due, { amount: 30, unit: 'days' }, cal).toISOString()).toBe('2027-03-01T16:00:00.000Z');
  });

  it('property: the last day of a working-day limit is a working day and exactly N working days follow the start', () => {
    const holidays = holidayDays(cal);
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-12-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 40 }),
        (from, n) => {
          const due = dueAt(from, { amount: n, unit: 'working_days' }, cal);
          const last = addDays(shanghaiDay(due), -1);
          expect(isWorkingDay(last, cal, holidays)).toBe(true);
          let count = 0;
          for (let d = addDays(shanghaiDay(from), 1); d <= last; d = addDays(d, 1)) if (isWorkingDay(d, cal, holidays)) count++;
          expect(count).toBe(n);
          expect(due.getTime()).toBeGreaterThan(from.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('SLA status: on time, due soon in the last quarter (at most a day), overdue after', () => {
    const entered = new Date('2026-12-01T00:00:00Z');
    const due = new Date('2026-12-09T00:00:00Z');
    expect(slaStatus(entered, due, new Date('2026-12-07T00:00:00Z'))).toBe('on_time');
    expect(slaStatus(entered, due, new Date('2026-12-08T01:00:00Z'))).toBe('due_soon');
    expect(slaStatus(entered, due, new Date('2026-12-09T00:00:01Z'))).toBe('overdue');
    expect(slaStatus(entered, null, new Date())).toBe('none');
  });
});

describe('incident levels (RULES.md SG-01: 以上含本数)', () => {
  it('computes the level from deaths, serious injuries or loss at the thresholds', () => {
    const level = (deaths: number, seriousInjuries: number, lossYuan: number) => incidentLevelOf(levels, { deaths, seriousInjuries, lossYuan }).code;
    expect(level(0, 0, 0)).toBe('general');
    expect(level(2, 9, 9_999_999)).toBe('general');
    expect(level(3, 0, 0)).toBe('larger');
    expect(level(0, 10, 0)).toBe('larger');
    expect(level(0, 0, 10_000_000)).toBe('larger');
    expect(level(9, 49, 49_999_999)).toBe('larger');
    expect(level(10, 0, 0)).toBe('major');
    expect(level(0, 50, 0)).toBe('major');
    expect(level(0, 0, 100_000_000)).toBe('especially_major');
    expect(level(30, 0, 0)).toBe('especially_major');
  });

  it('escalates at or above the pack level, or on any death', () => {
    const p = { escalateFromLevel: 'larger' as const, escalateOnDeath: true };
    expect(incidentEscalates(p, 'general', 0)).toBe(false);
    expect(incidentEscalates(p, 'general', 1)).toBe(true);
    expect(incidentEscalates(p, 'larger', 0)).toBe(true);
    expect(incidentEscalates({ ...p, escalateOnDeath: false }, 'general', 1)).toBe(false);
  });

  it('report deadlines per level from the time of the incident', () => {
    const general = levels.find((l) => l.code === 'general');
    if (!general) throw new Error('no general level');
    const d = reportDeadlines(general, new Date('2026-12-01T00:00:00Z'));
    expect(d.first?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(d.written?.toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(d.final?.toISOString()).toBe('2026-12-31T00:00:00.000Z');
  });
});
