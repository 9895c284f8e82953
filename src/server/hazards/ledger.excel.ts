import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { isCalendarDay } from '../../domain/calendar.js';
import type { ErrorDetail } from '../../domain/errors.js';
import {
  defaultHazardCategories,
  type HazardLevel,
  hazardCategoryLabel,
  hazardLevelLabels,
  hazardSourceLabels,
  hazardStateLabels,
} from '../../domain/hazard.js';
import { isOverdue } from '../../domain/hazard-workflow.js';
import { cellText } from '../shared/excel.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import type { HazardLedgerRow, MeasureLedgerRow } from './hazards.repository.js';

/**
 * The two ledgers of seed 004 (问题隐患清单 and 整改措施清单) as offices keep them in Excel:
 * Chinese headers in row 1 (no title row, so a sheet can be filtered and read back), labels
 * rather than codes, dates as real Excel dates showing the Asia/Shanghai wall clock.
 */
export const ledgers = ['hazards', 'measures'] as const;
export type Ledger = (typeof ledgers)[number];
export const ledgerTitles: Record<Ledger, string> = { hazards: '问题隐患清单', measures: '整改措施清单' };

/** The row each ledger reads: only the columns its sheet shows. */
export type LedgerRow = { hazards: HazardLedgerRow; measures: MeasureLedgerRow };
type Column<R> = { header: string; width: number; numFmt?: string; value: (h: R, today: string) => ExcelJS.CellValue };
/** A column both sheets show. */
type Shared<K extends keyof HazardLedgerRow & keyof MeasureLedgerRow> = Column<Pick<HazardLedgerRow, K>>;

const SHANGHAI_MS = 8 * 3600_000;
// Excel dates have no time zone: exceljs writes a Date's UTC fields, so shift to the Shanghai wall clock.
const wallClock = (d: Date | null) => (d ? new Date(d.getTime() + SHANGHAI_MS) : null);
const calendarDay = (day: string | null) => (day ? new Date(`${day}T00:00:00Z`) : null);
const yesNo = (b: boolean | null) => (b === null ? '' : b ? '是' : '否');
const DATE_TIME = 'yyyy-mm-dd hh:mm';
const DATE = 'yyyy-mm-dd';

const code: Shared<'code'> = { header: '隐患编号', width: 16, value: (h) => h.code };
const school: Shared<'school_name'> = { header: '学校', width: 26, value: (h) => h.school_name };
const title: Shared<'title'> = { header: '隐患标题', width: 30, value: (h) => h.title };
const level: Shared<'level'> = { header: '等级', width: 8, value: (h) => (h.level ? hazardLevelLabels[h.level] : '未研判') };
const state: Shared<'state'> = { header: '状态', width: 10, value: (h) => hazardStateLabels[h.state] };
const deadline: Shared<'deadline'> = { header: '整改期限', width: 12, numFmt: DATE, value: (h) => calendarDay(h.deadline) };
const closedAt: Shared<'closed_at'> = { header: '销号时间', width: 17, numFmt: DATE_TIME, value: (h) => wallClock(h.closed_at) };

export const ledgerColumns: { [L in Ledger]: Column<LedgerRow[L]>[] } = {
  hazards: [
    code,
    school,
    { header: '街道/教管中心', width: 16, value: (h) => h.township_name ?? '' },
    title,
    { header: '隐患描述', width: 40, value: (h) => h.description },
    { header: '部位', width: 10, value: (h) => h.place },
    { header: '类别', width: 10, value: (h) => hazardCategoryLabel(h.category) },
    level,
    { header: '来源', width: 14, value: (h) => hazardSourceLabels[h.source as keyof typeof hazardSourceLabels] ?? h.source },
    { header: '发现时间', width: 17, numFmt: DATE_TIME, value: (h) => wallClock(h.found_at) },
    { header: '登记人', width: 10, value: (h) => h.reported_by_name },
    state,
    deadline,
    { header: '是否逾期', width: 10, value: (h, today) => yesNo(isOverdue(h, today)) },
    { header: '是否挂牌督办', width: 12, value: (h) => yesNo(h.supervision_listed) },
    closedAt,
    { header: '是否按期销号', width: 12, value: (h) => (h.state === 'closed' ? yesNo(h.closed_on_time) : '') },
  ],
  measures: [
    code,
    school,
    title,
    level,
    { header: '整改措施', width: 40, value: (h) => h.plan_measures },
    { header: '责任人', width: 10, value: (h) => h.plan_responsible_person },
    { header: '整改资金', width: 12, value: (h) => h.plan_funds },
    deadline,
    { header: '临时管控措施', width: 30, value: (h) => h.interim_control },
    { header: '应急预案', width: 30, value: (h) => h.plan_contingency },
    { header: '整改情况说明', width: 30, value: (h) => h.rectification_note },
    { header: '交办单位', width: 16, value: (h) => (h.handed_over_to ? (h.responsible_unit_name ?? '') : '') },
    state,
    closedAt,
  ],
};

