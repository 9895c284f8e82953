import { shanghaiDay } from '../../domain/calendar.js';
import { type CreateCaseInput, createCaseSchema } from '../../domain/case-inputs.js';
import { dueAt, incidentEscalates, incidentLevelOf, upwardDueAt, type WorkCalendar } from '../../domain/case-time.js';
import { availableCaseActions, type CaseSnapshot, caseStepLabels } from '../../domain/case-workflow.js';
import { AppError, notFound } from '../../domain/errors.js';
import type { CaseTypeDef, EscalationTarget } from '../../domain/policy/cases-schema.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { OrgUnitKind } from '../../domain/roles.js';
import { canRead } from '../../domain/scope.js';
import { validationError } from '../../domain/validation.js';
import { linkAttachments, listAttachmentsOf } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { packOf } from '../policy/policy.service.js';
import { nextCounterValue } from '../shared/counter.repository.js';
import { canSeeCase, seesPersonalData, standingOf, viewerOf } from './case-standing.js';
import { incidentDto, personalData, toEventDto, toListItem, typeOf } from './cases.dto.js';
import * as repo from './cases.repository.js';

/**
 * The case engine (issue 12): one workflow for every case type of the pack (cases.yaml). This file:
 * types, list, detail, create (also `createCaseInTransaction` for the public-report triage).
 * Actions live in case-actions.service.ts, statistics in case-stats.service.ts.
 */
export const workCalendarOf = (pack: ResolvedPack): WorkCalendar => ({ publicHolidays: pack.calendar.publicHolidays, workdays: pack.calendar.workdays });

export function requireType(pack: ResolvedPack, code: string): CaseTypeDef {
  const t = typeOf(pack, code);
  if (!t) throw new AppError('VALIDATION_FAILED', `案件类型「${code}」不在本区县政策包中`, [{ path: 'typeCode', message: '案件类型无效' }]);
  return t;
}

export async function listCaseTypes(app: AppContext, actor: Actor) {
  const pack = await packOf(app, actor.districtId);
  return {
    types: pack.cases.types.map((t) => ({
      code: t.code,
      label: t.label,
      prefix: t.prefix,
      incident: t.incident,
      requiresReply: t.requiresReply,
      supervisionStep: t.supervisionStep,
      limits: t.limits,
      extension: t.extension ?? null,
      reviews: t.reviews,
      reviewLimit: t.reviewLimit ?? null,
      escalateImmediately: t.escalateImmediately,
      confidentiality: t.confidentiality,
      auditReads: t.auditReads,
      kinds: t.kinds,
      source: t.source,
      certainty: t.certainty,
      origin: t.origin,
    })),
    steps: Object.entries(caseStepLabels).map(([code, label]) => ({ code, label })),
    incident: pack.cases.incident,
  };
}

export type ListCasesInput = Omit<repo.CaseFilter, 'now' | 'dueSoonBefore' | 'waitingUnitId' | 'waitingAsOwner' | 'waitingAsAssignee'> & {
  dueSoon?: boolean | undefined;
  waiting?: boolean | undefined;
  page: number;
  pageSize: number;
};

/** The filter a list query string means for this actor (shared by the list, the workbench and the export). */
export function caseFilterOf(actor: Actor, input: Omit<ListCasesInput, 'page' | 'pageSize'>, now: Date): repo.CaseFilter {
  const { dueSoon, waiting, ...rest } = input;
  return {
    ...rest,
    now,
    dueSoonBefore: dueSoon ? new Date(now.getTime() + 24 * 3600_000) : undefined,
    waitingUnitId: waiting ? actor.orgUnitId : undefined,
    waitingAsOwner: waiting && (actor.role === 'district_admin' || actor.role === 'centre_officer'),
    waitingAsAssignee: waiting && actor.role !== 'staff',
  };
}

export async function listCases(app: AppContext, actor: Actor, input: ListCasesInput, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const { page, pageSize, ...filter } = input;
  const { rows, total } = await repo.findCases(app.db, actor.districtId, viewerOf(actor), caseFilterOf(actor, filter, now), pageSize, (page - 1) * pageSize);
  return { items: rows.map((c) => toListItem(pack, c, now)), total, page, pageSize };
}

async function unitKindsOf(db: Db, districtId: string, ids: readonly (string | null)[]): Promise<Map<string, OrgUnitKind>> {
  const out = new Map<string, OrgUnitKind>();
  for (const id of new Set(ids.filter((x): x is string => x !== null))) {
    const u = await repo.findUnit(db, districtId, id);
    if (u) out.set(id, u.kind);
  }
  return out;
}

