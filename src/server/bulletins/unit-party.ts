import type { Role } from '../../domain/roles.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { findActiveUnitUsers } from '../notifications/notifications.repository.js';

/**
 * Who answers for a unit that a bulletin addresses or a meeting task is given to: a school's
 * principal and safety officer, a centre's officers, a department's or police station's officers.
 * Shared by bulletins and meeting tasks (one rule for "the unit's managers").
 */
const managerRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'centre_officer', 'department_officer', 'police_officer']);

/** Roles that answer for their own unit. */
export const isManagerRole = (role: Role) => managerRoles.has(role);

export const isUnitManager = (actor: Actor, unitId: string): boolean => actor.orgUnitId === unitId && managerRoles.has(actor.role);

/** The active managers of one unit, for the inbox. */
export async function unitManagerIds(db: Db, districtId: string, unitId: string): Promise<string[]> {
  const users = await findActiveUnitUsers(db, districtId, [unitId]);
  return users.filter((u) => managerRoles.has(u.role as Role)).map((u) => u.user_id);
}

/**
 * The district (its admin, and the joint group that brings problems to the district) records
 * meetings and issues bulletins district-wide; a centre issues bulletins to the schools under it.
 */
export const districtIssuerRoles: ReadonlySet<Role> = new Set(['district_admin', 'joint_inspector']);
