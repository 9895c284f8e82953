import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { canReviewDocuments, DOCUMENT_REVISION_DAYS, type DocumentReviewState, documentReviewStateLabels } from '../../domain/letters.js';
import { canRead } from '../../domain/scope.js';
import { linkAttachments } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { canManageLetters, loadReadableSchool } from '../letters/letters.service.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './documents.repository.js';

/** 制度, 应急预案 or 应急处置流程图, from the type code's shape (the pack's documentTypes). */
export const documentGroupOf = (code: string): 'rules' | 'plan' | 'flowchart' =>
  code.includes('flowchart') ? 'flowchart' : code.startsWith('emergency_plan') ? 'plan' : 'rules';

const toVersionDto = (v: repo.VersionRecord) => ({
  id: v.id,
  versionNo: v.version_no,
  versionDate: v.version_date,
  summary: v.summary,
  attachmentUrl: `/api/attachments/${v.attachment_id}`,
  createdByName: v.created_by_name,
  createdAt: v.created_at.toISOString(),
  reviewState: v.review_state as DocumentReviewState,
  reviewStateLabel: documentReviewStateLabels[v.review_state as DocumentReviewState],
  reviewerName: v.reviewer_name,
  reviewerUnitName: v.reviewer_unit_name,
  reviewedAt: v.reviewed_at?.toISOString() ?? null,
  reviewRemarks: v.review_remarks,
});

export type ListDocumentsInput = {
  schoolId?: string | undefined;
  type?: string | undefined;
  reviewState?: DocumentReviewState | undefined;
  revisionDue?: boolean | undefined;
  page: number;
  pageSize: number;
};

/** The schools' safety documents in scope, each with its versions (newest first) and review state. */
export async function listSchoolDocuments(app: AppContext, actor: Actor, input: ListDocumentsInput, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const types = pack.vocab.documentTypes.map((t) => ({ code: t.code, label: t.label, description: t.description, group: documentGroupOf(t.code) }));
  const label = new Map(types.map((t) => [t.code, t.label]));
  const schoolIds = actor.scope.read.all ? null : [...actor.scope.read.ids];
  const docs = await repo.findDocuments(app.db, { districtId: actor.districtId, schoolIds, schoolId: input.schoolId, typeCode: input.type });
  const versions = await repo.findVersionsOf(
    app.db,
    actor.districtId,
    docs.map((d) => d.id),
  );
  const byDoc = new Map<string, repo.VersionRecord[]>();
  for (const v of versions) byDoc.set(v.document_id, [...(byDoc.get(v.document_id) ?? []), v]);
  const dueBefore = addDays(shanghaiDay(now), -DOCUMENT_REVISION_DAYS);
  let items = docs.map((d) => {
    const vs = (byDoc.get(d.id) ?? []).map(toVersionDto);
    const latest = vs[0] ?? null;
    return {
      id: d.id,
      schoolId: d.school_id,
      schoolName: d.school_name,
      typeCode: d.type_code,
      typeLabel: label.get(d.type_code) ?? d.type_code,
      group: documentGroupOf(d.type_code),
      title: d.title,
      latest,
      versions: vs,
      /** The periodic revision: the latest version is more than a year old. */
      revisionDue: !latest || latest.versionDate < dueBefore,
      canReview: !!latest && latest.reviewState === 'pending' && canReviewDocuments(actor.role) && canRead(actor.scope, d.school_id),
      canAddVersion: canManageLetters(actor, d.school_id),
    };
  });
  const counts = {
    total: items.length,
    pending: items.filter((i) => i.latest?.reviewState === 'pending').length,
    approved: items.filter((i) => i.latest?.reviewState === 'approved').length,
    returned: items.filter((i) => i.latest?.reviewState === 'returned').length,
    revisionDue: items.filter((i) => i.revisionDue).length,
  };
  if (input.reviewState) items = items.filter((i) => i.latest?.reviewState === input.reviewState);
  if (input.revisionDue !== undefined) items = items.filter((i) => i.revisionDue === input.revisionDue);
  return {
    items: items.slice((input.page - 1) * input.pageSize, input.page * input.pageSize),
    total: items.length,
    counts,
    types,
    canCreate: input.schoolId ? canManageLetters(actor, input.schoolId) : false,
    page: input.page,
    pageSize: input.pageSize,
  };
}

export type CreateVersionInput = {
  schoolId: string;
  documentId?: string | undefined;
  typeCode?: string | undefined;
  title?: string | undefined;
  versionDate: string;
  summary: string;
  attachmentId: string;
};

