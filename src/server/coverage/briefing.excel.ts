import type ExcelJS from 'exceljs';
import { hazardLevelLabels } from '../../domain/hazard.js';
import { summaryFields } from '../dashboard/statistics.excel.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import type { MonthlyBriefing, WeeklyLedger } from './briefing.service.js';

/**
 * The weekly ledger and the monthly briefing as offices keep them in Excel: a title row, Chinese
 * headers, labels rather than codes, calendar days as real Excel dates, counts as numbers.
 * Small documents (a week's inspections, a month's tables), so built in memory.
 */
const DATE = 'yyyy-mm-dd';
const PERCENT = '0.0"%"';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFB0B0B0' } },
  left: { style: 'thin', color: { argb: 'FFB0B0B0' } },
  bottom: { style: 'thin', color: { argb: 'FFB0B0B0' } },
  right: { style: 'thin', color: { argb: 'FFB0B0B0' } },
};

/** A Shanghai calendar day as the Excel date of that day (exceljs writes a Date's UTC fields). */
export const excelDay = (day: string | null) => (day ? new Date(`${day}T00:00:00Z`) : null);

async function newWorkbook(title: string) {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '护校安园';
  wb.created = new Date();
  wb.title = title;
  return wb;
}

function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.border = thin;
  });
}

/** Row 1: the title across `width` columns; row 2: a smaller line under it. */
function titleRows(ws: ExcelJS.Worksheet, title: string, subtitle: string, width: number) {
  ws.mergeCells(1, 1, 1, width);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  ws.mergeCells(2, 1, 2, width);
  ws.getCell(2, 1).value = subtitle;
  ws.getCell(2, 1).alignment = { vertical: 'middle', wrapText: true };
  ws.getRow(2).height = 36;
}

type Col = { header: string; width: number; numFmt?: string; wrap?: boolean };

/** A captioned table from the next free row: caption, header, rows; a blank row after it. */
function table(ws: ExcelJS.Worksheet, caption: string, cols: readonly Col[], rows: readonly ExcelJS.CellValue[][]) {
  if (ws.rowCount > 0) ws.addRow([]);
  const cap = ws.addRow([caption]);
  cap.font = { bold: true, size: 12 };
  styleHeader(ws.addRow(cols.map((c) => c.header)));
  for (const values of rows) {
    const row = ws.addRow(values);
    cols.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.border = thin;
      if (c.numFmt) cell.numFmt = c.numFmt;
      if (c.wrap) cell.alignment = { wrapText: true, vertical: 'top' };
    });
  }
  if (rows.length === 0) ws.addRow(['（无）']);
}

const widths = (ws: ExcelJS.Worksheet, w: readonly number[]) => {
  w.forEach((width, i) => {
    ws.getColumn(i + 1).width = width;
  });
};

const landscape = (ws: ExcelJS.Worksheet, titleRowsTo?: number) => {
  ws.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    ...(titleRowsTo && { printTitlesRow: `${titleRowsTo}:${titleRowsTo}` }),
  };
};

export const weeklyColumns: Col[] = [
  { header: '序号', width: 6 },
  { header: '日期', width: 12, numFmt: DATE },
  { header: '学校', width: 26, wrap: true },
  { header: '所属街镇', width: 14 },
  { header: '检查层级', width: 12 },
  { header: '检查人员', width: 18, wrap: true },
  { header: '检查表', width: 24, wrap: true },
  { header: '合格', width: 7 },
  { header: '不合格', width: 8 },
  { header: '不适用', width: 8 },
  { header: '发现问题', width: 48, wrap: true },
  { header: '隐患编号及状态', width: 30, wrap: true },
  { header: '备注', width: 30, wrap: true },
  { header: '检查编号', width: 15 },
];

/** The one-line summary under the title, as written in the ledger and the PDF. */
export function weeklySummaryLine(l: WeeklyLedger): string {
  const s = l.summary;
  const joint = s.joint?.weeks[0];
  const duty = s.joint && joint ? `联合督检 ${joint.days} 天（要求每周不少于 ${s.joint.required} 天，${joint.verdict}）；` : '';
  return `检查天数 ${s.days} 天；${duty}检查学校 ${s.schools} 所；检查 ${s.inspections} 次；不合格项 ${s.failedItems} 项；发现隐患 ${s.hazards} 条；下达整改通知书 ${s.notices} 份。范围：${l.scopeLabel}；生成：${l.generatedOn} ${l.generatedBy}`;
}

