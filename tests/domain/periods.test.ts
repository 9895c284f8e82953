import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../src/domain/calendar.js';
import { type Period, periodByKey, periodOf, periodsBetween } from '../../src/domain/periods.js';
import { type PeriodKind, periodKinds, type Semester } from '../../src/domain/policy/pack-schema.js';

const semesters: Semester[] = [
  { code: 'autumn', label: '秋季学期', start: '09-01', end: '01-31' },
  { code: 'spring', label: '春季学期', start: '02-01', end: '08-31' },
];

const span = (p: Period) => [p.key, p.start, p.end];

/** Any day from 2000 to 2099. */
const anyDay = fc.integer({ min: 0, max: daysBetween('2000-01-01', '2099-12-31') }).map((n) => addDays('2000-01-01', n));
const anyKind = fc.constantFrom(...periodKinds);

/** ISO week by the textbook formula (ordinal date and weekday), independent of the code under test. */
function isoWeekOracle(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  const weekday = new Date(t).getUTCDay() || 7;
  const ordinal = (t - Date.UTC(y, 0, 1)) / 86_400_000 + 1;
  const week = Math.floor((ordinal - weekday + 10) / 7);
  const weeksIn = (year: number) => {
    const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
  };
  if (week < 1) return `${y - 1}-W${weeksIn(y - 1)}`;
  if (week > weeksIn(y)) return `${y + 1}-W01`;
  return `${y}-W${String(week).padStart(2, '0')}`;
}

