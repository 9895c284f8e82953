import { z } from 'zod';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { passwordSchema } from '../../domain/password-policy.js';
import { grantableRoles, homeUnitKinds, type Role, roleLabels, roles } from '../../domain/roles.js';
import { canWrite } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { changedKeys, pick } from '../audit/diff.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import { hashPassword } from '../auth/password.js';
import { deleteUserSessions } from '../auth/session.repository.js';
import type { Db } from '../db/database.js';
import { findOrgUnit } from '../org/org.repository.js';
import * as repo from './users.repository.js';

const username = z
  .string()
  .trim()
  .min(3, '用户名至少 3 个字符')
  .max(32, '用户名不超过 32 个字符')
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, '用户名以字母开头，只能包含字母、数字、下划线、点和短横线');
const displayName = z.string().trim().min(2, '姓名至少 2 个字').max(40, '姓名不超过 40 个字');
const phone = z
  .string()
  .trim()
  .max(40, '电话不超过 40 个字符')
  .regex(/^[0-9+\-()\s]*$/, '电话格式不正确');
const role = z.enum(roles, { error: '角色无效' });

export const createUserSchema = z
  .object({ username, displayName, role, orgUnitId: z.uuid('所属单位无效'), phone: phone.default(''), password: passwordSchema })
  .strict();
export const updateUserSchema = z
  .object({ displayName, role, orgUnitId: z.uuid('所属单位无效'), phone, isActive: z.boolean(), password: passwordSchema })
  .partial()
  .strict()
  .refine((s) => Object.keys(s).length > 0, { message: '没有要修改的字段' });

export const toUserDto = (u: repo.UserRecord) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role as Role,
  roleLabel: roleLabels[u.role as Role] ?? u.role,
  orgUnitId: u.org_unit_id,
  orgUnitName: u.org_unit_name,
  phone: u.phone,
  isActive: u.is_active,
  mustChangePassword: u.must_change_password,
  lockedUntil: u.locked_until && u.locked_until > new Date() ? u.locked_until.toISOString() : null,
  lastLoginAt: u.last_login_at?.toISOString() ?? null,
  createdAt: u.created_at.toISOString(),
});

function requireUserManager(actor: Actor) {
  if (grantableRoles[actor.role].length === 0) throw forbidden('您没有管理用户的权限');
}

/** The actor may give `role` at `orgUnitId`: never beyond their own role or scope. */
async function assertGrant(db: Db, actor: Actor, targetRole: Role, orgUnitId: string) {
  if (!grantableRoles[actor.role].includes(targetRole)) throw forbidden(`您不能授予「${roleLabels[targetRole]}」角色`);
  if (!canWrite(actor.scope, orgUnitId)) throw forbidden('所属单位超出您的管理范围');
  const unit = await findOrgUnit(db, actor.districtId, orgUnitId);
  if (!unit?.is_active) throw new AppError('VALIDATION_FAILED', '所属单位不存在或已停用', [{ path: 'orgUnitId', message: '所属单位无效' }]);
  const kindOk = homeUnitKinds[targetRole].includes(unit.kind);
  const policeOk = targetRole !== 'police_officer' || unit.department_type === 'police_station';
  if (!kindOk || !policeOk) {
    throw new AppError('VALIDATION_FAILED', `「${roleLabels[targetRole]}」不能属于「${unit.name}」这类单位`, [
      { path: 'orgUnitId', message: '所属单位与角色不匹配' },
    ]);
  }
}

export async function listUsers(db: Db, actor: Actor, input: Omit<repo.UserFilter, 'districtId' | 'orgUnitIds'> & { page: number; pageSize: number }) {
  requireUserManager(actor);
  const { page, pageSize, ...filter } = input;
  const w = actor.scope.write;
  const { rows, total } = await repo.findUsers(
    db,
    { districtId: actor.districtId, orgUnitIds: w.all ? null : [...w.ids], ...filter },
    { offset: (page - 1) * pageSize, limit: pageSize },
  );
  return { items: rows.map(toUserDto), total, page, pageSize };
}