const headerStyle = (row: ExcelJS.Row) => {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center' };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
};

/**
 * Streams one ledger into `out` page by page: each row is committed (serialised and zipped) as
 * soon as it is added, and the next page is read only when `out` has drained, so memory holds
 * one page whatever the row count. Shared strings are off: they would keep every text in memory.
 */
export async function writeLedger<L extends Ledger>(out: Writable, ledger: L, today: string, pages: AsyncIterable<LedgerRow[L][]>): Promise<void> {
  const columns: Column<LedgerRow[L]>[] = ledgerColumns[ledger];
  // Fastest deflate level: the sheet is mostly repeated text, level 1 is ~3× faster for ~20 % more bytes.
  const wb = new (await loadExcelJS()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  wb.creator = '护校安园';
  wb.created = new Date();
  const ws = wb.addWorksheet(ledgerTitles[ledger], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, ...(c.numFmt && { style: { numFmt: c.numFmt } }) }));
  headerStyle(ws.getRow(1));
  // One style object per column, shared by its cells: exceljs caches style ids by object identity,
  // while the fresh copy it gives each cell costs a style serialisation per cell (a third of the time).
  const styles = columns.map((c) => (c.numFmt ? { numFmt: c.numFmt } : {}));
  for await (const page of pages) {
    for (const h of page) {
      const row = ws.addRow(columns.map((c) => c.value(h, today)));
      styles.forEach((style, i) => {
        row.getCell(i + 1).style = style;
      });
      row.commit();
    }
    if (out.destroyed) return; // the client went away: stop reading pages
    if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  }
  ws.commit();
  await wb.commit();
}

/** The columns of an import, with the other names offices (and our own export) give them. */
type PlanKey = 'measures' | 'responsiblePerson' | 'funds' | 'deadline' | 'interimControl' | 'contingencyPlan' | 'closedOn';
export type ImportKey = 'schoolCode' | 'schoolName' | 'title' | 'description' | 'place' | 'category' | 'level' | 'source' | 'foundOn' | 'state' | PlanKey;
export type ImportColumn = { key: ImportKey; header: string; aliases?: string[]; width: number; max?: number; date?: boolean; note: string };

