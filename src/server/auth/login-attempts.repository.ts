import type { Kysely } from 'kysely';
import { type AttemptCounter, loginPolicy, type Reservation, reserveAttempt } from '../../domain/password-policy.js';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

/** Whose counter a guess is taken from: the account's (clients it does not know) or a known device's. */
export type CounterRef = { table: 'app_user' | 'login_device'; districtId: string; id: string };

/**
 * Takes one guess from a counter under a row lock: parallel attempts queue on the lock and each
 * sees the count the previous one left, so a burst gets no more guesses than the policy allows.
 */
export async function reserveCounter(db: Q, ref: CounterRef, now: Date): Promise<Reservation> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom(ref.table)
      .select(['failed_login_count', 'locked_until'])
      .where('district_id', '=', ref.districtId)
      .where('id', '=', ref.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const r = reserveAttempt({ failures: row.failed_login_count, lockedUntil: row.locked_until }, now);
    if (r.allowed) {
      await trx
        .updateTable(ref.table)
        .set({ failed_login_count: r.next.failures, locked_until: r.next.lockedUntil })
        .where('district_id', '=', ref.districtId)
        .where('id', '=', ref.id)
        .execute();
    }
    return r;
  });
}

/** The right password: the counter starts again. */
export async function resetCounter(db: Q, ref: CounterRef): Promise<void> {
  await db
    .updateTable(ref.table)
    .set({ failed_login_count: 0, locked_until: null })
    .where('district_id', '=', ref.districtId)
    .where('id', '=', ref.id)
    .execute();
}

export async function findDevice(db: Q, districtId: string, userId: string, tokenHash: string) {
  return db
    .selectFrom('login_device')
    .select(['id'])
    .where('token_hash', '=', tokenHash)
    .where('district_id', '=', districtId)
    .where('user_id', '=', userId)
    .where('last_used_at', '>', new Date(Date.now() - loginPolicy.deviceDays * 86_400_000))
    .executeTakeFirst();
}

export async function touchDevice(db: Q, districtId: string, deviceId: string, now: Date) {
  await db.updateTable('login_device').set({ last_used_at: now }).where('district_id', '=', districtId).where('id', '=', deviceId).execute();
}

/** Remembers a browser that signed in; keeps the 20 most recent devices of a user. */
export async function insertDevice(db: Q, districtId: string, userId: string, tokenHash: string, now: Date) {
  await db.insertInto('login_device').values({ district_id: districtId, user_id: userId, token_hash: tokenHash, last_used_at: now }).execute();
  const keep = db
    .selectFrom('login_device')
    .select('id')
    .where('district_id', '=', districtId)
    .where('user_id', '=', userId)
    .orderBy('last_used_at', 'desc')
    .limit(20);
  await db.deleteFrom('login_device').where('district_id', '=', districtId).where('user_id', '=', userId).where('id', 'not in', keep).execute();
}

export type { AttemptCounter };
