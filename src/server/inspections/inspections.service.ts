import { createHash } from 'node:crypto';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import {
  type CreateInspectionInput,
  type InspectionContent,
  itemResultLabels,
  reportStanding,
  submissionProblems,
  type TemplateItem,
  unknownItemCodes,
} from '../../domain/inspection.js';
import type { ChecklistTemplateDef, InspectionLevel, ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { Role } from '../../domain/roles.js';
import { canRead } from '../../domain/scope.js';
import { type AttachmentDto, linkAttachments, listAttachmentsOf } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import { assertTaggableCampaign } from '../campaigns/campaigns.service.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { findOrgUnit } from '../org/org.repository.js';
import { packOf } from '../policy/policy.service.js';
import * as templates from '../policy/templates.repository.js';
import { nextCounterValue } from '../shared/counter.repository.js';
import { raiseHazardsOnSubmit } from './inspection-hazards.service.js';
import * as repo from './inspections.repository.js';
import * as plans from './plans.repository.js';

/**
 * Inspections (安全检查): a draft saved as the inspector goes, then one submission. Each
 * submission carries the phone's clientId, so a sync repeated after a lost answer returns the
 * same inspection instead of a second one, and a different copy of a submitted check is a
 * conflict the phone shows, never a silent overwrite.
 */
export const schoolRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'staff']);

type Row = NonNullable<repo.InspectionRecord>;

/** The levels the actor may inspect at, from the pack's level → roles table. */
export const levelsFor = (pack: ResolvedPack, role: Role) => pack.levels.filter((l) => l.roles.includes(role));

/** Same content → same hash: the test for "this sync is a repeat of what was submitted". */
function hashContent(c: InspectionContent): string {
  const items = [...c.items].sort((a, b) => a.code.localeCompare(b.code)).map((i) => [i.code, i.result, i.note, [...i.attachmentIds].sort(), i.raiseHazard]);
  const sigs = c.signatures.map((s) => [s.name, s.role, s.attachmentId]);
  return createHash('sha256')
    .update(JSON.stringify([c.level, new Date(c.inspectedAt).toISOString(), c.summary, items, sigs]))
    .digest('hex');
}

async function assertSchoolForInspection(db: Db, actor: Actor, schoolId: string) {
  const unit = canRead(actor.scope, schoolId) ? await findOrgUnit(db, actor.districtId, schoolId) : undefined;
  if (unit?.kind !== 'school') throw notFound('学校');
  if (schoolRoles.has(actor.role) && actor.orgUnitId !== schoolId) throw notFound('学校');
}

function assertLevel(pack: ResolvedPack, actor: Actor, level: InspectionLevel, template: templates.TemplateRecord) {
  const allowed = levelsFor(pack, actor.role);
  const def = pack.levels.find((l) => l.code === level);
  if (!def) throw new AppError('VALIDATION_FAILED', '本区政策包未启用该督查层级', [{ path: 'level', message: '督查层级无效' }]);
  if (!allowed.some((l) => l.code === level)) {
    throw forbidden(`您的角色不能以「${def.label}」的身份检查${allowed.length ? `（可用：${allowed.map((l) => l.label).join('、')}）` : ''}`);
  }
  // Staff and guards keep the patrol log (PRODUCT.md); the weekly and monthly checks are the managers'.
  if (actor.role === 'staff' && template.period !== 'daily') {
    throw forbidden(`教职工/保安可以记录日巡查；「${template.name}」由学校安全干部或校长检查`);
  }
  if (!(template.levels as string[]).includes(level)) {
    throw new AppError('VALIDATION_FAILED', `检查表「${template.name}」不用于「${def.label}」`, [{ path: 'level', message: '该检查表不适用于此督查层级' }]);
  }
}

/**
 * 按职督查: a department inspects with the checklists of its function (market supervision → the
 * canteen, fire rescue → the fire self-check …), as the pack's departmentFunctions say.
 */
async function assertDepartmentFunction(db: Db, pack: ResolvedPack, actor: Actor, level: InspectionLevel, template: templates.TemplateRecord) {
  if (level !== 'department') return;
  const unit = await findOrgUnit(db, actor.districtId, actor.orgUnitId);
  const functions = pack.departmentFunctions.filter((f) => f.departmentType === unit?.department_type);
  if (functions.some((f) => f.templates.includes(template.code))) return;
  const allowed = [...new Set(functions.flatMap((f) => f.templates))];
  throw forbidden(
    allowed.length
      ? `按职督查：贵单位可使用的检查表为 ${allowed.join('、')}，不含「${template.name}」`
      : `按职督查：本区政策包没有为贵单位（${unit?.name ?? ''}）规定检查职能`,
  );
}

