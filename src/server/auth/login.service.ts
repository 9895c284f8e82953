import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { Reservation } from '../../domain/password-policy.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import type { Actor } from './actor.js';
import * as attempts from './login-attempts.repository.js';
import { lockedError, releaseAddress, reserveAddress, reserveUnknownName, withFailureFloor } from './login-guard.js';
import { getDummyHash, verifyPassword } from './password.js';
import * as sessions from './session.repository.js';

/**
 * Sign-in and every other password check (docs/ARCHITECTURE.md "Sign-in protection"). A guess is
 * taken from a counter before the password is verified; which counter depends on the client:
 * a device that signed in to this account before uses its own, everyone else shares the
 * account's, and names without an active account use one of their own that behaves the same
 * (login-guard.ts; it and the address limit are kept in the database for every server).
 */
// The same digest as auth.service's session tokens (kept local: auth.service imports this file).
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type LoginResult = { token: string; csrfToken: string; expiresAt: Date; userId: string; districtId: string; deviceToken: string };

type LoginInput = { username: string; password: string; ip: string; userAgent: string; deviceToken?: string | undefined };
type UserRow = NonNullable<Awaited<ReturnType<typeof sessions.findUserForLogin>>>;

/** The counter this client's guess is taken from, with the device when the client is a known one. */
async function counterFor(app: AppContext, user: UserRow, deviceToken: string | undefined) {
  const device = deviceToken ? await attempts.findDevice(app.db, user.district_id, user.id, hashToken(deviceToken)) : undefined;
  const ref: attempts.CounterRef = device
    ? { table: 'login_device', districtId: user.district_id, id: device.id }
    : { table: 'app_user', districtId: user.district_id, id: user.id };
  return { ref, device };
}

export function login(app: AppContext, input: LoginInput): Promise<LoginResult> {
  return withFailureFloor(() => attemptLogin(app, input));
}

async function attemptLogin(app: AppContext, input: LoginInput): Promise<LoginResult> {
  const now = new Date();
  const found = await sessions.findUserForLogin(app.db, input.username);
  const user = found?.is_active ? found : undefined;
  const counter = user ? await counterFor(app, user, input.deviceToken) : undefined;
  // A known device passes the address limit too: a school behind one NAT address is not locked
  // out by someone guessing from the same network.
  const address = counter?.device ? undefined : await reserveAddress(app, input.ip, now);
  const reservation: Reservation = counter ? await attempts.reserveCounter(app.db, counter.ref, now) : await reserveUnknownName(app, input.username, now);
  if (!reservation.allowed) throw lockedError(reservation.lockedUntil);
  const ok = await verifyPassword(user?.password_hash ?? (await getDummyHash()), input.password);
  if (!ok || !user || !counter) {
    if (reservation.locksNow && user) await auditLockout(app, user, input.ip, reservation.next.lockedUntil);
    throw reservation.locksNow && reservation.next.lockedUntil
      ? lockedError(reservation.next.lockedUntil)
      : new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
  }
  if (address) await releaseAddress(app, address);
  return openSession(app, user, counter, input, now);
}

async function openSession(
  app: AppContext,
  user: UserRow,
  counter: Awaited<ReturnType<typeof counterFor>>,
  input: LoginInput,
  now: Date,
): Promise<LoginResult> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const deviceToken = counter.device && input.deviceToken ? input.deviceToken : randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + app.config.sessionTtlMs);
  await app.db.transaction().execute(async (trx) => {
    // A known device's success clears only its own counter: strangers' failures on the account stay.
    await attempts.resetCounter(trx, counter.ref);
    if (counter.device) await attempts.touchDevice(trx, user.district_id, counter.device.id, now);
    else await attempts.insertDevice(trx, user.district_id, user.id, hashToken(deviceToken), now);
    await sessions.recordLoginSuccess(trx, user.district_id, user.id, now);
    await sessions.insertSession(trx, {
      district_id: user.district_id,
      user_id: user.id,
      token_hash: hashToken(token),
      csrf_token: csrfToken,
      ip: input.ip,
      user_agent: input.userAgent.slice(0, 300),
      expires_at: expiresAt,
    });
    await appendAuditEvent(
      trx,
      { districtId: user.district_id, userId: user.id, name: user.display_name, role: user.role, ip: input.ip },
      { action: 'auth.login', entityType: 'user', entityId: user.id, orgUnitId: user.org_unit_id, summary: `${user.display_name} 登录` },
    );
  });
  return { token, csrfToken, expiresAt, userId: user.id, districtId: user.district_id, deviceToken };
}

async function auditLockout(app: AppContext, user: UserRow, ip: string, until: Date | null) {
  await app.db.transaction().execute(async (trx) => {
    await appendAuditEvent(
      trx,
      { districtId: user.district_id, userId: null, name: '系统', role: 'system', ip },
      {
        action: 'auth.lockout',
        entityType: 'user',
        entityId: user.id,
        orgUnitId: user.org_unit_id,
        summary: `${user.display_name} 多次密码错误，账号暂时锁定${until ? `至 ${until.toISOString()}` : ''}`,
      },
    );
  });
}

/**
 * The current password on a password change: the same counters and address limit as sign-in,
 * so a stolen session cannot be used to guess the password behind it.
 */
export function checkCurrentPassword(app: AppContext, actor: Actor, password: string, deviceToken: string | undefined): Promise<void> {
  return withFailureFloor(async () => {
    const user = await sessions.findUserForLogin(app.db, actor.username);
    if (!user) throw new AppError('INVALID_CREDENTIALS', '当前密码不正确');
    const counter = await counterFor(app, user, deviceToken);
    const address = counter.device ? undefined : await reserveAddress(app, actor.ip);
    const reservation = await attempts.reserveCounter(app.db, counter.ref, new Date());
    if (!reservation.allowed) throw lockedError(reservation.lockedUntil);
    if (!(await verifyPassword(user.password_hash, password))) {
      if (reservation.locksNow) await auditLockout(app, user, actor.ip, reservation.next.lockedUntil);
      throw reservation.locksNow && reservation.next.lockedUntil
        ? lockedError(reservation.next.lockedUntil)
        : new AppError('INVALID_CREDENTIALS', '当前密码不正确');
    }
    if (address) await releaseAddress(app, address);
    await attempts.resetCounter(app.db, counter.ref);
  });
}
