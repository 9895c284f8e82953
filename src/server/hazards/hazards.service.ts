import type { z } from 'zod';
import { type HazardEventAction, hazardEventLabels } from '../../domain/audit-actions.js';
import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { hazardStateLabels } from '../../domain/hazard.js';
import type { createHazardSchema, updateHazardSchema } from '../../domain/hazard-inputs.js';
import { urgeBlock, urgedOn } from '../../domain/hazard-urge.js';
import { availableActions, hazardActionLabels } from '../../domain/hazard-workflow.js';
import { type Role, roleLabels } from '../../domain/roles.js';
import { canRead } from '../../domain/scope.js';
import { linkAttachments, listAttachmentsOf } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { changedKeys, pick } from '../audit/diff.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import { assertTaggableCampaign } from '../campaigns/campaigns.service.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { notifyUsers, schoolManagerIds } from '../notifications/notifications.service.js';
import { findOrgUnit } from '../org/org.repository.js';
import { assertHazardCategory, packOf } from '../policy/policy.service.js';
import { nextCounterValue } from '../shared/counter.repository.js';
import { hazardCountCacheOf } from './hazard-count-cache.js';
import { canSeeHazard, snapshotOf, standingOf } from './hazard-standing.js';
import { type HazardDto, toHazardDto } from './hazards.dto.js';
import * as repo from './hazards.repository.js';

const schoolRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'staff']);

export type ListHazardsInput = Omit<repo.HazardFilter, 'districtId' | 'schoolIds' | 'handedOverUnitId' | 'today'> & {
  page: number;
  pageSize: number;
  sort: repo.HazardSort;
};

/** The filter every hazard read starts from: the actor's schools, plus what was handed to their unit. */
export const scopedHazardFilter = (actor: Actor, today: string) => ({
  districtId: actor.districtId,
  schoolIds: actor.scope.read.all ? null : [...actor.scope.read.ids],
  handedOverUnitId: actor.orgUnitId,
  today,
});

export async function listHazards(db: Db, actor: Actor, input: ListHazardsInput, now = new Date()) {
  const today = shanghaiDay(now);
  const { page, pageSize, sort, ...filter } = input;
  const f = { ...scopedHazardFilter(actor, today), ...filter };
  const [rows, counts] = await Promise.all([
    repo.findHazards(db, f, { offset: (page - 1) * pageSize, limit: pageSize, sort }),
    hazardCountCacheOf(db).counts(db, f),
  ]);
  const closedOnTimeRate = counts.closed ? Math.round((counts.closedOnTime / counts.closed) * 1000) / 10 : null;
  return { items: rows.map((r) => toHazardDto(r, today)), total: counts.total, counts: { ...counts, closedOnTimeRate }, page, pageSize };
}

/** Loads a hazard the actor may see, or answers 404 as if it did not exist. */
export async function loadVisibleHazard(db: Db, actor: Actor, id: string): Promise<repo.HazardRecord> {
  const h = await repo.findHazardById(db, actor.districtId, id);
  if (!h || !canSeeHazard(actor, h)) throw notFound('隐患');
  return h;
}

export async function getHazard(db: Db, actor: Actor, id: string, now = new Date()) {
  // Two rounds instead of four: what needs only the id is read alongside the hazard (and dropped
  // if the hazard is not visible), then what needs the hazard or its events.
  const [h, events, ownFiles] = await Promise.all([
    loadVisibleHazard(db, actor, id),
    repo.listHazardEvents(db, actor.districtId, id),
    listAttachmentsOf(db, actor.districtId, 'hazard', [id]),
  ]);
  const today = shanghaiDay(now);
  const [eventFiles, photos] = await Promise.all([
    listAttachmentsOf(
      db,
      actor.districtId,
      'hazard_event',
      events.map((e) => e.id),
    ),
    inspectionPhotos(db, actor, h),
  ]);
  const actions = availableActions(snapshotOf(h), standingOf(actor, h));
  const urged = urgedOn(
    events.map((e) => ({ action: e.action, actorId: e.actor_id, day: shanghaiDay(e.occurred_at) })),
    actor.userId,
    today,
  );
  return {
    hazard: toHazardDto(h, today),
    attachments: [...(ownFiles.get(id) ?? []), ...photos],
    timeline: events.map((e) => ({
      id: e.id,
      action: e.action,
      actionLabel: timelineLabel(e.action),
      fromState: e.from_state,
      toState: e.to_state,
      toStateLabel: hazardStateLabels[e.to_state as keyof typeof hazardStateLabels] ?? e.to_state,
      actorName: e.actor_name,
      actorRole: e.actor_role,
      actorRoleLabel: roleLabels[e.actor_role as Role] ?? e.actor_role,
      actorUnitName: e.actor_unit_name,
      note: e.note,
      data: e.data,
      occurredAt: e.occurred_at.toISOString(),
      attachments: eventFiles.get(e.id) ?? [],
    })),
    availableActions: actions.map((a) => ({ action: a, label: hazardActionLabels[a] })),
    canEdit: canEditHazard(actor, h),
    /** 催办 (not a workflow transition: it changes nothing on the hazard), see domain/hazard-urge.ts. */
    canUrge: urgeBlock(standingOf(actor, h), snapshotOf(h), today, urged) === null,
  };
}