async function assertPlan(db: Db, actor: Actor, planId: string, schoolId: string) {
  const plan = await plans.findPlan(db, actor.districtId, planId);
  if (!plan || plan.cancelled_at) throw new AppError('VALIDATION_FAILED', '督检安排不存在或已取消', [{ path: 'planId', message: '督检安排无效' }]);
  if (!(await plans.planHasSchool(db, actor.districtId, planId, schoolId))) {
    throw new AppError('VALIDATION_FAILED', `该学校不在督检安排「${plan.title}」中`, [{ path: 'planId', message: '学校不在该督检安排中' }]);
  }
}

function itemRows(tpl: templates.TemplateRecord, content: InspectionContent, previous?: readonly repo.ItemRow[]): repo.ItemRow[] {
  const items = (tpl.items as TemplateItem[]).filter((i) => !i.retired);
  const unknown = unknownItemCodes(items, content);
  if (unknown.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `检查项「${unknown[0]}」不在检查表「${tpl.name}」第 ${tpl.version} 版中`,
      unknown.map((c) => ({ path: 'items', message: `未知检查项 ${c}` })),
    );
  }
  const given = new Map(content.items.map((i) => [i.code, i]));
  const hazards = new Map((previous ?? []).map((p) => [p.code, p.hazard_id]));
  return items.map((t, position) => {
    const r = given.get(t.code);
    return {
      code: t.code,
      position,
      text: t.text,
      category: t.category,
      place: t.place ?? null,
      guidance: t.guidance,
      photo_required: t.photoRequiredOnFail,
      fail_level: t.failLevel,
      result: r?.result ?? null,
      note: r?.note ?? '',
      attachment_ids: r?.attachmentIds ?? [],
      raise_hazard: r?.raiseHazard ?? false,
      hazard_id: hazards.get(t.code) ?? null,
    };
  });
}

function headerOf(actor: Actor, content: InspectionContent, items: readonly repo.ItemRow[]): repo.InspectionHeader {
  const inspectors = content.inspectors.length ? content.inspectors : [{ name: actor.displayName, unitName: '', userId: actor.userId }];
  const ids = new Set<string>([actor.userId, ...inspectors.flatMap((i) => (i.userId ? [i.userId] : []))]);
  const inspectedAt = new Date(content.inspectedAt);
  return {
    level: content.level,
    inspected_at: inspectedAt,
    inspected_on: shanghaiDay(inspectedAt),
    inspectors,
    inspector_ids: [...ids],
    summary: content.summary,
    location: content.location,
    signatures: content.signatures,
    content_hash: hashContent(content),
    pass_count: items.filter((i) => i.result === 'pass').length,
    fail_count: items.filter((i) => i.result === 'fail').length,
    na_count: items.filter((i) => i.result === 'na').length,
    open_count: items.filter((i) => i.result === null).length,
  };
}

function checkTime(content: InspectionContent, now: Date) {
  if (new Date(content.inspectedAt).getTime() > now.getTime() + 10 * 60_000) {
    throw new AppError('VALIDATION_FAILED', '检查时间不能晚于现在', [{ path: 'inspectedAt', message: '检查时间不能晚于现在' }]);
  }
}

/** Photos and signatures become the inspection's evidence (same rules as hazard evidence). */
async function linkEvidence(trx: Db, actor: Actor, id: string, schoolId: string, content: InspectionContent) {
  const ids = [...content.items.flatMap((i) => i.attachmentIds), ...content.signatures.map((s) => s.attachmentId)];
  await linkAttachments(trx, actor, ids, { type: 'inspection', id, schoolId });
}

function assertComplete(items: readonly repo.ItemRow[], content: InspectionContent) {
  const tplItems: TemplateItem[] = items.map((i) => ({
    code: i.code,
    text: i.text,
    category: i.category,
    guidance: i.guidance,
    photoRequiredOnFail: i.photo_required,
    failLevel: i.fail_level as TemplateItem['failLevel'],
  }));
  const problems = submissionProblems(tplItems, content);
  if (problems.length) {
    throw new AppError('VALIDATION_FAILED', `还不能提交：${problems[0]?.message}${problems.length > 1 ? ` 等 ${problems.length} 处` : ''}`, problems);
  }
}