/** 每周台账: the ledger sheet (title, summary line, frozen header row) and a 汇总 sheet of the numbers. */
export async function buildWeeklyLedgerXlsx(l: WeeklyLedger): Promise<Buffer> {
  const wb = await newWorkbook(l.title);
  const ws = wb.addWorksheet('每周台账', { views: [{ state: 'frozen', ySplit: 3 }] });
  titleRows(ws, l.title, weeklySummaryLine(l), weeklyColumns.length);
  widths(
    ws,
    weeklyColumns.map((c) => c.width),
  );
  const header = ws.getRow(3);
  header.values = weeklyColumns.map((c) => c.header);
  styleHeader(header);
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: weeklyColumns.length } };
  for (const r of l.rows) {
    const row = ws.addRow([
      r.no,
      excelDay(r.day),
      r.schoolName,
      r.parentName,
      r.levelLabel,
      r.inspectors,
      r.template,
      r.pass,
      r.fail,
      r.na,
      r.problems,
      r.hazards,
      r.remark,
      r.code,
    ]);
    weeklyColumns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.border = thin;
      cell.alignment = { vertical: 'top', wrapText: Boolean(c.wrap) };
      if (c.numFmt) cell.numFmt = c.numFmt;
    });
  }
  landscape(ws, 3);
  summarySheet(wb, l);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function summarySheet(wb: ExcelJS.Workbook, l: WeeklyLedger) {
  const ws = wb.addWorksheet('汇总');
  widths(ws, [22, 16, 40]);
  const s = l.summary;
  const joint = s.joint?.weeks[0];
  const rows: [string, ExcelJS.CellValue, string?][] = [
    ['周次', l.period.key, l.period.label],
    ['开始日期', excelDay(l.period.start)],
    ['结束日期', excelDay(l.period.end)],
    ['检查层级', l.levelLabel],
    ['检查天数', s.days],
    ...(s.joint && joint
      ? ([
          ['联合督检天数', joint.days],
          ['每周要求天数', s.joint.required, s.joint.label],
          ['是否达标', joint.verdict, s.joint.judged ? '' : '非全区范围，不评定'],
        ] as [string, ExcelJS.CellValue, string?][])
      : []),
    ['检查学校数', s.schools],
    ['检查次数', s.inspections],
    ['不合格项数', s.failedItems],
    ['发现隐患数', s.hazards, '由本周检查的不合格项转为的隐患'],
    ['下达整改通知书数', s.notices, '本周向被检查学校下达'],
    ['数据范围', l.scopeLabel],
    ['生成日期', excelDay(l.generatedOn)],
    ['生成人', l.generatedBy],
  ];
  styleHeader(ws.addRow(['项目', '数值', '说明']));
  for (const [k, v, note] of rows) {
    const row = ws.addRow([k, v, note ?? '']);
    if (v instanceof Date) row.getCell(2).numFmt = DATE;
  }
}

