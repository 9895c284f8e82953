import { AppError, forbidden } from '../../domain/errors.js';
import { type RubricUnitType, rubricItems, rubricUnitTypeLabels } from '../../domain/policy/rubric-schema.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import { cellText } from '../shared/excel.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import * as repo from './assessment.repository.js';

/**
 * Imported measures: figures another platform keeps (安全教育平台 completion rate per school and
 * period), imported from Excel by the district and scored by a rubric item through the
 * `imported` measure. Every row is validated first (unit code or name known, value a number
 * 0–100000, no unit twice); with any error nothing is written and every bad row is reported.
 * Importing the same source and period again replaces those units' values.
 */
export type ImportInput = { source: string; period: string; dryRun: boolean };
type Problem = { row?: number; column?: string; message: string };
const MAX_ROWS = 5000;
const headers = { code: ['单位代码', '学校代码', '代码'], name: ['单位名称', '学校名称', '名称'], value: ['数值', '完成率', '完成率(%)', '完成率（%）', '值'] };

async function readSheet(file: Buffer) {
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { rows: [], problems: [{ message: '无法读取文件：请上传 .xlsx 格式的 Excel 文件' }] as Problem[] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], problems: [{ message: '文件中没有工作表' }] };
  const col: Partial<Record<keyof typeof headers, number>> = {};
  ws.getRow(1).eachCell((cell, c) => {
    const h = cellText(cell.value).replace(/\s/g, '');
    for (const [k, names] of Object.entries(headers)) if (names.includes(h) && !col[k as keyof typeof headers]) col[k as keyof typeof headers] = c;
  });
  const problems: Problem[] = [];
  if (!col.code && !col.name) problems.push({ row: 1, column: '单位代码/单位名称', message: '缺少「单位代码」或「单位名称」列（第 1 行应为表头）' });
  if (!col.value) problems.push({ row: 1, column: '数值', message: '缺少「数值」（或「完成率」）列' });
  if (problems.length) return { rows: [], problems };
  const last = ws.actualRowCount === 0 ? 0 : (ws.lastRow?.number ?? 0);
  if (last - 1 > MAX_ROWS) return { rows: [], problems: [{ message: `一次最多导入 ${MAX_ROWS} 行，请分批导入` }] };
  const rows: { row: number; code: string; name: string; value: string }[] = [];
  for (let r = 2; r <= last; r++) {
    const get = (c?: number) => (c ? cellText(ws.getRow(r).getCell(c).value) : '');
    const row = { row: r, code: get(col.code), name: get(col.name), value: get(col.value) };
    if (row.code || row.name || row.value) rows.push(row);
  }
  return { rows, problems };
}

export async function importMeasureValues(app: AppContext, actor: Actor, file: Buffer, input: ImportInput, now = new Date()) {
  if (actor.role !== 'district_admin') throw forbidden('只有区教委管理员可以导入外部平台数据');
  const sheet = await readSheet(file);
  const problems = [...sheet.problems];
  const units = await repo.findUnitsByCode(app.db, actor.districtId);
  const byCode = new Map(units.map((u) => [u.code, u]));
  const byName = new Map<string, typeof units>();
  for (const u of units) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  const seen = new Map<string, number>();
  const good: { source: string; unitId: string; periodKey: string; value: number }[] = [];
  for (const r of sheet.rows) {
    const named = byName.get(r.name) ?? [];
    const unit = r.code ? byCode.get(r.code) : named.length === 1 ? named[0] : undefined;
    if (!unit) {
      problems.push({
        row: r.row,
        column: r.code ? '单位代码' : '单位名称',
        message: r.code
          ? `本区县没有代码为「${r.code}」的单位`
          : named.length > 1
            ? `名称「${r.name}」对应多个单位，请填写单位代码`
            : `本区县没有名为「${r.name}」的单位`,
      });
      continue;
    }
    const text = r.value.replace(/[%％]$/, '');
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || value < 0 || value > 100000) {
      problems.push({ row: r.row, column: '数值', message: r.value === '' ? '数值不能为空' : `「${r.value}」不是 0 到 100000 之间的数字` });
      continue;
    }
    const first = seen.get(unit.id);
    if (first) {
      problems.push({ row: r.row, column: '单位代码', message: `「${unit.name}」与第 ${first} 行重复` });
      continue;
    }
    seen.set(unit.id, r.row);
    good.push({ source: input.source, unitId: unit.id, periodKey: input.period, value: Math.round(value * 100) / 100 });
  }
  if (!problems.length && !good.length) problems.push({ message: '文件中没有数据行' });
  if (problems.length) throw new AppError('IMPORT_REJECTED', `导入文件有 ${problems.length} 处错误，未导入任何数据，请修改后重新上传`, problems);
  if (input.dryRun) return { total: good.length, dryRun: true };
  await app.db.transaction().execute(async (trx) => {
    await repo.upsertImported(trx, actor.districtId, good, actor.displayName, now);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'assessment.import',
      entityType: 'imported_measure',
      entityId: `${input.source}:${input.period}`,
      orgUnitId: null,
      summary: `导入外部平台数据「${input.source}」（${input.period}）${good.length} 个单位`,
      after: { source: input.source, period: input.period, rows: good.length },
    });
  });
  return { total: good.length, dryRun: false };
}

