import { randomUUID } from 'node:crypto';
import { shanghaiDay } from '../../domain/calendar.js';
import type { CreateTrainingInput } from '../../domain/education.js';
import { AppError, type ErrorDetail, notFound } from '../../domain/errors.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { canRead } from '../../domain/scope.js';
import { linkAttachments, listAttachmentsOf } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import { assertCanRecord, assertSpeakerUnit, labelOf, readableSchoolIds } from './education-scope.js';
import * as repo from './trainings.repository.js';

export function toTrainingDto(r: repo.TrainingRecord, pack: ResolvedPack) {
  return {
    id: r.id,
    clientId: r.client_id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    trainedOn: r.trained_on,
    kind: r.kind,
    kindLabel: labelOf(pack.vocab.trainingKinds, r.kind) as string,
    title: r.title,
    trainer: r.trainer,
    trainerBody: r.trainer_body,
    trainerUnitId: r.trainer_unit_id,
    trainerUnitName: r.trainer_unit_name,
    hours: Number(r.hours),
    attendeeIds: r.attendee_ids,
    attendeeCount: r.attendee_count,
    staffBase: r.staff_base,
    note: r.note,
    createdByName: r.created_by_name,
    createdAt: r.created_at.toISOString(),
  };
}
export type TrainingDto = ReturnType<typeof toTrainingDto>;

export type TrainingListFilter = { schoolId?: string | undefined; kind?: string | undefined; from?: string | undefined; to?: string | undefined };

const filterOf = (actor: Actor, f: TrainingListFilter): repo.TrainingFilter => ({ districtId: actor.districtId, schoolIds: readableSchoolIds(actor), ...f });

export async function listTrainings(app: AppContext, actor: Actor, input: TrainingListFilter & { page: number; pageSize: number }) {
  const { page, pageSize, ...filter } = input;
  const f = filterOf(actor, filter);
  const [rows, counts, pack] = await Promise.all([
    repo.findTrainings(app.db, f, { offset: (page - 1) * pageSize, limit: pageSize }),
    repo.countTrainings(app.db, f),
    packOf(app, actor.districtId),
  ]);
  return { items: rows.map((r) => toTrainingDto(r, pack)), total: counts.total, counts, page, pageSize };
}

export async function getTraining(app: AppContext, actor: Actor, id: string) {
  const r = await repo.findTrainingById(app.db, actor.districtId, id);
  if (!r || !canRead(actor.scope, r.school_id)) throw notFound('培训记录');
  const [pack, files, names] = await Promise.all([
    packOf(app, actor.districtId),
    listAttachmentsOf(app.db, actor.districtId, 'staff_training', [id]),
    repo.findUserNames(app.db, actor.districtId, r.attendee_ids),
  ]);
  const attendees = r.attendee_ids.map((uid) => ({ id: uid, name: names.get(uid)?.name ?? '（已删除的账号）' }));
  return { training: toTrainingDto(r, pack), attendees, attachments: files.get(id) ?? [] };
}

async function attendeeProblems(app: AppContext, actor: Actor, input: CreateTrainingInput): Promise<ErrorDetail[]> {
  const names = await repo.findUserNames(app.db, actor.districtId, [...new Set(input.attendeeIds)]);
  return input.attendeeIds.flatMap((id, i) =>
    names.get(id)?.unitId === input.schoolId ? [] : [{ path: `attendeeIds.${i}`, message: '参训人员不是本校教职工账号' }],
  );
}

