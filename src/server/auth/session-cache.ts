import type { AppContext } from '../context.js';
import type { Actor } from './actor.js';
import { authenticate, hashToken } from './auth.service.js';

/**
 * Session + scope of a cookie, kept for a few seconds. Without it every request ran 2–4 queries
 * (session, user, assignments, subtree) before its own work; on PGlite's one connection that was
 * a large share of a page. Correctness does not rest on the TTL: every request that can change
 * who may do what (logout, password, users, assignments, org units, schools) clears the whole
 * cache when it ends (see `changesSessions`), and a lookup that started before such a clear is
 * not stored. The TTL only bounds changes made outside this process (CLI, a second server).
 */
export const SESSION_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 20_000;

type Entry = { actor: Actor; until: number };

export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(private readonly ttlMs = SESSION_CACHE_TTL_MS) {}

  async actor(app: AppContext, token: string, ip: string): Promise<Actor | null> {
    const key = hashToken(token);
    const now = Date.now();
    const hit = this.entries.get(key);
    // The request's own address: audit events record where this request came from.
    if (hit && hit.until > now) return { ...hit.actor, ip };
    if (hit) this.entries.delete(key);
    const generation = this.generation;
    const actor = await authenticate(app, token, ip);
    // Absent sessions are not cached: a login right after must be seen at once.
    if (actor && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, { actor, until: now + this.ttlMs });
    }
    return actor;
  }

  /** Forgets every session: the next request of each user reads session, role and scope again. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

const caches = new WeakMap<AppContext, SessionCache>();

/** The cache of one running application (tests build many in one process). */
export function sessionCacheOf(app: AppContext): SessionCache {
  let c = caches.get(app);
  if (!c) {
    c = new SessionCache();
    caches.set(app, c);
  }
  return c;
}

// Writes under these paths can end a session or change a role, a home unit, an assignment or
// the org tree that scopes are made of. Login only adds a session, which nobody has cached.
const sessionPaths = ['/api/auth/', '/api/users', '/api/org-units', '/api/assignments', '/api/schools'];

/** True for a route whose successful (or failed half-way) write must clear the cache. */
export const changesSessions = (def: { method: string; url: string; operationId: string }): boolean =>
  def.method !== 'GET' && def.operationId !== 'login' && sessionPaths.some((p) => def.url.startsWith(p));