describe('periodOf', () => {
  it('labels a day, a month, a half-year and a year', () => {
    expect(periodOf('daily', '2026-11-22', semesters)).toEqual({ kind: 'daily', key: '2026-11-22', label: '11月22日', start: '2026-11-22', end: '2026-11-22' });
    expect(periodOf('monthly', '2026-11-22', semesters)).toEqual({
      kind: 'monthly',
      key: '2026-11',
      label: '2026年11月',
      start: '2026-11-01',
      end: '2026-11-30',
    });
    expect(periodOf('half_year', '2026-06-30', semesters)).toEqual({
      kind: 'half_year',
      key: '2026-H1',
      label: '2026年上半年',
      start: '2026-01-01',
      end: '2026-06-30',
    });
    expect(periodOf('half_year', '2026-07-01', semesters)).toEqual({
      kind: 'half_year',
      key: '2026-H2',
      label: '2026年下半年',
      start: '2026-07-01',
      end: '2026-12-31',
    });
    expect(periodOf('yearly', '2026-12-31', semesters)).toEqual({ kind: 'yearly', key: '2026', label: '2026年', start: '2026-01-01', end: '2026-12-31' });
    expect(span(periodOf('yearly', '2027-01-01', semesters))).toEqual(['2027', '2027-01-01', '2027-12-31']);
  });

  it('numbers weeks the ISO way, Monday to Sunday', () => {
    expect(periodOf('weekly', '2026-11-22', semesters)).toEqual({
      kind: 'weekly',
      key: '2026-W47',
      label: '2026年第47周（11月16日—11月22日）',
      start: '2026-11-16',
      end: '2026-11-22',
    });
    expect(periodOf('weekly', '2026-11-16', semesters).key).toBe('2026-W47');
    expect(periodOf('weekly', '2026-11-15', semesters).key).toBe('2026-W46');
    expect(periodOf('weekly', '2026-11-23', semesters).key).toBe('2026-W48');
  });

  it('gives the turn of the year to the ISO week-year', () => {
    // 2026 starts on a Thursday: it has 53 weeks, the last one runs into 2027.
    const w53 = { kind: 'weekly', key: '2026-W53', label: '2026年第53周（12月28日—1月3日）', start: '2026-12-28', end: '2027-01-03' };
    expect(periodOf('weekly', '2026-12-31', semesters)).toEqual(w53);
    expect(periodOf('weekly', '2027-01-01', semesters)).toEqual(w53);
    expect(periodOf('weekly', '2027-01-03', semesters)).toEqual(w53);
    expect(span(periodOf('weekly', '2027-01-04', semesters))).toEqual(['2027-W01', '2027-01-04', '2027-01-10']);
    // 2025-W01 starts in 2024; 2020 had 53 weeks; 2027 has 52 and lends its last week's weekend to 2028.
    expect(span(periodOf('weekly', '2024-12-30', semesters))).toEqual(['2025-W01', '2024-12-30', '2025-01-05']);
    expect(span(periodOf('weekly', '2021-01-03', semesters))).toEqual(['2020-W53', '2020-12-28', '2021-01-03']);
    expect(span(periodOf('weekly', '2028-01-01', semesters))).toEqual(['2027-W52', '2027-12-27', '2028-01-02']);
    expect(span(periodOf('weekly', '2028-01-03', semesters))).toEqual(['2028-W01', '2028-01-03', '2028-01-09']);
  });

  it('agrees with the textbook ISO week formula on any day', () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        expect(periodOf('weekly', day, semesters).key).toBe(isoWeekOracle(day));
      }),
    );
  });

  it('counts the leap day in February, the spring semester and the first half-year', () => {
    expect(span(periodOf('monthly', '2028-02-29', semesters))).toEqual(['2028-02', '2028-02-01', '2028-02-29']);
    expect(span(periodOf('monthly', '2027-02-10', semesters))).toEqual(['2027-02', '2027-02-01', '2027-02-28']);
    expect(span(periodOf('semester', '2028-02-29', semesters))).toEqual(['2028-spring', '2028-02-01', '2028-08-31']);
    expect(span(periodOf('half_year', '2028-02-29', semesters))).toEqual(['2028-H1', '2028-01-01', '2028-06-30']);
    expect(span(periodOf('weekly', '2028-02-29', semesters))).toEqual(['2028-W09', '2028-02-28', '2028-03-05']);
  });

  it('gives a semester that crosses the new year to its start year', () => {
    const autumn2026 = { kind: 'semester', key: '2026-autumn', label: '2026年秋季学期', start: '2026-09-01', end: '2027-01-31' };
    expect(periodOf('semester', '2026-09-01', semesters)).toEqual(autumn2026);
    expect(periodOf('semester', '2027-01-15', semesters)).toEqual(autumn2026);
    expect(periodOf('semester', '2027-01-31', semesters)).toEqual(autumn2026);
    expect(periodOf('semester', '2027-02-01', semesters)).toEqual({
      kind: 'semester',
      key: '2027-spring',
      label: '2027年春季学期',
      start: '2027-02-01',
      end: '2027-08-31',
    });
    expect(span(periodOf('semester', '2026-08-31', semesters))).toEqual(['2026-spring', '2026-02-01', '2026-08-31']);
    expect(span(periodOf('semester', '2026-01-01', semesters))).toEqual(['2025-autumn', '2025-09-01', '2026-01-31']);
  });

  it('moves a 02-29 semester end back to 02-28 in a common year, and a 02-29 start on to 03-01', () => {
    const endsOnLeapDay: Semester[] = [
      { code: 'first', label: '第一学期', start: '09-01', end: '02-29' },
      { code: 'second', label: '第二学期', start: '03-01', end: '08-31' },
    ];
    expect(span(periodOf('semester', '2027-02-28', endsOnLeapDay))).toEqual(['2026-first', '2026-09-01', '2027-02-28']);
    expect(span(periodOf('semester', '2027-03-01', endsOnLeapDay))).toEqual(['2027-second', '2027-03-01', '2027-08-31']);
    expect(span(periodOf('semester', '2028-02-29', endsOnLeapDay))).toEqual(['2027-first', '2027-09-01', '2028-02-29']);
    const startsOnLeapDay: Semester[] = [
      { code: 'second', label: '第二学期', start: '02-29', end: '08-31' },
      { code: 'first', label: '第一学期', start: '09-01', end: '02-28' },
    ];
    expect(span(periodOf('semester', '2027-02-28', startsOnLeapDay))).toEqual(['2026-first', '2026-09-01', '2027-02-28']);
    expect(span(periodOf('semester', '2027-03-01', startsOnLeapDay))).toEqual(['2027-second', '2027-03-01', '2027-08-31']);
    expect(span(periodOf('semester', '2028-02-29', startsOnLeapDay))).toEqual(['2028-second', '2028-02-29', '2028-08-31']);
    expect(periodsBetween('semester', '2026-09-01', '2028-09-30', endsOnLeapDay).map(span)).toEqual([
      ['2026-first', '2026-09-01', '2027-02-28'],
      ['2027-second', '2027-03-01', '2027-08-31'],
      ['2027-first', '2027-09-01', '2028-02-29'],
      ['2028-second', '2028-03-01', '2028-08-31'],
      ['2028-first', '2028-09-01', '2029-02-28'],
    ]);
  });

  it('refuses a day in no semester and a day that is not a date', () => {
    const springOnly: Semester[] = [{ code: 'spring', label: '春季学期', start: '02-01', end: '06-30' }];
    expect(() => periodOf('semester', '2026-07-15', springOnly)).toThrow(RangeError);
    expect(() => periodOf('semester', '2026-07-15', springOnly)).toThrow(/2026-07-15 不在任何学期内/);
    expect(() => periodOf('semester', '2026-03-01', [])).toThrow(/不在任何学期内/);
    expect(() => periodOf('monthly', '2026-02-30', semesters)).toThrow(RangeError);
    expect(() => periodOf('weekly', '2026/11/22', semesters)).toThrow(/YYYY-MM-DD/);
  });
});

