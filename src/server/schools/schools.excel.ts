import type { ErrorDetail } from '../../domain/errors.js';
import { type CreateSchoolInput, createSchoolSchema, formatClassCounts, ownershipLabels, parseClassCounts, schoolTypeLabels } from '../../domain/school.js';
import { cellText } from '../shared/excel.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import type { SchoolDto } from './schools.service.js';

/**
 * The school sheet as offices use it: Chinese headers, labels rather than codes, one school a row.
 * The same column list drives the template, the export and the import, so they always agree.
 */
type Column = { header: string; key: keyof CreateSchoolInput | 'parent'; width: number; required?: boolean; note?: string };

export const schoolColumns: Column[] = [
  { header: '学校代码', key: 'code', width: 14, required: true, note: '字母、数字，区内唯一；已存在的代码将更新该校' },
  { header: '学校名称', key: 'name', width: 28, required: true },
  { header: '所属街道/教管中心', key: 'parent', width: 20, required: true, note: '填写名称或代码' },
  { header: '学校类型', key: 'schoolType', width: 12, required: true, note: Object.values(schoolTypeLabels).join('/') },
  { header: '办学性质', key: 'ownership', width: 10, note: '公办/民办，默认公办' },
  { header: '在校学生数', key: 'enrollment', width: 12 },
  { header: '住校学生数', key: 'boardingStudents', width: 12 },
  { header: '教职工数', key: 'staffCount', width: 10 },
  { header: '校门数', key: 'gateCount', width: 8 },
  { header: '校车数', key: 'busCount', width: 8, note: '没有校车填 0；有校车的学校适用校车演练等义务' },
  {
    header: '各年级班数',
    key: 'classCounts',
    width: 18,
    note: '年级:班数，逗号分隔，如 1:6,2:6,3:5（初一为 7 年级，高一为 10 年级）；也可从一年级起依次写班数 6,6,5',
  },
  { header: '地址', key: 'address', width: 36 },
  { header: '经度', key: 'longitude', width: 12 },
  { header: '纬度', key: 'latitude', width: 12 },
  { header: '校长（第一责任人）', key: 'principalName', width: 16 },
  { header: '校长电话', key: 'principalPhone', width: 16 },
  { header: '安全干部', key: 'safetyOfficerName', width: 12 },
  { header: '安全干部电话', key: 'safetyOfficerPhone', width: 16 },
  { header: '学校电话', key: 'phone', width: 16 },
];

const numericKeys = new Set(['enrollment', 'boardingStudents', 'staffCount', 'gateCount', 'busCount', 'longitude', 'latitude']);
const typeByLabel = new Map(Object.entries(schoolTypeLabels).map(([k, v]) => [v, k]));
const ownershipByLabel = new Map(Object.entries(ownershipLabels).map(([k, v]) => [v, k]));

async function newSheet(title: string) {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '护校安园';
  wb.created = new Date();
  const ws = wb.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = schoolColumns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  return { wb, ws };
}

