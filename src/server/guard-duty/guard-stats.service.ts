import { addDays, daysBetween, shanghaiDay } from '../../domain/calendar.js';
import { AppError } from '../../domain/errors.js';
import { type GuardSetupStatus, guardSetupOf, guardSetupStatusLabels, hasPeriodEnded, isoWeekOf, type RotaSlot, slotsOn } from '../../domain/guard-duty.js';
import { dutyDaysBetween, schoolCalendarOf } from '../../domain/school-days.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import { findSanfangSchools } from '../sanfang/sanfang.repository.js';
import * as repo from './guard-duty.repository.js';
import { policyOf, schoolFilter } from './guard-posts.service.js';

/**
 * 护学岗设置率 and attendance. ONE function answers the setting rate (getGuardPostSetupRate): the
 * stats page, the dashboard, the one-school file and later the 三防 "4 个 100%" call it.
 */

type Filter = { schoolId?: string | undefined; orgUnitId?: string | undefined };

async function schoolsOf(app: AppContext, actor: Actor, q: Filter) {
  const ids = await schoolFilter(app, actor, q);
  return findSanfangSchools(app.db, { districtId: actor.districtId, schoolIds: ids });
}

/**
 * 护学岗设置率 = schools with posts in force at EVERY recorded gate (covering every required period
 * of the pack) / schools in scope (narrowed by `q`). A school with no gates recorded counts as not
 * set and is counted apart (noGates); each school not set lists its uncovered gates.
 */
export async function getGuardPostSetupRate(app: AppContext, actor: Actor, q: Filter = {}, now = new Date()) {
  const policy = await policyOf(app, actor.districtId);
  const schools = await schoolsOf(app, actor, q);
  const setup = await guardSetupBySchool(
    app,
    actor.districtId,
    schools.map((s) => s.id),
    shanghaiDay(now),
  );
  const rows = schools.map((s) => {
    const x = setup.get(s.id) ?? { status: 'no_gates' as const, uncovered: [], unlinkedPosts: 0, gates: [] };
    return {
      schoolId: s.id,
      code: s.code,
      name: s.name,
      parentName: s.parentName ?? '',
      set: x.status === 'set',
      status: x.status as GuardSetupStatus,
      statusLabel: guardSetupStatusLabels[x.status],
      gates: x.gates.length,
      uncoveredGates: x.uncovered.map((g) => ({
        id: g.id,
        name: g.name,
        isMain: g.isMain,
        posts: g.posts,
        missingPeriods: g.missingPeriods.map((c) => policy.periods.find((p) => p.code === c)?.label ?? c),
      })),
      unlinkedPosts: x.unlinkedPosts,
    };
  });
  const set = rows.filter((r) => r.set).length;
  return {
    schools: rows.length,
    set,
    noGates: rows.filter((r) => r.status === 'no_gates').length,
    rate: rows.length ? set / rows.length : null,
    requiredPeriods: policy.periods.filter((p) => p.required).map((p) => ({ code: p.code, label: p.label })),
    rows,
  };
}

/**
 * Each school's 护学岗 per gate (guardSetupOf over its recorded gates and the posts in force today):
 * the one rule behind getGuardPostSetupRate and the 三防 summary's 护学岗设置率 (sanfang-standing,
 * through guardPostSetBySchool). `schoolIds` null: every school with gates or posts in the district.
 */
export async function guardSetupBySchool(app: AppContext, districtId: string, schoolIds: readonly string[] | null, today: string) {
  const policy = await policyOf(app, districtId);
  const [posts, gates] = await Promise.all([repo.findPostsInForce(app.db, districtId, schoolIds, today), repo.findSchoolGates(app.db, districtId, schoolIds)]);
  const postsOf = new Map<string, { gateId: string | null; periods: string[] }[]>();
  for (const p of posts) postsOf.set(p.school_id, [...(postsOf.get(p.school_id) ?? []), { gateId: p.gate_id, periods: p.periods }]);
  const gatesOf = new Map<string, { id: string; name: string; isMain: boolean }[]>();
  for (const g of gates) gatesOf.set(g.school_id, [...(gatesOf.get(g.school_id) ?? []), { id: g.id, name: g.name, isMain: g.is_main }]);
  const ids = schoolIds ?? [...new Set([...postsOf.keys(), ...gatesOf.keys()])];
  return new Map(ids.map((id) => [id, guardSetupOf(gatesOf.get(id) ?? [], postsOf.get(id) ?? [], policy)]));
}

/** Whether each school's 护学岗 is set (every gate covered): the 三防 "4 个 100%" reads this. */
export async function guardPostSetBySchool(
  app: AppContext,
  districtId: string,
  schoolIds: readonly string[] | null,
  today: string,
): Promise<Map<string, boolean>> {
  const setup = await guardSetupBySchool(app, districtId, schoolIds, today);
  return new Map([...setup.entries()].map(([id, x]) => [id, x.status === 'set']));
}

