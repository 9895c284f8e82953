import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import {
  checkSignIn,
  currentPeriod,
  defaultGuardDuty,
  dutyDaysBetween,
  hasPeriodEnded,
  isoWeekOf,
  isPeriodOpen,
  isPostSet,
  patrolTeamProblems,
  slotsOn,
  weekdayOf,
} from '../../src/domain/guard-duty.js';

const policy = defaultGuardDuty; // morning 07:30–08:30, afternoon 16:30–17:40, late after 5 min, open 30 min before, 150 m
const morning = policy.periods[0] as (typeof policy.periods)[number];
const at = (clock: string) => new Date(`2026-12-07T${clock}:00+08:00`);
const post = { lat: 29.4, lng: 106.6 };

describe('护学岗 sign-in rules', () => {
  it('opens 30 minutes before the period and stays open the rest of the day', () => {
    expect(isPeriodOpen(morning, policy, at('06:59'))).toBe(false);
    expect(isPeriodOpen(morning, policy, at('07:00'))).toBe(true);
    expect(isPeriodOpen(morning, policy, at('20:00'))).toBe(true);
    expect(hasPeriodEnded(morning, at('08:30'))).toBe(false);
    expect(hasPeriodEnded(morning, at('08:31'))).toBe(true);
    expect(currentPeriod(policy, at('03:00'))?.code).toBe('morning');
    expect(currentPeriod(policy, at('12:00'))?.code).toBe('afternoon');
    expect(currentPeriod(policy, at('16:10'))?.code).toBe('afternoon');
  });

  it('late strictly after start + lateAfterMinutes; outside strictly beyond the tolerance or without a position', () => {
    expect(checkSignIn(post, post, morning, policy, at('07:35'))).toMatchObject({ late: false, minutesLate: 5, outside: false, distanceM: 0 });
    expect(checkSignIn(post, post, morning, policy, at('07:36'))).toMatchObject({ late: true, minutesLate: 6 });
    expect(checkSignIn(post, post, morning, policy, at('07:10'))).toMatchObject({ late: false, minutesLate: 0 });
    expect(checkSignIn(post, null, morning, policy, at('07:20'))).toMatchObject({ outside: true, noLocation: true, distanceM: null });
    // 0.001° of latitude ≈ 111 m: inside; 0.002° ≈ 222 m: outside.
    expect(checkSignIn(post, { lat: 29.401, lng: 106.6 }, morning, policy, at('07:20')).outside).toBe(false);
    expect(checkSignIn(post, { lat: 29.402, lng: 106.6 }, morning, policy, at('07:20')).outside).toBe(true);
  });

  it('property: outside ⇔ distance > tolerance, for any position near the post', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.01, max: 0.01, noNaN: true }), fc.double({ min: -0.01, max: 0.01, noNaN: true }), (dLat, dLng) => {
        const c = checkSignIn(post, { lat: post.lat + dLat, lng: post.lng + dLng }, morning, policy, at('07:30'));
        expect(c.outside).toBe((c.distanceM as number) > policy.signInToleranceMeters);
      }),
    );
  });
});

describe('rota, days and the setting rate', () => {
  it('weekdays count from Monday = 1; ISO weeks start on Monday', () => {
    expect(weekdayOf('2026-12-07')).toBe(1);
    expect(weekdayOf('2026-12-06')).toBe(7);
    expect(isoWeekOf('2026-12-06')).toEqual({ key: '2026-W49', monday: '2026-11-30' });
    expect(isoWeekOf('2027-01-01').key).toBe('2026-W53');
  });

  it('property: a line applies exactly on its weekdays within its validity', () => {
    fc.assert(
      fc.property(
        fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        (wds, offset, length) => {
          const validFrom = addDays('2026-09-01', offset);
          const validTo = addDays(validFrom, length);
          const line = { id: 'a', postId: 'p', schoolId: 's', periodCode: 'morning', weekdays: wds, validFrom, validTo };
          for (let d = '2026-09-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
            const expected = wds.includes(weekdayOf(d)) && d >= validFrom && d <= validTo;
            expect(slotsOn([line], d).length).toBe(expected ? 1 : 0);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('holidays hold no duty days', () => {
    const days = dutyDaysBetween('2026-09-28', '2026-10-09', [{ name: '国庆节', start: '2026-10-01', end: '2026-10-07' }]);
    expect(days).toEqual(['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09']);
  });

  it('a school is set when its active posts cover every required period, together', () => {
    expect(isPostSet([], policy)).toBe(false);
    expect(isPostSet([['morning']], policy)).toBe(false);
    expect(isPostSet([['morning'], ['afternoon']], policy)).toBe(true);
    expect(isPostSet([['morning', 'afternoon', 'noon']], policy)).toBe(true);
  });

  it('teams: 3–5 people, a name, one team one school, one school once', () => {
    const s = (schoolId: string, teamName: string, n: number) => ({ schoolId, teamName, members: Array.from({ length: n }, (_, i) => `队员${i}`) });
    expect(patrolTeamProblems([s('a', '一组', 3), s('b', '二组', 5), s('c', '', 0)], policy)).toEqual([]);
    expect(patrolTeamProblems([s('a', '一组', 2)], policy)[0]?.message).toBe('警组应为 3–5 人');
    expect(patrolTeamProblems([s('a', '一组', 6)], policy)).toHaveLength(1);
    expect(patrolTeamProblems([s('a', '', 3)], policy)[0]?.message).toBe('请填写警组名称');
    expect(patrolTeamProblems([s('a', '一组', 3), s('b', '一组', 3)], policy)[0]?.message).toMatch(/一组对一校/);
    expect(patrolTeamProblems([s('a', '一组', 3), s('a', '二组', 3)], policy)[0]?.message).toBe('同一学校不能重复列入片区');
  });
});
