import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { Role } from '../../domain/roles.js';

/** Who records patrols and fills the roster: the school itself (guards and staff included for patrols). */
export const patrolRecorderRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'staff']);
export const rosterEditorRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer']);
export const schoolRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'staff']);

export type RouteInfo = { code: string; label: string; description: string; perDay: number | null; boardingOnly: boolean };

/**
 * The daily number the pack holds a school to for a route: an obligation of kind 'patrol' with a
 * daily period that names the route (the duty engine's obligation form). Read defensively: until
 * the engine's generalised obligations are merged the pack has no such field, and the page shows
 * the count only (null), never a number the pack does not state.
 */
export function requiredPerDay(pack: ResolvedPack, route: string, boarding: boolean | null): { perDay: number | null; boardingOnly: boolean } {
  for (const o of pack.obligations as unknown as Record<string, unknown>[]) {
    if (o.kind !== 'patrol' || o.period !== 'day') continue;
    const types = (Array.isArray(o.types) ? o.types : Array.isArray(o.templates) ? o.templates : []) as string[];
    if (types.length && !types.includes(route)) continue;
    const applies = o.appliesTo as { boarding?: boolean } | undefined;
    if (applies?.boarding === true && boarding === false) continue;
    const count = typeof o.count === 'number' ? o.count : 1;
    return { perDay: count, boardingOnly: applies?.boarding === true };
  }
  return { perDay: null, boardingOnly: false };
}

export function routesOf(pack: ResolvedPack, boarding: boolean | null): RouteInfo[] {
  return pack.vocab.patrolRoutes.map((r) => ({ code: r.code, label: r.label, description: r.description, ...requiredPerDay(pack, r.code, boarding) }));
}

export const routeLabel = (pack: ResolvedPack, code: string) => pack.vocab.patrolRoutes.find((r) => r.code === code)?.label ?? code;
