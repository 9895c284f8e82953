import type { Updateable } from 'kysely';
import type { CaseActionInput } from '../../domain/case-inputs.js';
import { assignerHandlingDue, dueAt, extendDue, incidentEscalates, incidentLevelOf, incidentReportLabels, upwardDueAt } from '../../domain/case-time.js';
import { type CaseAction, caseActionLabels, caseStepLabels, decideCase, reviewRoundLabel } from '../../domain/case-workflow.js';
import { AppError, forbidden } from '../../domain/errors.js';
import type { CaseStep, CaseTypeDef } from '../../domain/policy/cases-schema.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { canRead, canWrite } from '../../domain/scope.js';
import { linkAttachments } from '../attachments/attachments.service.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { CaseFileTable } from '../db/schema.js';
import { insertHazardInTransaction } from '../hazards/hazards.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { assertHazardCategory, packOf } from '../policy/policy.service.js';
import { actsForUnitKind } from './case-standing.js';
import * as repo from './cases.repository.js';
import { escalate, getCase, loadVisibleCase, recordCaseEvent, requireType, snapshotOf, workCalendarOf } from './cases.service.js';

/**
 * POST /api/cases/:id/actions/:action — one endpoint driven by domain/case-workflow.ts: the table
 * decides (404 outside the case's readers, 403 for a party that may not, 409 for a wrong step or a
 * stale version); one transaction updates the row under its version, moves the step, writes the
 * timeline, the audit event and the notifications.
 */
/** A field path of the body (written so the audit-code scan of tests/domain/audit-actions.test.ts does not read it as an action). */
const HAZARD_CATEGORY_PATH = ['hazard', 'category'].join('.');

const need = <T>(v: T | undefined, path: string, message: string): T => {
  if (v === undefined || v === '') throw new AppError('VALIDATION_FAILED', message, [{ path, message }]);
  return v;
};

type Ctx = { trx: Db; actor: Actor; pack: ResolvedPack; t: CaseTypeDef; c: repo.CaseRecord; input: CaseActionInput; now: Date; to: CaseStep };
type Effect = { set: Updateable<CaseFileTable>; summary: string; data?: unknown; after?: Record<string, unknown>; notify?: (ctx: Ctx) => Promise<void> };

async function assignEffect(ctx: Ctx): Promise<Effect> {
  const { trx, actor, input, now, t, c } = ctx;
  const unitId = need(input.unitId, 'unitId', '请选择承办单位');
  const u = await repo.findUnit(trx, actor.districtId, unitId);
  if (!u?.is_active || u.kind === 'district') throw new AppError('VALIDATION_FAILED', '承办单位无效', [{ path: 'unitId', message: '承办单位无效' }]);
  // A centre hands cases to its own schools; the district to any unit.
  if (!canWrite(actor.scope, unitId) && !(actor.role === 'district_admin')) throw new AppError('FORBIDDEN', '只能分办给本单位管辖的学校或单位');
  if (c.confidentiality === 'minor' && !canRead(actor.scope, unitId)) throw new AppError('FORBIDDEN', '只能分办给本单位管辖的学校或单位');
  const cal = workCalendarOf(ctx.pack);
  let handlingDue: Date | null = null;
  if (input.handlingDueOn) {
    const set = assignerHandlingDue(input.handlingDueOn, now, t.limits.handling, cal);
    if (!set.ok) throw new AppError('VALIDATION_FAILED', set.message, [{ path: 'handlingDueOn', message: set.message }]);
    handlingDue = set.due;
  }
  await repo.addCaseUnit(trx, actor.districtId, c.id, unitId, 'assigned');
  const due = t.limits.assigned ? dueAt(now, t.limits.assigned, cal) : null;
  return {
    set: { assigned_unit_id: unitId, step_due_at: due, handling_due_at: handlingDue },
    summary: `分办给${u.name}${input.handlingDueOn ? `，${input.handlingDueOn} 前办结` : ''}`,
    data: { unitId, unitName: u.name, handlingDueOn: input.handlingDueOn ?? null },
    after: { assignedUnit: u.name, ...(input.handlingDueOn && { handlingDueOn: input.handlingDueOn }) },
    notify: async () => {
      const roles =
        u.kind === 'school' ? ['principal', 'school_safety_officer'] : u.kind === 'department' ? ['department_officer', 'police_officer'] : ['centre_officer'];
      const users = await repo.findUnitUserIds(trx, actor.districtId, unitId, roles);
      await notifyUsers(trx, actor.districtId, users, {
        kind: 'case_assigned',
        title: `案件分办：${c.code}`,
        body: `${c.title}（请在时限内签收办理）`,
        entityType: 'case',
        entityId: c.id,
      });
    },
  };
}