describe('periodsBetween', () => {
  it('lists every period overlapping the range, in order', () => {
    expect(periodsBetween('weekly', '2026-12-25', '2027-01-05', semesters).map((p) => p.key)).toEqual(['2026-W52', '2026-W53', '2027-W01']);
    expect(periodsBetween('monthly', '2026-11-22', '2027-01-01', semesters).map((p) => p.key)).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(periodsBetween('semester', '2026-08-15', '2027-02-01', semesters).map(span)).toEqual([
      ['2026-spring', '2026-02-01', '2026-08-31'],
      ['2026-autumn', '2026-09-01', '2027-01-31'],
      ['2027-spring', '2027-02-01', '2027-08-31'],
    ]);
    expect(periodsBetween('half_year', '2026-06-30', '2027-07-01', semesters).map((p) => p.key)).toEqual(['2026-H1', '2026-H2', '2027-H1', '2027-H2']);
    expect(periodsBetween('yearly', '2026-12-31', '2027-01-01', semesters).map((p) => p.key)).toEqual(['2026', '2027']);
    expect(periodsBetween('daily', '2028-02-28', '2028-03-01', semesters).map((p) => p.label)).toEqual(['2月28日', '2月29日', '3月1日']);
    expect(periodsBetween('monthly', '2026-11-22', '2026-11-22', semesters).map((p) => p.key)).toEqual(['2026-11']);
  });

  it('is empty when the range is reversed, and skips days in no semester', () => {
    expect(periodsBetween('monthly', '2026-12-01', '2026-11-30', semesters)).toEqual([]);
    const withSummer: Semester[] = [
      { code: 'spring', label: '春季学期', start: '02-01', end: '06-30' },
      { code: 'autumn', label: '秋季学期', start: '09-01', end: '01-15' },
    ];
    expect(periodsBetween('semester', '2026-06-01', '2026-09-10', withSummer).map((p) => p.key)).toEqual(['2026-spring', '2026-autumn']);
    expect(periodsBetween('semester', '2026-07-01', '2026-08-31', withSummer)).toEqual([]);
  });

  it('tiles the range: consecutive periods touch and every day is in exactly one', () => {
    const range = fc.record({ kind: anyKind, from: anyDay, length: fc.integer({ min: 0, max: 500 }) });
    fc.assert(
      fc.property(range, ({ kind, from, length }) => {
        const to = addDays(from, kind === 'daily' ? length % 60 : length);
        const periods = periodsBetween(kind, from, to, semesters);
        expect(periods.length).toBeGreaterThan(0);
        expect((periods[0] as Period).start <= from).toBe(true);
        expect((periods.at(-1) as Period).end >= to).toBe(true);
        periods.forEach((p, i) => {
          expect(p.kind).toBe(kind);
          expect(p.start <= p.end).toBe(true);
          if (i > 0) expect(p.start).toBe(addDays((periods[i - 1] as Period).end, 1));
        });
        for (let day = from; day <= to; day = addDays(day, 1)) {
          const holding = periods.filter((p) => p.start <= day && day <= p.end);
          expect(holding).toHaveLength(1);
          expect(holding[0]).toEqual(periodOf(kind, day, semesters));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('periodByKey', () => {
  it('finds the period periodOf gave the key to', () => {
    fc.assert(
      fc.property(anyKind, anyDay, (kind, day) => {
        const p = periodOf(kind, day, semesters);
        expect(periodByKey(kind, p.key, semesters)).toEqual(p);
      }),
      { numRuns: 500 },
    );
  });

  it('reads keys at the boundaries', () => {
    expect(span(periodByKey('weekly', '2026-W53', semesters))).toEqual(['2026-W53', '2026-12-28', '2027-01-03']);
    expect(span(periodByKey('weekly', '2027-W01', semesters))).toEqual(['2027-W01', '2027-01-04', '2027-01-10']);
    expect(span(periodByKey('weekly', '2025-W01', semesters))).toEqual(['2025-W01', '2024-12-30', '2025-01-05']);
    expect(span(periodByKey('monthly', '2028-02', semesters))).toEqual(['2028-02', '2028-02-01', '2028-02-29']);
    expect(span(periodByKey('semester', '2026-autumn', semesters))).toEqual(['2026-autumn', '2026-09-01', '2027-01-31']);
    expect(periodByKey('semester', '2027-spring', semesters).label).toBe('2027年春季学期');
    expect(periodByKey('half_year', '2026-H2', semesters).label).toBe('2026年下半年');
    expect(periodByKey('daily', '2028-02-29', semesters).label).toBe('2月29日');
  });

  it('rejects malformed keys and keys that name no period', () => {
    const bad: [PeriodKind, string][] = [
      ['daily', '2026-02-30'],
      ['daily', '2026-2-3'],
      ['daily', '2026-11'],
      ['weekly', '2026-W00'],
      ['weekly', '2026-W54'],
      ['weekly', '2025-W53'],
      ['weekly', '2026-W5'],
      ['weekly', '2026W47'],
      ['weekly', '2026-11-22'],
      ['monthly', '2026-13'],
      ['monthly', '2026-00'],
      ['monthly', '2026-1'],
      ['monthly', '0000-01'],
      ['semester', '2026-winter'],
      ['semester', 'autumn'],
      ['semester', '26-autumn'],
      ['half_year', '2026-H3'],
      ['half_year', '2026-h1'],
      ['yearly', '26'],
      ['yearly', '2026年'],
      ['yearly', ''],
    ];
    for (const [kind, key] of bad) {
      expect(() => periodByKey(kind, key, semesters), `${kind} ${key}`).toThrow(RangeError);
      expect(() => periodByKey(kind, key, semesters), `${kind} ${key}`).toThrow(`周期编码无效：${key}`);
    }
    expect(() => periodByKey('weekly', '2026-W54', semesters)).toThrow('周的编码应为 YYYY-Www，例如 2026-W47');
  });
});