/** Loads a case the actor may see (404 otherwise) with its units, escalations and the actor's standing. */
export async function loadVisibleCase(db: Db, actor: Actor, id: string, forUpdate = false) {
  const c = await repo.findCase(db, actor.districtId, id, forUpdate);
  if (!c) throw notFound('案件');
  const units = await repo.findCaseUnits(db, actor.districtId, id);
  if (!canSeeCase(actor, c, units)) throw notFound('案件');
  const escalations = await repo.findEscalations(db, actor.districtId, id);
  const kinds = await unitKindsOf(db, actor.districtId, [c.owner_unit_id, c.assigned_unit_id, ...units.map((u) => u.unit_id), actor.orgUnitId]);
  return { c, units, escalations, standing: standingOf(actor, c, units, escalations, kinds) };
}

export const snapshotOf = (t: CaseTypeDef, c: repo.CaseRecord): CaseSnapshot => ({
  state: c.state as CaseSnapshot['state'],
  incident: t.incident,
  assigned: c.assigned_unit_id !== null,
  replied: c.replied_at !== null,
  extensions: c.extensions,
  reviewRound: c.review_round,
});

export async function getCase(app: AppContext, actor: Actor, id: string, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const read = async (db: Db) => {
    const { c, escalations, standing } = await loadVisibleCase(db, actor, id);
    const t = typeOf(pack, c.type_code);
    const personal = seesPersonalData(standing, c);
    const [events, schools, hazards, attachments] = await Promise.all([
      repo.findEvents(db, actor.districtId, id),
      repo.findCaseSchools(db, actor.districtId, id),
      repo.findCaseHazards(db, actor.districtId, id),
      listAttachmentsOf(db, actor.districtId, 'case', [id]),
    ]);
    const dto = {
      ...toListItem(pack, c, now),
      description: c.description,
      subjectName: c.subject_name,
      ...personalData(c, personal),
      reply: personal ? c.reply_text : c.reply_text ? '（答复内容含反映人信息，已隐藏）' : '',
      repliedAt: c.replied_at?.toISOString() ?? null,
      extensions: c.extensions,
      archivedAt: c.archived_at?.toISOString() ?? null,
      version: c.version,
      stepEnteredAt: c.step_entered_at.toISOString(),
      /** 任务分办: the handling deadline the assigning unit set (the handling step's due once accepted). */
      handlingDueAt: c.handling_due_at?.toISOString() ?? null,
      requiresReply: t?.requiresReply ?? true,
      incident: t?.incident ? incidentDto(pack, c, now) : null,
      escalations: escalations.map((e) => ({
        target: e.target,
        unitId: e.unit_id,
        unitName: e.unit_name,
        reason: e.reason,
        notifiedAt: e.notified_at.toISOString(),
        acknowledgedAt: e.acknowledged_at?.toISOString() ?? null,
        acknowledgedByName: e.acknowledged_by_name,
        minutesToAcknowledge: e.acknowledged_at ? Math.round((e.acknowledged_at.getTime() - e.notified_at.getTime()) / 60_000) : null,
      })),
      relatedSchools: schools,
      hazards,
      attachments: attachments.get(id) ?? [],
      timeline: events.map((e) => toEventDto(e, personal)),
      availableActions: t ? availableCaseActions(t, snapshotOf(t, c), standing) : [],
      standing,
    };
    return { dto, restricted: c.confidentiality === 'minor' || (t?.auditReads ?? false), orgUnitId: c.school_id ?? c.owner_unit_id, code: c.code };
  };
  const first = await read(app.db);
  if (!first.restricted) return first.dto;
  // A restricted case: every read is on the audit trail (written only once the read succeeded).
  await app.db.transaction().execute(async (trx) => {
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'case.read',
      entityType: 'case',
      entityId: id,
      orgUnitId: first.orgUnitId,
      summary: `查阅保密案件 ${first.code}`,
      before: null,
      after: null,
    });
  });
  return first.dto;
}

/** Who may register cases, and where the case is owned (签收登记): a centre for its own, otherwise the district. */
async function ownerUnitOf(db: Db, actor: Actor): Promise<string> {
  if (actor.role === 'centre_officer') return actor.orgUnitId;
  const d = await repo.findDistrictUnit(db, actor.districtId);
  if (!d) throw new AppError('CONFLICT', '本区县缺少区教委机构，无法登记案件');
  return d.id;
}

