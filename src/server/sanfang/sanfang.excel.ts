import type { ErrorDetail } from '../../domain/errors.js';
import { schoolLocationLabels } from '../../domain/policy/pack-schema.js';
import { antiRamLabels, deviceKindLabels, personRoleLabels, sanfangCategoryLabels } from '../../domain/sanfang.js';
import { bgResultLabels, bgStatusLabels, createDeviceSchema, createPersonSchema, genderLabels, shiftLabels } from '../../domain/sanfang-inputs.js';
import { schoolTypeLabels } from '../../domain/school.js';
import { cellText } from '../shared/excel.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import type { DeviceDto, PersonDto } from './sanfang.service.js';
import type { SanfangSummary } from './sanfang-standing.service.js';

/**
 * The 三防 register as districts keep it in sheets: one sheet for people, one for devices, Chinese
 * headers and labels. One column list per part drives template, export and import, so they agree.
 * The import reads every row, reports every problem with its row and column, and returns rows only
 * when there is none (the service then writes all of them in one transaction, or nothing).
 */

export const registerParts = ['guards', 'devices'] as const;
export type RegisterPart = (typeof registerParts)[number];

type Kind = 'text' | 'day' | 'bool' | 'int' | { labels: Record<string, string> };
type Column = { header: string; key: string; width: number; kind: Kind; required?: boolean; note?: string };

const yesNo = { true: '是', false: '否' };

const personColumns: Column[] = [
  { header: '记录编号', key: 'id', width: 38, kind: 'text', note: '导出时带出；填写则更新该记录，空白则新增' },
  { header: '学校代码', key: 'schoolCode', width: 12, kind: 'text', required: true },
  { header: '学校名称', key: 'schoolName', width: 24, kind: 'text', note: '仅供核对，导入时不读取' },
  { header: '人员类别', key: 'role', width: 14, kind: { labels: personRoleLabels }, required: true },
  { header: '姓名', key: 'name', width: 10, kind: 'text', required: true },
  { header: '性别', key: 'gender', width: 6, kind: { labels: genderLabels } },
  { header: '出生日期', key: 'birthDate', width: 12, kind: 'day' },
  { header: '联系电话', key: 'phone', width: 14, kind: 'text' },
  { header: '保安公司', key: 'company', width: 20, kind: 'text' },
  { header: '保安员证号', key: 'certificateNo', width: 16, kind: 'text' },
  { header: '证件有效期至', key: 'certificateExpiry', width: 12, kind: 'day' },
  { header: '上岗日期', key: 'hireDate', width: 12, kind: 'day' },
  { header: '岗位/校门', key: 'post', width: 12, kind: 'text' },
  { header: '班次', key: 'shift', width: 8, kind: { labels: shiftLabels } },
  { header: '岗前培训', key: 'trained', width: 8, kind: 'bool' },
  { header: '背景审查状态', key: 'bgStatus', width: 10, kind: { labels: bgStatusLabels } },
  { header: '审查日期', key: 'bgDate', width: 12, kind: 'day' },
  { header: '审查结果', key: 'bgResult', width: 14, kind: { labels: bgResultLabels }, note: '仅区教委、公安、校长可见可填' },
  { header: '审查单位', key: 'bgBy', width: 14, kind: 'text' },
  { header: '在岗', key: 'active', width: 6, kind: 'bool' },
  { header: '备注', key: 'note', width: 20, kind: 'text' },
];

