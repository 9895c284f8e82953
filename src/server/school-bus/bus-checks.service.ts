import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { type BusCheckKind, busCheckKindLabels, busCheckResultLabels, type CreateBusCheckInput, canRecordBusCheck } from '../../domain/school-bus.js';
import { canRead, canWrite } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { hazardSourceOf, raiseFlagHazard } from '../hazards/flag-hazard.service.js';
import { toHazardDto } from '../hazards/hazards.dto.js';
import { findHazardById, type HazardRecord } from '../hazards/hazards.repository.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './school-bus.repository.js';
import { busDtos, busPolicyOf, readableSchool } from './school-bus.service.js';

/**
 * The two bus duties: the monthly special check (校车专项检查: the centre with the police station,
 * 交安办 …; seed 004 "镇街教管中心要与派出所、交安办、应急等联系，每月开展校车专项检查") recorded by the
 * district, the centre or police for schools in their scope, and the weekly study of drivers,
 * escorts and guards (seed 004 "每周召集校车驾驶员、随车照管人员…进行安全学习教育") recorded by the
 * school. Both count in the duty engine (kinds bus_check and bus_study).
 */
export async function createBusCheck(app: AppContext, actor: Actor, input: CreateBusCheckInput, now = new Date()) {
  const school = await readableSchool(app.db, actor, input.schoolId);
  if (!canRecordBusCheck(actor.role, input.kind)) {
    throw forbidden(input.kind === 'weekly_study' ? '安全学习由学校（校长、安全干部）登记' : '校车专项检查由区教委、教管中心和公安（含交警）登记');
  }
  if (input.kind === 'weekly_study' && actor.orgUnitId !== input.schoolId) throw forbidden('安全学习由本校登记');
  if (input.checkedOn > shanghaiDay(now)) throw new AppError('VALIDATION_FAILED', '检查日期不能晚于今天', [{ path: 'checkedOn', message: '日期不能晚于今天' }]);
  const id = await app.db.transaction().execute(async (trx) => {
    const id = await repo.insertCheck(trx, {
      district_id: actor.districtId,
      school_id: input.schoolId,
      kind: input.kind,
      checked_on: input.checkedOn,
      participants: input.participants,
      content: input.content,
      result: input.result,
      findings: input.findings,
      recorded_by: actor.userId,
      recorded_by_name: actor.displayName,
      recorded_by_unit_id: actor.orgUnitId,
    });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'school_bus.check',
      entityType: 'bus_check',
      entityId: id,
      orgUnitId: input.schoolId,
      summary: `${school.name}${busCheckKindLabels[input.kind]}（${input.checkedOn}）：${busCheckResultLabels[input.result]}`,
      after: input,
    });
    return id;
  });
  return { id };
}

export type BusCheckQuery = {
  page: number;
  pageSize: number;
  schoolId?: string | undefined;
  kind?: BusCheckKind | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

export async function listBusChecks(app: AppContext, actor: Actor, q: BusCheckQuery) {
  const { page, pageSize, ...rest } = q;
  if (rest.schoolId) await readableSchool(app.db, actor, rest.schoolId);
  const f = { districtId: actor.districtId, schoolIds: actor.scope.read.all ? null : [...actor.scope.read.ids], ...rest };
  const [rows, total] = await Promise.all([repo.findChecks(app.db, f, { offset: (page - 1) * pageSize, limit: pageSize }), repo.countChecks(app.db, f)]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      schoolId: r.school_id,
      schoolName: r.school_name,
      kind: r.kind,
      kindLabel: busCheckKindLabels[r.kind],
      checkedOn: r.day,
      participants: r.participants,
      content: r.content,
      result: r.result,
      resultLabel: busCheckResultLabels[r.result],
      findings: r.findings,
      recordedByName: r.recorded_by_name,
    })),
    total,
    page,
    pageSize,
    canRecord: { special_check: canRecordBusCheck(actor.role, 'special_check'), weekly_study: canRecordBusCheck(actor.role, 'weekly_study') },
  };
}

/**
 * A bus flag that is wrong today (an expired licence or inspection, a driver outside the age band
 * or without a passed check, no escort …) becomes a hazard in one step: category 校车, the school
 * responsible, assessed as general when the actor may assess. A date only due soon is a reminder.
 */
export async function createHazardFromBusFlag(app: AppContext, actor: Actor, busId: string, input: { flagKey: string }, now = new Date()) {
  const row = await repo.findBusById(app.db, actor.districtId, busId);
  if (!row || !canRead(actor.scope, row.school_id)) throw notFound('校车');
  if (!canRaiseBusHazard(actor, row.school_id)) throw forbidden('校车问题由本校校长或安全干部、教管中心、公安或区教委转为隐患');
  const pack = await packOf(app, actor.districtId);
  const [bus] = await busDtos(app.db, actor, busPolicyOf(pack), [row], shanghaiDay(now));
  const flag = bus?.flags.find((f) => f.key === input.flagKey);
  if (!flag) throw new AppError('CONFLICT', '该问题已不存在（资料可能已更新），请刷新后重试');
  if (!flag.canRaise) throw new AppError('CONFLICT', '即将到期的事项只作提醒，到期后才能转为隐患');
  if (flag.openHazard) throw new AppError('CONFLICT', `该问题已转为隐患 ${flag.openHazard.code}，尚未销号`);
  const category = pack.hazardCategories.some((c) => c.code === 'school_bus') ? 'school_bus' : 'other';
  const r = await app.db.transaction().execute(async (trx) => {
    const r = await raiseFlagHazard(
      trx,
      actor,
      {
        schoolId: row.school_id,
        subject: 'bus',
        flagKey: flag.key,
        title: flag.message,
        description: `${flag.message}。校车 ${row.plate_no}（${row.school_name}），依据《校车安全管理条例》（国务院令第617号）。`,
        place: '校车',
        category,
        source: hazardSourceOf(actor.role),
        assessNote: '校车证照、检验或驾驶人资格不符合要求，研判为一般隐患，由学校整改',
      },
      now,
    );
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'school_bus.flag_hazard',
      entityType: 'school_bus',
      entityId: busId,
      orgUnitId: row.school_id,
      summary: `校车 ${row.plate_no}：${flag.message}，转为隐患`,
      after: { flagKey: flag.key, hazardId: r.hazardId, assessed: r.assessed },
    });
    return r;
  });
  const h = (await findHazardById(app.db, actor.districtId, r.hazardId)) as HazardRecord;
  return { hazard: toHazardDto(h, shanghaiDay(now)), assessed: r.assessed };
}

/** The school's managers, the district, the centre over the school, police for schools they read. */
export function canRaiseBusHazard(actor: Actor, schoolId: string): boolean {
  if (actor.role === 'district_admin' || actor.role === 'police_officer') return true;
  if (actor.role === 'centre_officer') return canWrite(actor.scope, schoolId);
  return (actor.role === 'principal' || actor.role === 'school_safety_officer') && actor.orgUnitId === schoolId;
}
