import type { z } from 'zod';
import type { DutyKind } from '../../domain/duty.js';
import { dutyKindLabels } from '../../domain/duty.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { type createRecordCheckSchema, recordCheckResultLabels } from '../../domain/patrol.js';
import { canRead } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { RecordCheckTable } from '../db/schema.js';
import { dutySources } from '../duty/duty.registry.js';
import { schoolRoles } from '../patrol/patrol-rules.js';
import * as repo from './record-checks.repository.js';

/**
 * A supervisor's 抽查核实 mark on any duty record (checked / questioned, with a note). The record's
 * school comes from its duty source (ownerOf), so scope is checked one way for every kind: a
 * supervisor whose read scope holds the school may mark it; the school sees the marks on its own
 * records and cannot mark them.
 */
export type RecordCheckDto = {
  id: string;
  kind: string;
  recordId: string;
  result: RecordCheckTable['result'];
  resultLabel: string;
  note: string;
  checkedByName: string;
  checkedByUnit: string;
  checkedAt: string;
};

async function loadOwner(db: Db, actor: Actor, kind: DutyKind, recordId: string) {
  const source = dutySources.find((s) => s.kind === kind);
  if (!source) throw new AppError('VALIDATION_FAILED', `「${dutyKindLabels[kind]}」暂不支持抽查核实`, [{ path: 'kind', message: '该类记录暂不支持抽查核实' }]);
  const owner = await source.ownerOf(db, actor.districtId, recordId);
  // Outside scope answers as "does not exist": the record's existence is itself information.
  if (!owner || !canRead(actor.scope, owner.unitId)) throw notFound(dutyKindLabels[kind]);
  return owner;
}

const toDto = (r: Awaited<ReturnType<typeof repo.insertRecordCheck>>): RecordCheckDto => ({
  id: r.id,
  kind: r.kind,
  recordId: r.record_id,
  result: r.result,
  resultLabel: recordCheckResultLabels[r.result],
  note: r.note,
  checkedByName: r.checked_by_name,
  checkedByUnit: r.checked_by_unit,
  checkedAt: r.checked_at.toISOString(),
});

export async function listRecordChecks(app: AppContext, actor: Actor, q: { kind: DutyKind; recordId: string }) {
  await loadOwner(app.db, actor, q.kind, q.recordId);
  const items = (await repo.findRecordChecks(app.db, actor.districtId, q.kind, q.recordId)).map(toDto);
  return { items, canMark: !schoolRoles.has(actor.role) };
}

export async function createRecordCheck(app: AppContext, actor: Actor, input: z.infer<typeof createRecordCheckSchema>, now = new Date()) {
  const owner = await loadOwner(app.db, actor, input.kind, input.recordId);
  if (schoolRoles.has(actor.role)) throw forbidden('抽查核实由上级督查人员进行，学校不能核实本校记录');
  const unit = await repo.findUnitName(app.db, actor.districtId, actor.orgUnitId);
  const row = await app.db.transaction().execute(async (trx) => {
    const r = await repo.insertRecordCheck(trx, {
      district_id: actor.districtId,
      kind: input.kind,
      record_id: input.recordId,
      school_id: owner.unitId,
      result: input.result,
      note: input.note,
      checked_by: actor.userId,
      checked_by_name: actor.displayName,
      checked_by_unit: unit,
      checked_at: now,
    });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'record_check.create',
      entityType: 'record_check',
      entityId: r.id,
      orgUnitId: owner.unitId,
      summary: `抽查核实${dutyKindLabels[input.kind]}「${owner.label}」：${recordCheckResultLabels[input.result]}${input.note ? `（${input.note.slice(0, 60)}）` : ''}`,
      after: { kind: input.kind, recordId: input.recordId, result: input.result, note: input.note },
    });
    return r;
  });
  return { recordCheck: toDto(row) };
}
