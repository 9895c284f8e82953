import type { z } from 'zod';
import { appraisalGradeLabels, buildingUseLabels, fireFacilityKindLabels } from '../../domain/buildings.js';
import { createBuildingSchema, createFireFacilitySchema } from '../../domain/buildings-inputs.js';
import type { ErrorDetail } from '../../domain/errors.js';
import { cellText } from '../shared/excel.js';
import { loadExcelJS } from '../shared/lazy-modules.js';

/**
 * 校舍 and fire facilities as sheets, the way sanfang.excel.ts does people and devices: one column
 * list per part drives template, export and import; the import reads every row and reports every
 * problem by row and column, and returns rows only when there is none.
 */

export const buildingParts = ['buildings', 'fire'] as const;
export type BuildingPart = (typeof buildingParts)[number];

type Kind = 'text' | 'day' | 'bool' | 'int' | 'number' | { labels: Record<string, string> };
type Column = { header: string; key: string; width: number; kind: Kind; required?: boolean; note?: string };
const yesNo = { true: '是', false: '否' };

const idColumn: Column = { header: '记录编号', key: 'id', width: 38, kind: 'text', note: '导出时带出；填写则更新该记录，空白则新增' };
const schoolColumns: Column[] = [
  { header: '学校代码', key: 'schoolCode', width: 12, kind: 'text', required: true },
  { header: '学校名称', key: 'schoolName', width: 24, kind: 'text', note: '仅供核对，导入时不读取' },
];

const buildingColumns: Column[] = [
  idColumn,
  ...schoolColumns,
  { header: '校舍名称', key: 'name', width: 16, kind: 'text', required: true },
  { header: '用途', key: 'use', width: 10, kind: { labels: buildingUseLabels } },
  { header: '层数', key: 'floors', width: 6, kind: 'int' },
  { header: '建成年份', key: 'yearBuilt', width: 10, kind: 'int' },
  { header: '建筑面积（㎡）', key: 'areaM2', width: 12, kind: 'number' },
  { header: '达到重点设防类抗震标准', key: 'seismicCompliant', width: 12, kind: 'bool' },
  { header: '设计使用年限', key: 'designLifeYears', width: 10, kind: 'int' },
  { header: '鉴定等级', key: 'grade', width: 14, kind: { labels: appraisalGradeLabels }, note: '填 A/B/C/D 或完整名称；C、D 级为危房' },
  { header: '鉴定日期', key: 'appraisedOn', width: 12, kind: 'day' },
  { header: '鉴定单位', key: 'appraisedBy', width: 20, kind: 'text' },
  { header: '在用', key: 'active', width: 6, kind: 'bool' },
  { header: '备注', key: 'note', width: 20, kind: 'text' },
];

const fireColumns: Column[] = [
  idColumn,
  ...schoolColumns,
  { header: '设施类别', key: 'kind', width: 16, kind: { labels: fireFacilityKindLabels }, required: true },
  { header: '位置', key: 'location', width: 16, kind: 'text' },
  { header: '数量', key: 'quantity', width: 6, kind: 'int' },
  { header: '维保单位', key: 'serviceCompany', width: 24, kind: 'text', note: '具有相应资质的消防技术服务机构' },
  { header: '上次维保日期', key: 'lastMaintainedOn', width: 12, kind: 'day' },
  { header: '下次维保日期', key: 'nextMaintenanceOn', width: 12, kind: 'day' },
  { header: '完好有效', key: 'working', width: 8, kind: 'bool' },
  { header: '备注', key: 'note', width: 20, kind: 'text' },
];

export const buildingColumnsOf = (part: BuildingPart) => (part === 'buildings' ? buildingColumns : fireColumns);
export const buildingPartTitle = (part: BuildingPart) => (part === 'buildings' ? '校舍' : '消防设施');
const schemaOf = (part: BuildingPart): z.ZodType => (part === 'buildings' ? createBuildingSchema : createFireFacilitySchema);

async function newBook() {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '护校安园';
  wb.created = new Date();
  return wb;
}

const format = (c: Column, v: unknown): string | number => {
  if (v === null || v === undefined) return '';
  if (c.kind === 'bool') return yesNo[String(v) as 'true' | 'false'] ?? '';
  if (typeof c.kind === 'object') return c.kind.labels[String(v)] ?? String(v);
  return typeof v === 'number' ? v : String(v);
};

