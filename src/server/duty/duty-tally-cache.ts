import { createHash } from 'node:crypto';
import type { DutyTally } from '../../domain/coverage.js';
import type { DutyKind } from '../../domain/duty.js';
import type { Db } from '../db/database.js';
import { findDutyVersions } from './duty-tally.repository.js';

const MAX_ENTRIES = 4000;

/**
 * One tally computation the duty engine asks for: `key` says everything its answer depends on
 * besides the records (obligation filter, periods, subjects, departments), `kind` whose records
 * it reads, `compute` makes it (misses of one batch are computed together by the caller).
 */
export type TallyJob = { key: unknown; kind: DutyKind };

type Entry = { stamp: string; tallies: DutyTally[] };

/**
 * The duty engine's tallies, cached per process and database by what they were asked for and the
 * stamp of the records they read: the district's duty_version of the kind and of 'org' (units,
 * school profiles, users' units), which every committed change moves on, from any process
 * (migration 0029's deferred triggers). The stamp is read before the records, so tallies stored
 * under a stamp include every change up to it: a write landing in between only costs a reload.
 * Exact, not time-bound — the same contract as the ledger's counts (hazard-count-cache.ts).
 * Inside a transaction (whose own changes move the stamp only at commit) nothing is cached.
 */
export class DutyTallyCache {
  private readonly entries = new Map<string, Entry>();

  /**
   * The tallies of every job: hits from the cache, misses from `computeMisses` (called once with
   * all of them, so the caller can batch a kind's misses into one statement), stored for next time.
   */
  async tallies<J extends TallyJob>(
    db: Db,
    districtId: string,
    jobs: readonly J[],
    computeMisses: (misses: J[]) => Promise<DutyTally[][]>,
  ): Promise<DutyTally[][]> {
    if (jobs.length === 0) return [];
    if (db.isTransaction) return computeMisses([...jobs]);
    const versions = await findDutyVersions(db, districtId);
    const keys = jobs.map((j) =>
      createHash('sha1')
        .update(JSON.stringify([districtId, j.kind, j.key]))
        .digest('base64'),
    );
    const stamps = jobs.map((j) => `${versions.get(j.kind) ?? 0}:${versions.get('org') ?? 0}`);
    const out: (DutyTally[] | undefined)[] = jobs.map((_, i) => {
      const hit = this.entries.get(keys[i] as string);
      return hit && hit.stamp === stamps[i] ? hit.tallies : undefined;
    });
    const missing = jobs.flatMap((j, i) => (out[i] ? [] : [{ j, i }]));
    if (missing.length) {
      const computed = await computeMisses(missing.map((m) => m.j));
      missing.forEach(({ i }, n) => {
        const tallies = computed[n] ?? [];
        out[i] = tallies;
        this.remember(keys[i] as string, { stamp: stamps[i] as string, tallies });
      });
    }
    return out as DutyTally[][];
  }

  /** Forgets every entry (bench/duties.ts measures the cold path with it). */
  clear() {
    this.entries.clear();
  }

  private remember(key: string, entry: Entry) {
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, entry);
  }
}

const caches = new WeakMap<Db, DutyTallyCache>();

/** The cache of one database handle (tests open many in one process). */
export function dutyTallyCacheOf(db: Db): DutyTallyCache {
  let c = caches.get(db);
  if (!c) {
    c = new DutyTallyCache();
    caches.set(db, c);
  }
  return c;
}
