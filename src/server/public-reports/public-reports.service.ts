import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { allowedFileTypes, sanitizeFileName, sniffFileType } from '../../domain/file-types.js';
import type { HazardState } from '../../domain/hazard.js';
import { formatReceipt, newReceipt, normaliseReceipt, type PublicReportInput, publicStatusLabels, publicStatusOf } from '../../domain/public-report.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import type { AuditActor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { checkChallenge } from './public-guard.js';
import * as repo from './public-reports.repository.js';

/** The page behind a QR code: the school's name, or the district's with its schools to choose from. */
export async function getReportTarget(db: Db, unitId: string) {
  const unit = await repo.findPublicUnit(db, unitId);
  if (!unit) throw new AppError('NOT_FOUND', '二维码无效或学校已撤销，请联系学校');
  const district = await repo.findUnit(db, unit.district_id, unit.district_id);
  return {
    unitId: unit.id,
    kind: unit.kind as 'school' | 'district',
    name: unit.name,
    districtName: district?.name ?? '',
    schools: unit.kind === 'district' ? await repo.listActiveSchools(db, unit.district_id) : [],
  };
}

type Photo = repo.NewPhoto & { data: Buffer };

/** The bytes decide, as for evidence uploads: a 「.jpg」 that is text is refused, and so is one over the limit. */
function checkPhotos(app: AppContext, districtId: string, photos: PublicReportInput['photos'], now: Date): Photo[] {
  const limit = app.config.publicReports.photoBytes;
  const year = now.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4);
  return photos.map((p, i) => {
    const data = Buffer.from(p.data, 'base64');
    const path = `photos.${i}`;
    if (data.length === 0) throw new AppError('VALIDATION_FAILED', `第 ${i + 1} 张照片是空的，请重新选择`, [{ path, message: '照片是空的' }]);
    if (data.length > limit)
      throw new AppError('PAYLOAD_TOO_LARGE', `第 ${i + 1} 张照片超过 ${limit / 1024 / 1024} MB，请压缩后再上传`, [{ path, message: '照片过大' }]);
    const type = sniffFileType(data);
    if (!type || !allowedFileTypes('hazard_found').includes(type)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `第 ${i + 1} 张不是照片：只能上传 JPG、PNG、WEBP、GIF 图片（按文件内容识别，改扩展名无效）`, [
        { path, message: '不是图片' },
      ]);
    }
    return {
      no: i + 1,
      data,
      file_name: sanitizeFileName(p.fileName, type),
      content_type: type.contentType,
      size_bytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      storage_key: `${districtId}/${year}/public-${randomUUID()}.${type.extension}`,
    };
  });
}

/** The school named on the page: the QR code's own school, or one the reporter picked on the district's page. */
async function resolveSchool(db: Db, input: PublicReportInput) {
  const unit = await repo.findPublicUnit(db, input.unitId);
  if (!unit) throw new AppError('NOT_FOUND', '二维码无效或学校已撤销，请联系学校');
  if (unit.kind === 'school') {
    if (input.schoolId && input.schoolId !== unit.id)
      throw new AppError('VALIDATION_FAILED', '学校与二维码不符', [{ path: 'schoolId', message: '学校与二维码不符' }]);
    return { districtId: unit.district_id, school: unit };
  }
  if (!input.schoolId) return { districtId: unit.district_id, school: null };
  const school = await repo.findPublicUnit(db, input.schoolId);
  if (school?.kind !== 'school' || school.district_id !== unit.district_id) {
    throw new AppError('VALIDATION_FAILED', '所选学校不在本区县', [{ path: 'schoolId', message: '所选学校不在本区县' }]);
  }
  return { districtId: unit.district_id, school };
}

/** The 教管中心/街道 over the school handles its reports; the district handles the rest. */
async function handlingUnitOf(db: Db, districtId: string, school: { parent_id: string | null } | null): Promise<string> {
  if (!school?.parent_id) return districtId;
  const parent = await repo.findUnit(db, districtId, school.parent_id);
  return parent?.is_active && (parent.kind === 'township' || parent.kind === 'centre') ? parent.id : districtId;
}

const publicActor = (districtId: string): AuditActor => ({ districtId, userId: null, name: '群众反映（匿名）', role: 'public', ip: '' });

/**
 * Stores a report: the challenge first (cheap), then the per-school hourly limit, then the
 * photos' bytes; files are written before the one transaction and removed if it fails, so a
 * refusal leaves nothing behind. The audit event carries no contact details and no address.
 */
export async function submitPublicReport(app: AppContext, input: PublicReportInput, now = new Date()) {
  await checkChallenge(app, input.challengeToken, input.challengeAnswer, now.getTime());
  const db = app.db;
  const { districtId, school } = await resolveSchool(db, input);
  const recent = await repo.countRecentReports(db, districtId, school?.id ?? null, new Date(now.getTime() - 3600_000));
  if (recent >= app.config.publicReports.perSchoolHour) {
    throw new AppError('RATE_LIMITED', '这所学校一小时内收到的反映已达上限，请稍后再试；紧急情况请直接拨打 110 或学校电话');
  }
  const photos = checkPhotos(app, districtId, input.photos, now);
  const row: repo.NewReport = {
    district_id: districtId,
    id: randomUUID(),
    receipt: newReceipt(),
    school_id: school?.id ?? null,
    handling_unit_id: await handlingUnitOf(db, districtId, school),
    description: input.description,
    place: input.place,
    contact_name: input.contactName,
    contact_phone: input.contactPhone,
    submitted_at: now,
  };
  const written: string[] = [];
  try {
    for (const p of photos) {
      await app.files.put(p.storage_key, p.data);
      written.push(p.storage_key);
    }
    await db.transaction().execute(async (trx) => {
      await repo.insertReport(
        trx,
        row,
        photos.map(({ data: _d, ...p }) => p),
      );
      await appendAuditEvent(trx, publicActor(districtId), {
        action: 'public_report.submit',
        entityType: 'public_report',
        entityId: row.id,
        orgUnitId: school?.id ?? districtId,
        summary: `收到群众反映${school ? `（${school.name}）` : ''}`,
        after: {
          schoolId: row.school_id,
          handlingUnitId: row.handling_unit_id,
          photos: photos.length,
          hasContact: Boolean(row.contact_name || row.contact_phone),
        },
      });
    });
  } catch (err) {
    await Promise.all(written.map((k) => app.files.remove(k).catch(() => undefined)));
    throw err;
  }
  return { receipt: formatReceipt(row.receipt), submittedAt: now.toISOString(), status: 'received' as const, statusLabel: publicStatusLabels.received };
}

/** What the reporter may see: the state and the public reply. Never who handles it or an internal note. */
export async function getPublicReportStatus(db: Db, typed: string) {
  const receipt = normaliseReceipt(typed);
  if (!receipt) throw new AppError('VALIDATION_FAILED', '回执号有误，请核对后重新输入', [{ path: 'receipt', message: '回执号有误' }]);
  const r = await repo.findStatusByReceipt(db, receipt);
  if (!r) throw new AppError('NOT_FOUND', '没有找到该回执号的反映，请核对后重新输入');
  const status = publicStatusOf(r.outcome, (r.hazard_state as HazardState | null) ?? null, r.case_state ?? null);
  return {
    receipt: formatReceipt(r.receipt),
    submittedAt: r.submitted_at.toISOString(),
    schoolName: r.school_name ?? null,
    status,
    statusLabel: publicStatusLabels[status],
    reply: r.public_reply || null,
    updatedAt: (r.closed_at ?? r.case_archived_at ?? r.triaged_at)?.toISOString() ?? null,
  };
}