async function incidentEffect(ctx: Ctx): Promise<Effect> {
  const { input, c, pack, actor, now } = ctx;
  const set: Updateable<CaseFileTable> = {};
  if (input.occurredAt !== undefined) set.occurred_at = new Date(input.occurredAt);
  if (input.place !== undefined) set.place = input.place;
  if (input.deaths !== undefined) set.deaths = input.deaths;
  if (input.seriousInjuries !== undefined) set.serious_injuries = input.seriousInjuries;
  if (input.minorInjuries !== undefined) set.minor_injuries = input.minorInjuries;
  if (input.lossYuan !== undefined) set.loss_yuan = input.lossYuan;
  if (input.handling !== undefined) set.handling = input.handling;
  if (input.liability !== undefined) set.liability = input.liability;
  if (input.insuranceStatus !== undefined) set.insurance_status = input.insuranceStatus;
  if (input.insuranceAmount !== undefined) set.insurance_amount = input.insuranceAmount;
  if (input.mediationOutcome !== undefined) set.mediation_outcome = input.mediationOutcome;
  if (input.lessons !== undefined) set.lessons = input.lessons;
  if (Object.keys(set).length === 0) throw new AppError('VALIDATION_FAILED', '没有要记录的内容', [{ path: 'handling', message: '请填写至少一项' }]);
  const incident = pack.cases.incident;
  const deaths = set.deaths ?? c.deaths;
  let escalateNow = false;
  if (incident) {
    const computed = incidentLevelOf(incident.levels, {
      deaths: Number(deaths),
      seriousInjuries: Number(set.serious_injuries ?? c.serious_injuries),
      lossYuan: Number(set.loss_yuan ?? c.loss_yuan),
    }).code;
    set.level_computed = computed;
    if (!c.level_corrected_by_name) set.level = computed;
    const before = c.level ? incidentEscalates(incident, c.level as never, c.deaths) : false;
    escalateNow = !before && incidentEscalates(incident, (set.level ?? c.level) as never, Number(deaths));
  }
  const { updated_at: _u, ...after } = set as Record<string, unknown>;
  return {
    set,
    summary: '更新处置、责任、理赔与调解记录',
    data: after,
    after,
    notify: escalateNow
      ? () => escalate(ctx.trx, actor, { id: c.id, code: c.code, title: c.title, schoolId: c.school_id, typeLabel: ctx.t.label }, ['district', 'police'], now)
      : undefined,
  };
}

