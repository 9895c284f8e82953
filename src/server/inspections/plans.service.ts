import { z } from 'zod';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { isoDay } from '../../domain/input-dates.js';
import { inspectionLevels } from '../../domain/policy/pack-schema.js';
import type { Role } from '../../domain/roles.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { jointInspectorIds, notifyUsers } from '../notifications/notifications.service.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './plans.repository.js';

/** 督检安排 are made and cancelled by the district admin (the workbench's 权限 line reads this too). */
export const canPlanInspections = (role: Role): boolean => role === 'district_admin';

/**
 * Scheduled inspections (督检安排): the district plans who visits which schools on which day,
 * usually the joint group's two days a week. A planned school is done when an inspection at the
 * plan's level reaches it (made under the plan, or at that school on the planned day).
 */
const day = isoDay('日期格式应为 YYYY-MM-DD');

export const createPlanSchema = z
  .object({
    plannedOn: day,
    level: z.enum(inspectionLevels, { error: '督查层级无效' }).default('joint'),
    title: z.string().trim().min(1, '请填写督检主题').max(60, '主题不超过 60 个字'),
    note: z.string().trim().max(1000, '说明不超过 1000 个字').default(''),
    schoolIds: z.array(z.uuid('学校无效')).min(1, '至少安排一所学校').max(50, '一次最多安排 50 所学校'),
    memberUnitIds: z.array(z.uuid('单位无效')).max(20).default([]),
  })
  .strict();

export async function createInspectionPlan(app: AppContext, actor: Actor, input: z.infer<typeof createPlanSchema>, now = new Date()) {
  if (!canPlanInspections(actor.role)) throw forbidden('督检安排由区教委管理员制定');
  if (input.plannedOn < shanghaiDay(now))
    throw new AppError('VALIDATION_FAILED', '督检日期不能早于今天', [{ path: 'plannedOn', message: '督检日期不能早于今天' }]);
  const pack = await packOf(app, actor.districtId);
  if (!pack.levels.some((l) => l.code === input.level && l.supervising)) {
    throw new AppError('VALIDATION_FAILED', '只能安排督查层级的检查', [{ path: 'level', message: '督查层级无效' }]);
  }
  const schoolIds = [...new Set(input.schoolIds)];
  const units = await repo.findUnitsOfKinds(app.db, actor.districtId, [...schoolIds, ...input.memberUnitIds]);
  const kindOf = new Map(units.map((u) => [u.id, u.kind]));
  const problems = [
    ...schoolIds.flatMap((id, i) => (kindOf.get(id) === 'school' ? [] : [{ path: `schoolIds[${i}]`, message: '学校不存在或不在本区' }])),
    ...input.memberUnitIds.flatMap((id, i) =>
      ['department', 'district'].includes(kindOf.get(id) ?? '') ? [] : [{ path: `memberUnitIds[${i}]`, message: '参加单位应为本区部门' }],
    ),
  ];
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0]?.message ?? '输入有误', problems);
  const id = await app.db.transaction().execute(async (trx) => {
    const id = await repo.insertPlan(
      trx,
      {
        district_id: actor.districtId,
        planned_on: input.plannedOn,
        level: input.level,
        title: input.title,
        note: input.note,
        member_unit_ids: input.memberUnitIds,
        created_by: actor.userId,
      },
      schoolIds,
    );
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'inspection_plan.create',
      entityType: 'inspection_plan',
      entityId: id,
      orgUnitId: actor.districtId,
      summary: `安排 ${input.plannedOn}「${input.title}」督检 ${schoolIds.length} 所学校`,
      after: input,
    });
    if (input.level === 'joint') {
      await notifyUsers(trx, actor.districtId, await jointInspectorIds(trx, actor.districtId), {
        kind: 'inspection_planned',
        title: `督检安排：${input.plannedOn} ${input.title}`,
        body: `共 ${schoolIds.length} 所学校，由${actor.displayName}安排`,
        entityType: 'inspection_plan',
        entityId: id,
      });
    }
    return id;
  });
  return (await listInspectionPlans(app, actor, { from: input.plannedOn, to: input.plannedOn }, now)).items.find((p) => p.id === id);
}

/** `active`: leave out cancelled plans (the workbench's 督检安排 today and this week). */
export async function listInspectionPlans(
  app: AppContext,
  actor: Actor,
  q: { from?: string | undefined; to?: string | undefined; active?: boolean | undefined },
  now = new Date(),
) {
  const today = shanghaiDay(now);
  const from = q.from ?? addDays(today, -30);
  const to = q.to ?? addDays(today, 60);
  if (to < from) throw new AppError('VALIDATION_FAILED', '结束日期不能早于开始日期', [{ path: 'to', message: '结束日期不能早于开始日期' }]);
  const scope = actor.scope.read.all ? null : [...actor.scope.read.ids];
  const plans = (await repo.findPlans(app.db, actor.districtId, from, to, scope)).filter((p) => !q.active || p.cancelled_at === null);
  const schools = await repo.findPlanSchools(
    app.db,
    actor.districtId,
    plans.map((p) => p.id),
  );
  const visible = (id: string) => scope === null || scope.includes(id);
  return {
    items: plans.map((p) => {
      const mine = schools.filter((s) => s.plan_id === p.id && visible(s.school_id));
      const done = new Set(mine.filter((s) => s.inspection_id).map((s) => s.school_id));
      const status = p.cancelled_at
        ? 'cancelled'
        : done.size === new Set(mine.map((s) => s.school_id)).size
          ? 'done'
          : p.planned_on < today
            ? 'missed'
            : 'planned';
      return {
        id: p.id,
        plannedOn: p.planned_on,
        level: p.level,
        title: p.title,
        note: p.note,
        memberUnitIds: p.member_unit_ids,
        createdByName: p.created_by_name,
        status,
        schools: mine.map((s) => ({
          id: s.school_id,
          name: s.school_name,
          code: s.school_code,
          inspection: s.inspection_id ? { id: s.inspection_id, code: s.inspection_code } : null,
        })),
      };
    }),
  };
}

export async function cancelInspectionPlan(app: AppContext, actor: Actor, id: string, now = new Date()) {
  if (!canPlanInspections(actor.role)) throw forbidden('督检安排由区教委管理员取消');
  const plan = await repo.findPlan(app.db, actor.districtId, id);
  if (!plan) throw notFound('督检安排');
  await app.db.transaction().execute(async (trx) => {
    if (!(await repo.cancelPlan(trx, actor.districtId, id, now))) throw new AppError('CONFLICT', '该督检安排已取消');
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'inspection_plan.cancel',
      entityType: 'inspection_plan',
      entityId: id,
      orgUnitId: actor.districtId,
      summary: `取消督检安排「${plan.title}」`,
    });
  });
  return { ok: true };
}
