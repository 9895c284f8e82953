import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import { addMonths, type BusForFlags, busFlags, dateStanding, defaultSchoolBusPolicy, nextInspectionDue, yearsBetween } from '../../src/domain/school-bus.js';

const p = defaultSchoolBusPolicy;
const today = '2026-12-06';
const driver = (over: Partial<BusForFlags['drivers'][number]> = {}) => ({
  id: 'd1',
  name: '张师傅',
  birthDate: '1980-05-01',
  licenceExpiry: '2030-01-01',
  licensedSince: '2010-01-01',
  checkedOn: '2026-09-01',
  checkPassed: true,
  ...over,
});
const bus = (over: Partial<BusForFlags> = {}): BusForFlags => ({
  id: 'b1',
  plateNo: '渝A12345',
  seats: 19,
  status: 'in_service',
  licenceExpiry: '2027-06-30',
  inspectedOn: '2026-09-01',
  drivers: [driver()],
  escorts: [{ id: 'e1', name: '李老师' }],
  routes: [{ name: '早班', studentCount: 15 }],
  ...over,
});
const codes = (b: BusForFlags, day = today) => busFlags(b, p, day).map((f) => `${f.code}:${f.severity}`);

describe('school bus expiry', () => {
  it('a valid bus has no flag; a retired one is never flagged', () => {
    expect(codes(bus())).toEqual([]);
    expect(codes(bus({ status: 'retired', licenceExpiry: '2020-01-01', drivers: [] }))).toEqual([]);
  });

  it('expires the day after the last valid day and is due within the pack days (inclusive)', () => {
    expect(dateStanding('2026-12-06', today, 30)).toBe('due');
    expect(dateStanding('2026-12-05', today, 30)).toBe('expired');
    expect(dateStanding('2027-01-05', today, 30)).toBe('due');
    expect(dateStanding('2027-01-06', today, 30)).toBe('ok');
    expect(dateStanding(null, today, 30)).toBe('missing');
    expect(codes(bus({ licenceExpiry: '2026-12-05' }))).toEqual(['licence:expired']);
    expect(codes(bus({ licenceExpiry: '2026-12-20' }))).toEqual(['licence:due']);
  });

  it('inspection every 6 months: due the day before the same date six months on, month ends clamped', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(nextInspectionDue('2026-06-06', p)).toBe('2026-12-05');
    expect(codes(bus({ inspectedOn: '2026-06-06' }))).toEqual(['inspection:expired']);
    expect(codes(bus({ inspectedOn: '2026-06-07' }))).toEqual(['inspection:due']);
    expect(codes(bus({ inspectedOn: null }))).toEqual(['inspection:invalid']);
  });

  it('driver: licence, age 25–60, 3 years driving, a passed check within 12 months', () => {
    expect(yearsBetween('1966-12-06', today)).toBe(60);
    expect(yearsBetween('1966-12-07', today)).toBe(59);
    expect(codes(bus({ drivers: [driver({ birthDate: '1965-12-06' })] }))).toEqual(['driver_age:invalid']); // 61
    expect(codes(bus({ drivers: [driver({ birthDate: '2001-12-07' })] }))).toEqual(['driver_age:invalid']); // 24
    expect(codes(bus({ drivers: [driver({ birthDate: '1966-01-01' })] }))).toEqual(['driver_age:due']); // turns 61 on 2027-01-01
    expect(codes(bus({ drivers: [driver({ licensedSince: '2024-01-01' })] }))).toEqual(['driving_years:invalid']);
    expect(codes(bus({ drivers: [driver({ checkPassed: false })] }))).toEqual(['driver_check:invalid']);
    expect(codes(bus({ drivers: [driver({ checkedOn: '2025-12-05' })] }))).toEqual(['driver_check:expired']);
    expect(codes(bus({ drivers: [driver({ licenceExpiry: '2026-01-01' })] }))).toEqual(['driver_licence:expired']);
    expect(codes(bus({ drivers: [] }))).toEqual(['driver_missing:invalid']);
    expect(codes(bus({ escorts: [] }))).toEqual(['escort_missing:invalid']);
    expect(codes(bus({ routes: [{ name: '早班', studentCount: 20 }] }))).toEqual(['over_capacity:invalid']);
  });

  it('property: a date flag is raisable exactly when it is not merely due; keys are unique', () => {
    const day = fc.integer({ min: -400, max: 400 }).map((n) => addDays(today, n));
    fc.assert(
      fc.property(day, day, day, (lic, insp, dl) => {
        const flags = busFlags(bus({ licenceExpiry: lic, inspectedOn: insp, drivers: [driver({ licenceExpiry: dl })] }), p, today);
        for (const f of flags) expect(f.canRaise).toBe(f.severity !== 'due');
        expect(new Set(flags.map((f) => f.key)).size).toBe(flags.length);
        const licence = flags.find((f) => f.code === 'licence');
        expect(licence?.severity === 'expired').toBe(lic < today);
        expect(licence === undefined).toBe(lic > addDays(today, p.dueWithinDays));
      }),
    );
  });
});
