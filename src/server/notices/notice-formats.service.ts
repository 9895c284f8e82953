import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { defaultNoticeNumberFormat, formatNoticeNumber, noticeNumberFormatProblem, noticeNumberPlaceholders } from '../../domain/notice-number.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import type { OrgUnitRow } from '../db/schema.js';
import { findOrgUnit } from '../org/org.repository.js';
import { issuerKindOf } from './notice-scope.js';
import * as repo from './notices.repository.js';

/** Units that issue notices under their own name: the commission, townships and centres, police stations. */
const isIssuingUnit = (u: OrgUnitRow) =>
  u.kind === 'district' || u.kind === 'township' || u.kind === 'centre' || (u.kind === 'department' && u.department_type === 'police_station');

/** The unit's own format, or the default for its kind. */
export async function resolveNoticeNumberFormat(db: Db, districtId: string, unit: Pick<OrgUnitRow, 'id' | 'kind' | 'name'>) {
  const own = await repo.findNumberFormat(db, districtId, unit.id);
  const fallback = defaultNoticeNumberFormat(unit);
  return { format: own?.format ?? fallback, defaultFormat: fallback, isDefault: !own, updatedAt: own?.updated_at.toISOString() ?? null };
}

/**
 * The district admin manages every unit's format; a police officer manages the own station's.
 * Any other issuer may read (not change) the format of the own unit, to preview the number.
 */
function assertFormatAccess(actor: Actor, unitId: string, write: boolean) {
  if (actor.role === 'district_admin') return;
  const ownUnit = actor.orgUnitId === unitId;
  if (ownUnit && (actor.role === 'police_officer' || (!write && issuerKindOf[actor.role]))) return;
  throw forbidden(write ? '只有区教委管理员或本派出所民警可以设置文号格式' : '您不能查看该单位的文号格式');
}

async function loadIssuingUnit(db: Db, actor: Actor, unitId: string): Promise<OrgUnitRow> {
  const unit = await findOrgUnit(db, actor.districtId, unitId);
  if (!unit) throw notFound('单位');
  if (!isIssuingUnit(unit)) throw new AppError('BAD_REQUEST', `「${unit.name}」不下达整改通知书，无需设置文号格式`);
  return unit;
}

export async function getNoticeNumberFormat(db: Db, actor: Actor, unitId: string, now = new Date()) {
  const unit = await loadIssuingUnit(db, actor, unitId);
  assertFormatAccess(actor, unitId, false);
  const f = await resolveNoticeNumberFormat(db, actor.districtId, unit);
  const year = Number(shanghaiDay(now).slice(0, 4));
  return {
    unitId,
    unitName: unit.name,
    ...f,
    example: formatNoticeNumber(f.format, { year, seq: 1, issuer: unit.name }),
    placeholders: [...noticeNumberPlaceholders],
  };
}

export async function setNoticeNumberFormat(db: Db, actor: Actor, unitId: string, input: { format: string }, now = new Date()) {
  const unit = await loadIssuingUnit(db, actor, unitId);
  assertFormatAccess(actor, unitId, true);
  const problem = noticeNumberFormatProblem(input.format);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, [{ path: 'format', message: problem }]);
  const before = await resolveNoticeNumberFormat(db, actor.districtId, unit);
  if (before.format !== input.format || before.isDefault) {
    await db.transaction().execute(async (trx) => {
      await repo.upsertNumberFormat(trx, actor.districtId, unitId, input.format);
      await appendAuditEvent(trx, auditActorOf(actor), {
        action: 'notice_number_format.update',
        entityType: 'notice_number_format',
        entityId: unitId,
        orgUnitId: unitId,
        summary: `设置「${unit.name}」整改通知书文号格式：${input.format}`,
        before: { format: before.isDefault ? null : before.format },
        after: { format: input.format },
      });
    });
  }
  return getNoticeNumberFormat(db, actor, unitId, now);
}
