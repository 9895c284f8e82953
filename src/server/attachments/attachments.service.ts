import { createHash, randomUUID } from 'node:crypto';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { type AttachmentPurpose, allowedFileTypes, describeAllowedTypes, sanitizeFileName, sniffFileType } from '../../domain/file-types.js';
import { premiseReaderRoles } from '../../domain/premises.js';
import { canRead } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { findOrgUnit } from '../org/org.repository.js';
import * as repo from './attachments.repository.js';

export type AttachmentDto = { id: string; fileName: string; contentType: string; sizeBytes: number; purpose: string; createdAt: string; url: string };

export const toAttachmentDto = (r: repo.AttachmentRecord): AttachmentDto => ({
  id: r.id,
  fileName: r.file_name,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  purpose: r.purpose,
  createdAt: r.created_at.toISOString(),
  url: `/api/attachments/${r.id}`,
});

export type UploadInput = {
  purpose: AttachmentPurpose;
  schoolId?: string | undefined;
  fileName: string;
  file: Buffer;
  /**
   * The id the phone chose for the file (its outbox uploads a photo before the record that
   * references it, and again after a lost answer): the attachment gets this id, and the same
   * upload sent again answers the first one instead of storing the bytes twice.
   */
  clientId?: string | undefined;
};

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
const shanghaiYear = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4);

/** The bytes decide the type; a 「.jpg」 that is really text or a script is refused. */
function checkFile(app: AppContext, input: UploadInput) {
  if (input.file.length === 0) throw new AppError('BAD_REQUEST', '上传的文件是空的，请重新选择文件');
  if (input.file.length > app.config.maxUploadBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `文件不能超过 ${megabytes(app.config.maxUploadBytes)} MB，请压缩后再上传`);
  }
  const type = sniffFileType(input.file);
  if (!type || !allowedFileTypes(input.purpose).includes(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `文件格式不支持：此处只能上传 ${describeAllowedTypes(input.purpose)}（按文件内容识别，改扩展名无效）`);
  }
  return type;
}

/** A school the actor can see: outside the read scope it does not exist for them. */
async function assertReadableSchool(db: Db, actor: Actor, schoolId: string) {
  const unit = canRead(actor.scope, schoolId) ? await findOrgUnit(db, actor.districtId, schoolId) : undefined;
  if (unit?.kind !== 'school') throw notFound('学校');
}

/**
 * The phone sent a client id that is already an attachment: its own upload of the same bytes for
 * the same school and purpose again (a retry after a lost answer) answers the stored file —
 * nothing written, nothing audited; anything else under that id is a conflict.
 */
function sameUploadAgain(actor: Actor, earlier: repo.AttachmentRecord, wanted: { schoolId: string | null; purpose: string; sha256: string }): AttachmentDto {
  const same =
    earlier.uploaded_by === actor.userId && earlier.school_id === wanted.schoolId && earlier.purpose === wanted.purpose && earlier.sha256 === wanted.sha256;
  if (!same) throw new AppError('CONFLICT', '该附件编号已被另一个文件使用，请删除这张照片后重新拍照上传');
  return toAttachmentDto(earlier);
}

/**
 * Stores the file first, then its row and audit event in one transaction; if the transaction
 * fails the file is removed again, so the store never keeps bytes nobody can reach.
 * With a client id the upload is idempotent (see `UploadInput.clientId`), also when two copies
 * of it arrive at once: the second insert finds the first row and answers it.
 */
export async function uploadAttachment(app: AppContext, actor: Actor, input: UploadInput): Promise<AttachmentDto> {
  // A premise's photo belongs to no school: whoever may read the district's premises uploads and sees it.
  const forPremise = input.purpose === 'premise';
  if (forPremise && !premiseReaderRoles.has(actor.role)) throw forbidden('周边场所照片由区教委、公安和主管部门上传');
  // A centre's report attachment belongs to no school: the uploader and the district see it.
  const noSchool = forPremise || (input.purpose === 'report' && !input.schoolId);
  if (!noSchool && !input.schoolId) throw new AppError('VALIDATION_FAILED', '请指定附件所属的学校', [{ path: 'schoolId', message: '请指定学校' }]);
  const schoolId = noSchool ? null : (input.schoolId as string);
  if (schoolId) await assertReadableSchool(app.db, actor, schoolId);
  const type = checkFile(app, input);
  const sha256 = createHash('sha256').update(input.file).digest('hex');
  const wanted = { schoolId, purpose: input.purpose, sha256 };
  if (input.clientId) {
    const earlier = await repo.findAttachment(app.db, actor.districtId, input.clientId);
    if (earlier) return sameUploadAgain(actor, earlier, wanted);
  }
  const id = input.clientId ?? randomUUID();
  // No user input in the key: district, year, a fresh id, and the extension of the type the
  // bytes were found to be (never the client's file name: a 「.pdf」 that is a JPEG is stored .jpg).
  // A client-chosen id gets a random suffix: two copies racing never write the same file.
  const key = `${actor.districtId}/${shanghaiYear(new Date())}/${input.clientId ? `${id}-${randomUUID()}` : id}.${type.extension}`;
  const row: repo.NewAttachmentRow = {
    district_id: actor.districtId,
    id,
    school_id: schoolId,
    purpose: input.purpose,
    file_name: sanitizeFileName(input.fileName, type),
    content_type: type.contentType,
    size_bytes: input.file.length,
    sha256,
    storage_key: key,
    uploaded_by: actor.userId,
  };
  await app.files.put(key, input.file);
  try {
    const result = await app.db.transaction().execute(async (trx) => {
      const inserted = await repo.insertAttachment(trx, row);
      if (!inserted) return { dto: sameUploadAgain(actor, await repo.findAttachmentOrThrow(trx, actor.districtId, id), wanted), stored: false };
      await appendAuditEvent(trx, auditActorOf(actor), {
        action: 'attachment.upload',
        entityType: 'attachment',
        entityId: id,
        orgUnitId: schoolId ?? actor.orgUnitId,
        summary: `上传附件「${row.file_name}」(${row.content_type}，${row.size_bytes} 字节)`,
        after: {
          fileName: row.file_name,
          contentType: row.content_type,
          sizeBytes: row.size_bytes,
          sha256: row.sha256,
          purpose: row.purpose,
          schoolId: row.school_id,
          ...(input.clientId && { clientId: input.clientId }),
        },
      });
      return { dto: toAttachmentDto(inserted), stored: true };
    });
    // The same upload won the race: its file is the one the row points to, this copy goes.
    if (!result.stored) await app.files.remove(key).catch(() => undefined);
    return result.dto;
  } catch (err) {
    await app.files.remove(key).catch(() => undefined);
    throw err;
  }
}

