import { AppError, type ErrorDetail, forbidden, notFound } from '../../domain/errors.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { canFileFor, filingUnitOf, periodOfType, type ReportType, reportTypeOf, todayOf } from './report-context.js';
import * as repo from './reports.repository.js';

/**
 * Saved drafts: the filer keeps an unfinished report (corrected figures and their notes, the
 * written sections, 零报告) and comes back to it. Only the unit's own filers save, read or discard
 * it; the upper levels see submitted versions only. A save is checked for what belongs to the
 * form (known cells and sections, lengths) but not for completeness — submitting checks that. The
 * draft carries a version so two filers of one unit cannot overwrite each other silently; it goes
 * away in the transaction that submits the report.
 */
export type SaveDraftInput = {
  typeCode: string;
  periodKey: string;
  unitId?: string | undefined;
  /** The version the filer loaded (null: there was no saved draft). */
  version: number | null;
  zeroReport: boolean;
  cells: { key: string; value: number | null; note?: string | undefined }[];
  fields: Record<string, string>;
};

export type SavedDraft = { cells: { key: string; value: number | null; note: string }[]; fields: Record<string, string>; zeroReport: boolean };

export const savedDraftDto = (d: repo.DraftRecord) => ({ version: d.version, savedAt: d.saved_at.toISOString(), savedByName: d.saved_by_name });

function checkShape(t: ReportType, input: SaveDraftInput) {
  const problems: ErrorDetail[] = [];
  const known = new Set(t.cells);
  const seen = new Set<string>();
  input.cells.forEach((c, i) => {
    if (!known.has(c.key)) problems.push({ path: `cells.${i}.key`, message: `统计项「${c.key}」不属于本报表` });
    else if (seen.has(c.key)) problems.push({ path: `cells.${i}.key`, message: `统计项「${c.key}」重复` });
    seen.add(c.key);
  });
  const defs = new Map(t.fields.map((f) => [f.code, f]));
  for (const [code, text] of Object.entries(input.fields)) {
    const f = defs.get(code);
    if (!f) problems.push({ path: `fields.${code}`, message: `栏目「${code}」不属于本报表` });
    else if (text.length > f.maxLength) problems.push({ path: `fields.${code}`, message: `「${f.label}」不超过 ${f.maxLength} 个字` });
  }
  if (input.zeroReport && !t.zeroReport) problems.push({ path: 'zeroReport', message: '本报表不能零报告' });
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0]?.message ?? '草稿内容有误', problems);
}

async function ownDraftContext(app: AppContext, actor: Actor, q: { typeCode: string; periodKey: string; unitId?: string | undefined }, now: Date) {
  const t = await reportTypeOf(app, actor.districtId, q.typeCode);
  const p = periodOfType(t, q.periodKey, todayOf(now));
  const unit = await filingUnitOf(app, actor, t, q.unitId);
  if (!canFileFor(actor, unit)) throw forbidden('草稿只有本单位的填报人可以保存和查看');
  return { t, p, unit };
}

export async function saveReportDraft(app: AppContext, actor: Actor, input: SaveDraftInput, now = new Date()) {
  const { t, p, unit } = await ownDraftContext(app, actor, input, now);
  checkShape(t, input);
  const content = {
    zero_report: input.zeroReport,
    cells: JSON.stringify(input.cells.map((c) => ({ key: c.key, value: c.value, note: c.note?.trim() ?? '' }))),
    fields: JSON.stringify(input.fields),
    saved_by: actor.userId,
    saved_by_name: actor.displayName,
    saved_at: now,
  };
  return app.db.transaction().execute(async (trx) => {
    const report = await repo.findReportOf(trx, actor.districtId, t.code, p.key, unit.id);
    if (report?.state === 'submitted') throw new AppError('CONFLICT', `${unit.name}的${p.label}「${t.label}」已报送，不能再保存草稿`);
    const existing = await repo.findDraft(trx, actor.districtId, t.code, p.key, unit.id);
    const stale = () => new AppError('CONFLICT', `草稿已被${existing?.saved_by_name ?? '他人'}更新，请刷新后再保存`);
    if (existing && input.version !== existing.version) throw stale();
    if (!existing && input.version !== null) throw new AppError('CONFLICT', '草稿已被删除或已报送，请刷新后再保存');
    const saved = existing
      ? await repo.updateDraft(trx, actor.districtId, existing.id, existing.version, content)
      : await repo.insertDraft(trx, { ...content, district_id: actor.districtId, type_code: t.code, period_key: p.key, unit_id: unit.id });
    if (!saved) throw stale();
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'report.draft_save',
      entityType: 'report_draft',
      entityId: saved.id,
      orgUnitId: unit.id,
      summary: `${unit.name}保存${p.label}「${t.label}」草稿（第 ${saved.version} 次保存）`,
      after: { version: saved.version, zeroReport: input.zeroReport, cells: input.cells.length, fields: Object.keys(input.fields) },
    });
    return { version: saved.version, savedAt: now.toISOString(), savedByName: actor.displayName };
  });
}

export async function discardReportDraft(
  app: AppContext,
  actor: Actor,
  q: { typeCode: string; periodKey: string; unitId?: string | undefined },
  now = new Date(),
) {
  const { t, p, unit } = await ownDraftContext(app, actor, q, now);
  return app.db.transaction().execute(async (trx) => {
    const d = await repo.findDraft(trx, actor.districtId, t.code, p.key, unit.id);
    if (!d) throw notFound('草稿');
    await repo.deleteDraft(trx, actor.districtId, d.id);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'report.draft_discard',
      entityType: 'report_draft',
      entityId: d.id,
      orgUnitId: unit.id,
      summary: `${unit.name}删除${p.label}「${t.label}」草稿`,
      before: { version: d.version, savedByName: d.saved_by_name },
    });
    return { discarded: true };
  });
}