/** Records a training; a repeated clientId answers the training already recorded. */
export async function createTraining(app: AppContext, actor: Actor, input: CreateTrainingInput) {
  assertCanRecord(actor, input.schoolId, '教职工培训');
  const problems: ErrorDetail[] = [];
  if (input.trainedOn > shanghaiDay(new Date())) problems.push({ path: 'trainedOn', message: '日期不能晚于今天：请在培训后登记' });
  const pack = await packOf(app, actor.districtId);
  if (!pack.vocab.trainingKinds.some((k) => k.code === input.kind)) problems.push({ path: 'kind', message: `培训类别「${input.kind}」不在本区政策包中` });
  problems.push(...(await attendeeProblems(app, actor, input)));
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems.map((p) => p.message).join('；'), problems);
  await assertSpeakerUnit(app.db, actor.districtId, input.trainerUnitId, 'trainerUnitId', '培训单位');
  if (input.clientId) {
    const seen = await repo.findTrainingByClientId(app.db, actor.districtId, input.clientId);
    if (seen) return sameTrainingAgain(app, actor, seen, input);
  }
  const clientId = input.clientId ?? randomUUID();
  const attendeeIds = [...new Set(input.attendeeIds)];
  const staffBase = await repo.findStaffCount(app.db, actor.districtId, input.schoolId);
  const id = await app.db.transaction().execute(async (trx) => {
    const newId = await repo.insertTrainingOnce(trx, {
      district_id: actor.districtId,
      client_id: clientId,
      school_id: input.schoolId,
      trained_on: input.trainedOn,
      kind: input.kind,
      title: input.title,
      trainer: input.trainer,
      trainer_body: input.trainerBody,
      trainer_unit_id: input.trainerUnitId ?? null,
      hours: input.hours,
      attendee_ids: attendeeIds,
      attendee_count: input.attendeeCount ?? attendeeIds.length,
      staff_base: staffBase,
      note: input.note,
      created_by: actor.userId,
      created_by_name: actor.displayName,
    });
    if (!newId) return null;
    await linkAttachments(trx, actor, input.attachmentIds, { type: 'staff_training', id: newId, schoolId: input.schoolId });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'training.create',
      entityType: 'staff_training',
      entityId: newId,
      orgUnitId: input.schoolId,
      summary: `登记教职工培训：${input.trainedOn} ${labelOf(pack.vocab.trainingKinds, input.kind)} ${input.attendeeCount ?? attendeeIds.length} 人 ${input.hours} 学时`,
      after: { ...input, attendeeIds, staffBase },
    });
    return newId;
  });
  if (id) return getTraining(app, actor, id);
  const winner = await repo.findTrainingByClientId(app.db, actor.districtId, clientId);
  if (!winner) throw new AppError('CONFLICT', '该提交编号已被使用，请刷新页面后重新登记');
  return sameTrainingAgain(app, actor, winner, input);
}

/** A clientId already recorded: the same user's resend answers the training; anyone else's is a conflict. */
function sameTrainingAgain(app: AppContext, actor: Actor, seen: { id: string; school_id: string; created_by: string | null }, input: CreateTrainingInput) {
  if (seen.created_by !== actor.userId || seen.school_id !== input.schoolId) {
    throw new AppError('CONFLICT', '该提交编号已被其他记录使用，请刷新页面后重新登记');
  }
  return getTraining(app, actor, seen.id);
}

const exportColumns: { header: string; width: number; value: (t: TrainingDto) => string | number }[] = [
  { header: '学校', width: 26, value: (t) => t.schoolName },
  { header: '日期', width: 12, value: (t) => t.trainedOn },
  { header: '培训类别', width: 16, value: (t) => t.kindLabel },
  { header: '培训名称', width: 24, value: (t) => t.title },
  { header: '培训人', width: 12, value: (t) => t.trainer },
  { header: '培训机构', width: 20, value: (t) => t.trainerBody },
  { header: '培训单位（部门）', width: 20, value: (t) => t.trainerUnitName ?? '' },
  { header: '学时', width: 8, value: (t) => t.hours },
  { header: '参训人数', width: 10, value: (t) => t.attendeeCount },
  { header: '教职工总数', width: 10, value: (t) => t.staffBase },
  { header: '备注', width: 30, value: (t) => t.note },
  { header: '登记人', width: 12, value: (t) => t.createdByName },
];

export async function exportTrainings(app: AppContext, actor: Actor, filter: TrainingListFilter) {
  const [rows, pack] = await Promise.all([repo.findTrainings(app.db, filterOf(actor, filter), { offset: 0, limit: 20000 }), packOf(app, actor.districtId)]);
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '护校安园';
  const ws = wb.addWorksheet('教职工培训', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = exportColumns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const dto = toTrainingDto(r, pack);
    ws.addRow(exportColumns.map((c) => c.value(dto)));
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: exportColumns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Trainings of one school by kind in a period (the school file's panel); nothing outside the scope. */
export async function trainingsByKind(app: AppContext, actor: Actor, q: { schoolId: string; from: string; to: string }) {
  if (!canRead(actor.scope, q.schoolId)) return [];
  const [rows, pack] = await Promise.all([repo.countTrainingsByKind(app.db, actor.districtId, q.schoolId, q.from, q.to), packOf(app, actor.districtId)]);
  return rows.map((r) => ({ ...r, kindLabel: labelOf(pack.vocab.trainingKinds, r.kind) }));
}