type Tally = { expected: number; signed: number; late: number; outside: number; absent: number };
const emptyTally = (): Tally => ({ expected: 0, signed: 0, late: 0, outside: 0, absent: 0 });
const rateOf = (t: Tally) => (t.expected ? t.signed / t.expected : null);

/**
 * Attendance over the duty days of [from, to] (default: the last four weeks up to today; no duty in the
 * holidays and public holidays, a 调休上班日 follows the rota of the weekday it stands in for): every rota
 * version in force on a day that applies on it is an expected slot; a slot of today counts only once its period has
 * ended or it is signed. absent = expected without a sign-in; late / outside among the signed.
 * Per school, per precinct (police station), per ISO week, and in total; with the setting rate.
 */
export async function getGuardDutyStats(app: AppContext, actor: Actor, q: Filter & { from?: string | undefined; to?: string | undefined }, now = new Date()) {
  const today = shanghaiDay(now);
  const to = q.to && q.to < today ? q.to : today;
  const from = q.from ?? addDays(isoWeekOf(to).monday, -21);
  if (from > to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期', [{ path: 'from', message: '开始日期不能晚于结束日期' }]);
  if (daysBetween(from, to) > 183) throw new AppError('VALIDATION_FAILED', '统计期间不超过半年', [{ path: 'from', message: '期间过长' }]);
  const pack = await packOf(app, actor.districtId);
  const policy = await policyOf(app, actor.districtId);
  const setup = await getGuardPostSetupRate(app, actor, q, now);
  const schoolIds = setup.rows.map((r) => r.schoolId);
  const [rota, signIns, precincts] = await Promise.all([
    repo.findRota(app.db, actor.districtId, { schoolIds, from, to }),
    repo.findSignIns(app.db, actor.districtId, { schoolIds, from, to }),
    repo.findPrecincts(app.db, actor.districtId, schoolIds),
  ]);
  const slots: (RotaSlot & { lineId: string })[] = rota.map((r) => ({
    id: r.id,
    lineId: r.line_id,
    postId: r.post_id,
    schoolId: r.school_id,
    periodCode: r.period_code,
    weekdays: r.weekdays.map(Number),
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }));
  // A sign-in counts for its line (whichever version was in force that day) in its period.
  const signed = new Map(signIns.map((s) => [`${s.line_id}|${s.day}|${s.period_code}`, s]));
  const periods = new Map(policy.periods.map((p) => [p.code, p]));
  const bySchool = new Map<string, Tally>();
  const byWeek = new Map<string, Tally & { monday: string }>();
  const total = emptyTally();
  for (const { day, rotaWeekday } of dutyDaysBetween(from, to, schoolCalendarOf(pack))) {
    const week = isoWeekOf(day);
    for (const slot of slotsOn(slots, day, rotaWeekday)) {
      const s = signed.get(`${slot.lineId}|${day}|${slot.periodCode}`);
      const period = periods.get(slot.periodCode);
      if (!s && day === today && (!period || !hasPeriodEnded(period, now))) continue;
      const school = bySchool.get(slot.schoolId) ?? emptyTally();
      const w = byWeek.get(week.key) ?? { ...emptyTally(), monday: week.monday };
      for (const t of [school, w, total]) {
        t.expected += 1;
        if (s) {
          t.signed += 1;
          if (s.late) t.late += 1;
          if (s.outside) t.outside += 1;
        } else t.absent += 1;
      }
      bySchool.set(slot.schoolId, school);
      byWeek.set(week.key, w);
    }
  }
  const precinctOf = new Map(precincts.map((p) => [p.schoolId, p]));
  const byPrecinct = new Map<string, Tally & { name: string; schools: number; set: number }>();
  const schools = setup.rows.map((r) => {
    const t = bySchool.get(r.schoolId) ?? emptyTally();
    const p = precinctOf.get(r.schoolId);
    const key = p?.policeUnitId ?? '';
    const g = byPrecinct.get(key) ?? { ...emptyTally(), name: p?.policeName ?? '未划入辖区', schools: 0, set: 0 };
    for (const k of ['expected', 'signed', 'late', 'outside', 'absent'] as const) g[k] += t[k];
    g.schools += 1;
    if (r.set) g.set += 1;
    byPrecinct.set(key, g);
    return { ...r, policeName: p?.policeName ?? '', ...t, rate: rateOf(t) };
  });
  return {
    from,
    to,
    setup: { schools: setup.schools, set: setup.set, noGates: setup.noGates, rate: setup.rate, requiredPeriods: setup.requiredPeriods },
    /** The figures the one-school file and the dashboard link to. */
    counts: { ...total, schools: setup.schools, set: setup.set, unset: setup.schools - setup.set, noGates: setup.noGates },
    total: schools.length,
    rate: rateOf(total),
    schools,
    precincts: [...byPrecinct.entries()]
      .map(([policeUnitId, g]) => ({ policeUnitId: policeUnitId || null, ...g, rate: rateOf(g) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    weeks: [...byWeek.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, w]) => ({ key, ...w, rate: rateOf(w) })),
  };
}