/** Submission in the caller's transaction: status, report due date, hazards for the marked failures, audit. */
// The pack is passed in, never looked up here: on PGlite the transaction holds the only connection.
// Everything it needs comes from the caller, who has just written or read it: a submission from a
// phone is one request, and every extra round trip is latency on a loaded server (bench/inspections.ts).
export type Submission = SubmitTarget & { template: templates.TemplateRecord; items: readonly repo.ItemRow[]; created?: Record<string, unknown> };
export type SubmitTarget = { id: string; code: string; school_id: string; template_name: string; level: string; inspected_at: Date; inspected_on: string };

async function submitInTransaction(trx: Db, pack: ResolvedPack, actor: Actor, s: Submission, now: Date) {
  const report = s.template.report as ChecklistTemplateDef['report'] | null;
  const reportDue = report ? addDays(s.inspected_on, report.withinDays) : null;
  const hazardIds = await raiseHazardsOnSubmit(trx, actor, s, s.items, pack, now);
  await repo.markSubmitted(trx, actor.districtId, s.id, now, reportDue, hazardIds.length);
  const n = (r: repo.ItemRow['result']) => s.items.filter((i) => i.result === r).length;
  // A check created and submitted in one request (the phone's sync) is one change: one event.
  await appendAuditEvent(trx, auditActorOf(actor), {
    action: 'inspection.submit',
    entityType: 'inspection',
    entityId: s.id,
    orgUnitId: s.school_id,
    summary: `${s.created ? '新建并' : ''}提交检查 ${s.code}「${s.template_name}」：合格 ${n('pass')}，不合格 ${n('fail')}，不适用 ${n('na')}${hazardIds.length ? `，转为隐患 ${hazardIds.length} 条` : ''}`,
    after: { ...s.created, status: 'submitted', reportDue, hazards: hazardIds.length },
  });
}

type CreateResult = { inspection: InspectionDetail; created: boolean };

export async function createInspection(app: AppContext, actor: Actor, input: CreateInspectionInput, now = new Date()): Promise<CreateResult> {
  const existing = await repo.findInspectionByClientId(app.db, actor.districtId, input.clientId);
  if (existing) return resync(app, actor, existing, input, now);
  await assertSchoolForInspection(app.db, actor, input.schoolId);
  const pack = await packOf(app, actor.districtId);
  const tpl = await templates.findTemplate(app.db, actor.districtId, input.templateCode, input.templateVersion);
  if (!tpl) throw notFound(input.templateVersion ? `检查表「${input.templateCode}」第 ${input.templateVersion} 版` : `检查表「${input.templateCode}」`);
  assertLevel(pack, actor, input.level, tpl);
  await assertDepartmentFunction(app.db, pack, actor, input.level, tpl);
  if (input.planId) await assertPlan(app.db, actor, input.planId, input.schoolId);
  if (input.campaignId) await assertTaggableCampaign(app, actor, input.campaignId, input.schoolId);
  checkTime(input, now);
  const items = itemRows(tpl, input);
  if (input.submit) assertComplete(items, input);
  try {
    const id = await app.db.transaction().execute(async (trx) => {
      const year = Number(shanghaiDay(now).slice(0, 4));
      const seq = await nextCounterValue(trx, actor.districtId, `inspection:${year}`);
      const code = `JC${year}${String(seq).padStart(6, '0')}`;
      const header = headerOf(actor, input, items);
      const id = await repo.insertInspection(
        trx,
        {
          district_id: actor.districtId,
          client_id: input.clientId,
          code,
          school_id: input.schoolId,
          template_id: tpl.id,
          template_code: tpl.code,
          template_version: tpl.version,
          template_name: tpl.name,
          plan_id: input.planId ?? null,
          campaign_id: input.campaignId ?? null,
          created_by: actor.userId,
          created_by_name: actor.displayName,
        },
        header,
      );
      await repo.insertItems(trx, actor.districtId, id, items);
      await linkEvidence(trx, actor, id, input.schoolId, input);
      const created = { clientId: input.clientId, templateCode: tpl.code, templateVersion: tpl.version, level: input.level };
      if (input.submit) {
        const target = {
          id,
          code,
          school_id: input.schoolId,
          template_name: tpl.name,
          level: input.level,
          inspected_at: header.inspected_at,
          inspected_on: header.inspected_on,
        };
        await submitInTransaction(trx, pack, actor, { ...target, template: tpl, items, created }, now);
        return id;
      }
      await appendAuditEvent(trx, auditActorOf(actor), {
        action: 'inspection.create',
        entityType: 'inspection',
        entityId: id,
        orgUnitId: input.schoolId,
        summary: `开始检查「${tpl.name}」第 ${tpl.version} 版（${pack.levels.find((l) => l.code === input.level)?.label ?? input.level}）`,
        after: created,
      });
      return id;
    });
    return { inspection: await getInspection(app, actor, id, now), created: true };
  } catch (err) {
    // Two syncs of the same check racing: the loser finds the winner's row and answers as a repeat.
    if (isUniqueViolation(err, 'inspection_client_uq')) {
      const winner = await repo.findInspectionByClientId(app.db, actor.districtId, input.clientId);
      if (winner) return resync(app, actor, winner, input, now);
    }
    throw err;
  }
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}