const stateList = Object.values(hazardStateLabels).join('/');
export const importColumns: ImportColumn[] = [
  { key: 'schoolCode', header: '学校代码', width: 12, note: '学校代码或学校名称至少填一项，见“填写说明”中的学校名单' },
  { key: 'schoolName', header: '学校名称', aliases: ['学校'], width: 24, note: '只填名称时须与系统中的学校名称一致' },
  { key: 'title', header: '隐患标题', width: 30, max: 100, note: '必填，100 字以内' },
  { key: 'description', header: '隐患描述', width: 40, max: 2000, note: '选填' },
  { key: 'place', header: '部位', aliases: ['隐患部位'], width: 10, max: 40, note: '必填，如 校门、围墙、食堂、宿舍、配电房' },
  { key: 'category', header: '类别', aliases: ['隐患类别'], width: 10, note: '研判及以后必填；登记状态可空（记为“其他”）' },
  { key: 'level', header: '等级', aliases: ['隐患等级'], width: 8, note: '一般/重大；研判及以后必填' },
  { key: 'source', header: '来源', aliases: ['隐患来源'], width: 14, note: `必填：${Object.values(hazardSourceLabels).join('/')}` },
  { key: 'foundOn', header: '发现日期', aliases: ['发现时间'], width: 12, date: true, note: '必填，如 2025-03-18，不能晚于今天' },
  { key: 'state', header: '状态', aliases: ['隐患状态'], width: 10, note: `必填：${stateList}` },
  { key: 'measures', header: '整改措施', width: 40, max: 2000, note: '整改中、待验收、已销号必填' },
  { key: 'responsiblePerson', header: '责任人', aliases: ['整改责任人'], width: 10, max: 40, note: '整改中、待验收、已销号必填' },
  { key: 'funds', header: '整改资金', width: 12, max: 100, note: '选填，如 5000 元' },
  { key: 'deadline', header: '整改期限', aliases: ['整改时限'], width: 12, date: true, note: '整改中、待验收、已销号必填，不早于发现日期' },
  { key: 'interimControl', header: '临时管控措施', width: 30, max: 2000, note: '重大隐患整改中必填' },
  { key: 'contingencyPlan', header: '应急预案', width: 30, max: 2000, note: '选填' },
  { key: 'closedOn', header: '销号日期', aliases: ['销号时间'], width: 12, date: true, note: '已销号必填，不早于发现日期、不晚于今天；其他状态不填' },
];
export const importRequired: ReadonlySet<ImportKey> = new Set(['title', 'place', 'source', 'foundOn', 'state']);

export type TemplateSchool = { code: string; name: string; parentName: string };