async function effectOf(ctx: Ctx, action: CaseAction): Promise<Effect> {
  const { input, t, c, now, pack, trx, actor } = ctx;
  const cal = workCalendarOf(pack);
  const dueOf = (step: CaseStep) => (t.limits[step] ? dueAt(now, t.limits[step], cal) : null);
  switch (action) {
    case 'assign':
      return assignEffect(ctx);
    case 'accept':
      // The deadline the assigning unit set, when it set one (never beyond the pack's limit from the assignment).
      return { set: { step_due_at: c.handling_due_at ?? dueOf('handling') }, summary: '承办单位签收，开始核查办理' };
    case 'return': {
      need(input.note || undefined, 'note', '请说明退回理由');
      if (c.assigned_unit_id) await repo.removeCaseUnit(trx, actor.districtId, c.id, c.assigned_unit_id, 'assigned');
      return {
        set: { assigned_unit_id: null, handling_due_at: null, step_due_at: dueOf('registered') },
        summary: `退回：${input.note}`,
        data: { unitName: c.assigned_unit_name },
      };
    }
    case 'submit':
      need(input.note || undefined, 'note', '请填写核查办理结果');
      return { set: { step_due_at: dueOf(ctx.to) }, summary: '上报办理结果' };
    case 'approve':
      return { set: { step_due_at: dueOf('feedback') }, summary: '督查通过' };
    case 'send_back':
      need(input.note || undefined, 'note', '请说明督办意见');
      return { set: { step_due_at: dueOf('handling') }, summary: `督办退回：${input.note}` };
    case 'reply': {
      const reply = need(input.reply, 'reply', '请填写答复内容');
      return { set: { replied_at: now, reply_text: reply, step_due_at: null }, summary: '向当事人反馈答复' };
    }
    case 'archive':
      return { set: { archived_at: now, step_due_at: null }, summary: '整理归档' };
    case 'extend': {
      need(input.note || undefined, 'note', '请说明延期理由');
      const ext = t.extension as NonNullable<CaseTypeDef['extension']>;
      const due = c.step_due_at ? extendDue(c.step_due_at, ext, cal) : null;
      await repo.setOpenStepDue(trx, actor.districtId, c.id, due);
      return {
        set: { extensions: c.extensions + 1, step_due_at: due },
        summary: `延期至 ${due?.toISOString() ?? '—'}`,
        data: { dueAt: due?.toISOString() ?? null },
      };
    }
    case 'reopen': {
      need(input.note || undefined, 'note', '请说明复查/复核请求');
      const round = c.review_round + 1;
      const due = t.reviewLimit ? dueAt(now, t.reviewLimit, cal) : dueOf('handling');
      return {
        set: { review_round: round, replied_at: null, archived_at: null, extensions: 0, step_due_at: due },
        summary: `启动${reviewRoundLabel(round)}`,
        data: { round },
      };
    }
    case 'acknowledge': {
      const notifiedAt = await repo.acknowledgeEscalation(trx, actor.districtId, c.id, actor.orgUnitId, actor.userId, actor.displayName, now);
      const minutes = notifiedAt ? Math.round((now.getTime() - notifiedAt.getTime()) / 60_000) : null;
      return { set: {}, summary: `确认收到上报（用时 ${minutes ?? '—'} 分钟）`, data: { minutes } };
    }
    case 'note':
      need(input.note || (input.attachmentIds.length ? 'x' : undefined), 'note', '请填写记录内容或附上文件');
      return { set: {}, summary: '补充记录' };
    case 'correct_level': {
      const level = need(input.level, 'level', '请选择事故等级');
      need(input.note || undefined, 'note', '请说明更正理由');
      // A level that now escalates starts the district's upward report clock (from the correction).
      const incident = pack.cases.incident;
      const upward = !c.upward_due_at && incident ? upwardDueAt(incident, level, c.deaths, now) : null;
      return {
        set: { level, level_corrected_by_name: actor.displayName, ...(upward && { upward_due_at: upward }) },
        summary: `更正事故等级为 ${level}`,
        data: { from: c.level, to: level },
        after: { level },
      };
    }
    case 'record_report': {
      const kind = need(input.reportKind, 'reportKind', '请选择报告类别');
      const column = { first: 'first_report_at', written: 'written_report_at', follow_up: 'follow_up_at', final: 'final_report_at' } as const;
      if (kind === 'upward') {
        if (actor.role !== 'district_admin') throw forbidden('向上级报告由区教委登记');
        if (c.upward_report_at) throw new AppError('CONFLICT', '已登记向上级报告');
        return { set: { upward_report_at: now }, summary: '向上级报告', data: { reportKind: kind, dueAt: c.upward_due_at } };
      }
      return { set: { [column[kind]]: now }, summary: `${incidentReportLabels[kind]}`, data: { reportKind: kind } };
    }
    case 'update_incident':
      return incidentEffect(ctx);
    case 'mark_concealed': {
      const reason = need(input.note || undefined, 'note', '请说明认定瞒报的理由（如何发现、应报未报的情况）');
      if (c.concealed_at) throw new AppError('CONFLICT', '该事故已认定瞒报');
      return {
        set: { concealed_at: now, concealed_reason: reason, concealed_by_name: actor.displayName },
        summary: `认定瞒报：${reason}`,
        data: { reason },
        after: { concealed: true, reason },
      };
    }
    case 'raise_hazard': {
      const h = need(input.hazard, 'hazard', '请填写隐患内容');
      if (!c.school_id) throw new AppError('CONFLICT', '没有学校的案件不能转为隐患');
      assertHazardCategory(pack, h.category, HAZARD_CATEGORY_PATH);
      const hazardId = await insertHazardInTransaction(
        trx,
        actor,
        {
          schoolId: c.school_id,
          title: h.title,
          description: `由案件 ${c.code} 转入：${input.note}`,
          place: h.place,
          category: h.category,
          level: h.level,
          source: 'district',
          attachmentIds: [],
        },
        now,
        now,
      );
      await repo.addCaseHazard(trx, actor.districtId, c.id, hazardId);
      return { set: {}, summary: `转为隐患「${h.title}」`, data: { hazardId } };
    }
  }
}

