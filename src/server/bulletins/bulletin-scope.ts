import { AppError, type ErrorDetail, forbidden, notFound } from '../../domain/errors.js';
import { hazardStateLabels } from '../../domain/hazard.js';
import { canRead, canWrite } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import type { HazardRecord } from '../hazards/hazards.repository.js';
import { loadVisibleHazard } from '../hazards/hazards.service.js';
import { loadVisibleTask } from '../meetings/meeting-tasks.service.js';
import { findOrgUnit, findSubtreeIds } from '../org/org.repository.js';
import type { BulletinScope } from './bulletins.repository.js';
import { districtIssuerRoles } from './unit-party.js';

export const bulletinScopeOf = (actor: Actor): BulletinScope => ({
  districtId: actor.districtId,
  unitIds: actor.scope.read.all ? null : [...actor.scope.read.ids],
  ownUnitId: actor.orgUnitId,
});

/** The same rule as `BulletinScope`, for one loaded bulletin. */
export const canSeeBulletin = (actor: Actor, b: { unit_id: string; issuer_unit_id: string }) =>
  canRead(actor.scope, b.unit_id) || b.unit_id === actor.orgUnitId || b.issuer_unit_id === actor.orgUnitId;

/** Whether the actor issues bulletins at all: the district and joint group anywhere, a centre to its schools. */
export const canIssueBulletins = (actor: Actor) => districtIssuerRoles.has(actor.role) || actor.role === 'centre_officer';

/** The unit a bulletin may address, or 404/403: the district's units for the district, a centre's own schools for it. */
export async function loadTargetUnit(db: Db, actor: Actor, unitId: string) {
  if (!canIssueBulletins(actor)) throw forbidden('只有区教委、联合督检组和教管中心可以发出通报、约谈或挂牌督办');
  const unit = canRead(actor.scope, unitId) || districtIssuerRoles.has(actor.role) ? await findOrgUnit(db, actor.districtId, unitId) : undefined;
  if (!unit || unit.kind === 'district') throw notFound('被通报单位');
  if (!districtIssuerRoles.has(actor.role) && (unit.kind !== 'school' || !canWrite(actor.scope, unit.id))) {
    throw forbidden('教管中心只能通报、约谈本辖区的学校');
  }
  return unit;
}

export type TargetUnit = Awaited<ReturnType<typeof loadTargetUnit>>;

/** The schools a unit answers for (itself for a school, its subtree's for a centre), for the triggering figures and links. */
export const schoolsOfUnit = async (db: Db, districtId: string, unit: TargetUnit) =>
  unit.kind === 'school' ? [unit.id] : unit.kind === 'department' ? [] : await findSubtreeIds(db, districtId, [unit.id]);

const belongsTo = (h: HazardRecord, unit: TargetUnit, schools: ReadonlySet<string>) =>
  unit.kind === 'department' ? h.responsible_unit_id === unit.id || h.handed_over_to === unit.id : schools.has(h.school_id);

export type LinkRow = { ref_type: 'hazard' | 'meeting_task'; ref_id: string; label: string; detail: string };

/** The hazards and meeting tasks a bulletin cites: each visible to the issuer and the unit's own. Every problem at once. */
export async function loadLinkedRows(db: Db, actor: Actor, unit: TargetUnit, input: { hazardIds: string[]; taskIds: string[] }, today: string) {
  const schools = new Set(await schoolsOfUnit(db, actor.districtId, unit));
  const rows: LinkRow[] = [];
  const details: ErrorDetail[] = [];
  const missing = (err: unknown) => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  };
  for (const [i, id] of [...new Set(input.hazardIds)].entries()) {
    const h = await loadVisibleHazard(db, actor, id).catch(missing);
    if (!h) details.push({ path: `hazardIds.${i}`, message: '隐患不存在或不在您的权限范围内' });
    else if (!belongsTo(h, unit, schools)) details.push({ path: `hazardIds.${i}`, message: `隐患 ${h.code} 不属于${unit.name}` });
    else {
      const overdue = h.state !== 'closed' && h.deadline !== null && h.deadline < today;
      const detail = `${h.school_name}·${hazardStateLabels[h.state]}${h.deadline ? `，整改期限 ${h.deadline}` : ''}${overdue ? '（已逾期）' : ''}`;
      rows.push({ ref_type: 'hazard', ref_id: h.id, label: `${h.code} ${h.title}`, detail });
    }
  }
  for (const [i, id] of [...new Set(input.taskIds)].entries()) {
    const t = await loadVisibleTask(db, actor, id).catch(missing);
    if (!t) details.push({ path: `taskIds.${i}`, message: '会议议定事项不存在或不在您的权限范围内' });
    else if (t.owner_unit_id !== unit.id) details.push({ path: `taskIds.${i}`, message: `议定事项「${t.title}」不由${unit.name}负责` });
    else rows.push({ ref_type: 'meeting_task', ref_id: t.id, label: t.title, detail: `${t.meeting_title}（${t.held_on}）·期限 ${t.deadline}` });
  }
  if (details.length)
    throw new AppError('VALIDATION_FAILED', `所列记录有误：${details[0]?.message}${details.length > 1 ? ` 等 ${details.length} 处问题` : ''}`, details);
  return rows;
}
