import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { Role } from '../../domain/roles.js';

/** Who records patrols and fills the roster: the school itself (guards and staff included for patrols). */
export const patrolRecorderRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'staff']);
export const rosterEditorRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer']);
export const schoolRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'staff']);

export type RouteInfo = { code: string; label: string; description: string; perDay: number | null; boardingOnly: boolean };

/**
 * The daily number the pack holds a school to for a route: an obligation of kind 'patrol' with a
 * daily period that names the route (or names none). No such obligation: null, and the page shows
 * the count only, never a number the pack does not state.
 */
export function requiredPerDay(pack: ResolvedPack, route: string, boarding: boolean | null): { perDay: number | null; boardingOnly: boolean } {
  for (const o of pack.obligations) {
    if (o.kind !== 'patrol' || o.period !== 'daily') continue;
    if (o.types.length && !o.types.includes(route)) continue;
    if (o.appliesTo?.boarding === true && boarding === false) continue;
    return { perDay: o.count, boardingOnly: o.appliesTo?.boarding === true };
  }
  return { perDay: null, boardingOnly: false };
}

export function routesOf(pack: ResolvedPack, boarding: boolean | null): RouteInfo[] {
  return pack.vocab.patrolRoutes.map((r) => ({ code: r.code, label: r.label, description: r.description, ...requiredPerDay(pack, r.code, boarding) }));
}

export const routeLabel = (pack: ResolvedPack, code: string) => pack.vocab.patrolRoutes.find((r) => r.code === code)?.label ?? code;
