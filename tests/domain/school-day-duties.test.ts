import { describe, expect, it } from 'vitest';
import { coverageOf, type SchoolFact } from '../../src/domain/coverage.js';
import type { DutyFact } from '../../src/domain/duty.js';
import { ruleText } from '../../src/domain/duty-rule.js';
import { type DutyCalendar, rulePeriodAt, rulePeriodBefore, rulePeriodsBetween } from '../../src/domain/periods.js';
import { resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import { type ObligationDef, obligationSchema } from '../../src/domain/policy/pack-schema.js';
import { defaultPolicyDir, readPackFolders } from '../../src/server/policy/policy.registry.js';

/**
 * Daily duties due on school days only (dueOn: school_days): weekends, public holidays and the
 * holidays (寒暑假, 国庆) are no period at all, so they are neither due, open nor missed; a 调休上班日
 * is due. Every-day duties (guards' key-place patrols, the leader on duty) keep every calendar day.
 */
const cal: DutyCalendar = {
  semesters: [
    { code: 'autumn', label: '秋季学期', start: '09-01', end: '01-31', classesStart: '09-01', classesEnd: '01-20' },
    { code: 'spring', label: '春季学期', start: '02-01', end: '08-31', classesStart: '02-24', classesEnd: '07-05' },
  ],
  holidays: [
    { name: '国庆节', start: '2026-10-01', end: '2026-10-07' },
    { name: '寒假', start: '2027-01-21', end: '2027-02-23' },
  ],
  // 2026-09-25 中秋 is a Friday off; 2026-10-10 is a Saturday worked (国庆调休).
  publicHolidays: [{ name: '中秋节', start: '2026-09-25', end: '2026-09-27' }],
  makeUpDays: [{ date: '2026-10-10', asWeekday: 3, name: '国庆调休' }],
};
const patrol = (x: Record<string, unknown> = {}): ObligationDef =>
  obligationSchema.parse({ code: 'daily_patrol', label: '日巡查', levels: ['school_self'], period: 'daily', dueOn: 'school_days', ...x });
const everyDay = (): ObligationDef => obligationSchema.parse({ code: 'duty_roster', label: '每日领导值班', kind: 'roster', period: 'daily' });
const keys = (ob: ObligationDef, from: string, to: string) => rulePeriodsBetween(ob, from, to, cal).map((p) => p.key);
const school: SchoolFact = { id: 's1', name: '一小', code: 'S1', parentId: 't1', schoolType: 'primary', boarding: false };
const fact = (day: string): DutyFact => ({
  id: `f-${day}`,
  kind: 'inspection',
  subjectId: 's1',
  schoolId: 's1',
  day,
  level: 'school_self',
  type: 'daily_patrol',
  actorIds: [],
});

describe('daily duties due on school days only', () => {
  it('a week with a weekend: Monday to Friday are periods, Saturday and Sunday are not', () => {
    expect(keys(patrol(), '2026-10-12', '2026-10-18')).toEqual(['2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16']);
    // An every-day duty keeps all seven days.
    expect(keys(everyDay(), '2026-10-12', '2026-10-18')).toHaveLength(7);
  });

  it('a public holiday (中秋, a Friday) is not due; the weekdays around it are', () => {
    expect(keys(patrol(), '2026-09-21', '2026-09-27')).toEqual(['2026-09-21', '2026-09-22', '2026-09-23', '2026-09-24']);
  });

  it('a 调休 Saturday is due; the 国庆 holiday before it is not', () => {
    expect(keys(patrol(), '2026-10-01', '2026-10-11')).toEqual(['2026-10-08', '2026-10-09', '2026-10-10']);
  });

  it('a day in 寒假 is not due, whatever its weekday; the days before the holiday are', () => {
    expect(keys(patrol(), '2027-01-18', '2027-01-26')).toEqual(['2027-01-18', '2027-01-19', '2027-01-20']);
    expect(keys(everyDay(), '2027-01-25', '2027-01-25')).toEqual(['2027-01-25']);
  });

  it('on a day off, the period "now" is the next school day (upcoming) and the one before is the last school day', () => {
    const sat = rulePeriodAt(patrol(), '2026-10-17', cal);
    expect(sat?.key).toBe('2026-10-19');
    expect(sat && rulePeriodBefore(patrol(), sat, cal)?.key).toBe('2026-10-16');
    // Monday after a weekend: the one before is Friday, not Sunday.
    const mon = rulePeriodAt(patrol(), '2026-10-19', cal);
    expect(mon?.key).toBe('2026-10-19');
    expect(mon && rulePeriodBefore(patrol(), mon, cal)?.key).toBe('2026-10-16');
    // After the 国庆 holiday the day before 10-08 is 09-30; the 调休 Saturday's previous is Friday 10-09.
    expect(rulePeriodBefore(patrol(), { kind: 'daily', key: '2026-10-08', label: '', start: '2026-10-08', end: '2026-10-08' }, cal)?.key).toBe('2026-09-30');
    expect(rulePeriodAt(patrol(), '2026-10-10', cal)?.key).toBe('2026-10-10');
    // In 寒假 the next school day is after the holiday; an every-day duty stays on the day itself.
    expect(rulePeriodAt(patrol(), '2027-01-25', cal)?.key).toBe('2027-02-24');
    expect(rulePeriodAt(everyDay(), '2026-10-17', cal)?.key).toBe('2026-10-17');
  });

  it('the coverage of a week with no record on the weekend: only the school days are cells, nothing missed on Saturday or Sunday', () => {
    const ob = patrol();
    const periods = rulePeriodsBetween(ob, '2026-10-12', '2026-10-18', cal);
    const facts = ['2026-10-12', '2026-10-13', '2026-10-15', '2026-10-16', '2026-10-17'].map(fact);
    const cov = coverageOf({ ob, schools: [school], parents: [], periods, facts, inspectors: [], today: '2026-10-19' });
    const cells = cov.rows[0]?.cells ?? [];
    expect(cells.map((c) => [c.periodKey, c.status])).toEqual([
      ['2026-10-12', 'done'],
      ['2026-10-13', 'done'],
      ['2026-10-14', 'overdue'],
      ['2026-10-15', 'done'],
      ['2026-10-16', 'done'],
    ]);
    // The same records under an every-day rule: the empty Sunday is missed (the bug this fixes for 日巡查).
    const all = rulePeriodsBetween({ ...ob, dueOn: 'every_day' }, '2026-10-12', '2026-10-18', cal);
    const every = coverageOf({ ob: { ...ob, dueOn: 'every_day' }, schools: [school], parents: [], periods: all, facts, inspectors: [], today: '2026-10-19' });
    expect(every.rows[0]?.cells.filter((c) => c.status === 'overdue').map((c) => c.periodKey)).toEqual(['2026-10-14', '2026-10-18']);
  });

  it('says 每个上学日 in the rule text', () => {
    expect(ruleText(patrol({ kind: 'patrol', levels: [], count: 2 }))).toBe('每个上学日巡查记录不少于 2 次');
    expect(ruleText(everyDay())).toMatch(/^每日/);
  });

  it('the national pack: 日巡查 and 宿舍夜间巡查 on school days; key places and the leader on duty every day', () => {
    const national = resolvePacks(readPackFolders(defaultPolicyDir)).packs.get('national');
    const dueOn = (code: string) => national?.obligations.find((o) => o.code === code)?.dueOn ?? 'every_day';
    expect(['daily_patrol', 'patrol_dormitory_night', 'patrol_key_places', 'duty_roster'].map(dueOn)).toEqual([
      'school_days',
      'school_days',
      'every_day',
      'every_day',
    ]);
    // The pack's own calendar knows the 2026 public holidays and 调休 days.
    const ob = national?.obligations.find((o) => o.code === 'daily_patrol') as ObligationDef;
    const c = national?.calendar as DutyCalendar;
    expect(rulePeriodsBetween(ob, '2026-10-05', '2026-10-11', c).map((p) => p.key)).toEqual(['2026-10-08', '2026-10-09', '2026-10-10']);
  });
});