export async function buildSchoolTemplate(parents: { name: string; code: string }[]): Promise<Buffer> {
  const { wb, ws } = await newSheet('学校');
  schoolColumns.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    if (c.note) cell.note = c.note;
  });
  ws.addRow({
    code: 'S0001',
    name: '示例小学',
    parent: parents[0]?.name ?? '某某街道',
    schoolType: '小学',
    ownership: '公办',
    enrollment: 800,
    boardingStudents: 0,
    staffCount: 50,
    gateCount: 2,
    busCount: 0,
    classCounts: '1:3,2:3,3:3,4:3,5:3,6:3',
    address: '某某路 1 号',
  });
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 22 },
    { header: '说明', width: 60 },
  ];
  for (const c of schoolColumns) help.addRow([c.header, `${c.required ? '必填。' : ''}${c.note ?? ''}`]);
  help.addRow([]);
  help.addRow(['可选的街道/教管中心', '']);
  for (const p of parents) help.addRow([p.code, p.name]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function buildSchoolExport(schools: SchoolDto[]): Promise<Buffer> {
  const { wb, ws } = await newSheet('学校名单');
  for (const s of schools) {
    ws.addRow({
      ...s,
      parent: s.parentName,
      classCounts: formatClassCounts(s.classCounts),
      schoolType: schoolTypeLabels[s.schoolType as keyof typeof schoolTypeLabels] ?? s.schoolType,
      ownership: ownershipLabels[s.ownership as keyof typeof ownershipLabels] ?? s.ownership,
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: schoolColumns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** `provided`: the fields whose cells were filled in; an update changes only those. */
export type ParsedSchoolRow = {
  row: number;
  input: Omit<CreateSchoolInput, 'parentId'> & { parentId: string };
  parentRef: string;
  provided: (keyof CreateSchoolInput)[];
};

export const MAX_IMPORT_ROWS = 5000;

/**
 * Reads and validates every row; returns the rows and every problem found, never stopping
 * at the first. `resolveParent` maps the 所属 cell (name or code) to an org unit id.
 */
export async function parseSchoolSheet(
  file: Buffer,
  resolveParent: (ref: string) => string | undefined,
): Promise<{ rows: ParsedSchoolRow[]; errors: ErrorDetail[] }> {
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: [{ message: '无法读取文件：请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）' }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], errors: [{ message: '文件中没有工作表' }] };
  const headerIndex = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => headerIndex.set(cellText(cell.value).replace(/\s/g, ''), col));
  const missing = schoolColumns.filter((c) => c.required && !headerIndex.has(c.header));
  if (missing.length) {
    return { rows: [], errors: missing.map((c) => ({ row: 1, column: c.header, message: `缺少必填列「${c.header}」` })) };
  }
  const rows: ParsedSchoolRow[] = [];
  const errors: ErrorDetail[] = [];
  const seenCodes = new Map<string, number>();
  const lastRow = ws.actualRowCount === 0 ? 0 : (ws.lastRow?.number ?? 0);
  if (lastRow - 1 > MAX_IMPORT_ROWS) return { rows: [], errors: [{ message: `一次最多导入 ${MAX_IMPORT_ROWS} 行` }] };
  for (let r = 2; r <= lastRow; r++) {
    const raw = Object.fromEntries(
      schoolColumns.map((c) => [c.key, headerIndex.has(c.header) ? cellText(ws.getRow(r).getCell(headerIndex.get(c.header) as number).value) : '']),
    );
    if (Object.values(raw).every((v) => v === '')) continue; // blank line
    const rowErrors = validateRow(r, raw, resolveParent, seenCodes);
    if (rowErrors.errors.length) errors.push(...rowErrors.errors);
    else if (rowErrors.row) rows.push(rowErrors.row);
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ message: '文件中没有数据行' });
  return { rows, errors };
}

function validateRow(row: number, raw: Record<string, string>, resolveParent: (ref: string) => string | undefined, seenCodes: Map<string, number>) {
  const errors: ErrorDetail[] = [];
  const headerOf = (key: string) => schoolColumns.find((c) => c.key === key)?.header ?? key;
  const candidate: Record<string, unknown> = {};
  for (const c of schoolColumns) {
    const v = raw[c.key] ?? '';
    if (c.key === 'parent' || v === '') continue;
    if (numericKeys.has(c.key)) {
      const n = Number(v);
      if (Number.isNaN(n)) errors.push({ row, column: c.header, message: `「${v}」不是数字` });
      else candidate[c.key] = n;
    } else if (c.key === 'schoolType') {
      const t = typeByLabel.get(v) ?? (Object.hasOwn(schoolTypeLabels, v) ? v : undefined);
      if (!t) errors.push({ row, column: c.header, message: `学校类型「${v}」无效，应为 ${Object.values(schoolTypeLabels).join('/')}` });
      else candidate.schoolType = t;
    } else if (c.key === 'classCounts') {
      const counts = parseClassCounts(v);
      if (!counts) errors.push({ row, column: c.header, message: `各年级班数「${v}」无法识别，应为 年级:班数，如 1:6,2:6` });
      else candidate.classCounts = counts;
    } else if (c.key === 'ownership') {
      const o = ownershipByLabel.get(v) ?? (Object.hasOwn(ownershipLabels, v) ? v : undefined);
      if (!o) errors.push({ row, column: c.header, message: `办学性质「${v}」无效，应为 公办/民办` });
      else candidate.ownership = o;
    } else candidate[c.key] = v;
  }
  const parentRef = raw.parent ?? '';
  const parentId = parentRef ? resolveParent(parentRef) : undefined;
  if (!parentRef) errors.push({ row, column: headerOf('parent'), message: '所属街道/教管中心不能为空' });
  else if (!parentId) errors.push({ row, column: headerOf('parent'), message: `找不到街道/教管中心「${parentRef}」` });
  candidate.parentId = parentId ?? '00000000-0000-4000-8000-000000000000';
  const parsed = createSchoolSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (key === 'parentId' || (errors.some((e) => e.column === headerOf(key)) && key !== '')) continue;
      errors.push({ row, column: headerOf(key), message: issue.message });
    }
  }
  const code = String(candidate.code ?? '');
  if (code) {
    const first = seenCodes.get(code);
    if (first) errors.push({ row, column: headerOf('code'), message: `学校代码「${code}」与第 ${first} 行重复` });
    else seenCodes.set(code, row);
  }
  if (errors.length || !parsed.success) return { errors };
  const provided = [...Object.keys(candidate), 'parentId'] as (keyof CreateSchoolInput)[];
  return { errors, row: { row, input: { ...parsed.data, parentId: parentId as string }, parentRef, provided } };
}