const deviceColumns: Column[] = [
  { header: '记录编号', key: 'id', width: 38, kind: 'text', note: '导出时带出；填写则更新该记录，空白则新增' },
  { header: '学校代码', key: 'schoolCode', width: 12, kind: 'text', required: true },
  { header: '学校名称', key: 'schoolName', width: 24, kind: 'text', note: '仅供核对，导入时不读取' },
  { header: '设施类别', key: 'kind', width: 12, kind: { labels: deviceKindLabels }, required: true },
  { header: '名称', key: 'name', width: 18, kind: 'text', required: true },
  { header: '安装位置', key: 'location', width: 16, kind: 'text' },
  { header: '重点部位编码', key: 'place', width: 16, kind: 'text', note: '摄像机所在重点部位（政策包 camera_places）；一键报警在门卫室填 gatehouse' },
  { header: '朝向校门', key: 'facingGate', width: 8, kind: 'bool' },
  { header: '保存天数', key: 'retentionDays', width: 8, kind: 'int' },
  { header: '与公安联网', key: 'networked', width: 10, kind: 'bool' },
  { header: '联动110', key: 'linked110', width: 8, kind: 'bool' },
  { header: '主校门', key: 'mainGate', width: 8, kind: 'bool' },
  { header: '防冲撞设施', key: 'antiRam', width: 10, kind: { labels: antiRamLabels } },
  { header: '人车分流', key: 'separated', width: 8, kind: 'bool' },
  { header: '器械编码', key: 'item', width: 14, kind: 'text', note: '安保器械的编码（政策包 equipment），如 safety_fork' },
  { header: '数量', key: 'quantity', width: 6, kind: 'int' },
  { header: '运行正常', key: 'working', width: 8, kind: 'bool' },
  { header: '备注', key: 'note', width: 20, kind: 'text' },
];

export const columnsOf = (part: RegisterPart) => (part === 'guards' ? personColumns : deviceColumns);
const titleOf = (part: RegisterPart) => (part === 'guards' ? '三防人员' : '三防设施');

async function newBook() {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '护校安园';
  wb.created = new Date();
  return wb;
}

function addSheet(wb: Awaited<ReturnType<typeof newBook>>, title: string, cols: { header: string; key: string; width: number }[]) {
  const ws = wb.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  return ws;
}

const format = (c: Column, v: unknown): string | number => {
  if (v === null || v === undefined) return '';
  if (c.kind === 'bool') return yesNo[String(v) as 'true' | 'false'] ?? '';
  if (typeof c.kind === 'object') return c.kind.labels[String(v)] ?? String(v);
  return typeof v === 'number' ? v : String(v);
};

