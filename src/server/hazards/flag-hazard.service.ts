import { AppError } from '../../domain/errors.js';
import type { HazardSource } from '../../domain/hazard.js';
import { decide } from '../../domain/hazard-workflow.js';
import type { Role } from '../../domain/roles.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { insertFlagHazard } from '../school-bus/school-bus.repository.js';
import { snapshotOf, standingOf } from './hazard-standing.js';
import { findHazardById, type HazardRecord, updateHazardIfVersion } from './hazards.repository.js';
import { insertHazardInTransaction, recordHazardChange } from './hazards.service.js';

export type FlagHazardInput = {
  schoolId: string;
  subject: 'bus' | 'water';
  flagKey: string;
  title: string;
  description: string;
  place: string;
  category: string;
  source: HazardSource;
  /** Why it is general (研判 note). */
  assessNote: string;
};

/**
 * A flag (an expired licence, a missing warning sign, a patrol overdue) becomes a hazard in one
 * step: registered through hazards.service (ledger, notifications and the audit chain as any other),
 * linked to the flag's key in flag_hazard, and assessed as general (研判) with the school responsible
 * when the workflow lets the actor assess (the school's managers, supervisors); otherwise it waits at
 * 登记. The caller checks that no open hazard has the key and runs this inside its transaction.
 */
export async function raiseFlagHazard(trx: Db, actor: Actor, i: FlagHazardInput, now: Date): Promise<{ hazardId: string; assessed: boolean }> {
  const hazardId = await insertHazardInTransaction(
    trx,
    actor,
    {
      schoolId: i.schoolId,
      title: i.title.slice(0, 100),
      description: i.description,
      place: i.place,
      category: i.category,
      source: i.source,
      attachmentIds: [],
    },
    now,
    now,
  );
  await insertFlagHazard(trx, { district_id: actor.districtId, hazard_id: hazardId, school_id: i.schoolId, subject: i.subject, flag_key: i.flagKey });
  const h = (await findHazardById(trx, actor.districtId, hazardId)) as HazardRecord;
  const assess = decide(snapshotOf(h), 'assess', standingOf(actor, h));
  if (!assess.ok) return { hazardId, assessed: false };
  if (!(await updateHazardIfVersion(trx, actor.districtId, h.id, h.version, { state: 'assessed', level: 'general', category: i.category }))) {
    throw new AppError('CONFLICT', '隐患刚被他人修改，请刷新后重试');
  }
  await recordHazardChange(trx, actor, h, {
    action: 'assess',
    fromState: 'reported',
    toState: 'assessed',
    note: i.assessNote,
    data: { level: 'general', category: i.category },
    summary: '研判',
    before: { state: 'reported' },
    after: { state: 'assessed', level: 'general', category: i.category },
  });
  return { hazardId, assessed: true };
}

const sources: Partial<Record<Role, HazardSource>> = {
  principal: 'school_self',
  school_safety_officer: 'school_self',
  staff: 'school_self',
  centre_officer: 'centre',
  police_officer: 'police',
  department_officer: 'department',
  responsible_inspector: 'inspector',
  joint_inspector: 'joint',
  commission_leader: 'leader',
};
/** The hazard source of a finding by this role (学校自查, 教管中心检查, 公安 …). */
export const hazardSourceOf = (role: Role): HazardSource => sources[role] ?? 'district';
