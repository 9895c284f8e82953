import type { HazardSource } from '../../../domain/hazard';
import type { Role } from '../../../domain/roles';

const schoolRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'staff']);

/** School users report what they find themselves: source 学校自查, never 重大 (that is for the levels above). */
export const isSchoolRole = (role: Role): boolean => schoolRoles.has(role);

/** The usual source of a hazard registered by each role; the user may change it (except schools). */
export const defaultSourceOf: Partial<Record<Role, HazardSource>> = {
  principal: 'school_self',
  school_safety_officer: 'school_self',
  staff: 'school_self',
  centre_officer: 'centre',
  responsible_inspector: 'inspector',
  department_officer: 'department',
  commission_leader: 'leader',
  joint_inspector: 'joint',
  police_officer: 'police',
};
