import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { VocabEntry } from '../../domain/policy/pack-schema.js';
import type { Role } from '../../domain/roles.js';
import { canRead, canWrite } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { findSpeakerUnits } from './education.repository.js';

/**
 * Who records education sessions and trainings: the school's principal and safety officer, for
 * their own school. Supervisors (district, centre, inspectors, police) read within their scope.
 */
const recordingRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer']);

export const canRecordFor = (actor: Actor, schoolId: string): boolean =>
  recordingRoles.has(actor.role) && actor.orgUnitId === schoolId && canWrite(actor.scope, schoolId);

/** 403 for a school the actor can see but not record for; 404 for one outside the scope. */
export function assertCanRecord(actor: Actor, schoolId: string, what: string) {
  if (canRecordFor(actor, schoolId)) return;
  if (canRead(actor.scope, schoolId)) throw forbidden(`只有本校校长或安全干部可以登记${what}，上级单位只能查看`);
  throw notFound('学校');
}

export const readableSchoolIds = (actor: Actor): string[] | null => (actor.scope.read.all ? null : [...actor.scope.read.ids]);

/** The label of a vocabulary code; a code the pack has since retired shows as it is. */
export const labelOf = (entries: readonly VocabEntry[], code: string | null | undefined): string | null =>
  code ? (entries.find((e) => e.code === code)?.label ?? code) : null;

/** An outside speaker's or trainer's unit must be an active department of the district (400 otherwise). */
export async function assertSpeakerUnit(db: Db, districtId: string, unitId: string | undefined, path: string, label: string) {
  if (unitId === undefined) return;
  const units = await findSpeakerUnits(db, districtId);
  if (!units.some((u) => u.id === unitId)) {
    throw new AppError('VALIDATION_FAILED', `${label}必须是本区有效的部门（如区消防救援支队、派出所）`, [{ path, message: `${label}无效` }]);
  }
}
