import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { AppError, notFound } from '../../domain/errors.js';
import { type Period, periodOf, periodsBetween } from '../../domain/periods.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { canRead, unitsOf } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { HazardFilter } from '../hazards/hazards.repository.js';
import { scopedHazardFilter } from '../hazards/hazards.service.js';
import type { UnitNarrowing } from '../notices/notices.repository.js';
import { findOrgUnit } from '../org/org.repository.js';
import { packOf } from '../policy/policy.service.js';
import { findScopeSchools, type ScopeSchool } from './dashboard.repository.js';

/**
 * What every figure of the dashboard, the statistics page and the supervision summary is computed
 * over: the actor's scope, narrowed to one township/centre or school (the level picker), and a
 * period of Shanghai days. The same narrowing becomes the query string of every drill-down link,
 * so a count and the list it opens use one filter.
 */
export const periodKinds = ['month', 'semester', 'year', 'custom'] as const;
export type PeriodKindParam = (typeof periodKinds)[number];
export type DashboardQuery = {
  period: PeriodKindParam;
  date?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  orgUnitId?: string | undefined;
};

export type ViewPeriod = { kind: PeriodKindParam; label: string; from: string; to: string };
export type ViewUnit = { id: string; name: string; kind: 'district' | 'township' | 'centre' | 'school' };
export type DashboardLevel = 'district' | 'area' | 'township' | 'school';

export type View = {
  app: AppContext;
  actor: Actor;
  pack: ResolvedPack;
  today: string;
  period: ViewPeriod;
  level: DashboardLevel;
  unit: ViewUnit | null;
  narrowing: UnitNarrowing;
  /** Active schools in the scope, narrowed: the map's points and the 学校数 of the summary. */
  schools: ScopeSchool[];
  /** The hazard ledger's filter for this scope and unit (no period): the base of every hazard figure. */
  hazards: HazardFilter;
  /** Queries shared by panels (the backlog feeds the tiles and the map), run once per view. */
  memo: Map<string, Promise<unknown>>;
};

export function once<T>(v: View, key: string, load: () => Promise<T>): Promise<T> {
  let p = v.memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    v.memo.set(key, p);
  }
  return p;
}

const MAX_CUSTOM_DAYS = 731;
const bad = (path: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ path, message }]);

/** The semester holding `day`, or in a holiday the last one that began before it. */
function semesterAround(pack: ResolvedPack, day: string): Period {
  const semesters = pack.calendar.semesters;
  try {
    return periodOf('semester', day, semesters);
  } catch {
    const before = periodsBetween('semester', addDays(day, -400), day, semesters).filter((p) => p.start <= day);
    const last = before.at(-1);
    if (!last) throw bad('date', '该日期附近没有学期，请检查政策包的学期设置或改用自定义时间段');
    return last;
  }
}

export function resolvePeriod(pack: ResolvedPack, q: DashboardQuery, today: string): ViewPeriod {
  if (q.period === 'custom') {
    if (!q.from || !q.to) throw bad(q.from ? 'to' : 'from', '自定义时间段请填写开始日期和结束日期');
    if (q.from > q.to) throw bad('to', '结束日期不能早于开始日期');
    if (addDays(q.from, MAX_CUSTOM_DAYS) < q.to) throw bad('to', '自定义时间段最长两年，请缩小时间范围');
    return { kind: 'custom', label: `${q.from} 至 ${q.to}`, from: q.from, to: q.to };
  }
  const day = q.date ?? today;
  const p = q.period === 'semester' ? semesterAround(pack, day) : periodOf(q.period === 'month' ? 'monthly' : 'yearly', day, pack.calendar.semesters);
  return { kind: q.period, label: p.label, from: p.start, to: p.end };
}

/** The level picker's unit: a township/centre or school inside the actor's read scope (else 404). */
export async function resolveUnit(app: AppContext, actor: Actor, orgUnitId: string | undefined) {
  if (!orgUnitId) return { unit: null, narrowing: {} };
  const u = canRead(actor.scope, orgUnitId) ? await findOrgUnit(app.db, actor.districtId, orgUnitId) : undefined;
  if (!u) throw notFound('单位');
  if (u.kind === 'department') throw bad('orgUnitId', '请选择全区、街道/教管中心或学校');
  const unit: ViewUnit = { id: u.id, name: u.name, kind: u.kind };
  const narrowing: UnitNarrowing = u.kind === 'school' ? { schoolId: u.id } : u.kind === 'district' ? {} : { parentId: u.id };
  return { unit, narrowing };
}

const levelOf = (actor: Actor, unit: ViewUnit | null): DashboardLevel => {
  if (unit) return unit.kind === 'school' ? 'school' : unit.kind === 'district' ? 'district' : 'township';
  return actor.scope.read.all ? 'district' : 'area';
};

export async function resolveView(app: AppContext, actor: Actor, q: DashboardQuery, now = new Date()): Promise<View> {
  const today = shanghaiDay(now);
  const pack = await packOf(app, actor.districtId);
  const period = resolvePeriod(pack, q, today);
  const { unit, narrowing } = await resolveUnit(app, actor, q.orgUnitId);
  const schools = await findScopeSchools(app.db, actor.districtId, actor.scope.read.all ? null : [...actor.scope.read.ids], narrowing);
  const hazards: HazardFilter = { ...scopedHazardFilter(actor, today), ...narrowing };
  return { app, actor, pack, today, period, level: levelOf(actor, unit), unit, narrowing, schools, hazards, memo: new Map() };
}

/** The actor as existing services see it, with the read scope cut to the view's schools (obligations). */
export const narrowedActor = (v: View): Actor =>
  v.unit && v.unit.kind !== 'district' ? { ...v.actor, scope: { ...v.actor.scope, read: unitsOf(v.schools.map((s) => s.id)) } } : v.actor;

/** A web route with the view's unit and the given filters: the drill-down of one figure. */
export function linkTo(v: View, path: string, params: Record<string, string | boolean | undefined>): string {
  const sp = new URLSearchParams();
  const all: Record<string, string | boolean | undefined> = { ...v.narrowing, ...params };
  for (const [k, val] of Object.entries(all)) {
    if (val === undefined || val === '' || val === false) continue;
    sp.set(k, String(val));
  }
  const s = sp.toString();
  return s ? `${path}?${s}` : path;
}

/** Shanghai days as the instant range of the ledger's found-date filter. */
export const foundRange = (from: string, to: string) => ({
  foundFrom: new Date(`${from}T00:00:00+08:00`),
  foundTo: new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000),
});

/** The last day that has happened in the period (a current month stops at today). */
export const elapsedTo = (v: View) => earlier(v.period.to, v.today);

/** The earlier / later of two YYYY-MM-DD days (they sort as strings; Math.min takes numbers). */
export const earlier = (a: string, b: string) => [a, b].sort()[0] as string;
export const later = (a: string, b: string) => [a, b].sort()[1] as string;
