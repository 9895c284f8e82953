import { type Kysely, sql } from 'kysely';
import { type Reservation, reserveAttempt } from '../../domain/password-policy.js';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

/**
 * Takes one failure from the address's allowance in one statement: a window older than `windowMs`
 * starts again at `now`, otherwise the count goes up only while it is under `cap`. Servers racing
 * on one address queue on its row, so between them they never pass more than `cap`. Answers the
 * window the failure was taken in (to give it back), or undefined when the allowance is used up.
 */
export async function takeAddressFailure(db: Q, clientKey: string, now: Date, windowMs: number, cap: number): Promise<Date | undefined> {
  const expired = new Date(now.getTime() - windowMs);
  const stale = sql<boolean>`login_address_counter.window_start < ${expired}::timestamptz`;
  const r = await db
    .insertInto('login_address_counter')
    .values({ client_key: clientKey, window_start: now, failures: 1 })
    .onConflict((oc) =>
      oc
        .column('client_key')
        .doUpdateSet({
          failures: sql<number>`case when ${stale} then 1 else login_address_counter.failures + 1 end`,
          window_start: sql<Date>`case when ${stale} then ${now}::timestamptz else login_address_counter.window_start end`,
        })
        .where(sql<boolean>`${stale} or login_address_counter.failures < ${cap}`),
    )
    .returning('window_start')
    .executeTakeFirst();
  return r?.window_start;
}

/** Gives back one failure taken in `windowStart`; nothing when the window has started again since. */
export async function giveBackAddressFailure(db: Q, clientKey: string, windowStart: Date): Promise<void> {
  await db
    .updateTable('login_address_counter')
    .set({ failures: sql<number>`failures - 1` })
    .where('client_key', '=', clientKey)
    .where('window_start', '=', windowStart)
    .where('failures', '>', 0)
    .execute();
}

/**
 * Takes one guess from an unknown name's counter under a row lock, exactly as an account's
 * counter is taken (login-attempts.repository reserveCounter): the row is created if missing,
 * then locked, so parallel attempts on any server each see the count the previous one left.
 */
export async function reserveUnknownName(db: Q, nameKey: string, now: Date): Promise<Reservation> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('login_unknown_name')
      .values({ name_key: nameKey, last_attempt_at: now })
      .onConflict((oc) => oc.column('name_key').doNothing())
      .execute();
    const row = await trx
      .selectFrom('login_unknown_name')
      .select(['failed_login_count', 'locked_until'])
      .where('name_key', '=', nameKey)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const r = reserveAttempt({ failures: row.failed_login_count, lockedUntil: row.locked_until }, now);
    if (r.allowed) {
      await trx
        .updateTable('login_unknown_name')
        .set({ failed_login_count: r.next.failures, locked_until: r.next.lockedUntil, last_attempt_at: now })
        .where('name_key', '=', nameKey)
        .execute();
    }
    return r;
  });
}

/** Deletes address windows that ended and unknown names unused since `unusedSince` and not locked. */
export async function deleteSpent(db: Q, windowEndedBefore: Date, unusedSince: Date, now: Date): Promise<{ addresses: number; names: number }> {
  const a = await db.deleteFrom('login_address_counter').where('window_start', '<', windowEndedBefore).executeTakeFirst();
  const b = await db
    .deleteFrom('login_unknown_name')
    .where('last_attempt_at', '<', unusedSince)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  return { addresses: Number(a.numDeletedRows), names: Number(b.numDeletedRows) };
}