/** 每月通报: one sheet per section, each with its title, key figures and small tables. */
export async function buildMonthlyBriefingXlsx(b: MonthlyBriefing): Promise<Buffer> {
  const wb = await newWorkbook(b.title);
  const subtitle = `范围：${b.scopeLabel}；统计期间：${b.period.start} 至 ${b.period.end}；生成：${b.generatedOn} ${b.generatedBy}${b.auditAnchor ? `；${b.auditAnchor}` : ''}`;
  const sheet = (name: string, w: number[]) => {
    const ws = wb.addWorksheet(name);
    titleRows(ws, `${b.title}　${name}`, subtitle, w.length);
    widths(ws, w);
    landscape(ws);
    return ws;
  };
  overviewSheet(sheet('一、总体情况', [24, 14, 14, 14, 16]), b);
  findingsSheet(sheet('二、发现问题', [18, 12, 12, 12, 12]), b);
  rectificationSheet(sheet('三、整改情况', [16, 26, 14, 30, 8, 10, 12, 10, 12]), b);
  const cov = sheet('四、覆盖率', [24, 12, 12, 12]);
  const rates = (rows: MonthlyBriefing['byParent']) => rows.map((r) => [r.name, r.schools, r.done, r.rate]);
  const rateCols = (name: string, count: string): Col[] => [
    { header: name, width: 24 },
    { header: count, width: 12 },
    { header: '已督查', width: 12 },
    { header: '覆盖率', width: 12, numFmt: PERCENT },
  ];
  table(cov, '各街镇覆盖率', rateCols('街道/教管中心', '学校数'), rates(b.byParent));
  table(cov, '责任督学覆盖率（本人参与的督查）', rateCols('责任督学', '包校数'), rates(b.byInspector));
  const un = sheet('五、未覆盖学校', [8, 32, 16, 16]);
  table(
    un,
    `本月未接受督查的学校（${b.uncovered.length} 所）`,
    [
      { header: '序号', width: 8 },
      { header: '学校', width: 32 },
      { header: '所属街镇', width: 16 },
      { header: '状态', width: 16 },
    ],
    b.uncovered.map((u, i) => [i + 1, u.schoolName, u.parentName, u.status]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Label / value rows: the key figures of a section, numbers as numbers. */
function figures(ws: ExcelJS.Worksheet, caption: string, rows: readonly [string, ExcelJS.CellValue, string?][]) {
  table(
    ws,
    caption,
    [
      { header: '项目', width: 24 },
      { header: '数值', width: 14 },
    ],
    rows.map(([k, v]) => [k, v]),
  );
  rows.forEach(([, , fmt], i) => {
    if (fmt) ws.getRow(ws.rowCount - rows.length + 1 + i).getCell(2).numFmt = fmt;
  });
}

function overviewSheet(ws: ExcelJS.Worksheet, b: MonthlyBriefing) {
  const o = b.overview;
  figures(ws, `督查覆盖（${o.obligation}）`, [
    ['应督查学校数', o.schools],
    ['已督查学校数', o.supervised],
    ['未督查学校数', o.uncovered],
    ['督查覆盖率', o.rate, PERCENT],
    ['各级检查次数', o.inspections],
    ['其中督查次数', o.supervisionInspections],
  ]);
  table(
    ws,
    '各层级检查情况',
    [
      { header: '检查层级', width: 24 },
      { header: '计为督查', width: 14 },
      { header: '检查次数', width: 14 },
      { header: '检查学校数', width: 14 },
      { header: '检查天数', width: 16 },
    ],
    o.byLevel.map((l) => [l.label, l.supervising ? '是' : '否', l.inspections, l.schools, l.days]),
  );
  if (o.joint) {
    table(
      ws,
      `联合督检组每周检查天数（${o.joint.label}）`,
      [
        { header: '周次', width: 24 },
        { header: '开始日期', width: 14, numFmt: DATE },
        { header: '结束日期', width: 14, numFmt: DATE },
        { header: '检查天数', width: 14 },
        { header: '结论', width: 16 },
      ],
      o.joint.weeks.map((w) => [w.key, excelDay(w.start), excelDay(w.end), w.days, w.verdict]),
    );
  }
}

function findingsSheet(ws: ExcelJS.Worksheet, b: MonthlyBriefing) {
  const f = b.findings;
  figures(ws, '本月发现问题隐患', [
    ['发现隐患总数', f.total],
    ['其中检查发现', f.fromInspections],
    ['其中重大隐患', f.major],
    ['涉及学校数', f.schools],
  ]);
  table(
    ws,
    '按类别和等级',
    [
      { header: '类别', width: 18 },
      { header: hazardLevelLabels.general, width: 12 },
      { header: hazardLevelLabels.major, width: 12 },
      { header: '未研判', width: 12 },
      { header: '合计', width: 12 },
    ],
    [
      ...f.byCategory.map((c) => [c.label, c.general, c.major, c.unassessed, c.total]),
      ...(f.byCategory.length ? [['合计', sumOf(f.byCategory, 'general'), sumOf(f.byCategory, 'major'), sumOf(f.byCategory, 'unassessed'), f.total]] : []),
    ],
  );
  table(
    ws,
    '按发现来源',
    [
      { header: '来源', width: 18 },
      { header: '数量', width: 12 },
    ],
    f.bySource.map((s) => [s.label, s.n]),
  );
}

const sumOf = <K extends string>(rows: readonly Record<K, number>[], key: K) => rows.reduce((n, r) => n + r[key], 0);

function rectificationSheet(ws: ExcelJS.Worksheet, b: MonthlyBriefing) {
  const r = b.rectification;
  figures(ws, `本月发现隐患的整改情况（截至 ${b.generatedOn}）`, [
    ['本月发现隐患', r.total],
    ['已销号', r.closed],
    ['其中按期销号', r.closedOnTime],
    ['正在整改', r.open],
    ['其中逾期', r.overdue],
    ['销号率', r.closedRate, PERCENT],
    ['按期销号率', r.onTimeRate, PERCENT],
    ['本月下达整改通知书', r.notices],
    ['本月执法处罚书', r.penalties],
  ]);
  figures(
    ws,
    `督查汇总（${b.supervision.levelLabel}）`,
    summaryFields.map(([key, label]) => [label, b.supervision[key] as number]),
  );
  table(
    ws,
    `挂牌督办未销号的重大隐患（${r.supervised.length} 条）`,
    [
      { header: '隐患编号', width: 16 },
      { header: '学校', width: 26, wrap: true },
      { header: '所属街镇', width: 14 },
      { header: '隐患标题', width: 30, wrap: true },
      { header: '等级', width: 8 },
      { header: '状态', width: 10 },
      { header: '整改期限', width: 12, numFmt: DATE },
      { header: '是否逾期', width: 10 },
      { header: '挂牌日期', width: 12, numFmt: DATE },
    ],
    r.supervised.map((h) => [
      h.code,
      h.schoolName,
      h.parentName,
      h.title,
      h.level ? hazardLevelLabels[h.level] : '未研判',
      h.stateLabel,
      excelDay(h.deadline),
      h.overdue ? '是' : '否',
      excelDay(h.listedOn),
    ]),
  );
}
