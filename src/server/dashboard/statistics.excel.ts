import ExcelJS from 'exceljs';
import type { SupervisionSummary } from './supervision-summary.service.js';

/**
 * 督查汇总 as an Excel sheet in the shape district reports use: a title, the period, level and
 * scope, then one figure a row (numbers as numbers), and the same figures per township/centre.
 */
export const summaryFields: readonly [keyof SupervisionSummary, string][] = [
  ['schoolsInScope', '学校总数（范围内）'],
  ['schoolsInspected', '督查学校数'],
  ['schoolsWithHazards', '发现隐患学校数'],
  ['schoolsAllClosed', '隐患已全部整改学校数'],
  ['schoolsRectifying', '正在整改学校数'],
  ['hazardsFound', '发现隐患数'],
  ['hazardsClosed', '已整改销号隐患数'],
  ['hazardsOpen', '未销号隐患数'],
  ['hazardsOverdue', '逾期未整改隐患数'],
  ['noticesIssued', '下达整改通知书数'],
  ['penalties', '执法处罚书数'],
];

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };

export type SummaryDocument = {
  title: string;
  scopeLabel: string;
  generatedOn: string;
  generatedBy: string;
  summary: SupervisionSummary;
  byArea: { name: string; summary: SupervisionSummary }[];
};

function header(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  row.eachCell((c) => {
    c.fill = HEADER_FILL;
  });
}

export async function buildSupervisionSummaryXlsx(d: SummaryDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '护校安园';
  wb.created = new Date();
  wb.title = d.title;
  const ws = wb.addWorksheet('督查汇总');
  ws.getColumn(1).width = 26;
  ws.getColumn(2).width = 14;
  ws.mergeCells(1, 1, 1, 2);
  ws.getCell(1, 1).value = d.title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const s = d.summary;
  ws.addRow(['统计期间', `${s.from} 至 ${s.to}`]);
  ws.addRow(['督查层级', s.levelLabel]);
  ws.addRow(['范围', s.unit ? s.unit.name : d.scopeLabel]);
  ws.addRow(['生成', `${d.generatedOn} ${d.generatedBy}`]);
  ws.addRow([]);
  header(ws.addRow(['项目', '数值']));
  for (const [key, label] of summaryFields) ws.addRow([label, s[key] as number]);
  if (d.byArea.length) areaSheet(wb, d);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 分街镇: one row per township/centre, the same figures as columns, and the total row. */
function areaSheet(wb: ExcelJS.Workbook, d: SummaryDocument) {
  const ws = wb.addWorksheet('分街镇');
  ws.getColumn(1).width = 22;
  header(ws.addRow(['街道/教管中心', ...summaryFields.map(([, label]) => label)]));
  for (const a of d.byArea) ws.addRow([a.name, ...summaryFields.map(([key]) => a.summary[key] as number)]);
  const total = ws.addRow(['合计（全部范围）', ...summaryFields.map(([key]) => d.summary[key] as number)]);
  total.font = { bold: true };
  ws.getRow(1).height = 42;
  for (let c = 2; c <= summaryFields.length + 1; c++) ws.getColumn(c).width = 12;
}
