import type ExcelJS from 'exceljs';
import type PDFDocument from 'pdfkit';
import { shanghaiDay } from '../../domain/calendar.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { loadFonts } from '../notices/notice-pdf.js';
import { loadExcelJS, loadPdfKit } from '../shared/lazy-modules.js';
import { getReportDraft } from './reports.service.js';

/**
 * A report as the office files it on paper: the title, the unit and period, the statistics table
 * (项目 / 数量 / 平台统计 / 说明, grouped), the written sections, and for a centre the schools'
 * summary with the missing named. Excel and the A4 PDF print the same content from getReportDraft.
 */
type Draft = Awaited<ReturnType<typeof getReportDraft>>;
type Query = { typeCode: string; periodKey?: string | undefined; unitId?: string | undefined };

const fileName = (d: Draft) => `${d.unit.name}-${d.period.label}-${d.type.label}`.replace(/[\\/:*?"<>|“”]/g, '');
const show = (n: number | null) => (n === null ? '—' : String(n));
const submittedLine = (d: Draft) => {
  const v = d.report?.versions[0];
  if (!v) return `状态：未报送（截止 ${d.dueOn}）`;
  return `状态：${d.report?.stateLabel}（第 ${v.versionNo} 版，${v.submittedByName} 于 ${shanghaiDay(new Date(v.submittedAt))} 报送${v.zeroReport ? '，零报告' : ''}）`;
};

function sheetTable(ws: ExcelJS.Worksheet, d: Draft) {
  const head = ws.addRow(['类别', '项目', '数量', '单位', '平台统计', '说明']);
  head.font = { bold: true };
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
  });
  for (const c of d.cells) ws.addRow([c.group, c.label, c.value ?? '—', c.unit, c.computed ?? '—', c.note]);
}

export async function exportReportExcel(app: AppContext, actor: Actor, q: Query) {
  const d = await getReportDraft(app, actor, q);
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报表');
  ws.columns = [{ width: 16 }, { width: 30 }, { width: 10 }, { width: 8 }, { width: 10 }, { width: 40 }];
  ws.mergeCells('A1:F1');
  ws.getCell('A1').value = d.type.label;
  ws.getCell('A1').font = { bold: true, size: 16 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.addRow([`填报单位：${d.unit.name}`, '', '', `报送周期：${d.period.label}（${d.period.start} 至 ${d.period.end}）`]);
  ws.addRow([submittedLine(d)]);
  ws.addRow([]);
  sheetTable(ws, d);
  ws.addRow([]);
  for (const f of d.fields) {
    const r = ws.addRow([f.label, f.value]);
    r.getCell(1).font = { bold: true };
    ws.mergeCells(r.number, 2, r.number, 6);
    r.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  if (d.children) {
    const s = wb.addWorksheet('所属学校汇总');
    s.addRow([
      `所属学校 ${d.children.expected} 所，已报 ${d.children.filed} 所，未报 ${d.children.missing.length} 所，退回待重报 ${d.children.returned.length} 所`,
    ]);
    // The schools' own cells (a centre's 群众反映 rows are not in a school's table).
    const cells = d.cells.filter((c) => c.key in (d.children?.sums ?? {}));
    const keys = cells.map((c) => c.key);
    const head = s.addRow(['学校', '报送情况', ...cells.map((c) => c.label)]);
    head.font = { bold: true };
    for (const r of d.children.rows) s.addRow([r.unitName, r.standingLabel, ...keys.map((k) => r.cells[k] ?? '')]);
    s.addRow(['合计（已报学校）', '', ...keys.map((k) => d.children?.sums[k] ?? 0)]).font = { bold: true };
    s.getColumn(1).width = 28;
  }
  return { name: fileName(d), file: Buffer.from(await wb.xlsx.writeBuffer()) };
}

const MM = 72 / 25.4;
const margins = { top: 22 * MM, left: 22 * MM, right: 20 * MM, bottom: 20 * MM };
type Doc = InstanceType<typeof PDFDocument>;

function pdfTable(doc: Doc, d: Draft, width: number) {
  const cols = [0.18, 0.34, 0.1, 0.08, 0.3].map((w) => w * width);
  const heads = ['类别', '项目', '数量', '单位', '说明（与平台统计不同时）'];
  const row = (cells: string[], bold = false) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(10);
    const h = Math.max(18, ...cells.map((c, i) => doc.heightOfString(c, { width: (cols[i] ?? 0) - 6 }) + 8));
    if (doc.y + h > doc.page.height - margins.bottom) doc.addPage();
    const y = doc.y;
    let x = margins.left;
    cells.forEach((c, i) => {
      const w = cols[i] ?? 0;
      doc.rect(x, y, w, h).lineWidth(0.5).stroke();
      doc.text(c, x + 3, y + 4, { width: w - 6 });
      x += w;
    });
    doc.x = margins.left;
    doc.y = y + h;
  };
  row(heads, true);
  for (const c of d.cells) {
    const note = c.value !== c.computed ? `平台统计 ${show(c.computed)}；${c.note}` : '';
    row([c.group, c.label, show(c.value), c.unit, note]);
  }
}

export async function renderReportPdf(d: Draft): Promise<Buffer> {
  const f = await loadFonts();
  const doc = new (await loadPdfKit())({ size: 'A4', margins, bufferPages: true, lang: 'zh-CN', info: { Title: d.type.label, Author: d.unit.name } });
  doc.registerFont('regular', f.regular as Buffer);
  doc.registerFont('bold', f.bold as Buffer);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - margins.left - margins.right;
  doc.font('bold').fontSize(17).text(d.type.label, { align: 'center' });
  doc.moveDown(0.6);
  doc.font('regular').fontSize(11).text(`填报单位：${d.unit.name}　　报送周期：${d.period.label}（${d.period.start} 至 ${d.period.end}）`, { width });
  doc.text(submittedLine(d), { width });
  doc.moveDown(0.5);
  pdfTable(doc, d, width);
  for (const fl of d.fields) {
    doc.moveDown(0.6);
    doc.font('bold').fontSize(12).text(fl.label, margins.left, doc.y, { width });
    doc
      .font('regular')
      .fontSize(11)
      .text(fl.value || '（未填写）', { width, lineGap: 3, indent: 22 });
  }
  if (d.children) {
    doc.moveDown(0.6);
    const c = d.children;
    doc.font('bold').fontSize(12).text('所属学校报送情况', margins.left, doc.y, { width });
    doc.font('regular').fontSize(11).text(`应报 ${c.expected} 所，已报 ${c.filed} 所。`, { width });
    if (c.missing.length) doc.text(`未报：${c.missing.map((m) => m.unitName).join('、')}`, { width });
    if (c.returned.length) doc.text(`退回待重报：${c.returned.map((m) => m.unitName).join('、')}`, { width });
  }
  doc.moveDown(1.5);
  doc.text(`填报单位（盖章）：${d.unit.name}`, margins.left + width * 0.45, doc.y, { width: width * 0.55 });
  doc.text(`报送日期：${d.report?.versions[0] ? shanghaiDay(new Date(d.report.versions[0].submittedAt)) : '　　年　月　日'}`, { width: width * 0.55 });
  doc.end();
  return done;
}

export async function exportReportPdf(app: AppContext, actor: Actor, q: Query) {
  const d = await getReportDraft(app, actor, q);
  return { name: fileName(d), file: await renderReportPdf(d) };
}
