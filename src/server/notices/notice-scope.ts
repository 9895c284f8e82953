import { AppError, type ErrorDetail, notFound } from '../../domain/errors.js';
import type { NoticeIssuerKind } from '../../domain/notice-number.js';
import type { Role } from '../../domain/roles.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import type { HazardRecord } from '../hazards/hazards.repository.js';
import { loadVisibleHazard } from '../hazards/hazards.service.js';
import { findOrgUnit } from '../org/org.repository.js';
import type { RecordScope } from './notices.repository.js';

/** Who issues notices, and as what: the issuing unit is always the user's home unit. */
export const issuerKindOf: Partial<Record<Role, NoticeIssuerKind>> = {
  district_admin: 'district',
  responsible_inspector: 'inspector',
  centre_officer: 'centre',
  police_officer: 'police',
  // Seed 000: the joint inspection group issues 限期整改通知书 in its own name, numbered in its unit's series.
  joint_inspector: 'joint',
};

/**
 * Roles whose home unit is the issuing body itself (a police station, a centre): everyone there
 * sees what the unit issued. Inspectors and leaders sit in the district unit, so for them only
 * their own records count.
 */
const unitSharingRoles: ReadonlySet<Role> = new Set(['police_officer', 'centre_officer']);

export const recordScopeOf = (actor: Actor): RecordScope => ({
  districtId: actor.districtId,
  schoolIds: actor.scope.read.all ? null : [...actor.scope.read.ids],
  userId: actor.userId,
  unitId: unitSharingRoles.has(actor.role) ? actor.orgUnitId : null,
});

/** The same rule as `RecordScope`, for one record already loaded. */
export const canSeeRecord = (actor: Actor, r: { schoolId: string; authorId: string; unitId: string }): boolean =>
  canRead(actor.scope, r.schoolId) || r.authorId === actor.userId || (unitSharingRoles.has(actor.role) && r.unitId === actor.orgUnitId);

/** A school of the district inside the actor's read scope, or 404. */
export async function loadReadableSchool(db: Db, actor: Actor, schoolId: string) {
  const unit = canRead(actor.scope, schoolId) ? await findOrgUnit(db, actor.districtId, schoolId) : undefined;
  if (unit?.kind !== 'school') throw notFound('学校');
  return unit;
}

const hazardName = (h: HazardRecord) => `隐患 ${h.code}「${h.title}」`;

/**
 * Loads the hazards a notice or penalty lists: each must be visible to the actor and belong to
 * the school (and, for notices, still be open). Every problem is reported at once.
 */
export async function loadListedHazards(db: Db, actor: Actor, schoolId: string, ids: readonly string[], opts: { allowClosed: boolean }) {
  const hazards: HazardRecord[] = [];
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const [i, id] of ids.entries()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const path = `hazardIds.${i}`;
    const h = await loadVisibleHazard(db, actor, id).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
    if (!h) details.push({ path, message: '隐患不存在或不在您的权限范围内' });
    else if (h.school_id !== schoolId) details.push({ path, message: `${hazardName(h)}不属于该学校` });
    else if (!opts.allowClosed && h.state === 'closed') details.push({ path, message: `${hazardName(h)}已销号，无需再下达整改` });
    else hazards.push(h);
  }
  if (details.length) {
    const more = details.length > 1 ? ` 等 ${details.length} 处问题` : '';
    throw new AppError('VALIDATION_FAILED', `所列隐患有误：${details[0]?.message}${more}`, details);
  }
  return hazards;
}

/** A Shanghai calendar day as the half-open instant range [00:00 of from, 00:00 after to). */
export const shanghaiDayRange = (from?: string, to?: string) => ({
  from: from ? new Date(`${from}T00:00:00+08:00`) : undefined,
  to: to ? new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000) : undefined,
});