/** A clientId seen before: the same check again (answer it), a draft to bring up to date, or a conflict. */
async function resync(app: AppContext, actor: Actor, row: Row, input: CreateInspectionInput, now: Date): Promise<CreateResult> {
  if (row.created_by !== actor.userId) throw new AppError('CONFLICT', '该检查记录编号已被其他用户使用，请重新开始检查');
  if (row.school_id !== input.schoolId || row.template_code !== input.templateCode) {
    throw new AppError('CONFLICT', `本机记录与服务器上的检查 ${row.code} 学校或检查表不同，请核对后重新开始`);
  }
  if (row.status === 'submitted') {
    if (row.content_hash === hashContent(input)) return { inspection: await getInspection(app, actor, row.id, now), created: false };
    throw new AppError('CONFLICT', `检查 ${row.code} 已于 ${fmt(row.submitted_at)} 提交，本机内容与已提交的不同；已提交的记录不能覆盖，请核对`, [
      { path: 'clientId', message: `已提交的检查：${row.code}` },
    ]);
  }
  await saveDraft(app, actor, row, input, now, input.submit);
  return { inspection: await getInspection(app, actor, row.id, now), created: false };
}

const fmt = (d: Date | null) => (d ? d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');

async function saveDraft(app: AppContext, actor: Actor, row: Row, content: InspectionContent, now: Date, submit: boolean, baseVersion = row.version) {
  const pack = await packOf(app, actor.districtId);
  const tpl = (await templates.findTemplateById(app.db, actor.districtId, row.template_id)) as templates.TemplateRecord;
  assertLevel(pack, actor, content.level, tpl);
  await assertDepartmentFunction(app.db, pack, actor, content.level, tpl);
  checkTime(content, now);
  await app.db.transaction().execute(async (trx) => {
    const previous = await repo.findItems(trx, actor.districtId, row.id);
    const items = itemRows(tpl, content, previous);
    if (submit) assertComplete(items, content);
    const ok = await repo.updateInspectionHeader(trx, actor.districtId, row.id, baseVersion, headerOf(actor, content, items));
    if (!ok) throw new AppError('CONFLICT', `检查 ${row.code} 已在别处保存或提交，请刷新后再改`);
    await repo.replaceItems(trx, actor.districtId, row.id, items);
    await linkEvidence(trx, actor, row.id, row.school_id, content);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'inspection.save',
      entityType: 'inspection',
      entityId: row.id,
      orgUnitId: row.school_id,
      summary: `保存检查 ${row.code} 草稿（已填 ${items.filter((i) => i.result !== null).length}/${items.length} 项）`,
    });
    if (submit) {
      const h = headerOf(actor, content, items);
      await submitInTransaction(
        trx,
        pack,
        actor,
        { ...row, level: content.level, inspected_at: h.inspected_at, inspected_on: h.inspected_on, template: tpl, items },
        now,
      );
    }
  });
}

async function loadOwnDraft(app: AppContext, actor: Actor, id: string): Promise<Row> {
  const row = await loadVisible(app.db, actor, id);
  if (row.created_by !== actor.userId) throw forbidden('只有检查人本人可以修改或提交该检查');
  if (row.status !== 'draft') throw new AppError('CONFLICT', `检查 ${row.code} 已提交，不能再修改`);
  return row;
}

