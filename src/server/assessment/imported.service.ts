import { AppError, forbidden } from '../../domain/errors.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
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
