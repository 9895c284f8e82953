import type { CaseStanding } from '../../domain/case-workflow.js';
import type { OrgUnitKind, Role } from '../../domain/roles.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import { type CaseRecord, type CaseViewer, supervisedRelations } from './cases.repository.js';

/**
 * How a user stands to a case. A unit's users act for it by role: a school's principal and safety
 * officer, a centre's officers, a department's or police station's officers, the district admin.
 * Staff (教职工) act for no unit: they see and add to what they reported themselves.
 */
const actingRolesOf: Record<OrgUnitKind, readonly Role[]> = {
  school: ['principal', 'school_safety_officer'],
  centre: ['centre_officer'],
  township: ['centre_officer'],
  department: ['department_officer', 'police_officer'],
  district: ['district_admin'],
};
/** Roles that supervise the units in their scope (not the district-wide readers by function: departments, joint group). */
const supervisingRoles: ReadonlySet<Role> = new Set(['centre_officer', 'responsible_inspector', 'commission_leader', 'police_officer']);

export const actsForOwnUnit = (actor: Actor): boolean => actor.role !== 'staff' && actor.role !== 'responsible_inspector' && actor.role !== 'commission_leader';
export const actsForUnitKind = (actor: Actor, kind: OrgUnitKind): boolean => actingRolesOf[kind].includes(actor.role);

export function viewerOf(actor: Actor): CaseViewer {
  const all = actor.role === 'district_admin';
  const read = actor.scope.read;
  return {
    userId: actor.userId,
    unitId: actor.orgUnitId,
    all,
    ownUnitCounts: actsForOwnUnit(actor),
    supervisedUnitIds: supervisingRoles.has(actor.role) && !read.all ? [...read.ids].filter((id) => id !== actor.orgUnitId) : null,
  };
}

export type CaseUnitRow = { unit_id: string; relation: string };
export type EscalationRow = { unit_id: string; acknowledged_at: Date | null };

/** The same rule as cases.repository visibleTo, for one loaded case. */
export function canSeeCase(actor: Actor, c: CaseRecord, units: readonly CaseUnitRow[]): boolean {
  const v = viewerOf(actor);
  if (v.all || c.created_by === actor.userId) return true;
  if (v.ownUnitCounts && units.some((u) => u.unit_id === actor.orgUnitId)) return true;
  if (c.confidentiality === 'minor' || !v.supervisedUnitIds) return false;
  const sup = new Set(v.supervisedUnitIds);
  return units.some((u) => (supervisedRelations as readonly string[]).includes(u.relation) && sup.has(u.unit_id));
}

export function standingOf(
  actor: Actor,
  c: CaseRecord,
  units: readonly CaseUnitRow[],
  escalations: readonly EscalationRow[],
  unitKinds: Map<string, OrgUnitKind>,
): CaseStanding {
  const actsFor = (unitId: string | null) => {
    if (!unitId || unitId !== actor.orgUnitId) return false;
    const kind = unitKinds.get(unitId);
    return kind ? actsForUnitKind(actor, kind) : false;
  };
  const district = actor.role === 'district_admin';
  const supervisor =
    c.assigned_unit_id !== null &&
    c.assigned_unit_id !== actor.orgUnitId &&
    supervisingRoles.has(actor.role) &&
    canRead(actor.scope, c.assigned_unit_id) &&
    c.confidentiality !== 'minor';
  return {
    owner: actsFor(c.owner_unit_id),
    assignee: actsFor(c.assigned_unit_id),
    supervisor: supervisor || (district && c.assigned_unit_id !== null && c.assigned_unit_id !== actor.orgUnitId),
    district,
    reporter: c.created_by === actor.userId || units.some((u) => u.relation === 'reporter' && actsFor(u.unit_id)),
    pendingAcknowledgement: escalations.some((e) => e.acknowledged_at === null && actsFor(e.unit_id)),
  };
}

/** Personal data (reporter's name and phone) is shown to the owner, the unit handling it now, the district and who reported it. */
export const seesPersonalData = (s: CaseStanding, c: CaseRecord): boolean =>
  c.confidentiality === 'normal' || s.owner || s.assignee || s.district || s.reporter;