export async function updateInspection(app: AppContext, actor: Actor, id: string, input: InspectionContent & { baseVersion: number }, now = new Date()) {
  const row = await loadOwnDraft(app, actor, id);
  await saveDraft(app, actor, row, input, now, false, input.baseVersion);
  return getInspection(app, actor, id, now);
}

export async function submitInspection(app: AppContext, actor: Actor, id: string, input: { baseVersion: number }, now = new Date()) {
  const row = await loadOwnDraft(app, actor, id);
  if (row.version !== input.baseVersion) throw new AppError('CONFLICT', `检查 ${row.code} 已在别处保存，请刷新后再提交`);
  const items = await repo.findItems(app.db, actor.districtId, id);
  assertComplete(items, contentOfRow(row, items));
  const pack = await packOf(app, actor.districtId);
  const tpl = (await templates.findTemplateById(app.db, actor.districtId, row.template_id)) as templates.TemplateRecord;
  await app.db.transaction().execute((trx) => submitInTransaction(trx, pack, actor, { ...row, template: tpl, items }, now));
  return getInspection(app, actor, id, now);
}

export function contentOfRow(row: Row, items: readonly repo.ItemRow[]): InspectionContent {
  return {
    level: row.level as InspectionLevel,
    inspectedAt: row.inspected_at.toISOString(),
    inspectors: row.inspectors as InspectionContent['inspectors'],
    summary: row.summary,
    location: row.location as InspectionContent['location'],
    signatures: row.signatures as InspectionContent['signatures'],
    items: items.map((i) => ({ code: i.code, result: i.result, note: i.note, attachmentIds: i.attachment_ids, raiseHazard: i.raise_hazard })),
  };
}

/** A submitted check is visible to everyone whose scope has the school; a draft only to its author. */
export async function loadVisible(db: Db, actor: Actor, id: string): Promise<Row> {
  const row = await repo.findInspectionById(db, actor.districtId, id);
  if (!row || !canRead(actor.scope, row.school_id)) throw notFound('检查记录');
  if (row.status === 'draft' && row.created_by !== actor.userId) throw notFound('检查记录');
  return row;
}

export type InspectionSummary = ReturnType<typeof toSummary>;