async function assertSchool(db: Db, actor: Actor, schoolId: string, path: string) {
  const u = canRead(actor.scope, schoolId) ? await repo.findUnit(db, actor.districtId, schoolId) : undefined;
  if (u?.kind !== 'school') throw new AppError('VALIDATION_FAILED', '学校不存在或不在您的权限范围内', [{ path, message: '学校无效' }]);
}

export type CreatedCase = { id: string; code: string };

/** Creates a case in the caller's transaction: code, row, step, units, timeline, audit, escalation. */
export async function createCaseInTransaction(trx: Db, pack: ResolvedPack, actor: Actor, raw: CreateCaseInput, now = new Date()): Promise<CreatedCase> {
  const parsed = createCaseSchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  const t = requireType(pack, input.typeCode);
  const isSchoolRole = actor.role === 'principal' || actor.role === 'school_safety_officer' || actor.role === 'staff';
  const schoolId = input.schoolId ?? (isSchoolRole ? actor.orgUnitId : undefined);
  if (schoolId) await assertSchool(trx, actor, schoolId, 'schoolId');
  for (const [i, s] of input.relatedSchoolIds.entries()) await assertSchool(trx, actor, s, `relatedSchoolIds[${i}]`);
  if (t.incident && !schoolId) throw new AppError('VALIDATION_FAILED', '事故和突发事件须选择发生的学校', [{ path: 'schoolId', message: '请选择学校' }]);
  if (input.kind && t.kinds.length && !t.kinds.includes(input.kind))
    throw new AppError('VALIDATION_FAILED', `类别应为 ${t.kinds.join('、')} 之一`, [{ path: 'kind', message: '类别无效' }]);
  const owner = await ownerUnitOf(trx, actor);
  const year = Number(shanghaiDay(now).slice(0, 4));
  const seq = await nextCounterValue(trx, actor.districtId, `case:${t.code}:${year}`);
  const code = `${t.prefix}${year}-${String(seq).padStart(4, '0')}`;
  const cal = workCalendarOf(pack);
  const due = t.limits.registered ? dueAt(now, t.limits.registered, cal) : null;
  const incident = pack.cases.incident;
  const casualties = { deaths: input.deaths ?? 0, seriousInjuries: input.seriousInjuries ?? 0, lossYuan: input.lossYuan ?? 0 };
  const level = t.incident && incident ? incidentLevelOf(incident.levels, casualties).code : null;
  const id = await repo.insertCase(trx, {
    district_id: actor.districtId,
    code,
    type_code: t.code,
    kind: input.kind ?? '',
    title: input.title,
    description: input.description,
    source: input.source,
    school_id: schoolId ?? null,
    owner_unit_id: owner,
    assigned_unit_id: null,
    state: 'registered',
    step_entered_at: now,
    step_due_at: due,
    reporter_name: input.reporterName,
    reporter_phone: input.reporterPhone,
    subject_name: input.subjectName,
    confidentiality: t.confidentiality,
    occurred_at: t.incident ? new Date(input.occurredAt ?? now) : null,
    place: input.place ?? '',
    deaths: casualties.deaths,
    serious_injuries: casualties.seriousInjuries,
    minor_injuries: input.minorInjuries ?? 0,
    loss_yuan: casualties.lossYuan,
    level,
    level_computed: level,
    level_corrected_by_name: null,
    insurance_amount: null,
    replied_at: null,
    first_report_at: t.incident ? now : null,
    written_report_at: null,
    follow_up_at: null,
    final_report_at: null,
    upward_due_at: t.incident && incident && level ? upwardDueAt(incident, level, casualties.deaths, now) : null,
    created_by: actor.userId,
    created_by_name: actor.displayName,
    created_at: now,
    updated_at: now,
    archived_at: null,
  });
  await repo.addCaseUnit(trx, actor.districtId, id, owner, 'owner');
  if (actor.orgUnitId !== owner) await repo.addCaseUnit(trx, actor.districtId, id, actor.orgUnitId, 'reporter');
  await repo.addCaseSchools(trx, actor.districtId, id, [...new Set([...(schoolId ? [schoolId] : []), ...input.relatedSchoolIds])]);
  await repo.moveStep(trx, actor.districtId, id, 'registered', owner, now, due);
  if (input.attachmentIds.length) {
    if (!schoolId) throw new AppError('VALIDATION_FAILED', '没有学校的案件不能附带附件', [{ path: 'attachmentIds', message: '请先选择学校' }]);
    await linkAttachments(trx, actor, input.attachmentIds, { type: 'case', id, schoolId });
  }
  await recordCaseEvent(
    trx,
    actor,
    { id, code, orgUnitId: schoolId ?? owner },
    {
      action: 'create',
      fromState: null,
      toState: 'registered',
      note: input.description,
      data: { typeCode: t.code, source: input.source, level },
      attachmentIds: input.attachmentIds,
      summary: `登记${t.label}「${input.title}」`,
      at: now,
    },
  );
  const targets: EscalationTarget[] = [...t.escalateImmediately];
  if (t.incident && incident && level && incidentEscalates(incident, level, casualties.deaths)) targets.push('district', 'police');
  await escalate(trx, actor, { id, code, title: input.title, schoolId: schoolId ?? null, typeLabel: t.label }, [...new Set(targets)], now);
  return { id, code };
}