export async function buildRegisterWorkbook(
  part: RegisterPart,
  rows: (PersonDto | DeviceDto)[],
  schools: Map<string, { code: string; name: string }>,
): Promise<Buffer> {
  const wb = await newBook();
  const cols = columnsOf(part);
  const ws = addSheet(wb, titleOf(part), cols);
  cols.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    if (c.note) cell.note = c.note;
  });
  for (const r of rows) {
    const s = schools.get(r.schoolId);
    const rec = r as unknown as Record<string, unknown>;
    ws.addRow(
      Object.fromEntries(cols.map((c) => [c.key, c.key === 'schoolCode' ? (s?.code ?? '') : c.key === 'schoolName' ? (s?.name ?? '') : format(c, rec[c.key])])),
    );
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 16 },
    { header: '说明', width: 80 },
  ];
  for (const c of cols) {
    const allowed =
      c.kind === 'bool' ? '是/否' : c.kind === 'day' ? '日期 YYYY-MM-DD' : typeof c.kind === 'object' ? Object.values(c.kind.labels).join('/') : '';
    help.addRow([c.header, [c.required ? '必填' : '', allowed, c.note ?? ''].filter(Boolean).join('。')]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type ParsedRegisterRow = { row: number; id: string | null; schoolCode: string; values: Record<string, unknown>; provided: string[] };
export const MAX_REGISTER_ROWS = 5000;

/** Reads and validates every row; never stops at the first problem. */
export async function parseRegisterSheet(part: RegisterPart, file: Buffer): Promise<{ rows: ParsedRegisterRow[]; errors: ErrorDetail[] }> {
  const wb = await newBook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: [{ message: '无法读取文件：请上传 .xlsx 格式的 Excel 文件（可先导出现有台账作为模板）' }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], errors: [{ message: '文件中没有工作表' }] };
  const cols = columnsOf(part);
  const headerIndex = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => headerIndex.set(cellText(cell.value).replace(/\s/g, ''), col));
  const missing = cols.filter((c) => c.required && !headerIndex.has(c.header));
  if (missing.length) return { rows: [], errors: missing.map((c) => ({ row: 1, column: c.header, message: `缺少必填列「${c.header}」` })) };
  const lastRow = ws.actualRowCount === 0 ? 0 : (ws.lastRow?.number ?? 0);
  if (lastRow - 1 > MAX_REGISTER_ROWS) return { rows: [], errors: [{ message: `一次最多导入 ${MAX_REGISTER_ROWS} 行` }] };
  const schema = part === 'guards' ? createPersonSchema : createDeviceSchema;
  const rows: ParsedRegisterRow[] = [];
  const errors: ErrorDetail[] = [];
  const seenIds = new Map<string, number>();
  for (let r = 2; r <= lastRow; r++) {
    const raw = Object.fromEntries(
      cols.map((c) => [c.key, headerIndex.has(c.header) ? cellText(ws.getRow(r).getCell(headerIndex.get(c.header) as number).value) : '']),
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
      } else if (c.kind === 'int') {
        const n = Number(v);
        if (!Number.isInteger(n)) rowErrors.push({ row: r, column: c.header, message: `「${v}」不是整数` });
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
    // Validate as a whole record (defaults fill the blanks); an update then writes only the filled cells.
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

/** The summary as a workbook: the national rates (护学岗 included), the townships, every school's gap. */
export async function buildSummaryWorkbook(s: SanfangSummary): Promise<Buffer> {
  const wb = await newBook();
  const rates = addSheet(wb, '三防达标率', [
    { header: '指标', key: 'label', width: 34 },
    { header: '适用范围', key: 'scope', width: 40 },
    { header: '适用学校数', key: 'applicable', width: 12 },
    { header: '达标学校数', key: 'met', width: 12 },
    { header: '达标率（%）', key: 'rate', width: 12 },
    { header: '未达标学校', key: 'failing', width: 80 },
  ]);
  for (const r of s.rates) rates.addRow({ ...r, rate: r.rate ?? '', failing: r.failing.map((f) => f.name).join('、') });
  rates.addRow({});
  rates.addRow({ label: s.sentence });
  const towns = addSheet(wb, '街镇汇总', [
    { header: '街道/教管中心', key: 'name', width: 22 },
    { header: '学校数', key: 'schools', width: 8 },
    { header: '应配保安', key: 'guardsRequired', width: 10 },
    { header: '现有保安', key: 'guardsOnPost', width: 10 },
    { header: '缺保安', key: 'guardsShort', width: 10 },
    { header: '缺保安学校数', key: 'schoolsShort', width: 12 },
  ]);
  for (const t of s.byTownship) towns.addRow(t);
  towns.addRow({
    name: '合计',
    schools: s.schools,
    guardsRequired: s.guardsRequired,
    guardsOnPost: s.guardsOnPost,
    guardsShort: s.guardsShort,
    schoolsShort: s.schoolsShort,
  });
  const schools = addSheet(wb, '学校明细', [
    { header: '学校代码', key: 'code', width: 12 },
    { header: '学校', key: 'name', width: 26 },
    { header: '街道/教管中心', key: 'parentName', width: 18 },
    { header: '类型', key: 'type', width: 10 },
    { header: '在校生', key: 'enrollment', width: 8 },
    { header: '住校生', key: 'boardingStudents', width: 8 },
    { header: '应配保安', key: 'guardsRequired', width: 10 },
    { header: '现有保安', key: 'guardsOnPost', width: 10 },
    { header: '缺保安', key: 'guardsShort', width: 8 },
    { header: '未达标项', key: 'unmet', width: 80 },
  ]);
  for (const r of s.schoolRows) {
    schools.addRow({
      ...r,
      type: schoolTypeLabels[r.schoolType as keyof typeof schoolTypeLabels] ?? r.schoolType,
      unmet: r.unmet.map((u) => `[${u.category}]${u.label}${u.detail ? `：${u.detail}` : ''}`).join('；'),
    });
  }
  const rules = addSheet(wb, '各项标准', [
    { header: '标准', key: 'label', width: 28 },
    { header: '适用学校数', key: 'applicable', width: 12 },
    { header: '达标学校数', key: 'met', width: 12 },
  ]);
  for (const r of s.rules) rules.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export { sanfangCategoryLabels, schoolLocationLabels };
