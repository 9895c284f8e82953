import { z } from 'zod';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { departmentTypes } from '../../domain/roles.js';
import { canRead } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { changedKeys, pick } from '../audit/diff.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import type { OrgUnitRow } from '../db/schema.js';
import * as repo from './org.repository.js';

export const toOrgUnitDto = (u: OrgUnitRow) => ({
  id: u.id,
  parentId: u.parent_id,
  kind: u.kind,
  name: u.name,
  code: u.code,
  departmentType: u.department_type,
  sortOrder: u.sort_order,
  isActive: u.is_active,
});
export type OrgUnitDto = ReturnType<typeof toOrgUnitDto>;

const code = z
  .string()
  .trim()
  .min(2, '代码至少 2 个字符')
  .max(32, '代码不超过 32 个字符')
  .regex(/^[A-Za-z0-9_-]+$/, '代码只能包含字母、数字、下划线和短横线');
const name = z.string().trim().min(2, '名称至少 2 个字').max(60, '名称不超过 60 个字');

// Schools are created through the school endpoints (they carry a profile); this covers the rest.
export const createOrgUnitSchema = z
  .object({
    parentId: z.uuid('上级单位无效'),
    kind: z.enum(['township', 'centre', 'department'], { error: '机构类型无效' }),
    name,
    code,
    departmentType: z.enum(departmentTypes, { error: '部门类型无效' }).optional(),
    sortOrder: z.number().int().min(0).max(100000).optional(),
  })
  .strict()
  .refine((u) => (u.kind === 'department') === (u.departmentType !== undefined), {
    message: '部门必须选择部门类型，其他机构不能选择',
    path: ['departmentType'],
  });

export const updateOrgUnitSchema = z
  .object({
    name,
    code,
    parentId: z.uuid('上级单位无效'),
    departmentType: z.enum(departmentTypes, { error: '部门类型无效' }),
    sortOrder: z.number().int().min(0).max(100000),
    isActive: z.boolean(),
  })
  .partial()
  .strict()
  .refine((s) => Object.keys(s).length > 0, { message: '没有要修改的字段' });

/** Units the actor may see, with the ancestors needed to draw the path to them. */
export async function listOrgUnits(db: Db, actor: Actor, kinds?: OrgUnitRow['kind'][]) {
  const read = actor.scope.read;
  const ids = read.all ? null : await repo.findAncestorIds(db, actor.districtId, [...read.ids]);
  const rows = await repo.listOrgUnits(db, actor.districtId, { ids, kinds });
  return { items: rows.map(toOrgUnitDto) };
}

/** Codes are unique in a district; say so on the field instead of as a bare constraint error. */
export async function assertUnitCodeFree(db: Db, districtId: string, code: string, exceptId?: string) {
  const taken = await repo.findOrgUnitByCode(db, districtId, code);
  if (taken && taken.id !== exceptId) {
    const message = `代码「${code}」已被「${taken.name}」使用`;
    throw new AppError('DUPLICATE', message, [{ path: 'code', message }]);
  }
}

function requireDistrictAdmin(actor: Actor) {
  if (actor.role !== 'district_admin') throw forbidden('只有区教委管理员可以维护组织机构');
}

async function assertParent(db: Db, actor: Actor, parentId: string, kind: string) {
  const parent = await repo.findOrgUnit(db, actor.districtId, parentId);
  const allowed = kind === 'department' ? ['district', 'department'] : ['district'];
  if (!parent || !allowed.includes(parent.kind) || !parent.is_active) {
    throw new AppError('VALIDATION_FAILED', kind === 'department' ? '部门的上级必须是区县或另一个部门' : '街道/镇、教管中心的上级必须是区县', [
      { path: 'parentId', message: '上级单位无效' },
    ]);
  }
}

export async function createOrgUnit(db: Db, actor: Actor, input: z.infer<typeof createOrgUnitSchema>) {
  requireDistrictAdmin(actor);
  await assertParent(db, actor, input.parentId, input.kind);
  await assertUnitCodeFree(db, actor.districtId, input.code);
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertOrgUnit(trx, {
      district_id: actor.districtId,
      parent_id: input.parentId,
      kind: input.kind,
      name: input.name,
      code: input.code,
      department_type: input.departmentType ?? null,
      ...(input.sortOrder !== undefined && { sort_order: input.sortOrder }),
    });
    const dto = toOrgUnitDto(row);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'org_unit.create',
      entityType: 'org_unit',
      entityId: row.id,
      orgUnitId: row.id,
      summary: `新增机构「${row.name}」(${row.code})`,
      after: dto,
    });
    return dto;
  });
}

export async function updateOrgUnit(db: Db, actor: Actor, id: string, input: z.infer<typeof updateOrgUnitSchema>) {
  requireDistrictAdmin(actor);
  const current = await repo.findOrgUnit(db, actor.districtId, id);
  if (!current || !canRead(actor.scope, id)) throw notFound('机构');
  if (current.kind === 'school') throw new AppError('BAD_REQUEST', '学校请在“学校”页面修改');
  if (current.kind === 'district' && (input.parentId !== undefined || input.isActive === false)) {
    throw new AppError('BAD_REQUEST', '区县本级不能移动或停用');
  }
  if (input.departmentType !== undefined && current.kind !== 'department') {
    throw new AppError('VALIDATION_FAILED', '只有部门可以设置部门类型', [{ path: 'departmentType', message: '只有部门可以设置部门类型' }]);
  }
  if (input.parentId !== undefined) await assertParent(db, actor, input.parentId, current.kind);
  if (input.code !== undefined) await assertUnitCodeFree(db, actor.districtId, input.code, id);
  if (input.parentId === id) throw new AppError('VALIDATION_FAILED', '上级单位不能是自身', [{ path: 'parentId', message: '上级单位不能是自身' }]);
  if (input.parentId !== undefined && (await repo.findSubtreeIds(db, actor.districtId, [id])).includes(input.parentId)) {
    throw new AppError('VALIDATION_FAILED', '上级单位不能是自身的下级单位', [{ path: 'parentId', message: '上级单位不能是自身的下级单位' }]);
  }
  if (input.isActive === false && (await repo.countChildren(db, actor.districtId, id)) > 0) {
    throw new AppError('CONFLICT', '该机构下还有在用的下级单位或学校，请先调整后再停用');
  }
  const before = toOrgUnitDto(current);
  return db.transaction().execute(async (trx) => {
    const after = toOrgUnitDto(
      await repo.updateOrgUnit(trx, actor.districtId, id, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.code !== undefined && { code: input.code }),
        ...(input.parentId !== undefined && { parent_id: input.parentId }),
        ...(input.departmentType !== undefined && { department_type: input.departmentType }),
        ...(input.sortOrder !== undefined && { sort_order: input.sortOrder }),
        ...(input.isActive !== undefined && { is_active: input.isActive }),
      }),
    );
    const changed = changedKeys(before, after);
    if (changed.length) {
      await appendAuditEvent(trx, auditActorOf(actor), {
        action: 'org_unit.update',
        entityType: 'org_unit',
        entityId: id,
        orgUnitId: id,
        summary: `修改机构「${after.name}」：${changed.join('、')}`,
        before: pick(before, changed),
        after: pick(after, changed),
      });
    }
    return after;
  });
}
