import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { countHazards, findHazardVersion, type HazardFilter } from './hazards.repository.js';

export type HazardCounts = Awaited<ReturnType<typeof countHazards>>;

type Entry = { version: number; value: unknown };

/**
 * Figures read off the hazard ledger, cached by what they are (a name and their arguments: the
 * filter with district, scope, every filter field and the Shanghai day that decides "overdue", a
 * period) and by the district's hazard_version. Over a city's million hazards the ledger's counts
 * took 100–700 ms a page, the rows 1–2 ms (issue 15, bench/city.ts); the dashboard's backlog and
 * period groups were most of its PostgreSQL time (issue 8, bench/dashboard.ts).
 *
 * Exact, not time-bound: every committed change of a hazard or an org unit moves
 * hazard_version on (a deferred trigger, migration 0019), and the version is read before the
 * figures, so figures stored under a version include at least every change up to it. That holds
 * for writes from any process on the same database (a second server, the CLI) too. A hit costs
 * one primary-key read. Inside a transaction (whose own changes bump the version only at commit)
 * nothing is cached. Only figures computed from hazards and org units alone may be cached here.
 */
export class HazardDerivedCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries: number) {}

  async get<T>(db: Db, districtId: string, name: string, args: unknown, load: () => Promise<T>): Promise<T> {
    if (db.isTransaction) return load();
    const key = `${name}:${createHash('sha1').update(JSON.stringify(args)).digest('base64')}`;
    const version = await findHazardVersion(db, districtId);
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.value as T;
    const value = await load();
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { version, value });
    return value;
  }

  /** The ledger's counts (total, open, overdue, closed, closed on time) of one filter. */
  counts(db: Db, f: HazardFilter): Promise<HazardCounts> {
    return this.get(db, f.districtId, 'counts', f, () => countHazards(db, f));
  }
}

const caches = new WeakMap<Db, HazardDerivedCache>();

/** The cache of one database handle (tests open many in one process). */
export function hazardCountCacheOf(db: Db): HazardDerivedCache {
  let c = caches.get(db);
  if (!c) {
    c = new HazardDerivedCache(5000);
    caches.set(db, c);
  }
  return c;
}