/** A hazard raised from a failed item shows that item's photos as its own evidence of the finding. */
async function inspectionPhotos(db: Db, actor: Actor, h: repo.HazardRecord) {
  if (!h.inspection_id || !h.inspection_item_code) return [];
  const inspectionId = h.inspection_id;
  const [photoIds, files] = await Promise.all([
    repo.findInspectionItemPhotoIds(db, actor.districtId, inspectionId, h.inspection_item_code),
    listAttachmentsOf(db, actor.districtId, 'inspection', [inspectionId]),
  ]);
  const ids = new Set(photoIds);
  return (files.get(inspectionId) ?? []).filter((f) => ids.has(f.id));
}

const timelineLabel = (action: string) => (hazardEventLabels as Record<string, string>)[action] ?? action;

const canEditHazard = (actor: Actor, h: repo.HazardRecord) =>
  (h.state === 'reported' || h.state === 'assessed') &&
  (h.reported_by === actor.userId || standingOf(actor, h).schoolManager || standingOf(actor, h).supervisor);

/** Writes one timeline entry and the audit event of a hazard change, in the caller's transaction. */
export async function recordHazardChange(
  trx: Db,
  actor: Actor,
  h: { id: string; code: string; school_id: string },
  e: {
    action: HazardEventAction;
    fromState: string | null;
    toState: string;
    note: string;
    data?: Record<string, unknown>;
    before?: unknown;
    after?: unknown;
    summary: string;
  },
) {
  const unit = await findOrgUnit(trx, actor.districtId, actor.orgUnitId);
  const event = await repo.insertHazardEvent(trx, {
    district_id: actor.districtId,
    hazard_id: h.id,
    action: e.action,
    from_state: e.fromState,
    to_state: e.toState,
    actor_id: actor.userId,
    actor_name: actor.displayName,
    actor_role: actor.role,
    actor_unit_name: unit?.name ?? '',
    note: e.note,
    data: e.data ?? {},
  });
  await appendAuditEvent(trx, auditActorOf(actor), {
    action: `hazard.${e.action}`,
    entityType: 'hazard',
    entityId: h.id,
    orgUnitId: h.school_id,
    summary: `隐患 ${h.code}：${e.summary}`,
    before: e.before,
    after: e.after,
  });
  return event;
}

export async function createHazard(app: AppContext, actor: Actor, input: z.infer<typeof createHazardSchema>, now = new Date()): Promise<HazardDto> {
  const db = app.db;
  assertHazardCategory(await packOf(app, actor.districtId), input.category);
  const school = await findOrgUnit(db, actor.districtId, input.schoolId);
  if (school?.kind !== 'school' || !canRead(actor.scope, input.schoolId)) throw notFound('学校');
  if (schoolRoles.has(actor.role) && input.source !== 'school_self') {
    throw new AppError('VALIDATION_FAILED', '学校上报的隐患来源只能是“学校自查”', [{ path: 'source', message: '来源应为学校自查' }]);
  }
  if (input.level === 'major' && schoolRoles.has(actor.role)) {
    throw forbidden('学校可上报隐患，重大隐患由上级研判认定');
  }
  const foundAt = input.foundAt ? new Date(input.foundAt) : now;
  if (foundAt.getTime() > now.getTime() + 5 * 60_000) {
    throw new AppError('VALIDATION_FAILED', '发现时间不能晚于现在', [{ path: 'foundAt', message: '发现时间不能晚于现在' }]);
  }
  if (input.campaignId) await assertTaggableCampaign(app, actor, input.campaignId, input.schoolId);
  const id = await db.transaction().execute((trx) => insertHazardInTransaction(trx, actor, input, foundAt, now));
  return toHazardDto((await repo.findHazardById(db, actor.districtId, id)) as repo.HazardRecord, shanghaiDay(now));
}