export async function listImportedValues(app: AppContext, actor: Actor, q: { source: string; period: string }) {
  if (!actor.scope.read.all) throw forbidden('只有区级用户可以查看导入的外部平台数据');
  const rows = await repo.findImportedValues(app.db, actor.districtId, q.source, q.period);
  const units = new Map((await repo.findUnitsByCode(app.db, actor.districtId)).map((u) => [u.id, u]));
  return {
    items: rows.map((r) => ({
      unitId: r.unit_id,
      code: units.get(r.unit_id)?.code ?? '',
      name: units.get(r.unit_id)?.name ?? '',
      value: Number(r.value),
      importedAt: r.imported_at.toISOString(),
      importedByName: r.imported_by_name,
    })),
  };
}

/**
 * The figures the district's rubrics import (items scored by the `imported` measure): one line per
 * source and period, with the rubric items that use it and how many units have a value now.
 * What the assessment page's import form offers.
 */
export async function listImportedSources(app: AppContext, actor: Actor) {
  if (!actor.scope.read.all) throw forbidden('只有区级用户可以查看导入的外部平台数据');
  const pack = await packOf(app, actor.districtId);
  const bySource = new Map<string, { source: string; period: string; unitType: RubricUnitType; items: string[] }>();
  for (const r of pack.rubrics)
    for (const i of rubricItems(r)) {
      if (i.rule.kind !== 'measure' || i.rule.measure !== 'imported') continue;
      const source = String(i.rule.params.source ?? '');
      const period = String(i.rule.params.period ?? '');
      const key = `${source}\u0000${period}`;
      const entry = bySource.get(key) ?? { source, period, unitType: r.unitType, items: [] };
      entry.items.push(`${r.label}（${r.version}）·${i.label}`);
      bySource.set(key, entry);
    }
  const items = [];
  for (const s of bySource.values()) {
    const rows = await repo.findImportedValues(app.db, actor.districtId, s.source, s.period);
    items.push({ ...s, unitTypeLabel: rubricUnitTypeLabels[s.unitType], imported: rows.length });
  }
  return { items };
}

/**
 * The import workbook of one source and period: a row per unit the rubric assesses (code and
 * name filled, the value of the last import when there is one), so the office pastes the other
 * platform's figures beside them. A unit left without a value must be deleted from the sheet.
 */
export async function getImportedTemplate(app: AppContext, actor: Actor, q: { source: string; period: string }) {
  if (actor.role !== 'district_admin') throw forbidden('只有区教委管理员可以导入外部平台数据');
  const { items } = await listImportedSources(app, actor);
  const unitType = items.find((s) => s.source === q.source && s.period === q.period)?.unitType ?? 'school';
  const [units, current] = await Promise.all([
    repo.findAssessedUnits(app.db, actor.districtId, unitType),
    repo.findImportedValues(app.db, actor.districtId, q.source, q.period),
  ]);
  const values = new Map(current.map((r) => [r.unit_id, Number(r.value)]));
  const wb = new (await loadExcelJS()).Workbook();
  const ws = wb.addWorksheet('导入数据', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '单位代码', key: 'code', width: 14 },
    { header: '单位名称', key: 'name', width: 30 },
    { header: '数值', key: 'value', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const u of units) ws.addRow({ code: u.code, name: u.name, value: values.get(u.id) ?? null });
  const help = wb.addWorksheet('填写说明');
  help.columns = [{ header: '说明', width: 90 }];
  help.getRow(1).font = { bold: true };
  for (const line of [
    `数据来源：${q.source}；期间：${q.period}。`,
    '每个单位一行：「单位代码」或「单位名称」至少填一项（名称重名时必须填代码），「数值」填 0–100000 的数字，完成率可写 88.5 或 88.5%。',
    '没有数据的单位请整行删除；同一单位不能出现两次。',
    '上传后先“仅校验”：有任何错误都不会导入，并逐行列出；无误后“确认导入”。再次导入同一来源和期间会覆盖这些单位的数值。',
  ])
    help.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