/** A new document (type and title) with its first version, or a new version of an existing one. */
export async function createSchoolDocumentVersion(app: AppContext, actor: Actor, input: CreateVersionInput, now = new Date()) {
  await loadReadableSchool(app.db, actor, input.schoolId);
  if (!canManageLetters(actor, input.schoolId)) throw forbidden('只有本校校长、安全干部或上级主管单位可以上传学校安全文件');
  if (input.versionDate > shanghaiDay(now))
    throw new AppError('VALIDATION_FAILED', '版本日期不能晚于今天', [{ path: 'versionDate', message: '版本日期不能晚于今天' }]);
  let doc: { id: string; title: string; type_code: string } | undefined;
  if (input.documentId) {
    const found = await repo.findDocument(app.db, actor.districtId, input.documentId);
    if (!found || found.school_id !== input.schoolId) throw notFound('学校安全文件');
    doc = found;
  } else {
    const pack = await packOf(app, actor.districtId);
    if (!input.typeCode || !pack.vocab.documentTypes.some((t) => t.code === input.typeCode)) {
      throw new AppError('VALIDATION_FAILED', '请选择政策包中的文件类型', [{ path: 'typeCode', message: '文件类型不在政策包的列表中' }]);
    }
    if (!input.title?.trim()) throw new AppError('VALIDATION_FAILED', '请填写文件名称', [{ path: 'title', message: '请填写文件名称' }]);
  }
  const result = await app.db.transaction().execute(async (trx) => {
    const documentId =
      doc?.id ??
      (await repo.insertDocument(trx, {
        district_id: actor.districtId,
        school_id: input.schoolId,
        type_code: input.typeCode as string,
        title: (input.title as string).trim(),
        created_by: actor.userId,
      }));
    const versionNo = await repo.nextVersionNo(trx, actor.districtId, documentId);
    const versionId = await repo.insertVersion(trx, {
      district_id: actor.districtId,
      document_id: documentId,
      school_id: input.schoolId,
      version_no: versionNo,
      version_date: input.versionDate,
      summary: input.summary,
      attachment_id: input.attachmentId,
      created_by: actor.userId,
      created_by_name: actor.displayName,
    });
    await linkAttachments(trx, actor, [input.attachmentId], { type: 'school_document', id: versionId, schoolId: input.schoolId });
    const title = doc?.title ?? (input.title as string).trim();
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'school_document.version_create',
      entityType: 'school_document',
      entityId: documentId,
      orgUnitId: input.schoolId,
      summary: `上传「${title}」第 ${versionNo} 版（${input.versionDate}）`,
      after: {
        versionId,
        versionNo,
        versionDate: input.versionDate,
        summary: input.summary,
        attachmentId: input.attachmentId,
        typeCode: doc?.type_code ?? input.typeCode,
      },
    });
    return { documentId, versionId, versionNo };
  });
  return result;
}

export type ReviewInput = { decision: 'approved' | 'returned'; remarks: string };

/** The supervising unit's review of a version (公安机关审核安全预案): approved, or returned with remarks. */
export async function reviewSchoolDocument(app: AppContext, actor: Actor, versionId: string, input: ReviewInput, now = new Date()) {
  const v = await repo.findVersion(app.db, actor.districtId, versionId);
  if (!v || !canRead(actor.scope, v.school_id)) throw notFound('学校安全文件版本');
  if (!canReviewDocuments(actor.role)) throw forbidden('只有派出所、教管中心或区教委可以审核学校安全文件');
  if (v.review_state !== 'pending')
    throw new AppError('CONFLICT', `「${v.title}」第 ${v.version_no} 版已审核（${documentReviewStateLabels[v.review_state]}），不能重复审核`);
  if (v.version_no !== (await repo.latestVersionNo(app.db, actor.districtId, v.document_id))) {
    throw new AppError('CONFLICT', `「${v.title}」已有更新的版本，请审核最新版本`);
  }
  if (input.decision === 'returned' && !input.remarks.trim()) {
    throw new AppError('VALIDATION_FAILED', '退回修改时请填写审核意见', [{ path: 'remarks', message: '退回修改时请填写审核意见' }]);
  }
  await app.db.transaction().execute(async (trx) => {
    await repo.markReviewed(trx, actor.districtId, versionId, {
      state: input.decision,
      userId: actor.userId,
      name: actor.displayName,
      unitId: actor.orgUnitId,
      at: now,
      remarks: input.remarks.trim(),
    });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'school_document.review',
      entityType: 'school_document',
      entityId: v.document_id,
      orgUnitId: v.school_id,
      summary: `审核「${v.title}」第 ${v.version_no} 版：${documentReviewStateLabels[input.decision]}${input.remarks.trim() ? `（${input.remarks.trim()}）` : ''}`,
      before: { reviewState: 'pending' },
      after: { versionId, reviewState: input.decision, remarks: input.remarks.trim() },
    });
  });
  return { versionId, reviewState: input.decision, reviewStateLabel: documentReviewStateLabels[input.decision] };
}