async function loadManagedUser(db: Db, actor: Actor, id: string) {
  requireUserManager(actor);
  const u = await repo.findUserRecord(db, actor.districtId, id);
  if (!u || !canWrite(actor.scope, u.org_unit_id)) throw notFound('用户');
  return u;
}

export async function getUser(db: Db, actor: Actor, id: string) {
  return toUserDto(await loadManagedUser(db, actor, id));
}

export async function createUser(db: Db, actor: Actor, input: z.infer<typeof createUserSchema>) {
  requireUserManager(actor);
  await assertGrant(db, actor, input.role, input.orgUnitId);
  if (await repo.isUsernameTaken(db, input.username)) throw new AppError('DUPLICATE', `用户名「${input.username}」已被使用`);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const { id } = await repo.insertUser(trx, {
      district_id: actor.districtId,
      username: input.username,
      display_name: input.displayName,
      password_hash: passwordHash,
      role: input.role,
      org_unit_id: input.orgUnitId,
      phone: input.phone,
      must_change_password: true, // an initial password was chosen by someone else
    });
    const dto = toUserDto((await repo.findUserRecord(trx, actor.districtId, id)) as repo.UserRecord);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'user.create',
      entityType: 'user',
      entityId: id,
      orgUnitId: input.orgUnitId,
      summary: `新增用户「${dto.displayName}」(${dto.username})，角色：${dto.roleLabel}`,
      after: dto,
    });
    return dto;
  });
}

export async function updateUser(db: Db, actor: Actor, id: string, input: z.infer<typeof updateUserSchema>) {
  const current = await loadManagedUser(db, actor, id);
  if (id === actor.userId && (input.role !== undefined || input.isActive === false || input.orgUnitId !== undefined)) {
    throw forbidden('不能修改自己的角色、单位或停用自己的账号');
  }
  if (!grantableRoles[actor.role].includes(current.role as Role)) throw forbidden('您不能修改该用户');
  if (input.role !== undefined || input.orgUnitId !== undefined) {
    await assertGrant(db, actor, input.role ?? (current.role as Role), input.orgUnitId ?? current.org_unit_id);
  }
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const before = toUserDto(current);
  return db.transaction().execute(async (trx) => {
    await repo.updateUserRow(trx, actor.districtId, id, {
      ...(input.displayName !== undefined && { display_name: input.displayName }),
      ...(input.role !== undefined && { role: input.role }),
      ...(input.orgUnitId !== undefined && { org_unit_id: input.orgUnitId }),
      ...(input.phone !== undefined && { phone: input.phone }),
      ...(input.isActive !== undefined && { is_active: input.isActive }),
      ...(passwordHash && { password_hash: passwordHash, must_change_password: true, failed_login_count: 0, locked_until: null }),
    });
    // A reset password, a new role or a disabled account ends the user's open sessions.
    if (passwordHash || input.isActive === false || input.role !== undefined || input.orgUnitId !== undefined) {
      await deleteUserSessions(trx, actor.districtId, id);
    }
    const after = toUserDto((await repo.findUserRecord(trx, actor.districtId, id)) as repo.UserRecord);
    const changed = changedKeys(before, after);
    if (passwordHash) changed.push('password');
    await appendAuditEvent(trx, auditActorOf(actor), {
      // 重置密码 from the users list is its own entry in the trail; with other changes it is part of the edit.
      action: passwordHash && changed.length === 1 ? 'user.password_reset' : 'user.update',
      entityType: 'user',
      entityId: id,
      orgUnitId: after.orgUnitId,
      summary: `修改用户「${after.displayName}」：${changed.map((k) => (k === 'password' ? '重置密码' : k)).join('、') || '无变化'}`,
      before: pick(
        before,
        changed.filter((k) => k !== 'password'),
      ),
      after: {
        ...pick(
          after,
          changed.filter((k) => k !== 'password'),
        ),
        ...(passwordHash && { password: '（已重置）' }),
      },
    });
    return after;
  });
}
