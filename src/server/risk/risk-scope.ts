import { canWrite } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { ReadIds } from './risk.repository.js';

/**
 * Who sees and writes the risk register: a school its own points and alerts, a centre its
 * schools, the district (and the roles that read the whole district: departments, joint
 * inspectors) everything including the district-level points; police their precinct's schools,
 * leaders and inspectors their areas and schools. Writing follows the write scope: a school its
 * own points, a centre its schools', the district every point (district-level points too).
 */
export const readIdsOf = (actor: Actor): ReadIds => (actor.scope.read.all ? null : [...actor.scope.read.ids]);
export const writeIdsOf = (actor: Actor): ReadIds => (actor.scope.write.all ? null : [...actor.scope.write.ids]);

/** A point belongs to a school (school id) or to the district (null): only the whole-district writer writes the latter. */
export const canWritePoint = (actor: Actor, schoolId: string | null): boolean => (schoolId === null ? actor.scope.write.all : canWrite(actor.scope, schoolId));

/** Who sends risk alerts: the district's administrators and the centres (to their own schools). */
export const canSendAlerts = (actor: Actor): boolean => actor.role === 'district_admin' || actor.role === 'centre_officer';

/** Who acknowledges for a school: its principal and safety officer. */
export const canAcknowledge = (actor: Actor, schoolId: string): boolean =>
  (actor.role === 'principal' || actor.role === 'school_safety_officer') && canWrite(actor.scope, schoolId);