/** One action in the caller's transaction (the API, and the demo load replaying its history). */
export async function transitionCaseInTransaction(
  trx: Db,
  pack: ResolvedPack,
  actor: Actor,
  id: string,
  action: CaseAction,
  input: CaseActionInput,
  now = new Date(),
): Promise<void> {
  const { c, standing } = await loadVisibleCase(trx, actor, id, true);
  const t = requireType(pack, c.type_code);
  const decision = decideCase(t, snapshotOf(t, c), action, standing);
  if (!decision.ok) throw new AppError(decision.code, decision.message);
  if (c.version !== input.version) throw new AppError('CONFLICT', '案件已被他人更新，请刷新后重试');
  if (input.handlingDueOn && action !== 'assign')
    throw new AppError('VALIDATION_FAILED', '只有任务分办可以指定办理期限', [{ path: 'handlingDueOn', message: '只有任务分办可以指定办理期限' }]);
  const ctx: Ctx = { trx, actor, pack, t, c, input, now, to: decision.to };
  const effect = await effectOf(ctx, action);
  const moved = decision.to !== c.state || action === 'reopen';
  const set: Updateable<CaseFileTable> = { ...effect.set, state: decision.to, ...(moved ? { step_entered_at: now } : {}) };
  if (!(await repo.updateCase(trx, actor.districtId, id, c.version, set))) throw new AppError('CONFLICT', '案件已被他人更新，请刷新后重试');
  if (moved) {
    const unit =
      decision.to === 'handling' || decision.to === 'assigned' ? ((set.assigned_unit_id as string | undefined) ?? c.assigned_unit_id) : c.owner_unit_id;
    await repo.moveStep(trx, actor.districtId, id, decision.to, unit, now, (set.step_due_at as Date | null | undefined) ?? null);
  }
  if (input.attachmentIds.length) {
    if (!c.school_id) throw new AppError('VALIDATION_FAILED', '没有学校的案件不能附带附件', [{ path: 'attachmentIds', message: '该案件没有学校' }]);
    await linkAttachments(trx, actor, input.attachmentIds, { type: 'case', id, schoolId: c.school_id });
  }
  await recordCaseEvent(
    trx,
    actor,
    { id, code: c.code, orgUnitId: c.school_id ?? c.owner_unit_id },
    {
      action,
      fromState: c.state,
      toState: decision.to,
      note: action === 'reply' ? (input.reply ?? '') : input.note,
      data: effect.data,
      attachmentIds: input.attachmentIds,
      summary: `${caseActionLabels[action]}${moved ? `（${caseStepLabels[c.state as CaseStep]} → ${caseStepLabels[decision.to]}）` : ''}：${effect.summary}`,
      at: now,
      after: effect.after ?? (moved ? { state: decision.to } : null),
    },
  );
  await effect.notify?.(ctx);
  if (moved && decision.to === 'handling' && action !== 'accept' && c.assigned_unit_id) await notifyAssignee(trx, actor, c, caseActionLabels[action]);
}

export async function transitionCase(app: AppContext, actor: Actor, id: string, action: CaseAction, input: CaseActionInput, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  await app.db.transaction().execute((trx) => transitionCaseInTransaction(trx, pack, actor, id, action, input, now));
  try {
    return await getCase(app, actor, id, now);
  } catch (err) {
    // 退回: the unit that returned the case no longer sees it.
    if (err instanceof AppError && err.code === 'NOT_FOUND') return { id, state: 'registered', hidden: true };
    throw err;
  }
}

async function notifyAssignee(trx: Db, actor: Actor, c: repo.CaseRecord, what: string) {
  const unit = c.assigned_unit_id ? await repo.findUnit(trx, actor.districtId, c.assigned_unit_id) : undefined;
  if (!unit) return;
  const roles = (['principal', 'school_safety_officer', 'centre_officer', 'department_officer', 'police_officer'] as const).filter((r) =>
    actsForUnitKind({ ...actor, role: r }, unit.kind),
  );
  const users = await repo.findUnitUserIds(trx, actor.districtId, unit.id, roles);
  await notifyUsers(trx, actor.districtId, users, { kind: 'case_update', title: `案件${what}：${c.code}`, body: c.title, entityType: 'case', entityId: c.id });
}