/** createCase for the API and for the public-report triage: {typeCode, title, description, schoolId?, source, …}. */
export async function createCase(app: AppContext, actor: Actor, input: CreateCaseInput, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const created = await app.db.transaction().execute((trx) => createCaseInTransaction(trx, pack, actor, input, now));
  return getCase(app, actor, created.id, now);
}

export type CaseRef = { id: string; code: string; orgUnitId: string };
export type CaseEventInput = {
  action: string;
  fromState: string | null;
  toState: string;
  note: string;
  data?: unknown;
  attachmentIds?: readonly string[];
  summary: string;
  at: Date;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/** The timeline row and the audit event of one change, in the caller's transaction. */
export async function recordCaseEvent(trx: Db, actor: Actor, c: CaseRef, e: CaseEventInput): Promise<void> {
  const unit = await repo.findUnit(trx, actor.districtId, actor.orgUnitId);
  await repo.insertEvent(trx, {
    district_id: actor.districtId,
    case_id: c.id,
    action: e.action,
    from_state: e.fromState,
    to_state: e.toState,
    actor_id: actor.userId,
    actor_name: actor.displayName,
    actor_role: actor.role,
    unit_id: actor.orgUnitId,
    unit_name: unit?.name ?? '',
    at: e.at,
    note: e.note,
    data: e.data === undefined ? null : JSON.stringify(e.data),
    attachment_ids: [...(e.attachmentIds ?? [])],
  });
  const action = e.action === 'create' ? 'case.create' : (`case.${e.action}` as const);
  await appendAuditEvent(trx, auditActorOf(actor), {
    action: action as 'case.create',
    entityType: 'case',
    entityId: c.id,
    orgUnitId: c.orgUnitId,
    summary: `案件 ${c.code}：${e.summary}`,
    before: e.before ?? null,
    after: e.after ?? (e.fromState !== e.toState ? { state: e.toState } : null),
  });
}

/**
 * Notifies the district (区教委 admins) and the police station(s) of the school's precinct at once,
 * records each notice so its acknowledgement time is measured, and lets those units see the case.
 */
export async function escalate(
  trx: Db,
  actor: Actor,
  c: { id: string; code: string; title: string; schoolId: string | null; typeLabel: string },
  targets: readonly EscalationTarget[],
  now: Date,
): Promise<void> {
  for (const target of targets) {
    const unitIds =
      target === 'district'
        ? [(await repo.findDistrictUnit(trx, actor.districtId))?.id].filter((x): x is string => !!x)
        : c.schoolId
          ? await repo.findPrecinctStations(trx, actor.districtId, c.schoolId)
          : [];
    for (const unitId of unitIds) {
      await repo.insertEscalation(trx, actor.districtId, c.id, target, unitId, `${c.typeLabel}即时上报`, now);
      await repo.addCaseUnit(trx, actor.districtId, c.id, unitId, 'notified');
      const users = await repo.findUnitUserIds(trx, actor.districtId, unitId, target === 'district' ? ['district_admin'] : ['police_officer']);
      await notifyUsers(trx, actor.districtId, users, {
        kind: 'case_escalated',
        title: `紧急：${c.typeLabel} ${c.code}`,
        body: `${c.title}（请立即处置并在系统中确认收到）`,
        entityType: 'case',
        entityId: c.id,
      });
    }
  }
}
