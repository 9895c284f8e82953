import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { hazardStateLabels } from '../../domain/hazard.js';
import type { Role } from '../../domain/roles.js';
import { linkAttachments, listAttachmentsOf } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { recordHazardChange } from '../hazards/hazards.service.js';
import { canSeeRecord, loadListedHazards, loadReadableSchool, recordScopeOf } from './notice-scope.js';
import * as repo from './penalties.repository.js';

/** 执法处罚书 are recorded by the police (the workbench's 权限 line reads this too). */
export const canRecordPenalty = (role: Role): boolean => role === 'police_officer';

export function toPenaltyDto(r: repo.PenaltyRecord) {
  return {
    id: r.id,
    number: r.number,
    policeUnitId: r.police_unit_id,
    policeUnitName: r.police_unit_name,
    schoolId: r.school_id,
    schoolName: r.school_name,
    decidedOn: r.decided_on,
    content: r.content,
    recordedByName: r.recorded_by_name,
    hazardCount: Number(r.hazard_count),
    createdAt: r.created_at.toISOString(),
  };
}
export type PenaltyDto = ReturnType<typeof toPenaltyDto>;

export type ListPenaltiesInput = {
  schoolId?: string | undefined;
  policeUnitId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
};

export async function listPenalties(db: Db, actor: Actor, input: ListPenaltiesInput) {
  const { page, pageSize, from, to, ...rest } = input;
  const { rows, total } = await repo.findPenalties(
    db,
    { scope: recordScopeOf(actor), ...rest, decidedFrom: from, decidedTo: to },
    { offset: (page - 1) * pageSize, limit: pageSize },
  );
  return { items: rows.map(toPenaltyDto), total, page, pageSize };
}

export async function getPenalty(db: Db, actor: Actor, id: string) {
  const p = await repo.findPenaltyById(db, actor.districtId, id);
  if (!p || !canSeeRecord(actor, { schoolId: p.school_id, authorId: p.recorded_by, unitId: p.police_unit_id })) throw notFound('执法处罚书');
  const [hazards, files] = await Promise.all([repo.findPenaltyHazards(db, actor.districtId, id), listAttachmentsOf(db, actor.districtId, 'penalty', [id])]);
  return {
    penalty: toPenaltyDto(p),
    hazards: hazards.map((h) => ({ id: h.id, code: h.code, title: h.title, place: h.place, state: h.state, stateLabel: hazardStateLabels[h.state] })),
    attachments: files.get(id) ?? [],
  };
}

export type RecordPenaltyInput = {
  schoolId: string;
  number: string;
  decidedOn: string;
  content: string;
  hazardIds: string[];
  attachmentIds: string[];
};

/**
 * 执法处罚书: the police station records its own decision (its own number, unique per station)
 * against a school of its precinct, optionally linking the hazards it concerns.
 */
export async function recordPenalty(db: Db, actor: Actor, input: RecordPenaltyInput, now = new Date()) {
  if (!canRecordPenalty(actor.role)) throw forbidden('只有派出所民警可以登记执法处罚书');
  const school = await loadReadableSchool(db, actor, input.schoolId);
  if (input.decidedOn > shanghaiDay(now)) {
    throw new AppError('VALIDATION_FAILED', '处罚决定日期不能晚于今天', [{ path: 'decidedOn', message: '处罚决定日期不能晚于今天' }]);
  }
  const hazards = await loadListedHazards(db, actor, input.schoolId, input.hazardIds, { allowClosed: true });
  const duplicate = () => new AppError('DUPLICATE', `本所已登记过文号为「${input.number}」的执法处罚书，请核对文号`);
  if (await repo.findPenaltyByNumber(db, actor.districtId, actor.orgUnitId, input.number)) throw duplicate();
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await repo.insertPenalty(trx, {
      district_id: actor.districtId,
      number: input.number,
      police_unit_id: actor.orgUnitId,
      school_id: school.id,
      decided_on: input.decidedOn,
      content: input.content,
      recorded_by: actor.userId,
      recorded_by_name: actor.displayName,
    });
    await repo.insertPenaltyHazards(
      trx,
      actor.districtId,
      id,
      hazards.map((h) => h.id),
    );
    await linkAttachments(trx, actor, input.attachmentIds, { type: 'penalty', id, schoolId: school.id });
    for (const h of hazards) {
      await recordHazardChange(trx, actor, h, {
        action: 'penalty_recorded',
        fromState: h.state,
        toState: h.state,
        note: `执法处罚书 ${input.number}（${input.decidedOn}）`,
        data: { penaltyId: id, number: input.number },
        summary: `登记执法处罚书 ${input.number}`,
      });
    }
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'penalty.record',
      entityType: 'penalty',
      entityId: id,
      orgUnitId: school.id,
      summary: `登记对「${school.name}」的执法处罚书 ${input.number}`,
      after: { ...input, policeUnitId: actor.orgUnitId },
    });
    return id;
  });
  return getPenalty(db, actor, id);
}
