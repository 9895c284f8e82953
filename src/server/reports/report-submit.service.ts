import { AppError, type ErrorDetail, forbidden, notFound } from '../../domain/errors.js';
import { reportStanding } from '../../domain/reports.js';
import { canRead } from '../../domain/scope.js';
import { linkAttachments } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { findActiveUnitUsers } from '../notifications/notifications.repository.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import {
  type CellValue,
  canFileFor,
  canReturnFrom,
  computeCells,
  dueOf,
  filingRoles,
  filingUnitOf,
  periodOfType,
  type ReportType,
  reportTypeOf,
  todayOf,
} from './report-context.js';
import * as repo from './reports.repository.js';

/**
 * Submitting and returning reports. A submission freezes the platform's figures (computed on the
 * server, never taken from the client) beside the filer's values: a changed value needs a note.
 * A returned report is resubmitted as a new version; the returned one stays as it was.
 */
export type SubmitReportInput = {
  typeCode: string;
  periodKey: string;
  unitId?: string | undefined;
  zeroReport: boolean;
  cells: { key: string; value: number | null; note?: string | undefined }[];
  fields: Record<string, string>;
  attachmentIds: string[];
};

const fail = (details: ErrorDetail[]) => new AppError('VALIDATION_FAILED', details[0]?.message ?? '报表内容有误', details);

function checkInput(t: ReportType, computed: CellValue[], input: SubmitReportInput) {
  const problems: ErrorDetail[] = [];
  const known = new Map(computed.map((c) => [c.key, c]));
  const given = new Map<string, SubmitReportInput['cells'][number]>();
  input.cells.forEach((c, i) => {
    const cell = known.get(c.key);
    if (!cell) problems.push({ path: `cells.${i}.key`, message: `统计项「${c.key}」不属于本报表` });
    else if (given.has(c.key)) problems.push({ path: `cells.${i}.key`, message: `统计项「${cell.label}」重复` });
    // A changed platform figure needs a reason; a cell without one (computed null) is the filer's own figure.
    else if (cell.computed !== null && c.value !== cell.computed && !c.note?.trim())
      problems.push({ path: `cells.${i}.note`, message: `「${cell.label}」与平台统计（${cell.computed ?? '无'}）不同，请说明原因` });
    given.set(c.key, c);
  });
  const fieldDefs = new Map(t.fields.map((f) => [f.code, f]));
  for (const [code, text] of Object.entries(input.fields)) {
    const f = fieldDefs.get(code);
    if (!f) problems.push({ path: `fields.${code}`, message: `栏目「${code}」不属于本报表` });
    else if (text.length > f.maxLength) problems.push({ path: `fields.${code}`, message: `「${f.label}」不超过 ${f.maxLength} 个字` });
  }
  if (!input.zeroReport) {
    for (const f of t.fields) if (f.required && !input.fields[f.code]?.trim()) problems.push({ path: `fields.${f.code}`, message: `请填写「${f.label}」` });
  }
  if (input.zeroReport && !t.zeroReport) problems.push({ path: 'zeroReport', message: '本报表不能零报告' });
  if (input.attachmentIds.length && !t.allowAttachments) problems.push({ path: 'attachmentIds', message: '本报表不收附件' });
  if (problems.length) throw fail(problems);
  return computed.map((c) => {
    const g = given.get(c.key);
    return { key: c.key, label: c.label, computed: c.computed, value: g ? g.value : c.computed, note: g?.note?.trim() ?? '' };
  });
}

