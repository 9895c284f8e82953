import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;
export type GuardBucket = 'submit' | 'read';

/** The hits of a client in one fixed window (0 when it has none there). */
export async function findHits(db: Q, bucket: GuardBucket, clientKey: string, windowStart: Date): Promise<number> {
  const r = await db
    .selectFrom('public_guard_counter')
    .select('hits')
    .where('bucket', '=', bucket)
    .where('client_key', '=', clientKey)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return r?.hits ?? 0;
}

/**
 * Takes one hit in the window when fewer than `cap` were taken: one statement, so servers racing
 * on the same client queue on the row and never pass more than `cap` between them.
 */
export async function takeHit(db: Q, bucket: GuardBucket, clientKey: string, windowStart: Date, expiresAt: Date, cap: number): Promise<boolean> {
  if (cap <= 0) return false;
  const r = await db
    .insertInto('public_guard_counter')
    .values({ bucket, client_key: clientKey, window_start: windowStart, hits: 1, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .columns(['bucket', 'client_key', 'window_start'])
        .doUpdateSet({ hits: sql<number>`public_guard_counter.hits + 1` })
        .where(sql<boolean>`public_guard_counter.hits < ${cap}`),
    )
    .returning('hits')
    .executeTakeFirst();
  return r !== undefined;
}

/** Marks a challenge's nonce used; false when it already was (by this server or another). */
export async function spendNonce(db: Q, nonce: string, expiresAt: Date): Promise<boolean> {
  const r = await db
    .insertInto('public_challenge_spent')
    .values({ nonce, expires_at: expiresAt })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst();
  return r !== undefined;
}

/** Deletes counters and spent challenges past their expiry. */
export async function deleteExpired(db: Q, now: Date): Promise<{ counters: number; challenges: number }> {
  const a = await db.deleteFrom('public_guard_counter').where('expires_at', '<', now).executeTakeFirst();
  const b = await db.deleteFrom('public_challenge_spent').where('expires_at', '<', now).executeTakeFirst();
  return { counters: Number(a.numDeletedRows), challenges: Number(b.numDeletedRows) };
}
