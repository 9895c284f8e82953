import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { countHazards, findHazardVersion, type HazardFilter } from './hazards.repository.js';

export type HazardCounts = Awaited<ReturnType<typeof countHazards>>;

const MAX_ENTRIES = 5000;

type Entry = { version: number; counts: HazardCounts };

/**
 * The ledger's counts, cached by filter (district, scope, every filter field and the Shanghai
 * day, which decides "overdue") and by the district's hazard_version. Over a city's million
 * hazards the counts took 100–700 ms a page, the rows 1–2 ms (issue 15, bench/city.ts).
 *
 * Exact, not time-bound: every committed change of a hazard or an org unit moves
 * hazard_version on (a deferred trigger, migration 0019), and the version is read before the
 * counts, so counts stored under a version include at least every change up to it. That holds
 * for writes from any process on the same database (a second server, the CLI) too. A page
 * costs one primary-key read instead of the counts; on a miss, the counts follow it.
 * Inside a transaction (whose own changes bump the version only at commit) nothing is cached.
 */
export class HazardCountCache {
  private readonly entries = new Map<string, Entry>();

  async counts(db: Db, f: HazardFilter): Promise<HazardCounts> {
    if (db.isTransaction) return countHazards(db, f);
    const key = createHash('sha1').update(JSON.stringify(f)).digest('base64');
    const version = await findHazardVersion(db, f.districtId);
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.counts;
    const counts = await countHazards(db, f);
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { version, counts });
    return counts;
  }
}

const caches = new WeakMap<Db, HazardCountCache>();

/** The cache of one database handle (tests open many in one process). */
export function hazardCountCacheOf(db: Db): HazardCountCache {
  let c = caches.get(db);
  if (!c) {
    c = new HazardCountCache();
    caches.set(db, c);
  }
  return c;
}
