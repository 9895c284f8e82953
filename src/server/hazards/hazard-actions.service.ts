import type { Updateable } from 'kysely';
import { shanghaiDay } from '../../domain/calendar.js';
import { AppError } from '../../domain/errors.js';
import type { HazardActionInput } from '../../domain/hazard-inputs.js';
import { decide, type HazardAction, hazardActionLabels, isClosedOnTime } from '../../domain/hazard-workflow.js';
import { linkAttachments } from '../attachments/attachments.service.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { HazardTable } from '../db/schema.js';
import { departmentUserIds, type NewNotification, notifyUsers, schoolManagerIds } from '../notifications/notifications.service.js';
import { assertHazardCategory, packOf } from '../policy/policy.service.js';
import { assertGapClosedForVerification } from '../sanfang/gap-close.service.js';
import { nextCounterValue } from '../shared/counter.repository.js';
import { parseActionInput } from './hazard-action-input.js';
import { snapshotOf, standingOf } from './hazard-standing.js';
import * as repo from './hazards.repository.js';
import { getHazard, loadVisibleHazard, recordHazardChange } from './hazards.service.js';

type Effect = {
  patch: Updateable<HazardTable>;
  note: string;
  data?: Record<string, unknown>;
  attachmentIds?: readonly string[];
  /** Who hears about it, and what they read. */
  notify?: { to: 'responsible' | 'department'; n: Omit<NewNotification, 'entityType' | 'entityId'> };
};

/**
 * Takes one workflow action on a hazard: the domain table decides whether it is allowed, this
 * function turns the action's input into the row change, and one transaction writes the
 * hazard (guarded by its version), the timeline entry, the audit event and the notifications.
 */
export async function transitionHazard(app: AppContext, actor: Actor, id: string, action: HazardAction, rawInput: unknown, now = new Date()) {
  const db = app.db;
  const h = await loadVisibleHazard(db, actor, id);
  const input = parseActionInput(action, rawInput);
  if (action === 'assess') assertHazardCategory(await packOf(app, actor.districtId), (input as HazardActionInput['assess']).category);
  const standing = standingOf(actor, h);
  const decision = decide(snapshotOf(h), action, standing);
  if (!decision.ok) throw new AppError(decision.code, decision.message);
  if (action === 'verify_pass') await assertGapClosedForVerification(app, actor, h.id, now);
  const today = shanghaiDay(now);
  if (action === 'reopen') return reopenHazard(db, actor, h, input as HazardActionInput['reopen'], now);
  const effect = await effectOf(db, actor, h, action, input, { today, now, isSupervisor: standing.supervisor });
  const toState = decision.to === 'new_hazard' ? h.state : decision.to;
  await db.transaction().execute(async (trx) => {
    const ok = await repo.updateHazardIfVersion(trx, actor.districtId, h.id, h.version, { ...effect.patch, state: toState });
    if (!ok) throw new AppError('CONFLICT', '该隐患刚被他人处理，请刷新后重试');
    const event = await recordHazardChange(trx, actor, h, {
      action,
      fromState: h.state,
      toState,
      note: effect.note,
      data: effect.data ?? {},
      summary: hazardActionLabels[action],
      before: { state: h.state },
      after: { state: toState, ...effect.patch },
    });
    if (effect.attachmentIds?.length) await linkAttachments(trx, actor, effect.attachmentIds, { type: 'hazard_event', id: event.id, schoolId: h.school_id });
    if (effect.notify) {
      const unit = effect.notify.to === 'department' ? (effect.patch.responsible_unit_id as string) : h.responsible_unit_id;
      const users = unit === h.school_id ? await schoolManagerIds(trx, actor.districtId, unit) : await departmentUserIds(trx, actor.districtId, unit);
      await notifyUsers(trx, actor.districtId, users, { ...effect.notify.n, entityType: 'hazard', entityId: h.id });
    }
  });
  return getHazard(db, actor, h.id, now);
}

type Ctx = { today: string; now: Date; isSupervisor: boolean };

