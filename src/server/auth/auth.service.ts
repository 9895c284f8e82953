import { createHash } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { passwordSchema } from '../../domain/password-policy.js';
import { grantableRoles, type Role, roleLabels } from '../../domain/roles.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { findOrgUnit } from '../org/org.repository.js';
import { type Actor, auditActorOf } from './actor.js';
import { checkCurrentPassword } from './login.service.js';
import { hashPassword } from './password.js';
import { resolveScope } from './scope.resolver.js';
import * as sessions from './session.repository.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

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

export async function changePassword(app: AppContext, actor: Actor, input: { currentPassword: string; newPassword: string; deviceToken?: string | undefined }) {
  const parsed = passwordSchema.safeParse(input.newPassword);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues[0]?.message ?? '新密码不符合要求');
  if (input.currentPassword === input.newPassword) throw new AppError('VALIDATION_FAILED', '新密码不能与当前密码相同');
  await checkCurrentPassword(app, actor, input.currentPassword, input.deviceToken);
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