export async function submitReport(app: AppContext, actor: Actor, input: SubmitReportInput, now = new Date()) {
  const t = await reportTypeOf(app, actor.districtId, input.typeCode);
  const today = todayOf(now);
  const p = periodOfType(t, input.periodKey, today);
  const unit = await filingUnitOf(app, actor, t, input.unitId);
  if (!canFileFor(actor, unit)) throw forbidden(`「${t.label}」由${unit.name}的${(filingRoles[unit.kind] ?? []).length ? '负责人' : '本单位'}填报`);
  const cells = checkInput(t, await computeCells(app, actor, t, unit, p, now), input);
  const fields =
    input.zeroReport && !Object.values(input.fields).some((v) => v.trim()) ? { [t.fields[0]?.code ?? 'narrative']: '本期无特殊情况（零报告）' } : input.fields;
  const due = dueOf(t, p);
  return app.db.transaction().execute(async (trx) => {
    const existing = await repo.findReportOf(trx, actor.districtId, t.code, p.key, unit.id);
    if (existing?.state === 'submitted') throw new AppError('CONFLICT', `${unit.name}的${p.label}「${t.label}」已报送；如需更正，请上级退回后重报`);
    let id: string;
    let versionNo = 1;
    if (existing) {
      versionNo = existing.version_no + 1;
      const res = await repo.resubmitReport(trx, actor.districtId, existing.id, versionNo, now);
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '报表刚被他人更新，请刷新后重试');
      id = existing.id;
    } else {
      id = (
        await repo.insertReport(trx, { district_id: actor.districtId, type_code: t.code, period_key: p.key, unit_id: unit.id, due_on: due, submitted_at: now })
      ).id;
    }
    const version = await repo.insertVersion(trx, {
      district_id: actor.districtId,
      report_id: id,
      version_no: versionNo,
      zero_report: input.zeroReport,
      cells: JSON.stringify(cells),
      fields: JSON.stringify(fields),
      submitted_by: actor.userId,
      submitted_by_name: actor.displayName,
      submitted_at: now,
    });
    await linkAttachments(trx, actor, input.attachmentIds, { type: 'report_version', id: version.id, schoolId: unit.kind === 'school' ? unit.id : null });
    // The saved draft has become this version.
    const draft = await repo.findDraft(trx, actor.districtId, t.code, p.key, unit.id);
    if (draft) await repo.deleteDraft(trx, actor.districtId, draft.id);
    const corrected = cells.filter((c) => c.value !== c.computed).map((c) => c.key);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'report.submit',
      entityType: 'report',
      entityId: id,
      orgUnitId: unit.id,
      summary: `${unit.name}报送${p.label}「${t.label}」${input.zeroReport ? '（零报告）' : ''}${versionNo > 1 ? `，第 ${versionNo} 版` : ''}`,
      after: { versionNo, zeroReport: input.zeroReport, corrected, attachments: input.attachmentIds.length },
    });
    const standing = reportStanding({ state: 'submitted', firstSubmittedDay: existing ? todayOf(existing.first_submitted_at) : today }, due, today);
    return { id, versionNo, standing };
  });
}

export async function returnReport(app: AppContext, actor: Actor, id: string, input: { reason: string }, now = new Date()) {
  const r = await repo.findReport(app.db, actor.districtId, id);
  if (!r || !canRead(actor.scope, r.unit_id)) throw notFound('报表');
  const t = await reportTypeOf(app, actor.districtId, r.type_code);
  const unit = { id: r.unit_id, name: r.unit_name, kind: r.unit_kind, parent_id: r.parent_id };
  if (!canReturnFrom(actor, t, unit)) throw forbidden('只有报送对象（上级单位或区教委）可以退回报表');
  if (r.state !== 'submitted') throw new AppError('CONFLICT', '报表已退回，等待重新报送');
  return app.db.transaction().execute(async (trx) => {
    const ok = await repo.markReturned(trx, actor.districtId, { id, versionNo: r.version_no, reason: input.reason, by: actor.displayName, at: now });
    if (!ok) throw new AppError('CONFLICT', '报表刚被他人更新，请刷新后重试');
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'report.return',
      entityType: 'report',
      entityId: id,
      orgUnitId: r.unit_id,
      summary: `退回${r.unit_name}的「${t.label}」（${r.period_key}）：${input.reason}`,
      before: { state: 'submitted' },
      after: { state: 'returned', reason: input.reason, versionNo: r.version_no },
    });
    const users = (await findActiveUnitUsers(trx, actor.districtId, [r.unit_id])).filter((u) => (filingRoles[r.unit_kind] ?? []).includes(u.role as never));
    await notifyUsers(
      trx,
      actor.districtId,
      users.map((u) => u.user_id),
      {
        kind: 'report_returned',
        title: `报表被退回：${t.label}（${r.period_key}）`,
        body: `退回原因：${input.reason}。请更正后重新报送。`,
        entityType: 'report',
        entityId: id,
      },
    );
    return { id, state: 'returned' as const, returnCount: r.return_count + 1 };
  });
}
