import { addDays } from '../../domain/calendar.js';
import { isDueDay } from '../../domain/periods.js';
import type { ObligationDef, ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { Role } from '../../domain/roles.js';

/** Who records patrols and fills the roster: the school itself (guards and staff included for patrols). */
export const patrolRecorderRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'staff']);
export const rosterEditorRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer']);
export const schoolRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'staff']);

export type RouteInfo = {
  code: string;
  label: string;
  description: string;
  perDay: number | null;
  boardingOnly: boolean;
  /** Whether perDay is due today: a school-days-only duty (dueOn: school_days) is not on a weekend or holiday. */
  dueToday: boolean;
};

/**
 * The daily number the pack holds a school to for a route: an obligation of kind 'patrol' with a
 * daily period that names the route (or names none). No such obligation: null, and the page shows
 * the count only, never a number the pack does not state.
 */
export function requiredPerDay(pack: ResolvedPack, route: string, boarding: boolean | null): { perDay: number | null; boardingOnly: boolean } {
  const o = dailyObligation(pack, route, boarding);
  return o ? { perDay: o.count, boardingOnly: o.appliesTo?.boarding === true } : { perDay: null, boardingOnly: false };
}

function dailyObligation(pack: ResolvedPack, route: string, boarding: boolean | null): ObligationDef | undefined {
  return pack.obligations.find(
    (o) =>
      o.kind === 'patrol' && o.period === 'daily' && (!o.types.length || o.types.includes(route)) && !(o.appliesTo?.boarding === true && boarding === false),
  );
}

/**
 * The days of [from, to] the route's daily number is due on, from the pack's calendar: every day,
 * or only the school days for a duty due on school days (宿舍夜间巡查: no pupils in the dormitory on
 * weekends and holidays). 0 when the pack states no number for the route.
 */
export function dueDaysOfRoute(pack: ResolvedPack, route: string, boarding: boolean | null, from: string, to: string): number {
  const o = dailyObligation(pack, route, boarding);
  if (!o) return 0;
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (isDueDay(o, d, pack.calendar)) n++;
  return n;
}

export function routesOf(pack: ResolvedPack, boarding: boolean | null, today: string): RouteInfo[] {
  return pack.vocab.patrolRoutes.map((r) => {
    const rule = requiredPerDay(pack, r.code, boarding);
    return { code: r.code, label: r.label, description: r.description, ...rule, dueToday: dueDaysOfRoute(pack, r.code, boarding, today, today) > 0 };
  });
}

export const routeLabel = (pack: ResolvedPack, code: string) => pack.vocab.patrolRoutes.find((r) => r.code === code)?.label ?? code;
