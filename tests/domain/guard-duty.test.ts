import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import {
  checkSignIn,
  currentPeriod,
  defaultGuardDuty,
  effectiveFromProblem,
  guardSetupOf,
  hasPeriodEnded,
  isoWeekOf,
  isPeriodOpen,
  patrolTeamProblems,
  planRotaChange,
  postInForce,
  type RotaVersion,
  slotsOn,
  weekdayOf,
} from '../../src/domain/guard-duty.js';
import { dutyDaysBetween, isSchoolDay, type SchoolCalendar, schoolDayOf } from '../../src/domain/school-days.js';

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
    const cal: SchoolCalendar = { holidays: [{ name: '国庆节', start: '2026-10-01', end: '2026-10-07' }], publicHolidays: [], makeUpDays: [] };
    const days = dutyDaysBetween('2026-09-28', '2026-10-09', cal).map((d) => d.day);
    expect(days).toEqual(['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09']);
  });

  it('a school is set when the posts at EVERY recorded gate cover every required period; no gates: not set, apart', () => {
    const south = { id: 'g1', name: '南门', isMain: true };
    const north = { id: 'g2', name: '北门', isMain: false };
    expect(guardSetupOf([], [{ gateId: null, periods: ['morning', 'afternoon'] }], policy)).toMatchObject({ status: 'no_gates', unlinkedPosts: 1 });
    expect(guardSetupOf([south], [], policy).status).toBe('unset');
    expect(guardSetupOf([south], [{ gateId: 'g1', periods: ['morning'] }], policy).uncovered).toEqual([{ ...south, posts: 1, missingPeriods: ['afternoon'] }]);
    // Two posts at one gate cover it together.
    expect(
      guardSetupOf(
        [south],
        [
          { gateId: 'g1', periods: ['morning'] },
          { gateId: 'g1', periods: ['afternoon'] },
        ],
        policy,
      ).status,
    ).toBe('set');
    // A covered south gate does not cover the north one; an unlinked post covers nothing.
    const both = guardSetupOf(
      [south, north],
      [
        { gateId: 'g1', periods: ['morning', 'afternoon'] },
        { gateId: null, periods: ['morning', 'afternoon'] },
      ],
      policy,
    );
    expect(both).toMatchObject({ status: 'unset', unlinkedPosts: 1 });
    expect(both.uncovered.map((g) => g.name)).toEqual(['北门']);
    // A post at a gate of another school (not in the list) is as good as unlinked.
    expect(guardSetupOf([south], [{ gateId: 'elsewhere', periods: ['morning', 'afternoon'] }], policy)).toMatchObject({ status: 'unset', unlinkedPosts: 1 });
    // A pack that requires no period still needs a post at each gate.
    const none = { ...policy, periods: policy.periods.map((p) => ({ ...p, required: false })) };
    expect(guardSetupOf([south], [], none).status).toBe('unset');
    expect(guardSetupOf([south], [{ gateId: 'g1', periods: ['noon'] }], none).status).toBe('set');
  });

  it('property: set exactly when every gate has a post and together they hold every required period', () => {
    const codes = policy.periods.map((p) => p.code);
    const required = policy.periods.filter((p) => p.required).map((p) => p.code);
    const gateIds = ['a', 'b', 'c'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.record({ gate: fc.constantFrom('a', 'b', 'c', null), periods: fc.subarray(codes) }), { maxLength: 6 }),
        (n, posts) => {
          const gates = gateIds.slice(0, n).map((id, i) => ({ id, name: id, isMain: i === 0 }));
          const r = guardSetupOf(
            gates,
            posts.map((p) => ({ gateId: p.gate, periods: p.periods })),
            policy,
          );
          const covered = (g: string) => posts.some((p) => p.gate === g) && required.every((c) => posts.some((p) => p.gate === g && p.periods.includes(c)));
          const expected = n === 0 ? 'no_gates' : gates.every((g) => covered(g.id)) ? 'set' : 'unset';
          expect(r.status).toBe(expected);
          expect(r.uncovered.map((g) => g.id)).toEqual(gates.filter((g) => !covered(g.id)).map((g) => g.id));
        },
      ),
    );
  });

  it('a post ended from a day stands until the day before', () => {
    expect(postInForce({ active: true, inactiveFrom: null }, '2026-12-07')).toBe(true);
    expect(postInForce({ active: true, inactiveFrom: '2026-12-08' }, '2026-12-07')).toBe(true);
    expect(postInForce({ active: true, inactiveFrom: '2026-12-08' }, '2026-12-08')).toBe(false);
    expect(postInForce({ active: false, inactiveFrom: '2026-12-01' }, '2026-11-30')).toBe(false);
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

/* ---- school days: holidays, public holidays and 调休上班日 (calendar.yaml) ---- */

describe('school days from the calendar', () => {
  // 2026-09-20 is a Sunday and 2026-10-10 a Saturday, both worked (国办发明电〔2025〕7号); 09-25 中秋 is a Friday off.
  const cal: SchoolCalendar = {
    holidays: [{ name: '国庆节', start: '2026-10-01', end: '2026-10-07' }],
    publicHolidays: [{ name: '中秋节', start: '2026-09-25', end: '2026-09-27' }],
    makeUpDays: [
      { date: '2026-09-20', asWeekday: 1, name: '调休上班' },
      { date: '2026-10-10', asWeekday: 3, name: '国庆调休' },
    ],
  };
  const mondayToFriday = { id: 'l1', postId: 'p', schoolId: 's', periodCode: 'morning', weekdays: [1, 2, 3, 4, 5], validFrom: '2026-09-01', validTo: null };
  const wednesdayOnly = { ...mondayToFriday, id: 'l2', weekdays: [3] };
  const saturdayClass = { ...mondayToFriday, id: 'l3', weekdays: [6] }; // 周六补课

  it('a 调休 Saturday is a school day and follows the rota of the weekday the pack names', () => {
    const d = schoolDayOf('2026-10-10', cal);
    expect(d).toMatchObject({ kind: 'make_up', rotaWeekday: 3, name: '国庆调休' });
    expect(isSchoolDay(d)).toBe(true);
    expect(slotsOn([mondayToFriday, wednesdayOnly, saturdayClass], d.day, d.rotaWeekday as number).map((l) => l.id)).toEqual(['l1', 'l2']);
    // A plain date follows Monday's rota.
    const sunday = schoolDayOf('2026-09-20', cal);
    expect(sunday.rotaWeekday).toBe(1);
    expect(slotsOn([mondayToFriday, wednesdayOnly], sunday.day, 1).map((l) => l.id)).toEqual(['l1']);
  });

  it('public holidays and holidays hold no duty; an ordinary Saturday keeps its own (补课) lines', () => {
    expect(schoolDayOf('2026-09-25', cal)).toMatchObject({ kind: 'public_holiday', rotaWeekday: null, name: '中秋节' });
    expect(schoolDayOf('2026-10-02', cal)).toMatchObject({ kind: 'holiday', rotaWeekday: null });
    const saturday = schoolDayOf('2026-10-17', cal);
    expect(saturday).toMatchObject({ kind: 'weekend', rotaWeekday: 6 });
    expect(isSchoolDay(saturday)).toBe(false);
    expect(slotsOn([mondayToFriday, saturdayClass], saturday.day, 6).map((l) => l.id)).toEqual(['l3']);
  });

  it('counts the duty days of a span: make-up days in, public holidays and holidays out', () => {
    const days = dutyDaysBetween('2026-09-19', '2026-10-11', cal);
    const expected = (from: string, to: string) => days.filter((d) => d.day >= from && d.day <= to).map((d) => d.day);
    expect(expected('2026-09-19', '2026-09-20')).toEqual(['2026-09-19', '2026-09-20']);
    expect(days.some((d) => d.day >= '2026-09-25' && d.day <= '2026-09-27')).toBe(false);
    expect(days.some((d) => d.day >= '2026-10-01' && d.day <= '2026-10-07')).toBe(false);
    // The Mon–Fri line: the weekdays outside 中秋 and 国庆, plus the two 调休 days.
    const count = days.filter((d) => slotsOn([mondayToFriday], d.day, d.rotaWeekday).length).map((d) => d.day);
    expect(count).toContain('2026-09-20');
    expect(count).toContain('2026-10-10');
    expect(count).not.toContain('2026-09-19');
    expect(count).not.toContain('2026-09-25');
    expect(count).toEqual([
      '2026-09-20',
      '2026-09-21',
      '2026-09-22',
      '2026-09-23',
      '2026-09-24',
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
    ]);
  });

  it('a make-up day wins over a holiday it lies in (the pack says it is worked)', () => {
    const c = {
      ...cal,
      holidays: [{ name: '寒假', start: '2027-01-21', end: '2027-02-23' }],
      makeUpDays: [{ date: '2027-02-20', asWeekday: 5, name: '调休上班' }],
    };
    expect(schoolDayOf('2027-02-20', c)).toMatchObject({ kind: 'make_up', rotaWeekday: 5 });
  });
});

/* ---- rota versions: a change takes effect from a day; the past keeps the rota then in force ---- */

describe('rota versions', () => {
  const line = (id: string, extra: Partial<RotaVersion> = {}): RotaVersion => ({
    id,
    lineId: id,
    periodCode: 'morning',
    weekdays: [1, 2, 3, 4, 5],
    role: 'teacher',
    personName: '值周教师李明',
    userId: null,
    phone: '',
    validFrom: '2026-12-01',
    validTo: null,
    ...extra,
  });
  const content = (v: RotaVersion) => ({
    id: v.id,
    periodCode: v.periodCode,
    weekdays: v.weekdays,
    role: v.role,
    personName: v.personName,
    userId: v.userId,
    phone: v.phone,
  });
  /** The versions after applying a plan (new versions get ids n1, n2 …). */
  const apply = (current: RotaVersion[], plan: ReturnType<typeof planRotaChange>): RotaVersion[] => {
    const ended = new Map(plan.end.map((e) => [e.id, e.validTo]));
    return [
      ...current.map((v) => (ended.has(v.id) ? { ...v, validTo: ended.get(v.id) as string } : v)),
      ...plan.add.map((a, i) => ({ ...a.content, id: `n${i + 1}`, lineId: a.lineId ?? `n${i + 1}`, validFrom: a.validFrom, validTo: a.validTo })),
    ];
  };
  const slotsOfDec = (rota: RotaVersion[]) => {
    const out = new Map<string, number>();
    for (let d = '2026-12-01'; d <= '2026-12-31'; d = addDays(d, 1)) out.set(d, slotsOn(rota, d).length);
    return out;
  };

  it('a change mid-month: the days before keep the old requirement, the days after the new one', () => {
    const before = [line('a')];
    const oldSlots = slotsOfDec(before);
    // On 16 December the teacher stands Monday and Wednesday only, from that day.
    const plan = planRotaChange(before, [{ ...content(line('a')), weekdays: [1, 3] }], '2026-12-16');
    expect(plan).toMatchObject({ changed: 1, added: 0, removed: 0, end: [{ id: 'a', validTo: '2026-12-15' }] });
    expect(plan.add).toEqual([{ lineId: 'a', content: expect.objectContaining({ weekdays: [1, 3] }), validFrom: '2026-12-16', validTo: null }]);
    const after = apply(before, plan);
    const newSlots = slotsOfDec(after);
    for (const [day, n] of newSlots) {
      if (day < '2026-12-16') expect(n, day).toBe(oldSlots.get(day));
      else expect(n, day).toBe([1, 3].includes(weekdayOf(day)) ? 1 : 0);
    }
    // The 11 weekdays before the 16th stay expected; Friday 18th is not any more.
    expect([...newSlots].filter(([d, n]) => d < '2026-12-16' && n).length).toBe(11);
    expect(newSlots.get('2026-12-18')).toBe(0);
    expect(oldSlots.get('2026-12-18')).toBe(1);
    // Both versions belong to the same line.
    expect(new Set(after.map((v) => v.lineId))).toEqual(new Set(['a']));
  });

  it('an unchanged line stays; a left-out line ends the day before; a new line begins that day', () => {
    const current = [line('a'), line('b', { personName: '家长志愿者王芳', role: 'parent' })];
    const plan = planRotaChange(
      current,
      [content(current[0] as RotaVersion), { ...content(line('x')), id: undefined, personName: '保安老周', role: 'guard' }],
      '2026-12-16',
    );
    expect(plan).toMatchObject({ changed: 0, added: 1, removed: 1, end: [{ id: 'b', validTo: '2026-12-15' }] });
    expect(plan.add[0]).toMatchObject({ lineId: null, validFrom: '2026-12-16', validTo: null, content: { personName: '保安老周' } });
  });

  it('a change to a version scheduled later keeps its start and its end; the scheduled one is cancelled', () => {
    const scheduled = line('s', { validFrom: '2026-12-20', validTo: '2027-01-20' });
    const plan = planRotaChange([scheduled], [{ ...content(scheduled), phone: '13900001111' }], '2026-12-16');
    expect(plan.end).toEqual([{ id: 's', validTo: '2026-12-19' }]); // before its own start: never in force
    expect(plan.add[0]).toMatchObject({ lineId: 's', validFrom: '2026-12-20', validTo: '2027-01-20' });
  });

  it('property: for any change day, no day before it changes its expected slots', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }), (offset, wds) => {
        const from = addDays('2026-12-01', offset);
        const before = [line('a'), line('b', { periodCode: 'afternoon' })];
        const after = apply(before, planRotaChange(before, [{ ...content(line('a')), weekdays: wds }], from));
        const [o, n] = [slotsOfDec(before), slotsOfDec(after)];
        for (const [day, count] of n) if (day < from) expect(count).toBe(o.get(day));
      }),
      { numRuns: 40 },
    );
  });

  it('an effective day is today or later, at most 60 days ahead', () => {
    expect(effectiveFromProblem('2026-12-07', '2026-12-07')).toBeNull();
    expect(effectiveFromProblem('2026-12-06', '2026-12-07')).toMatch(/不能早于今天/);
    expect(effectiveFromProblem('2027-02-05', '2026-12-07')).toBeNull();
    expect(effectiveFromProblem('2027-02-06', '2026-12-07')).toMatch(/60 天/);
  });
});