async function effectOf(db: Db, actor: Actor, h: repo.HazardRecord, action: HazardAction, input: unknown, c: Ctx): Promise<Effect> {
  switch (action) {
    case 'assess': {
      const i = input as HazardActionInput['assess'];
      if (i.level === 'major' && !c.isSupervisor) throw new AppError('FORBIDDEN', '重大隐患须由教管中心、责任督学或区教委研判认定');
      return {
        patch: { level: i.level, category: i.category, ...(i.place && { place: i.place }) },
        note: i.note,
        data: { level: i.level, category: i.category },
      };
    }
    case 'plan': {
      const i = input as HazardActionInput['plan'];
      if (h.level === 'major' && !i.interimControl) invalid('interimControl', '重大隐患必须填写临时管控措施');
      if (i.deadline < c.today) invalid('deadline', '整改期限不能早于今天');
      return {
        patch: {
          plan_measures: i.measures,
          plan_responsible_person: i.responsiblePerson,
          plan_funds: i.funds,
          plan_contingency: i.contingencyPlan,
          interim_control: i.interimControl,
          deadline: i.deadline,
        },
        note: i.measures,
        data: { deadline: i.deadline, funds: i.funds, responsiblePerson: i.responsiblePerson },
      };
    }
    case 'submit': {
      const i = input as HazardActionInput['submit'];
      return { patch: { rectification_note: i.explanation }, note: i.explanation, attachmentIds: i.attachmentIds };
    }
    case 'verify_pass': {
      const i = input as HazardActionInput['verify_pass'];
      const onTime = isClosedOnTime(h.deadline, c.today);
      return {
        patch: { closed_at: c.now, closed_on_time: onTime, supervision_listed: false },
        note: i.note,
        data: { closedOnTime: onTime, delisted: h.supervision_listed },
        attachmentIds: i.attachmentIds,
        notify: { to: 'responsible', n: { kind: 'verification_result', title: `隐患 ${h.code} 验收通过，已销号`, body: i.note } },
      };
    }
    case 'verify_fail': {
      const i = input as HazardActionInput['verify_fail'];
      return {
        patch: { verification_failures: h.verification_failures + 1 },
        note: i.reason,
        attachmentIds: i.attachmentIds,
        notify: { to: 'responsible', n: { kind: 'verification_result', title: `隐患 ${h.code} 验收未通过，请继续整改`, body: i.reason } },
      };
    }
    case 'hand_over':
      return handOver(db, actor, h, input as HazardActionInput['hand_over'], c);
    case 'request_extension': {
      const i = input as HazardActionInput['request_extension'];
      if (h.deadline && i.requestedDeadline <= h.deadline) invalid('requestedDeadline', `延期后的期限须晚于现期限 ${h.deadline}`);
      return {
        patch: { extension_requested_deadline: i.requestedDeadline, extension_reason: i.reason },
        note: i.reason,
        data: { from: h.deadline, to: i.requestedDeadline },
      };
    }
    case 'decide_extension': {
      const i = input as HazardActionInput['decide_extension'];
      const to = h.extension_requested_deadline as string;
      return {
        patch: { extension_requested_deadline: null, extension_reason: '', ...(i.approve && { deadline: to }) },
        note: i.note,
        data: { approve: i.approve, from: h.deadline, requested: to },
        notify: {
          to: 'responsible',
          n: { kind: 'extension_decided', title: `隐患 ${h.code} 延期申请${i.approve ? `已批准，新期限 ${to}` : '未获批准'}`, body: i.note },
        },
      };
    }
    case 'list_supervision': {
      const i = input as HazardActionInput['list_supervision'];
      return {
        patch: { supervision_listed: true, supervision_listed_at: c.now },
        note: i.note,
        notify: { to: 'responsible', n: { kind: 'assigned', title: `重大隐患 ${h.code} 已由区教委挂牌督办`, body: i.note } },
      };
    }
    case 'reopen':
      throw new Error('reopen is handled by reopenHazard');
  }
}

async function handOver(db: Db, actor: Actor, h: repo.HazardRecord, i: HazardActionInput['hand_over'], c: Ctx): Promise<Effect> {
  const unit = await repo.findDepartment(db, actor.districtId, i.unitId);
  // 交办 goes to the unit that owns the problem, outside the education system.
  if (!unit?.is_active || unit.department_type === 'commission_office') invalid('unitId', '交办对象必须是本区有效的职能部门（交巡警、城管、市场监管等）');
  if (i.deadline < c.today) invalid('deadline', '交办期限不能早于今天');
  return {
    patch: { handed_over_to: i.unitId, responsible_unit_id: i.unitId, deadline: i.deadline },
    note: i.note,
    data: { unitId: i.unitId, unitName: unit?.name, deadline: i.deadline, previousDeadline: h.deadline },
    notify: {
      to: 'department',
      n: { kind: 'assigned', title: `交办隐患：${h.title}`, body: `${actor.displayName}将${h.school_name}的隐患 ${h.code} 交办贵单位，期限 ${i.deadline}` },
    },
  };
}

/** A closed hazard that recurs: a new hazard linked to the earlier one, counted as a recurrence. */
async function reopenHazard(db: Db, actor: Actor, h: repo.HazardRecord, i: HazardActionInput['reopen'], now: Date) {
  const id = await db.transaction().execute(async (trx) => {
    const year = Number(shanghaiDay(now).slice(0, 4));
    const code = `YH${year}${String(await nextCounterValue(trx, actor.districtId, `hazard:${year}`)).padStart(6, '0')}`;
    const { id } = await repo.insertHazard(trx, {
      district_id: actor.districtId,
      code,
      school_id: h.school_id,
      title: h.title,
      description: i.reason,
      place: h.place,
      category: h.category,
      level: h.level,
      source: h.source,
      found_at: now,
      reported_by: actor.userId,
      reported_by_name: actor.displayName,
      found_by_unit_id: actor.orgUnitId,
      responsible_unit_id: h.school_id,
      handed_over_to: null,
      deadline: null,
      supervision_listed_at: null,
      extension_requested_deadline: null,
      closed_at: null,
      closed_on_time: null,
      recurrence_of: h.id,
    });
    await linkAttachments(trx, actor, i.attachmentIds, { type: 'hazard', id, schoolId: h.school_id });
    await recordHazardChange(
      trx,
      actor,
      { id, code, school_id: h.school_id },
      {
        action: 'report',
        fromState: null,
        toState: 'reported',
        note: i.reason,
        data: { recurrenceOf: h.id, recurrenceOfCode: h.code },
        summary: `复发重开（原隐患 ${h.code}）`,
      },
    );
    await recordHazardChange(trx, actor, h, {
      action: 'recurred',
      fromState: 'closed',
      toState: 'closed',
      note: i.reason,
      data: { newHazardId: id, newHazardCode: code },
      summary: `复发，已重开为 ${code}`,
    });
    return id;
  });
  return getHazard(db, actor, id, now);
}

function invalid(path: string, message: string): never {
  throw new AppError('VALIDATION_FAILED', message, [{ path, message }]);
}
