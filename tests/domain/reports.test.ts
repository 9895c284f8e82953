import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, shanghaiDay } from '../../src/domain/calendar.js';
import { resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import { reportTypeSchema } from '../../src/domain/policy/reports-schema.js';
import {
  aggregateReports,
  currentReportPeriod,
  dueDayOf,
  isFileable,
  type ReportTypeRule,
  recentReportPeriods,
  reportPeriodByKey,
  reportPeriodOf,
  reportStanding,
} from '../../src/domain/reports.js';
import { defaultPolicyDir, readPackFolders } from '../../src/server/policy/policy.registry.js';
import { reportCells } from '../../src/server/reports/report-cells.registry.js';

const monthly: ReportTypeRule = { code: 'm', label: '月报', period: 'monthly', due: { day: 28 } };
const annual: ReportTypeRule = { code: 'y', label: '年度总结', period: 'yearly', due: { month: 1, day: 20 } };
const anyDay = fc.integer({ min: 0, max: daysBetween('2000-01-01', '2099-12-31') }).map((n) => addDays('2000-01-01', n));

describe('"before the 28th for the previous month"', () => {
  it('is the 28th of the next month, across a year end', () => {
    expect(dueDayOf(monthly, reportPeriodByKey(monthly, '2026-11'))).toBe('2026-12-28');
    expect(dueDayOf(monthly, reportPeriodByKey(monthly, '2026-12'))).toBe('2027-01-28');
    expect(dueDayOf(monthly, reportPeriodByKey(monthly, '2027-01'))).toBe('2027-02-28');
  });

  it('clamps a day past a short month to its last day (leap years included)', () => {
    const r31 = { ...monthly, due: { day: 31 } };
    expect(dueDayOf(r31, reportPeriodByKey(r31, '2027-01'))).toBe('2027-02-28');
    expect(dueDayOf(r31, reportPeriodByKey(r31, '2028-01'))).toBe('2028-02-29');
    expect(dueDayOf(r31, reportPeriodByKey(r31, '2026-03'))).toBe('2026-04-30');
  });

  it('on any day: the period to file now is the month before (or this month on its last day), due the next month', () =>
    fc.assert(
      fc.property(anyDay, (today) => {
        const p = currentReportPeriod(monthly, today);
        if (!p) throw new Error('a monthly report always has a period');
        expect(isFileable(monthly, p, today)).toBe(true);
        expect(p.end <= today).toBe(true);
        // No later month is fileable yet: the one after p has not ended.
        expect(reportPeriodOf(monthly, addDays(p.end, 1)).end > today).toBe(true);
        const due = dueDayOf(monthly, p);
        expect(due > p.end).toBe(true);
        expect(due.slice(8)).toBe('28');
        expect(daysBetween(p.end, due)).toBeGreaterThanOrEqual(28 - 3);
        expect(daysBetween(p.end, due)).toBeLessThanOrEqual(28);
      }),
    ));

  it('walks back month by month over a year boundary', () => {
    expect(recentReportPeriods(monthly, '2027-01-05', 3).map((p) => p.key)).toEqual(['2026-12', '2026-11', '2026-10']);
    expect(currentReportPeriod(monthly, '2026-12-31')?.key).toBe('2026-12');
  });

  it('judges on the Asia/Shanghai day: 23:30 UTC on 28 December is already the 29th in Shanghai', () => {
    const due = dueDayOf(monthly, reportPeriodByKey(monthly, '2026-11'));
    const at = (iso: string) => reportStanding({ state: 'submitted', firstSubmittedDay: shanghaiDay(new Date(iso)) }, due, '2027-01-05');
    expect(at('2026-12-28T15:59:00Z')).toBe('on_time'); // 23:59 on the 28th in Shanghai
    expect(at('2026-12-28T16:00:00Z')).toBe('late'); // 00:00 on the 29th
  });
});

describe('"by 20 January" and the other periods', () => {
  it('an annual summary is due on 20 January of the next year', () => {
    expect(dueDayOf(annual, reportPeriodByKey(annual, '2026'))).toBe('2027-01-20');
    expect(currentReportPeriod(annual, '2027-01-10')?.key).toBe('2026');
    expect(currentReportPeriod(annual, '2026-12-31')?.key).toBe('2026');
  });

  it('a daily report is filed and due the same day; a weekly one days after its Sunday', () => {
    const daily: ReportTypeRule = { code: 'd', label: '日报', period: 'daily', due: { daysAfterEnd: 0 } };
    const weekly: ReportTypeRule = { code: 'w', label: '周报', period: 'weekly', due: { daysAfterEnd: 2 } };
    expect(currentReportPeriod(daily, '2026-12-06')?.key).toBe('2026-12-06');
    expect(dueDayOf(daily, reportPeriodByKey(daily, '2026-12-06'))).toBe('2026-12-06');
    const w = currentReportPeriod(weekly, '2026-12-09');
    expect(w?.end).toBe('2026-12-06');
    expect(w && dueDayOf(weekly, w)).toBe('2026-12-08');
  });

  it('a one-off report opens on its first day and has the one period "once"', () => {
    const once: ReportTypeRule = { code: 'o', label: '专项', period: 'once', due: { date: '2027-01-20' }, from: '2026-12-01' };
    expect(currentReportPeriod(once, '2026-11-30')).toBeNull();
    expect(currentReportPeriod(once, '2026-12-01')?.key).toBe('once');
    expect(() => reportPeriodByKey(once, '2026-12')).toThrow(RangeError);
    expect(() => reportPeriodByKey(monthly, '2026-13')).toThrow(RangeError);
  });
});

describe('standing', () => {
  it('is judged on the first submission; returned stays returned; unfiled is missing only after the due day', () => {
    expect(reportStanding({ state: 'submitted', firstSubmittedDay: '2026-12-28' }, '2026-12-28', '2027-02-01')).toBe('on_time');
    expect(reportStanding({ state: 'submitted', firstSubmittedDay: '2026-12-29' }, '2026-12-28', '2027-02-01')).toBe('late');
    expect(reportStanding({ state: 'returned', firstSubmittedDay: '2026-12-01' }, '2026-12-28', '2026-12-02')).toBe('returned');
    expect(reportStanding(null, '2026-12-28', '2026-12-28')).toBe('pending');
    expect(reportStanding(null, '2026-12-28', '2026-12-29')).toBe('missing');
  });
});

describe("a centre's aggregation of its schools' reports", () => {
  it('sums the submitted ones only and names the missing and the returned', () => {
    const a = aggregateReports(
      [
        { unitId: 'a', unitName: '甲校', state: 'submitted', cells: { x: 2, y: 1 } },
        { unitId: 'b', unitName: '乙校', state: 'submitted', cells: { x: 3, y: null } },
        { unitId: 'c', unitName: '丙校', state: 'returned', cells: { x: 100, y: 100 } },
        { unitId: 'd', unitName: '丁校', state: null, cells: {} },
      ],
      ['x', 'y'],
    );
    expect(a).toMatchObject({ expected: 4, filed: 2, sums: { x: 5, y: 1 } });
    expect(a.missing.map((m) => m.unitName)).toEqual(['丁校']);
    expect(a.returned.map((m) => m.unitName)).toEqual(['丙校']);
  });

  it('the sum equals the sum over the filed schools for any reports', () =>
    fc.assert(
      fc.property(fc.array(fc.record({ state: fc.constantFrom('submitted', 'returned', null), x: fc.option(fc.nat(1000)) }), { maxLength: 30 }), (rows) => {
        const children = rows.map((r, i) => ({ unitId: String(i), unitName: String(i), state: r.state as 'submitted' | 'returned' | null, cells: { x: r.x } }));
        const a = aggregateReports(children, ['x']);
        const filed = rows.filter((r) => r.state === 'submitted');
        expect(a.filed + a.missing.length + a.returned.length).toBe(rows.length);
        expect(a.sums.x).toBe(filed.reduce((n, r) => n + (r.x ?? 0), 0));
      }),
    ));
});

describe('the packs', () => {
  it("every report type's cells exist in the cell registry, and seed 001's monthly report is due on the 28th", () => {
    const { packs } = resolvePacks(readPackFolders(defaultPolicyDir));
    const keys = new Set(reportCells.map((c) => c.key));
    for (const pack of packs.values()) for (const t of pack.reports) for (const c of t.cells) expect(keys.has(c), `${pack.id}/${t.code}: ${c}`).toBe(true);
    const m = packs.get('national')?.reports.find((t) => t.code === 'monthly_work');
    expect(m?.due.day).toBe(28);
  });
});

describe('department report types', () => {
  const base = { code: 'police_monthly', label: '派出所月报', filers: ['department'], to: 'district', period: 'monthly', due: { day: 28 } };
  it('names department types only for a type departments file, and only known types', () => {
    expect(reportTypeSchema.safeParse({ ...base, departmentTypes: ['police_station'] }).success).toBe(true);
    expect(reportTypeSchema.safeParse({ ...base, filers: ['school'], departmentTypes: ['police_station'] }).success).toBe(false);
    expect(reportTypeSchema.safeParse({ ...base, departmentTypes: ['police'] }).success).toBe(false);
    expect(reportTypeSchema.parse(base).departmentTypes).toEqual([]);
  });
});
