import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { AppError, notFound } from '../../domain/errors.js';
import type { HazardSource } from '../../domain/hazard.js';
import { decide } from '../../domain/hazard-workflow.js';
import type { Role } from '../../domain/roles.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { snapshotOf, standingOf } from '../hazards/hazard-standing.js';
import { toHazardDto } from '../hazards/hazards.dto.js';
import { findHazardById, type HazardRecord, updateHazardIfVersion } from '../hazards/hazards.repository.js';
import { insertHazardInTransaction, recordHazardChange } from '../hazards/hazards.service.js';
import { departmentUserIds, notifyUsers } from '../notifications/notifications.service.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './premises.repository.js';
import { assertWritable, typeLabel } from './premises.service.js';

const sourceOf: Partial<Record<Role, HazardSource>> = { district_admin: 'district', police_officer: 'police', department_officer: 'department' };

/**
 * A zone breach becomes a hazard in one step (category 周边环境, the school whose zone is
 * breached, linked to the premise), at most one open hazard per premise and school. When the
 * actor may hand over (交办: the district admin) and the premise has a supervising department,
 * the hazard is assessed as general and handed over to that department in the same transaction,
 * with the pack's default deadline; otherwise it waits at 登记 for the usual 研判 and 交办.
 */
export async function createHazardFromPremiseBreach(app: AppContext, actor: Actor, premiseId: string, input: { schoolId: string }, now = new Date()) {
  const db = app.db;
  const premise = await repo.findPremiseById(db, actor.districtId, premiseId);
  if (!premise || !canRead(actor.scope, input.schoolId)) throw notFound(premise ? '学校' : '周边场所');
  const pack = await packOf(app, actor.districtId);
  await assertWritable(db, pack, actor, premise.type_code);
  const near = (await repo.findPremiseSchools(db, actor.districtId, [premiseId])).find((n) => n.school_id === input.schoolId);
  if (!near?.breach) throw new AppError('CONFLICT', '该场所没有违反这所学校周边的禁设规定，不能转为隐患');
  const existing = (await repo.findOpenPremiseHazards(db, actor.districtId, [premiseId])).find((h) => h.school_id === input.schoolId);
  if (existing) throw new AppError('CONFLICT', `该违规已转为隐患 ${existing.code}，尚未销号`);
  const category = pack.hazardCategories.some((c) => c.code === 'surroundings') ? 'surroundings' : 'other';
  const kind = typeLabel(pack, premise.type_code);
  const today = shanghaiDay(now);
  const result = await db.transaction().execute(async (trx) => {
    const hazardId = await insertHazardInTransaction(
      trx,
      actor,
      {
        schoolId: input.schoolId,
        title: `周边${kind}「${premise.name}」违反 ${near.radius_m} 米内禁设规定`.slice(0, 100),
        description: [near.message, premise.address && `地址：${premise.address}`].filter(Boolean).join('。'),
        place: '周边',
        category,
        source: sourceOf[actor.role] ?? 'district',
        attachmentIds: [],
      },
      now,
      now,
    );
    try {
      await repo.setHazardPremise(trx, actor.districtId, hazardId, premiseId);
    } catch (err) {
      const e = err as { code?: string };
      if (e?.code === '23505') throw new AppError('CONFLICT', '该违规刚被他人转为隐患，请刷新后查看');
      throw err;
    }
    const handedOver = premise.department_unit_id
      ? await handOverInTransaction(
          trx,
          actor,
          hazardId,
          premise.department_unit_id,
          premise.department_name ?? '',
          category,
          addDays(today, pack.deadlineDays.general),
        )
      : false;
    return { hazardId, handedOver };
  });
  const h = (await findHazardById(db, actor.districtId, result.hazardId)) as HazardRecord;
  return {
    hazard: toHazardDto(h, today),
    handedOver: result.handedOver,
    note: result.handedOver
      ? `已交办${premise.department_name}`
      : premise.department_unit_id
        ? '已登记为隐患，待区教委或教管中心研判后交办主管部门'
        : '已登记为隐患；该场所未填写主管部门，研判后可交办',
  };
}

/** 研判 (general, 周边环境) then 交办 to the department, each checked by the workflow table. */
async function handOverInTransaction(
  trx: Db,
  actor: Actor,
  hazardId: string,
  unitId: string,
  unitName: string,
  category: string,
  deadline: string,
): Promise<boolean> {
  const unit = await repo.findUnit(trx, actor.districtId, unitId);
  if (!unit?.is_active || unit.kind !== 'department' || unit.department_type === 'commission_office') return false;
  let h = (await findHazardById(trx, actor.districtId, hazardId)) as HazardRecord;
  const standing = standingOf(actor, h);
  const assess = decide(snapshotOf(h), 'assess', standing);
  if (!assess.ok || !standing.dispatcher) return false;
  await updateHazardIfVersion(trx, actor.districtId, h.id, h.version, { state: 'assessed', level: 'general', category });
  await recordHazardChange(trx, actor, h, {
    action: 'assess',
    fromState: 'reported',
    toState: 'assessed',
    note: '周边场所违反禁设规定，研判为一般隐患',
    data: { level: 'general', category },
    summary: '研判',
    before: { state: 'reported' },
    after: { state: 'assessed', level: 'general', category },
  });
  h = (await findHazardById(trx, actor.districtId, hazardId)) as HazardRecord;
  const handOver = decide(snapshotOf(h), 'hand_over', standingOf(actor, h));
  if (!handOver.ok) throw new AppError(handOver.code, handOver.message);
  const patch = { handed_over_to: unitId, responsible_unit_id: unitId, deadline };
  await updateHazardIfVersion(trx, actor.districtId, h.id, h.version, patch);
  await recordHazardChange(trx, actor, h, {
    action: 'hand_over',
    fromState: 'assessed',
    toState: 'assessed',
    note: `周边场所由${unitName}主管，交办整改`,
    data: { unitId, unitName, deadline, previousDeadline: null },
    summary: '交办',
    before: { state: 'assessed' },
    after: { state: 'assessed', ...patch },
  });
  await notifyUsers(trx, actor.districtId, await departmentUserIds(trx, actor.districtId, unitId), {
    kind: 'assigned',
    title: `交办隐患：${h.title}`,
    body: `${actor.displayName}将${h.school_name}的隐患 ${h.code} 交办贵单位，期限 ${deadline}`,
    entityType: 'hazard',
    entityId: h.id,
  });
  return true;
}
