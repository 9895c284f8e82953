import { z } from 'zod';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import type { AssignmentTable } from '../db/schema.js';
import { findUserById } from '../users/users.repository.js';
import * as repo from './org.repository.js';

/**
 * Explicit scope grants: a responsible inspector's schools (包校), a leader's townships (包片)
 * and a police station's precinct schools. What each kind links is fixed here.
 */
export const assignmentKinds = ['inspector_school', 'leader_area', 'precinct_school'] as const;
type Kind = AssignmentTable['kind'];

const rules: Record<Kind, { label: string; subject: 'user' | 'department'; subjectRole?: string; departmentType?: string; targetKinds: string[] }> = {
  inspector_school: { label: '责任督学包校', subject: 'user', subjectRole: 'responsible_inspector', targetKinds: ['school'] },
  leader_area: { label: '委领导包片', subject: 'user', subjectRole: 'commission_leader', targetKinds: ['township', 'centre'] },
  precinct_school: { label: '派出所辖区学校', subject: 'department', departmentType: 'police_station', targetKinds: ['school'] },
};

export const createAssignmentSchema = z
  .object({ kind: z.enum(assignmentKinds, { error: '分配类型无效' }), subjectId: z.uuid('对象无效'), targetId: z.uuid('目标单位无效') })
  .strict();

async function subjectName(db: Db, districtId: string, kind: Kind, subjectId: string): Promise<string | undefined> {
  const rule = rules[kind];
  if (rule.subject === 'user') {
    const u = await findUserById(db, districtId, subjectId);
    return u && u.role === rule.subjectRole && u.is_active ? u.display_name : undefined;
  }
  const d = await repo.findOrgUnit(db, districtId, subjectId);
  return d && d.kind === 'department' && d.department_type === rule.departmentType && d.is_active ? d.name : undefined;
}

export async function listAssignments(db: Db, actor: Actor, filter: { kind?: Kind | undefined; subjectId?: string | undefined }) {
  const read = actor.scope.read;
  const rows = await repo.listAssignments(db, actor.districtId, { ...filter, targetIds: read.all ? null : [...read.ids] });
  const units = new Map((await repo.listOrgUnits(db, actor.districtId, {})).map((u) => [u.id, u.name]));
  const users = new Map<string, string>();
  for (const r of rows) {
    if (rules[r.kind].subject === 'user' && !users.has(r.subject_id)) {
      users.set(r.subject_id, (await findUserById(db, actor.districtId, r.subject_id))?.display_name ?? '');
    }
  }
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      subjectId: r.subject_id,
      subjectName: (rules[r.kind].subject === 'user' ? users.get(r.subject_id) : units.get(r.subject_id)) ?? '',
      targetId: r.target_id,
      targetName: units.get(r.target_id) ?? '',
    })),
  };
}

export async function createAssignment(db: Db, actor: Actor, input: z.infer<typeof createAssignmentSchema>) {
  if (actor.role !== 'district_admin') throw forbidden('只有区教委管理员可以分配包校、包片和辖区');
  const rule = rules[input.kind];
  const name = await subjectName(db, actor.districtId, input.kind, input.subjectId);
  if (!name) {
    const what = rule.subject === 'user' ? (input.kind === 'inspector_school' ? '责任督学' : '委领导') : '派出所';
    throw new AppError('VALIDATION_FAILED', `所选对象不是本区有效的${what}`, [{ path: 'subjectId', message: `请选择${what}` }]);
  }
  const target = await repo.findOrgUnit(db, actor.districtId, input.targetId);
  if (!target || !rule.targetKinds.includes(target.kind) || !target.is_active) {
    throw new AppError('VALIDATION_FAILED', input.kind === 'leader_area' ? '包片对象必须是街道/镇或教管中心' : '目标必须是本区有效的学校', [
      { path: 'targetId', message: '目标单位无效' },
    ]);
  }
  const existing = await repo.listAssignments(db, actor.districtId, { kind: input.kind, subjectId: input.subjectId, targetIds: [input.targetId] });
  if (existing.length) throw new AppError('DUPLICATE', `「${name}」已分配到「${target.name}」`);
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertAssignment(trx, { district_id: actor.districtId, kind: input.kind, subject_id: input.subjectId, target_id: input.targetId });
    const dto = { id: row.id, kind: row.kind, subjectId: row.subject_id, subjectName: name, targetId: row.target_id, targetName: target.name };
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'assignment.create',
      entityType: 'assignment',
      entityId: row.id,
      orgUnitId: target.id,
      summary: `${rule.label}：「${name}」→「${target.name}」`,
      after: dto,
    });
    return dto;
  });
}

export async function deleteAssignment(db: Db, actor: Actor, id: string) {
  if (actor.role !== 'district_admin') throw forbidden('只有区教委管理员可以调整包校、包片和辖区');
  const row = await repo.findAssignment(db, actor.districtId, id);
  if (!row) throw notFound('分配记录');
  await db.transaction().execute(async (trx) => {
    await repo.deleteAssignment(trx, actor.districtId, id);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'assignment.delete',
      entityType: 'assignment',
      entityId: id,
      orgUnitId: row.target_id,
      summary: `取消${rules[row.kind].label}`,
      before: { kind: row.kind, subjectId: row.subject_id, targetId: row.target_id },
    });
  });
}
