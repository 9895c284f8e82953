import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import {
  addWorkingDays,
  assignerHandlingDue,
  dueAt,
  extendDue,
  faultyReports,
  holidayDays,
  incidentEscalates,
  incidentLevelOf,
  incidentReportKinds,
  incidentReportStanding,
  isWorkingDay,
  lateText,
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

describe('incident reports on time, late or missing (迟报/漏报), in Asia/Shanghai', () => {
  const general = levels.find((l) => l.code === 'general');
  if (!general) throw new Error('no general level');
  // 23:30 Shanghai on a Friday: the first report (1 h) is due 00:30 Saturday, whatever the weekend.
  const occurred = new Date('2026-12-04T23:30:00+08:00');
  const deadlines = reportDeadlines(general, occurred);
  const none = { first: null, written: null, follow_up: null, final: null };

  it('counts hours from the instant, across midnight and weekends', () => {
    expect(deadlines.first?.toISOString()).toBe(new Date('2026-12-05T00:30:00+08:00').toISOString());
    const s = incidentReportStanding(deadlines, { ...none, first: new Date('2026-12-05T00:30:00+08:00') }, new Date('2026-12-05T01:00:00+08:00'));
    expect(s.find((r) => r.kind === 'first')).toMatchObject({ status: 'on_time', lateMinutes: null });
  });

  it('late by how long, missing once the deadline passes, pending before it', () => {
    const now = new Date('2026-12-06T09:00:00+08:00');
    const s = incidentReportStanding(deadlines, { ...none, first: new Date('2026-12-05T01:45:30+08:00') }, now);
    const by = Object.fromEntries(s.map((r) => [r.kind, r]));
    expect(by.first).toMatchObject({ status: 'late', lateMinutes: 76 }); // 1 h 15 min 30 s → 76 started minutes
    const written = by.written;
    if (!written?.dueAt) throw new Error('written report not required');
    expect(written.status).toBe(written.dueAt < now ? 'missing' : 'pending');
    expect(by.final).toMatchObject({ status: 'pending', lateMinutes: null });
    expect(faultyReports(s).map((r) => r.kind)).toEqual(s.filter((r) => r.status === 'late' || r.status === 'missing').map((r) => r.kind));
    expect(lateText(76)).toBe('1 小时 16 分钟');
    expect(lateText(1500)).toBe('1 天 1 小时');
    expect(lateText(0)).toBe('0 分钟');
  });

  it('a report the level does not set is not required; without a level nothing is required', () => {
    const noFollowUp = { ...general, followUpHours: undefined };
    const s = incidentReportStanding(reportDeadlines(noFollowUp, occurred), none, new Date('2027-06-01T00:00:00+08:00'));
    expect(s.find((r) => r.kind === 'follow_up')).toMatchObject({ status: 'not_required' });
    expect(s.filter((r) => r.status === 'missing').map((r) => r.kind)).toEqual(['first', 'written', 'final']);
    expect(incidentReportStanding(null, none, new Date()).every((r) => r.status === 'not_required')).toBe(true);
  });

  it('property: a report made is never missing; on time iff at or before the deadline; late minutes are positive', () => {
    const instant = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, fc.option(instant, { nil: null }), instant, (occurredAt, made, now) => {
        const d = reportDeadlines(general, occurredAt);
        const s = incidentReportStanding(d, { first: made, written: made, follow_up: made, final: made }, now);
        expect(s.map((r) => r.kind)).toEqual([...incidentReportKinds]);
        for (const r of s) {
          const due = d[r.kind];
          if (!due) continue;
          if (made) expect(r.status).toBe(made <= due ? 'on_time' : 'late');
          else expect(r.status).toBe(due < now ? 'missing' : 'pending');
          if (r.status === 'late' || r.status === 'missing') expect(r.lateMinutes).toBeGreaterThan(0);
          else expect(r.lateMinutes).toBeNull();
        }
      }),
    );
  });
});

describe('任务分办 with a deadline set by the assigning unit (Asia/Shanghai)', () => {
  const now = new Date('2026-12-04T15:00:00+08:00'); // a Friday afternoon
  const at = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();
  const due = (day: string, limit: Parameters<typeof assignerHandlingDue>[2]) => {
    const r = assignerHandlingDue(day, now, limit, cal);
    return r.ok ? r.due.toISOString() : r.message;
  };

  it('ends at midnight after the chosen day, at the latest the pack limit counted from the assignment', () => {
    expect(due('2026-12-04', { amount: 60, unit: 'days' })).toBe(at('2026-12-05'));
    expect(due('2027-02-02', { amount: 60, unit: 'days' })).toBe(at('2027-02-03')); // the 60th day
    expect(due('2027-02-03', { amount: 60, unit: 'days' })).toContain('最迟 2027-02-02');
    // 2 working days from Friday: Monday and Tuesday.
    expect(due('2026-12-08', { amount: 2, unit: 'working_days' })).toBe(at('2026-12-09'));
    expect(due('2026-12-09', { amount: 2, unit: 'working_days' })).toContain('最迟 2026-12-08');
    // 24 hours from 15:00: only today ends within it.
    expect(due('2026-12-04', { amount: 24, unit: 'hours' })).toBe(at('2026-12-05'));
    expect(due('2026-12-05', { amount: 24, unit: 'hours' })).toContain('不能超过');
    // No limit in the pack: any day from today.
    expect(due('2030-01-01', undefined)).toBe(at('2030-01-02'));
  });

  it('refuses a day before today in Shanghai (even when it is still that day in UTC)', () => {
    const early = new Date('2026-12-05T07:00:00+08:00'); // 23:00 UTC on the 4th
    const r = assignerHandlingDue('2026-12-04', early, undefined, cal);
    expect(r).toEqual({ ok: false, message: '办理期限不能早于今天' });
  });
});
