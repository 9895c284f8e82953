import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { loginPolicy, passwordSchema } from '../../domain/password-policy.js';
import { grantableRoles, type Role, roleLabels } from '../../domain/roles.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { findOrgUnit } from '../org/org.repository.js';
import { type Actor, auditActorOf } from './actor.js';
import type { IpThrottle } from './ip-throttle.js';
import { getDummyHash, hashPassword, verifyPassword } from './password.js';
import { resolveScope } from './scope.resolver.js';
import * as sessions from './session.repository.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const shanghaiTime = (d: Date) => d.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });

export type LoginResult = { token: string; csrfToken: string; expiresAt: Date; userId: string; districtId: string };

export async function login(
  app: AppContext,
  throttle: IpThrottle,
  input: { username: string; password: string; ip: string; userAgent: string },
): Promise<LoginResult> {
  if (throttle.isBlocked(input.ip)) throw new AppError('RATE_LIMITED', '登录失败次数过多，请 10 分钟后再试');
  const now = new Date();
  const user = await sessions.findUserForLogin(app.db, input.username);
  if (!user?.is_active) {
    await verifyPassword(await getDummyHash(), input.password);
    throttle.recordFailure(input.ip);
    throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
  }
  if (user.locked_until && user.locked_until > now) {
    throw new AppError('ACCOUNT_LOCKED', `账号因多次登录失败已临时锁定，请于 ${shanghaiTime(user.locked_until)} 后再试`);
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    throttle.recordFailure(input.ip);
    await failLogin(app, user, now, input.ip);
  }
  throttle.clear(input.ip);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + app.config.sessionTtlMs);
  await app.db.transaction().execute(async (trx) => {
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
  return { token, csrfToken, expiresAt, userId: user.id, districtId: user.district_id };
}

async function failLogin(
  app: AppContext,
  user: { id: string; district_id: string; display_name: string; role: string; org_unit_id: string; failed_login_count: number },
  now: Date,
  ip: string,
): Promise<never> {
  const willLock = user.failed_login_count + 1 >= loginPolicy.maxFailures;
  const lockUntil = willLock ? new Date(now.getTime() + loginPolicy.lockMinutes * 60_000) : null;
  await app.db.transaction().execute(async (trx) => {
    await sessions.recordLoginFailure(trx, user.district_id, user.id, lockUntil);
    if (lockUntil) {
      await appendAuditEvent(
        trx,
        { districtId: user.district_id, userId: null, name: '系统', role: 'system', ip },
        {
          action: 'auth.lockout',
          entityType: 'user',
          entityId: user.id,
          orgUnitId: user.org_unit_id,
          summary: `${user.display_name} 连续 ${loginPolicy.maxFailures} 次登录失败，账号锁定 ${loginPolicy.lockMinutes} 分钟`,
        },
      );
    }
  });
  if (lockUntil) {
    throw new AppError('ACCOUNT_LOCKED', `连续 ${loginPolicy.maxFailures} 次密码错误，账号已锁定至 ${shanghaiTime(lockUntil)}`);
  }
  throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
}

/** Looks up the session of a request; null when absent or expired. Slides the expiry. */
export async function authenticate(app: AppContext, token: string, ip: string): Promise<Actor | null> {
  const now = new Date();
  const s = await sessions.findSessionByTokenHash(app.db, hashToken(token), now);
  if (!s) return null;
  if (now.getTime() - s.last_seen_at.getTime() > 5 * 60_000) {
    await sessions.touchSession(app.db, s.district_id, s.session_id, now, new Date(now.getTime() + app.config.sessionTtlMs));
  }
  const role = s.role as Role;
  const scope = await resolveScope(app.db, { userId: s.user_id, districtId: s.district_id, role, orgUnitId: s.org_unit_id });
  return {
    userId: s.user_id,
    districtId: s.district_id,
    username: s.username,
    displayName: s.display_name,
    role,
    orgUnitId: s.org_unit_id,
    sessionId: s.session_id,
    csrfToken: s.csrf_token,
    mustChangePassword: s.must_change_password,
    scope,
    ip,
  };
}

export async function logout(app: AppContext, actor: Actor): Promise<void> {
  await app.db.transaction().execute(async (trx) => {
    await sessions.deleteSession(trx, actor.districtId, actor.sessionId);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'auth.logout',
      entityType: 'user',
      entityId: actor.userId,
      orgUnitId: actor.orgUnitId,
      summary: `${actor.displayName} 退出登录`,
    });
  });
}

export async function getCurrentUser(app: AppContext, actor: Actor) {
  const unit = await findOrgUnit(app.db, actor.districtId, actor.orgUnitId);
  const district = await findOrgUnit(app.db, actor.districtId, actor.districtId);
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    roleLabel: roleLabels[actor.role],
    orgUnitId: actor.orgUnitId,
    orgUnitName: unit?.name ?? '',
    districtId: actor.districtId,
    districtName: district?.name ?? '',
    mustChangePassword: actor.mustChangePassword,
    csrfToken: actor.csrfToken,
    grantableRoles: grantableRoles[actor.role],
    scope: {
      allSchools: actor.scope.read.all,
      canWrite: actor.scope.write.all || actor.scope.write.ids.size > 0,
    },
  };
}

export async function changePassword(app: AppContext, actor: Actor, input: { currentPassword: string; newPassword: string }) {
  const parsed = passwordSchema.safeParse(input.newPassword);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues[0]?.message ?? '新密码不符合要求');
  if (input.currentPassword === input.newPassword) throw new AppError('VALIDATION_FAILED', '新密码不能与当前密码相同');
  const user = await sessions.findUserForLogin(app.db, actor.username);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('INVALID_CREDENTIALS', '当前密码不正确');
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = new Date();
  await app.db.transaction().execute(async (trx) => {
    await sessions.updatePasswordHash(trx, actor.districtId, actor.userId, passwordHash, now);
    // Other sign-ins of this account end: a changed password must lock out whoever knew the old one.
    await sessions.deleteUserSessions(trx, actor.districtId, actor.userId, actor.sessionId);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'user.password_change',
      entityType: 'user',
      entityId: actor.userId,
      orgUnitId: actor.orgUnitId,
      summary: `${actor.displayName} 修改了密码`,
    });
  });
}
