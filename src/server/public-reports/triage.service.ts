import { randomUUID } from 'node:crypto';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { HazardState } from '../../domain/hazard.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { formatReceipt, publicStatusLabels, publicStatusOf, type TriageInput, triageOutcomeLabels } from '../../domain/public-report.js';
import { canRead, canWrite } from '../../domain/scope.js';
import { insertAttachment } from '../attachments/attachments.repository.js';
import { linkAttachments } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import { createCaseInTransaction, loadVisibleCase, recordCaseEvent, requireType } from '../cases/cases.service.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { findHazardById } from '../hazards/hazards.repository.js';
import { insertHazardInTransaction, loadVisibleHazard } from '../hazards/hazards.service.js';
import { assertHazardCategory, packOf } from '../policy/policy.service.js';
import * as repo from './public-reports.repository.js';

/**
 * The triage queue of public reports. Only the unit that handles a report sees it, its contact
 * details included: the 教管中心/街道 over the school, and the district admin (every report of
 * the district, and the only one for reports that name no school). Every other role gets 403.
 */
export const canTriageRole = (role: Actor['role']) => role === 'district_admin' || role === 'centre_officer';

const canTriage = (actor: Actor, r: { handling_unit_id: string }) =>
  actor.role === 'district_admin' || (actor.role === 'centre_officer' && canWrite(actor.scope, r.handling_unit_id));

function assertTriageRole(actor: Actor) {
  if (!canTriageRole(actor.role)) throw forbidden('群众反映由区教委或学校所属的教管中心受理');
}

/** The handling units whose queue the actor reads: null is the whole district. */
const queueUnitsOf = (actor: Actor): string[] | null => (actor.role === 'district_admin' ? null : [actor.orgUnitId]);

export type ReportDto = ReturnType<typeof toReportDto>;

function toReportDto(r: repo.ReportRecord, photos: { no: number; file_name: string; content_type: string; size_bytes: number }[]) {
  const status = publicStatusOf(r.outcome, (r.hazard_state as HazardState | null) ?? null, r.case_state ?? null);
  return {
    id: r.id,
    receipt: formatReceipt(r.receipt),
    school: r.school_id ? { id: r.school_id, name: r.school_name ?? '' } : null,
    handlingUnit: { id: r.handling_unit_id, name: r.handling_unit_name },
    description: r.description,
    place: r.place,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    submittedAt: r.submitted_at.toISOString(),
    outcome: r.outcome,
    outcomeLabel: r.outcome ? triageOutcomeLabels[r.outcome] : '待分拣',
    hazard: r.hazard_id ? { id: r.hazard_id, code: r.hazard_code ?? '', state: r.hazard_state ?? '' } : null,
    case: r.case_id ? { id: r.case_id, code: r.case_code ?? '', state: r.case_state ?? '' } : null,
    publicReply: r.public_reply,
    internalNote: r.internal_note,
    triagedByName: r.triaged_by_name,
    triagedAt: r.triaged_at?.toISOString() ?? null,
    publicStatus: status,
    publicStatusLabel: publicStatusLabels[status],
    photos: photos.map((p) => ({
      no: p.no,
      fileName: p.file_name,
      contentType: p.content_type,
      sizeBytes: p.size_bytes,
      url: `/api/public-reports/${r.id}/photos/${p.no}`,
    })),
  };
}

export type QueueQuery = {
  status: 'pending' | 'done' | 'all';
  /** Received on these Shanghai days (inclusive). */
  from?: string | undefined;
  to?: string | undefined;
  /** One handling unit (a 教管中心/街道) of the actor's queue; the district admin may name any. */
  unitId?: string | undefined;
  page: number;
  pageSize: number;
};

function queueFilterOf(actor: Actor, q: QueueQuery) {
  if (q.from && q.to && q.from > q.to)
    throw new AppError('VALIDATION_FAILED', '结束日期不能早于开始日期', [{ path: 'to', message: '结束日期不能早于开始日期' }]);
  const own = queueUnitsOf(actor);
  if (q.unitId && own && !own.includes(q.unitId)) throw notFound('单位');
  return {
    districtId: actor.districtId,
    unitIds: q.unitId ? [q.unitId] : own,
    from: q.from ? new Date(`${q.from}T00:00:00+08:00`) : undefined,
    to: q.to ? new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000) : undefined,
  };
}

/**
 * The queue page's list and its two figures (received / handled in the date filter, whatever the
 * tab): the one function behind the page and the report cells (report-cells.registry.ts).
 */
