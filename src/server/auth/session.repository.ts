import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

export async function findUserForLogin(db: Q, username: string) {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

/** Failure counters are reset by login-attempts.repository (only the counter the success used). */
export async function recordLoginSuccess(db: Q, districtId: string, userId: string, at: Date) {
  await db.updateTable('app_user').set({ last_login_at: at }).where('district_id', '=', districtId).where('id', '=', userId).execute();
}

export async function insertSession(
  db: Q,
  row: { district_id: string; user_id: string; token_hash: string; csrf_token: string; ip: string; user_agent: string; expires_at: Date },
) {
  return db.insertInto('user_session').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export async function findSessionByTokenHash(db: Q, tokenHash: string, now: Date) {
  return db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', (j) => j.onRef('u.district_id', '=', 's.district_id').onRef('u.id', '=', 's.user_id'))
    .select([
      's.id as session_id',
      's.csrf_token',
      's.last_seen_at',
      'u.district_id',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.org_unit_id',
      'u.must_change_password',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .where('u.is_active', '=', true)
    .executeTakeFirst();
}

export async function touchSession(db: Q, districtId: string, sessionId: string, now: Date, expiresAt: Date) {
  await db
    .updateTable('user_session')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('district_id', '=', districtId)
    .where('id', '=', sessionId)
    .execute();
}

export async function deleteSession(db: Q, districtId: string, sessionId: string) {
  await db.deleteFrom('user_session').where('district_id', '=', districtId).where('id', '=', sessionId).execute();
}

export async function deleteUserSessions(db: Q, districtId: string, userId: string, exceptSessionId?: string) {
  let q = db.deleteFrom('user_session').where('district_id', '=', districtId).where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

export async function deleteExpiredSessions(db: Q, now: Date) {
  await db.deleteFrom('user_session').where('expires_at', '<=', now).execute();
}

export async function updatePasswordHash(db: Q, districtId: string, userId: string, passwordHash: string, now: Date) {
  await db
    .updateTable('app_user')
    .set({ password_hash: passwordHash, must_change_password: false, password_changed_at: now, updated_at: now })
    .where('district_id', '=', districtId)
    .where('id', '=', userId)
    .execute();
}
