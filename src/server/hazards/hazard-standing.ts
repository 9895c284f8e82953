import type { HazardSnapshot, Standing } from '../../domain/hazard-workflow.js';
import type { Role } from '../../domain/roles.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { HazardRecord } from './hazards.repository.js';

/** Roles that supervise every school of their read scope (assess, verify, decide extensions, reopen). */
const supervisingRoles: ReadonlySet<Role> = new Set(['district_admin', 'centre_officer', 'responsible_inspector', 'commission_leader', 'police_officer']);
/**
 * Roles that read the whole district but supervise only what their own unit found: a department
 * (按职督查) and the joint group. A department also rectifies what was handed over to it (交办),
 * as the responsible unit. See docs/ARCHITECTURE.md "Scope".
 */
const findingRoles: ReadonlySet<Role> = new Set(['department_officer', 'joint_inspector']);
/** Who assesses and hands over (研判、交办) hazards they can read. */
export const dispatchingRoles: ReadonlySet<Role> = new Set(['district_admin', 'centre_officer', 'responsible_inspector']);
const schoolManagerRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer']);
const unitManagerRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'department_officer', 'police_officer']);

/** A hazard is visible to whoever can read its school, and to the department it was handed to. */
export const canSeeHazard = (actor: Actor, h: Pick<HazardRecord, 'school_id' | 'handed_over_to'>): boolean =>
  canRead(actor.scope, h.school_id) || h.handed_over_to === actor.orgUnitId;

/** How this actor stands to this hazard: the input of the workflow table. */
export function standingOf(actor: Actor, h: Pick<HazardRecord, 'school_id' | 'responsible_unit_id' | 'found_by_unit_id'>): Standing {
  const schoolManager = actor.orgUnitId === h.school_id && schoolManagerRoles.has(actor.role);
  const supervises = supervisingRoles.has(actor.role) || (findingRoles.has(actor.role) && h.found_by_unit_id === actor.orgUnitId);
  return {
    schoolManager,
    principal: schoolManager && actor.role === 'principal',
    responsible: actor.orgUnitId === h.responsible_unit_id && unitManagerRoles.has(actor.role),
    supervisor: supervises && canRead(actor.scope, h.school_id),
    dispatcher: dispatchingRoles.has(actor.role) && canRead(actor.scope, h.school_id),
    district: actor.role === 'district_admin',
  };
}

export const snapshotOf = (h: HazardRecord): HazardSnapshot => ({
  state: h.state,
  level: h.level,
  deadline: h.deadline,
  supervisionListed: h.supervision_listed,
  extensionPending: h.extension_requested_deadline !== null,
  handedOver: h.handed_over_to !== null,
});