export async function listTriageQueue(db: Db, actor: Actor, q: QueueQuery) {
  assertTriageRole(actor);
  const f = queueFilterOf(actor, q);
  const [{ rows, total }, counts] = await Promise.all([
    repo.listReports(db, { ...f, pending: q.status === 'all' ? null : q.status === 'pending', limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    repo.countQueue(db, f),
  ]);
  const photos = await repo.findPhotos(
    db,
    actor.districtId,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) =>
      toReportDto(
        r,
        photos.filter((p) => p.report_id === r.id),
      ),
    ),
    total,
    counts,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The number the workbench shows: the same filter as the queue page's first tab. */
export async function countPendingReports(db: Db, actor: Actor): Promise<number> {
  return (await listTriageQueue(db, actor, { status: 'pending', page: 1, pageSize: 1 })).total;
}

async function loadReport(db: Db, actor: Actor, id: string) {
  assertTriageRole(actor);
  const r = await repo.findReport(db, actor.districtId, id);
  if (!r || !canTriage(actor, r)) throw notFound('群众反映');
  return r;
}

export async function getPublicReport(db: Db, actor: Actor, id: string) {
  const r = await loadReport(db, actor, id);
  return toReportDto(r, await repo.findPhotos(db, actor.districtId, [id]));
}

export async function getPublicReportPhoto(app: AppContext, actor: Actor, id: string, no: number) {
  await loadReport(app.db, actor, id);
  const photo = (await repo.findPhotos(app.db, actor.districtId, [id])).find((p) => p.no === no);
  if (!photo) throw notFound('照片');
  return { photo, data: await app.files.get(photo.storage_key) };
}

/** The report's photos become the hazard's (or case's) evidence: attachment rows over the same stored files, uploaded in the triager's name. */
async function photosAsEvidence(
  trx: Db,
  actor: Actor,
  reportId: string,
  schoolId: string,
  purpose: 'hazard_found' | 'other' = 'hazard_found',
): Promise<string[]> {
  const ids: string[] = [];
  for (const p of await repo.findPhotos(trx, actor.districtId, [reportId])) {
    const id = randomUUID();
    await insertAttachment(trx, {
      district_id: actor.districtId,
      id,
      school_id: schoolId,
      purpose,
      file_name: p.file_name,
      content_type: p.content_type,
      size_bytes: p.size_bytes,
      sha256: p.sha256,
      storage_key: p.storage_key,
      uploaded_by: actor.userId,
    });
    ids.push(id);
  }
  return ids;
}

async function newHazardFrom(trx: Db, actor: Actor, r: repo.ReportRecord, input: Extract<TriageInput, { outcome: 'hazard' }>, now: Date) {
  const attachmentIds = await photosAsEvidence(trx, actor, r.id, input.schoolId);
  // The reporter's contact stays on the report: the school and its supervisors see the hazard, not who reported it.
  const description = [r.description, r.place && `地点：${r.place}`, '（群众扫码反映）'].filter(Boolean).join('\n').slice(0, 2000);
  return insertHazardInTransaction(
    trx,
    actor,
    { schoolId: input.schoolId, title: input.title, description, place: input.place, category: input.category, source: 'public', attachmentIds },
    r.submitted_at,
    now,
  );
}

/**
 * 受理为案件: a case of the chosen type, source 群众举报（公众渠道）, the reporter's contact as the
 * case's reporter (masked for everyone but the handling units, as on every case), the photos as
 * the case's files when it has a school. Created in the triage's transaction (createCaseInTransaction).
 */
async function newCaseFrom(trx: Db, pack: ResolvedPack, actor: Actor, r: repo.ReportRecord, input: Extract<TriageInput, { outcome: 'case' }>, now: Date) {
  const schoolId = input.schoolId ?? r.school_id ?? undefined;
  const attachmentIds = schoolId ? await photosAsEvidence(trx, actor, r.id, schoolId, 'other') : [];
  const description = [r.description, r.place && `地点：${r.place}`, `（群众扫码反映，回执号 ${formatReceipt(r.receipt)}）`]
    .filter(Boolean)
    .join('\n')
    .slice(0, 5000);
  return createCaseInTransaction(
    trx,
    pack,
    actor,
    {
      typeCode: input.typeCode,
      title: input.title,
      description,
      source: 'public_report',
      ...(schoolId && { schoolId }),
      reporterName: r.contact_name,
      reporterPhone: r.contact_phone.replace(/[()]/g, ''),
      attachmentIds,
    },
    now,
  );
}

/**
 * 并入已有案件: the report's text lands on an open case's timeline (补充记录, audited as such) and its
 * photos become the case's files when the case has a school. The reporter's contact stays on the
 * report (only the triaging units read it); their receipt then follows the case's state.
 */
async function mergeIntoCase(trx: Db, actor: Actor, r: repo.ReportRecord, caseId: string, now: Date) {
  const { c } = await loadVisibleCase(trx, actor, caseId, true);
  if (c.state === 'archived') throw new AppError('CONFLICT', `案件 ${c.code} 已归档，请受理为新案件`);
  const attachmentIds = c.school_id ? await photosAsEvidence(trx, actor, r.id, c.school_id, 'other') : [];
  if (attachmentIds.length && c.school_id) await linkAttachments(trx, actor, attachmentIds, { type: 'case', id: c.id, schoolId: c.school_id });
  const receipt = formatReceipt(r.receipt);
  await recordCaseEvent(
    trx,
    actor,
    { id: c.id, code: c.code, orgUnitId: c.school_id ?? c.owner_unit_id },
    {
      action: 'note',
      fromState: c.state,
      toState: c.state,
      note: [r.description, r.place && `地点：${r.place}`, `（群众扫码反映并入，回执号 ${receipt}）`].filter(Boolean).join('\n').slice(0, 2000),
      data: { publicReportId: r.id, receipt },
      attachmentIds,
      summary: `并入群众反映（回执号 ${receipt}）`,
      at: now,
    },
  );
  return { id: c.id, code: c.code };
}

/** 分拣: into a new hazard or case, into an existing one, or rejected with a reason the reporter reads. One transaction, audited. */
export async function triagePublicReport(app: AppContext, actor: Actor, id: string, input: TriageInput, now = new Date()) {
  const db = app.db;
  const r = await loadReport(db, actor, id);
  if (r.outcome) throw new AppError('CONFLICT', '该反映已处理，请刷新后查看');
  if (input.outcome === 'hazard') {
    assertHazardCategory(await packOf(app, actor.districtId), input.category);
    if (!canRead(actor.scope, input.schoolId) || (await repo.findUnit(db, actor.districtId, input.schoolId))?.kind !== 'school') throw notFound('学校');
  }
  if (input.outcome === 'merged') {
    const h = await loadVisibleHazard(db, actor, input.hazardId);
    if (h.state === 'closed') throw new AppError('CONFLICT', `隐患 ${h.code} 已销号，请转为新隐患`);
  }
  const pack = await packOf(app, actor.districtId);
  if (input.outcome === 'case') {
    requireType(pack, input.typeCode);
    if (input.schoolId && (!canRead(actor.scope, input.schoolId) || (await repo.findUnit(db, actor.districtId, input.schoolId))?.kind !== 'school'))
      throw notFound('学校');
  }
  await db.transaction().execute(async (trx) => {
    const hazardId = input.outcome === 'hazard' ? await newHazardFrom(trx, actor, r, input, now) : input.outcome === 'merged' ? input.hazardId : null;
    const created =
      input.outcome === 'case'
        ? await newCaseFrom(trx, pack, actor, r, input, now)
        : input.outcome === 'merged_case'
          ? await mergeIntoCase(trx, actor, r, input.caseId, now)
          : null;
    const changed = await repo.triageIfPending(trx, actor.districtId, id, {
      outcome: input.outcome,
      hazard_id: hazardId,
      case_id: created?.id ?? null,
      public_reply: input.publicReply,
      internal_note: input.note,
      triaged_by: actor.userId,
      triaged_by_name: actor.displayName,
      triaged_at: now,
    });
    if (!changed) throw new AppError('CONFLICT', '该反映刚被他人处理，请刷新后查看');
    const hazard = hazardId ? await findHazardById(trx, actor.districtId, hazardId) : undefined;
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'public_report.triage',
      entityType: 'public_report',
      entityId: id,
      orgUnitId: r.handling_unit_id,
      summary: `群众反映${triageOutcomeLabels[input.outcome]}${hazard ? ` ${hazard.code}` : ''}${created ? ` ${created.code}` : ''}`,
      before: { outcome: null },
      after: { outcome: input.outcome, hazardId, caseId: created?.id ?? null, publicReply: input.publicReply, note: input.note },
    });
  });
  return getPublicReport(db, actor, id);
}