const isMissingFile = (err: unknown) => (err as { code?: string } | null)?.code === 'ENOENT';

/** The file and its metadata, for the school's readers and for whoever uploaded it. */
export async function getAttachmentFile(app: AppContext, actor: Actor, id: string) {
  const row = await repo.findAttachment(app.db, actor.districtId, id);
  const visible =
    row &&
    (row.uploaded_by === actor.userId ||
      (row.purpose === 'premise' ? premiseReaderRoles.has(actor.role) : row.school_id ? canRead(actor.scope, row.school_id) : actor.scope.read.all));
  if (!row || !visible) throw notFound('附件');
  // A case's documents follow the case's own confidentiality, not the school's scope.
  if (row.owner_type === 'case' && row.owner_id && row.uploaded_by !== actor.userId) {
    const { canReadCaseFiles } = await import('../cases/case-files.js');
    if (!(await canReadCaseFiles(app.db, actor, row.owner_id))) throw notFound('附件');
  }
  try {
    return { dto: toAttachmentDto(row), data: await app.files.get(row.storage_key) };
  } catch (err) {
    if (isMissingFile(err)) throw new AppError('NOT_FOUND', '附件文件已丢失，请联系管理员');
    throw err;
  }
}

export type AttachmentOwner = {
  type:
    | 'hazard'
    | 'hazard_event'
    | 'notice'
    | 'penalty'
    | 'inspection'
    | 'drill'
    | 'education_session'
    | 'staff_training'
    | 'patrol_log'
    | 'responsibility_letter'
    | 'school_document'
    | 'case'
    | 'premise'
    | 'guard_sign_in'
    | 'report_version'
    | 'assessment_item';
  id: string;
  /** The school the files belong to; null for a premise's photos, which belong to none. */
  schoolId: string | null;
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function linkProblem(actor: Actor, row: repo.AttachmentRecord | undefined, owner: AttachmentOwner): string | null {
  if (!row) return '附件不存在或不在本区县';
  if (actor.role !== 'district_admin' && row.uploaded_by !== actor.userId) return `附件「${row.file_name}」不是您上传的`;
  if (row.school_id !== owner.schoolId) return `附件「${row.file_name}」不属于该学校`;
  if (row.owner_id !== null && (row.owner_type !== owner.type || row.owner_id !== owner.id)) return `附件「${row.file_name}」已用于其他记录`;
  return null;
}

/**
 * Links uploaded files to an owner inside the caller's transaction. Every id must exist in the
 * actor's district, be uploaded by this actor (or by anyone when the actor is district_admin),
 * belong to `owner.schoolId`, and be unlinked or already linked to the same owner; otherwise
 * nothing is linked and VALIDATION_FAILED lists every problem.
 */
export async function linkAttachments(trx: Db, actor: Actor, ids: readonly string[], owner: AttachmentOwner): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const rows = await repo.findAttachmentsForLink(
    trx,
    actor.districtId,
    wanted.filter((id) => uuidPattern.test(id)),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const problems = wanted.map((id) => linkProblem(actor, byId.get(id), owner)).filter((p): p is string => p !== null);
  if (problems.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `附件无效：${problems[0]}${problems.length > 1 ? ` 等 ${problems.length} 处问题` : ''}，请重新上传`,
      problems.map((message) => ({ path: 'attachmentIds', message })),
    );
  }
  await repo.setAttachmentOwner(
    trx,
    actor.districtId,
    rows.filter((r) => r.owner_id === null).map((r) => r.id),
    owner,
  );
}

/** Attachments of many owners at once, grouped by owner id (every requested id has an entry). */
export async function listAttachmentsOf(db: Db, districtId: string, ownerType: string, ownerIds: readonly string[]): Promise<Map<string, AttachmentDto[]>> {
  const unique = [...new Set(ownerIds)];
  const grouped = new Map<string, AttachmentDto[]>(unique.map((id) => [id, []]));
  const rows = await repo.findAttachmentsOfOwners(
    db,
    districtId,
    ownerType,
    unique.filter((id) => uuidPattern.test(id)),
  );
  for (const r of rows) grouped.get(r.owner_id as string)?.push(toAttachmentDto(r));
  return grouped;
}