function toSummary(r: Row, pack: ResolvedPack, today: string) {
  const reportDay = r.reported_at ? shanghaiDay(r.reported_at) : null;
  return {
    id: r.id,
    clientId: r.client_id,
    code: r.code,
    schoolId: r.school_id,
    schoolName: r.school_name,
    schoolCode: r.school_code,
    parentName: r.parent_name,
    templateCode: r.template_code,
    templateName: r.template_name,
    templateVersion: r.template_version,
    level: r.level,
    levelLabel: pack.levels.find((l) => l.code === r.level)?.label ?? r.level,
    status: r.status,
    inspectedAt: r.inspected_at.toISOString(),
    inspectedOn: r.inspected_on,
    inspectorNames: (r.inspectors as { name: string }[]).map((i) => i.name),
    counts: { pass: r.pass_count, fail: r.fail_count, na: r.na_count, unanswered: r.open_count },
    hazardCount: r.hazard_count,
    campaignId: r.campaign_id,
    report: r.report_due
      ? {
          due: r.report_due,
          reportedAt: r.reported_at?.toISOString() ?? null,
          reportedByName: r.reported_by_name,
          standing: reportStanding(r.report_due, reportDay, today),
        }
      : null,
    createdByName: r.created_by_name,
    submittedAt: r.submitted_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}

export async function listInspections(
  app: AppContext,
  actor: Actor,
  input: Omit<repo.InspectionFilter, 'districtId' | 'schoolIds' | 'userId'> & { page: number; pageSize: number },
  now = new Date(),
) {
  const { page, pageSize, ...filter } = input;
  const f: repo.InspectionFilter = {
    ...filter,
    districtId: actor.districtId,
    schoolIds: actor.scope.read.all ? null : [...actor.scope.read.ids],
    userId: actor.userId,
  };
  const [rows, total, pack] = await Promise.all([
    repo.findInspections(app.db, f, { offset: (page - 1) * pageSize, limit: pageSize }),
    repo.countInspections(app.db, f),
    packOf(app, actor.districtId),
  ]);
  const today = shanghaiDay(now);
  return { items: rows.map((r) => toSummary(r, pack, today)), total, page, pageSize };
}

export type InspectionDetail = Awaited<ReturnType<typeof getInspection>>;

export async function getInspection(app: AppContext, actor: Actor, id: string, now = new Date()) {
  const row = await loadVisible(app.db, actor, id);
  const [items, pack, files] = await Promise.all([
    repo.findItems(app.db, actor.districtId, id),
    packOf(app, actor.districtId),
    listAttachmentsOf(app.db, actor.districtId, 'inspection', [id]),
  ]);
  const byId = new Map((files.get(id) ?? []).map((f) => [f.id, f]));
  const pick = (ids: readonly string[]) => ids.map((x) => byId.get(x)).filter((x): x is AttachmentDto => x !== undefined);
  const hazards = new Map(
    (
      await repo.findHazardSummaries(
        app.db,
        actor.districtId,
        items.flatMap((i) => (i.hazard_id ? [i.hazard_id] : [])),
      )
    ).map((h) => [h.id, h]),
  );
  const isAuthor = row.created_by === actor.userId;
  const tplReport = row.report_due !== null;
  return {
    ...toSummary(row, pack, shanghaiDay(now)),
    inspectors: row.inspectors,
    summary: row.summary,
    location: row.location,
    signatures: (row.signatures as { name: string; role: string; attachmentId: string; signedAt: string }[]).map((s) => ({
      ...s,
      attachment: byId.get(s.attachmentId) ?? null,
    })),
    reportSignature: row.report_signature_id ? (byId.get(row.report_signature_id) ?? null) : null,
    items: items.map((i) => {
      const h = i.hazard_id ? hazards.get(i.hazard_id) : undefined;
      return {
        code: i.code,
        position: i.position,
        text: i.text,
        category: i.category,
        categoryLabel: pack.hazardCategories.find((c) => c.code === i.category)?.label ?? i.category,
        place: i.place,
        guidance: i.guidance,
        photoRequiredOnFail: i.photo_required,
        failLevel: i.fail_level,
        result: i.result,
        resultLabel: i.result ? itemResultLabels[i.result] : '未填写',
        note: i.note,
        raiseHazard: i.raise_hazard,
        attachments: pick(i.attachment_ids),
        hazard: h ? { id: h.id, code: h.code, state: h.state, title: h.title } : null,
      };
    }),
    canEdit: isAuthor && row.status === 'draft',
    canSubmit: isAuthor && row.status === 'draft',
    canRaiseHazards: row.status === 'submitted' && canRaiseFrom(actor, row),
    canReport: row.status === 'submitted' && tplReport && row.reported_at === null && actor.role === 'principal' && actor.orgUnitId === row.school_id,
  };
}

/** Who may turn a failed item into a hazard afterwards: the author, the school's managers, the district. */
export const canRaiseFrom = (actor: Actor, row: Row) =>
  row.created_by === actor.userId ||
  actor.role === 'district_admin' ||
  ((actor.role === 'principal' || actor.role === 'school_safety_officer') && actor.orgUnitId === row.school_id);

export async function reportInspection(app: AppContext, actor: Actor, id: string, input: { signatureAttachmentId: string; note: string }, now = new Date()) {
  const row = await loadVisible(app.db, actor, id);
  if (row.status !== 'submitted' || row.report_due === null) throw new AppError('CONFLICT', '该检查不需要上报，或尚未提交');
  if (actor.role !== 'principal' || actor.orgUnitId !== row.school_id) throw forbidden('须由本校校长（法定代表人）签字上报');
  await app.db.transaction().execute(async (trx) => {
    await linkAttachments(trx, actor, [input.signatureAttachmentId], { type: 'inspection', id, schoolId: row.school_id });
    const ok = await repo.markReported(trx, actor.districtId, id, {
      at: now,
      userId: actor.userId,
      name: actor.displayName,
      signatureId: input.signatureAttachmentId,
    });
    if (!ok) throw new AppError('CONFLICT', `检查 ${row.code} 已经上报过了`);
    const late = shanghaiDay(now) > (row.report_due as string);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'inspection.report',
      entityType: 'inspection',
      entityId: id,
      orgUnitId: row.school_id,
      summary: `法定代表人签字上报「${row.template_name}」${row.code}${late ? `（逾期：应于 ${row.report_due} 前上报）` : ''}${input.note ? `：${input.note}` : ''}`,
      after: { reportedAt: now.toISOString(), late },
    });
  });
  return getInspection(app, actor, id, now);
}