/** The import template: the header row, and a 填写说明 sheet with the allowed values and the schools in scope. */
export async function buildImportTemplate(schools: TemplateSchool[]): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '护校安园';
  const ws = wb.addWorksheet('隐患台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = importColumns.map((c) => ({ header: c.header, width: c.width, ...(c.date && { style: { numFmt: DATE } }) }));
  headerStyle(ws.getRow(1));
  importColumns.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    if (importRequired.has(c.key)) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    cell.note = c.note;
  });
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '项目', width: 22 },
    { header: '说明', width: 70 },
    { header: '', width: 30 },
  ];
  headerStyle(help.getRow(1));
  help.addRow(['导入规则', '先校验全部行，任何一行有错都不导入，并逐行列出错误；改正后重新上传即可。每个隐患导入后自动编号。']);
  for (const c of importColumns) help.addRow([c.header, c.note]);
  const section = (name: string, rows: string[][]) => {
    help.addRow([]);
    headerStyle(help.addRow([name, '可填写', '']));
    for (const r of rows) help.addRow(r);
  };
  section('类别', [['可填名称或代码', defaultHazardCategories.map((c) => `${c.label}（${c.code}）`).join('、')]]);
  section('等级', [['一般/重大', '登记状态可空或填“未研判”']]);
  section('来源', [['可填', Object.values(hazardSourceLabels).join('、')]]);
  section('状态', [
    ['登记', '刚发现、尚未研判'],
    ['研判', '须填类别、等级'],
    ['整改中', '须填类别、等级、整改措施、责任人、整改期限；重大隐患还须填临时管控措施'],
    ['待验收', '须填类别、等级、整改措施、责任人、整改期限'],
    ['已销号', '须填类别、等级、整改措施、责任人、整改期限、销号日期'],
  ]);
  help.addRow([]);
  headerStyle(help.addRow(['学校代码', '学校名称（您可导入的学校）', '街道/教管中心']));
  for (const s of schools) help.addRow([s.code, s.name, s.parentName]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const MAX_IMPORT_ROWS = 30_000;
export type SheetRow = { row: number; cells: Partial<Record<ImportKey, ExcelJS.CellValue>>; texts: Partial<Record<ImportKey, string>> };

const normalise = (h: string) =>
  h
    .replace(/[\s*＊]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
const headerKeys = new Map<string, ImportKey>(importColumns.flatMap((c) => [c.header, ...(c.aliases ?? [])].map((h) => [normalise(h), c.key] as const)));

/** Reads the first sheet into rows keyed by column; every structural problem is reported, not only the first. */
export async function readImportSheet(file: Buffer): Promise<{ rows: SheetRow[]; errors: ErrorDetail[] }> {
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: [{ message: '无法读取文件：请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）' }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], errors: [{ message: '文件中没有工作表' }] };
  const columnOf = new Map<ImportKey, number>();
  ws.getRow(1).eachCell((cell, col) => {
    const key = headerKeys.get(normalise(cellText(cell.value)));
    if (key && !columnOf.has(key)) columnOf.set(key, col);
  });
  const missing = importColumns.filter((c) => importRequired.has(c.key) && !columnOf.has(c.key)).map((c) => c.header);
  if (!columnOf.has('schoolCode') && !columnOf.has('schoolName')) missing.unshift('学校代码/学校名称');
  if (missing.length) return { rows: [], errors: missing.map((h) => ({ row: 1, column: h, message: `缺少必填列「${h}」（第 1 行应为表头）` })) };
  const lastRow = ws.actualRowCount === 0 ? 0 : (ws.lastRow?.number ?? 0);
  if (lastRow - 1 > MAX_IMPORT_ROWS) return { rows: [], errors: [{ message: `一次最多导入 ${MAX_IMPORT_ROWS} 行，请分批导入` }] };
  const rows: SheetRow[] = [];
  for (let r = 2; r <= lastRow; r++) {
    const row = ws.getRow(r);
    const cells: SheetRow['cells'] = {};
    const texts: SheetRow['texts'] = {};
    for (const [key, col] of columnOf) {
      const v = row.getCell(col).value;
      const text = cellText(v);
      if (text === '') continue;
      cells[key] = v;
      texts[key] = text;
    }
    if (Object.keys(texts).length) rows.push({ row: r, cells, texts }); // blank lines are skipped
  }
  if (rows.length === 0) return { rows, errors: [{ message: '文件中没有数据行' }] };
  return { rows, errors: [] };
}

/** What a vocabulary cell may hold: the label offices write, or the code. */
const byText = <T extends string>(labels: Record<T, string>) =>
  new Map<string, T>(
    Object.entries<string>(labels).flatMap(([k, v]) => [
      [k, k as T],
      [v, k as T],
    ]),
  );
export const importVocab = {
  states: byText(hazardStateLabels),
  sources: byText(hazardSourceLabels),
  levels: byText<HazardLevel>(hazardLevelLabels),
  categories: new Map(
    defaultHazardCategories.flatMap((c) => [
      [c.code, c.code],
      [c.label, c.code],
    ]),
  ),
};

/**
 * An Excel day (date cell, serial number or text like 2025-03-18, 2025/3/18, 2025年3月18日,
 * optionally with a time) as its Shanghai calendar day and the instant it stands for.
 */
export function parseMoment(v: ExcelJS.CellValue): { day: string; at: Date } | null {
  if (v && typeof v === 'object' && !(v instanceof Date) && 'result' in v) return parseMoment(v.result as ExcelJS.CellValue);
  let wall: Date; // the wall clock written as UTC, as exceljs reads date cells
  if (v instanceof Date) wall = v;
  else if (typeof v === 'number') wall = new Date(Math.round((v - 25569) * 86_400_000));
  else {
    const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$/.exec(cellText(v));
    const p = (s: string | undefined) => (s ?? '0').padStart(2, '0');
    const day = m ? `${m[1]}-${p(m[2])}-${p(m[3])}` : '';
    if (!m || !isCalendarDay(day) || Number(m[4] ?? 0) > 23) return null;
    wall = new Date(`${day}T${p(m[4])}:${p(m[5])}:${p(m[6])}Z`);
  }
  const year = wall.getUTCFullYear();
  if (Number.isNaN(year) || year < 1990 || year > 2100) return null;
  return { day: wall.toISOString().slice(0, 10), at: new Date(wall.getTime() - SHANGHAI_MS) };
}
