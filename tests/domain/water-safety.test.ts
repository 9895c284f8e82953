import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import { resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import { patrolStanding, seasonStartOf, waterFlags } from '../../src/domain/water-safety.js';
import { defaultPolicyDir, readPackFolders } from '../../src/server/policy/policy.registry.js';

const season = { from: '04-01', to: '10-31', patrol: { everyDays: 7 } };

describe('drowning season and patrol frequency', () => {
  it('finds the season a day is in, also across New Year', () => {
    expect(seasonStartOf('2026-06-15', season)).toBe('2026-04-01');
    expect(seasonStartOf('2026-12-06', season)).toBeNull();
    expect(seasonStartOf('2026-03-31', season)).toBeNull();
    const winter = { from: '11-01', to: '02-28' };
    expect(seasonStartOf('2027-01-10', winter)).toBe('2026-11-01');
    expect(seasonStartOf('2026-12-10', winter)).toBe('2026-11-01');
  });

  it('is overdue when more than everyDays passed since the last patrol (or the season began), never outside it', () => {
    expect(patrolStanding([], season, '2026-04-07')).toMatchObject({ inSeason: true, overdue: false, dueBy: '2026-04-07', missedWindows: 0 });
    expect(patrolStanding([], season, '2026-04-08')).toMatchObject({ overdue: true, missedWindows: 1 });
    expect(patrolStanding(['2026-06-01'], season, '2026-06-08')).toMatchObject({ overdue: false, dueBy: '2026-06-08' });
    expect(patrolStanding(['2026-06-01'], season, '2026-06-09')).toMatchObject({ overdue: true, lastPatrol: '2026-06-01' });
    expect(patrolStanding([], season, '2026-12-06')).toMatchObject({ inSeason: false, overdue: false, missedWindows: 0 });
    // Last year's patrol does not carry into this season.
    expect(patrolStanding(['2025-10-30'], season, '2026-04-10')).toMatchObject({ overdue: true, lastPatrol: '2025-10-30' });
    // A pack without a frequency asks for nothing.
    expect(patrolStanding([], { from: '04-01', to: '10-31' }, '2026-07-01')).toMatchObject({ inSeason: true, overdue: false });
  });

  it('counts the elapsed windows without a patrol', () => {
    // Windows from 04-01: [04-01..04-07] patrolled, [04-08..04-14] not, [04-15..04-21] patrolled; today 04-22.
    expect(patrolStanding(['2026-04-03', '2026-04-20'], season, '2026-04-22').missedWindows).toBe(1);
  });

  it('property: patrolling every everyDays days from the season start is never overdue and misses nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 14 }), fc.integer({ min: 0, max: 200 }), (every, offset) => {
        const s = { from: '04-01', to: '10-31', patrol: { everyDays: every } };
        const today = addDays('2026-04-01', Math.min(offset, 213));
        const days: string[] = [];
        for (let d = '2026-04-01'; d <= today; d = addDays(d, every)) days.push(d);
        const r = patrolStanding(days, s, today);
        expect(r.overdue).toBe(false);
        expect(r.missedWindows).toBe(0);
        // Dropping every patrol: overdue exactly when more than `every` days of the season have passed.
        const none = patrolStanding([], s, today);
        expect(none.overdue).toBe(addDays('2026-03-31', every) < today);
      }),
    );
  });

  it('flags missing signs and barriers, and an overdue patrol', () => {
    const ok = patrolStanding(['2026-06-01'], season, '2026-06-02');
    expect(waterFlags(null, ok, '坑塘').map((f) => f.code)).toEqual(['not_recorded']);
    expect(waterFlags({ signCount: 0, signCondition: 'none', barrier: 'partial' }, ok, '坑塘').map((f) => f.code)).toEqual(['no_sign', 'barrier_partial']);
    expect(waterFlags({ signCount: 3, signCondition: 'good', barrier: 'complete' }, ok, '坑塘')).toEqual([]);
    const late = patrolStanding(['2026-06-01'], season, '2026-06-20');
    expect(waterFlags({ signCount: 3, signCondition: 'damaged', barrier: 'none' }, late, '坑塘').map((f) => f.code)).toEqual([
      'sign_damaged',
      'no_barrier',
      'patrol_overdue',
    ]);
  });

  it('the national pack carries the season and a patrol frequency labelled as an assumption', () => {
    const pack = resolvePacks(readPackFolders(defaultPolicyDir)).packs.get('national');
    if (!pack) throw new Error('没有国家政策包');
    expect(pack.surroundings.drowningSeason?.patrol).toMatchObject({ everyDays: 7, certainty: 'M' });
    expect(pack.surroundings.schoolBus).toMatchObject({ dueWithinDays: 30, inspectionMonths: 6, driverMinAge: 25, driverMaxAge: 60, minDrivingYears: 3 });
  });
});