/** A hazard raised from a failed inspection item points back at it. */
export type HazardOrigin = { inspectionId: string; itemCode: string };

/**
 * Writes a new hazard (code, row, evidence, timeline, audit, notifications) in the caller's
 * transaction; createHazard and the inspections' failed items both come through here.
 */
export async function insertHazardInTransaction(
  trx: Db,
  actor: Actor,
  input: z.infer<typeof createHazardSchema>,
  foundAt: Date,
  now: Date,
  origin?: HazardOrigin,
): Promise<string> {
  const year = Number(shanghaiDay(now).slice(0, 4));
  const seq = await nextCounterValue(trx, actor.districtId, `hazard:${year}`);
  const code = `YH${year}${String(seq).padStart(6, '0')}`;
  const { id } = await repo.insertHazard(trx, {
    district_id: actor.districtId,
    code,
    school_id: input.schoolId,
    title: input.title,
    description: input.description,
    place: input.place,
    category: input.category,
    level: input.level ?? null,
    source: input.source,
    found_at: foundAt,
    reported_by: actor.userId,
    reported_by_name: actor.displayName,
    found_by_unit_id: actor.orgUnitId,
    responsible_unit_id: input.schoolId,
    handed_over_to: null,
    deadline: null,
    supervision_listed_at: null,
    extension_requested_deadline: null,
    closed_at: null,
    closed_on_time: null,
    recurrence_of: null,
    inspection_id: origin?.inspectionId ?? null,
    inspection_item_code: origin?.itemCode ?? null,
    // A failed item's hazard belongs to the campaign its inspection was run for.
    campaign_id: input.campaignId ?? (origin ? await repo.findInspectionCampaign(trx, actor.districtId, origin.inspectionId) : null),
  });
  await linkAttachments(trx, actor, input.attachmentIds, { type: 'hazard', id, schoolId: input.schoolId });
  const { attachmentIds: _a, ...after } = input;
  await recordHazardChange(
    trx,
    actor,
    { id, code, school_id: input.schoolId },
    { action: 'report', fromState: null, toState: 'reported', note: input.description, summary: `登记「${input.title}」`, after },
  );
  if (actor.orgUnitId !== input.schoolId) {
    const managers = await schoolManagerIds(trx, actor.districtId, input.schoolId);
    await notifyUsers(trx, actor.districtId, managers, {
      kind: 'assigned',
      title: `新隐患：${input.title}`,
      body: `${actor.displayName}登记了隐患 ${code}，请及时整改`,
      entityType: 'hazard',
      entityId: id,
    });
  }
  return id;
}

export async function updateHazard(app: AppContext, actor: Actor, id: string, input: z.infer<typeof updateHazardSchema>, now = new Date()): Promise<HazardDto> {
  const db = app.db;
  assertHazardCategory(await packOf(app, actor.districtId), input.category);
  const h = await loadVisibleHazard(db, actor, id);
  if (!canEditHazard(actor, h)) {
    throw h.state === 'reported' || h.state === 'assessed' ? forbidden('您不能修改该隐患') : new AppError('CONFLICT', '隐患已进入整改流程，登记信息不能再修改');
  }
  const today = shanghaiDay(now);
  const before = toHazardDto(h, today);
  await db.transaction().execute(async (trx) => {
    const ok = await repo.updateHazardIfVersion(trx, actor.districtId, id, h.version, input);
    if (!ok) throw new AppError('CONFLICT', '该隐患已被他人修改，请刷新后重试');
    const after = { ...before, ...input };
    const changed = changedKeys(before, after);
    await recordHazardChange(trx, actor, h, {
      action: 'update',
      fromState: h.state,
      toState: h.state,
      note: '',
      data: { changed },
      summary: `修改 ${changed.join('、')}`,
      before: pick(before, changed),
      after: pick(after, changed),
    });
  });
  return toHazardDto((await repo.findHazardById(db, actor.districtId, id)) as repo.HazardRecord, today);
}