export async function buildBuildingsWorkbook(
  part: BuildingPart,
  rows: ({ schoolId: string } & Record<string, unknown>)[],
  schools: Map<string, { code: string; name: string }>,
): Promise<Buffer> {
  const wb = await newBook();
  const cols = buildingColumnsOf(part);
  const ws = wb.addWorksheet(buildingPartTitle(part), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  cols.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    if (c.note) cell.note = c.note;
  });
  for (const r of rows) {
    const s = schools.get(r.schoolId);
    ws.addRow(
      Object.fromEntries(cols.map((c) => [c.key, c.key === 'schoolCode' ? (s?.code ?? '') : c.key === 'schoolName' ? (s?.name ?? '') : format(c, r[c.key])])),
    );
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 22 },
    { header: '说明', width: 80 },
  ];
  for (const c of cols) {
    const allowed =
      c.kind === 'bool' ? '是/否' : c.kind === 'day' ? '日期 YYYY-MM-DD' : typeof c.kind === 'object' ? Object.values(c.kind.labels).join('/') : '';
    help.addRow([c.header, [c.required ? '必填' : '', allowed, c.note ?? ''].filter(Boolean).join('。')]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type ParsedBuildingRow = { row: number; id: string | null; schoolCode: string; values: Record<string, unknown>; provided: string[] };
export const MAX_BUILDING_ROWS = 5000;

/** Reads and validates every row; never stops at the first problem. */
export async function parseBuildingsSheet(part: BuildingPart, file: Buffer): Promise<{ rows: ParsedBuildingRow[]; errors: ErrorDetail[] }> {
  const wb = await newBook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: [{ message: '无法读取文件：请上传 .xlsx 格式的 Excel 文件（可先导出现有台账作为模板）' }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], errors: [{ message: '文件中没有工作表' }] };
  const cols = buildingColumnsOf(part);
  const headerIndex = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => headerIndex.set(cellText(cell.value).replace(/\s/g, ''), col));
  const missing = cols.filter((c) => c.required && !headerIndex.has(c.header.replace(/\s/g, '')));
  if (missing.length) return { rows: [], errors: missing.map((c) => ({ row: 1, column: c.header, message: `缺少必填列「${c.header}」` })) };
  const lastRow = ws.actualRowCount === 0 ? 0 : (ws.lastRow?.number ?? 0);
  if (lastRow - 1 > MAX_BUILDING_ROWS) return { rows: [], errors: [{ message: `一次最多导入 ${MAX_BUILDING_ROWS} 行` }] };
  const schema = schemaOf(part);
  const rows: ParsedBuildingRow[] = [];
  const errors: ErrorDetail[] = [];
  const seenIds = new Map<string, number>();
  for (let r = 2; r <= lastRow; r++) {
    const raw = Object.fromEntries(
      cols.map((c) => {
        const at = headerIndex.get(c.header.replace(/\s/g, ''));
        return [c.key, at ? cellText(ws.getRow(r).getCell(at).value) : ''];
      }),
    );
    if (Object.values(raw).every((v) => v === '')) continue;
    const rowErrors: ErrorDetail[] = [];
    const values: Record<string, unknown> = {};
    for (const c of cols) {
      const v = raw[c.key] ?? '';
      if (c.key === 'id' || c.key === 'schoolCode' || c.key === 'schoolName' || v === '') continue;
      if (c.kind === 'bool') {
        if (v === '是' || v === '否') values[c.key] = v === '是';
        else rowErrors.push({ row: r, column: c.header, message: `「${v}」应为 是 或 否` });
      } else if (c.kind === 'int' || c.kind === 'number') {
        const n = Number(v);
        if (!Number.isFinite(n) || (c.kind === 'int' && !Number.isInteger(n)))
          rowErrors.push({ row: r, column: c.header, message: `「${v}」不是${c.kind === 'int' ? '整数' : '数字'}` });
        else values[c.key] = n;
      } else if (typeof c.kind === 'object') {
        const labels = c.kind.labels;
        const code = Object.keys(labels).find((k) => labels[k] === v) ?? (Object.hasOwn(labels, v) ? v : undefined);
        if (!code) rowErrors.push({ row: r, column: c.header, message: `「${v}」无效，应为 ${Object.values(labels).join('/')}` });
        else values[c.key] = code;
      } else values[c.key] = v;
    }
    const schoolCode = raw.schoolCode ?? '';
    if (!schoolCode) rowErrors.push({ row: r, column: '学校代码', message: '学校代码不能为空' });
    const id = raw.id || null;
    if (id && !/^[0-9a-f-]{36}$/i.test(id)) rowErrors.push({ row: r, column: '记录编号', message: '记录编号无效（请保留导出时的编号，或留空新增）' });
    if (id) {
      const first = seenIds.get(id);
      if (first) rowErrors.push({ row: r, column: '记录编号', message: `与第 ${first} 行重复` });
      else seenIds.set(id, r);
    }
    const parsed = schema.safeParse({ ...values, schoolId: '00000000-0000-4000-8000-000000000000' });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        const header = cols.find((c) => c.key === key)?.header ?? key;
        if (!rowErrors.some((e) => e.column === header)) rowErrors.push({ row: r, column: header, message: issue.message });
      }
    }
    if (rowErrors.length) errors.push(...rowErrors);
    else rows.push({ row: r, id, schoolCode, values: parsed.success ? (parsed.data as Record<string, unknown>) : {}, provided: Object.keys(values) });
  }
  if (!rows.length && !errors.length) errors.push({ message: '文件中没有数据行' });
  return { rows, errors };
}
