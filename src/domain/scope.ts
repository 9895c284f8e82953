import type { Role } from './roles.js';

/**
 * How far a role reaches. The server resolves each rule to concrete organisation units
 * (see server/auth/scope.resolver.ts); this table is the policy, kept pure so it can be
 * tested and shown to administrators.
 */
export type ReadRule =
  | 'district' // every unit of the district
  | 'home_subtree' // the user's township/centre and everything under it
  | 'home_school' // the user's own school
  | 'inspector_schools' // schools assigned to the user (包校)
  | 'leader_areas' // townships/centres assigned to the user (包片) and their schools
  | 'precinct_schools'; // schools in the user's police-station precinct

export type WriteRule = 'district' | 'home_subtree' | 'home_school' | 'none';

export const scopeRules: Record<Role, { read: ReadRule; write: WriteRule }> = {
  district_admin: { read: 'district', write: 'district' },
  commission_leader: { read: 'leader_areas', write: 'none' },
  responsible_inspector: { read: 'inspector_schools', write: 'none' },
  department_officer: { read: 'district', write: 'none' },
  centre_officer: { read: 'home_subtree', write: 'home_subtree' },
  police_officer: { read: 'precinct_schools', write: 'none' },
  joint_inspector: { read: 'district', write: 'none' },
  principal: { read: 'home_school', write: 'home_school' },
  school_safety_officer: { read: 'home_school', write: 'home_school' },
  staff: { read: 'home_school', write: 'none' },
};

/** A set of organisation units, or all of the district's. */
export type UnitSet = { readonly all: true } | { readonly all: false; readonly ids: ReadonlySet<string> };

export const allUnits: UnitSet = { all: true };
export const unitsOf = (ids: Iterable<string>): UnitSet => ({ all: false, ids: new Set(ids) });

export const includesUnit = (set: UnitSet, id: string): boolean => set.all || set.ids.has(id);

/** The resolved scope of one signed-in user. */
export type Scope = {
  readonly districtId: string;
  readonly read: UnitSet;
  readonly write: UnitSet;
};

export const canRead = (scope: Scope, unitId: string): boolean => includesUnit(scope.read, unitId);
export const canWrite = (scope: Scope, unitId: string): boolean => includesUnit(scope.write, unitId);

/** School profile fields only the district may change: identity and place in the tree. */
export const districtOnlySchoolFields = ['name', 'code', 'parentId', 'schoolType', 'ownership'] as const;

export const canEditSchoolIdentity = (role: Role): boolean => role === 'district_admin';
