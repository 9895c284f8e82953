import type { Role } from '../../domain/roles.js';
import { allUnits, type ReadRule, type Scope, scopeRules, type UnitSet, unitsOf, type WriteRule } from '../../domain/scope.js';
import type { Db } from '../db/database.js';
import { findAssignmentTargets, findSubtreeIds } from '../org/org.repository.js';

type ScopeSubject = { userId: string; districtId: string; role: Role; orgUnitId: string };

async function resolveRead(db: Db, u: ScopeSubject, rule: ReadRule): Promise<UnitSet> {
  switch (rule) {
    case 'district':
      return allUnits;
    case 'home_subtree':
      return unitsOf(await findSubtreeIds(db, u.districtId, [u.orgUnitId]));
    case 'home_school':
      return unitsOf([u.orgUnitId]);
    case 'inspector_schools':
      return unitsOf([u.orgUnitId, ...(await findAssignmentTargets(db, u.districtId, 'inspector_school', u.userId))]);
    case 'leader_areas': {
      const areas = await findAssignmentTargets(db, u.districtId, 'leader_area', u.userId);
      return unitsOf([u.orgUnitId, ...(await findSubtreeIds(db, u.districtId, areas))]);
    }
    case 'precinct_schools':
      return unitsOf([u.orgUnitId, ...(await findAssignmentTargets(db, u.districtId, 'precinct_school', u.orgUnitId))]);
  }
}

async function resolveWrite(db: Db, u: ScopeSubject, rule: WriteRule, read: UnitSet): Promise<UnitSet> {
  switch (rule) {
    case 'district':
      return allUnits;
    case 'none':
      return unitsOf([]);
    case 'home_school':
      return unitsOf([u.orgUnitId]);
    case 'home_subtree':
      // Same rule as the read side for these roles; reuse the resolved set.
      return read.all ? unitsOf(await findSubtreeIds(db, u.districtId, [u.orgUnitId])) : read;
  }
}

/** Turns the role's scope rule into concrete organisation units, from the database. */
export async function resolveScope(db: Db, subject: ScopeSubject): Promise<Scope> {
  const rules = scopeRules[subject.role];
  const read = await resolveRead(db, subject, rules.read);
  const write = await resolveWrite(db, subject, rules.write, read);
  return { districtId: subject.districtId, read, write };
}
