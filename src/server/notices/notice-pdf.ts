import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type PDFDocument from 'pdfkit';
import { shanghaiDay } from '../../domain/calendar.js';
import { chineseDate } from '../../domain/notice-number.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { loadPdfKit } from '../shared/lazy-modules.js';
import * as repo from './notices.repository.js';
import { loadVisibleNotice } from './notices.service.js';

export type NoticePdfData = {
  number: string;
  schoolName: string;
  issuerUnitName: string;
  issuedOn: string;
  deadline: string;
  requirements: string;
  hazards: { code: string; place: string; title: string; description: string }[];
};

// The package's `exports` hides its fonts folder: resolve the entry point and step over to it.
// Parsed once and reused: pdfkit accepts a parsed font, and a warm one subsets several times faster.
let fonts: { regular: unknown; bold: unknown } | undefined;
export async function loadFonts(): Promise<{ regular: unknown; bold: unknown }> {
  if (!fonts) {
    const PDFKit = await loadPdfKit();
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    fonts = { regular: parsedFont(PDFKit, path.join(dir, 'NotoSansHans-Regular.otf')), bold: parsedFont(PDFKit, path.join(dir, 'NotoSansHans-Bold.otf')) };
  }
  return fonts;
}

/** The fontkit font pdfkit builds from the file (falls back to the bytes if pdfkit's insides change). */
function parsedFont(PDFKit: typeof PDFDocument, file: string): unknown {
  const bytes = fs.readFileSync(file);
  const probe = new PDFKit({ autoFirstPage: false });
  probe.registerFont('probe', bytes);
  probe.font('probe');
  const font = (probe as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
  return typeof font?.layout === 'function' ? font : bytes;
}

const MM = 72 / 25.4;
// Side margins of GB/T 9704 (党政机关公文格式, 28 mm left, 26 mm right); top and bottom a little
// tighter than its 37/35 mm so a notice with a few hazards and the receipt fits one page.
const margins = { top: 25 * MM, left: 28 * MM, right: 26 * MM, bottom: 22 * MM };
const BODY = 13;
const INDENT = BODY * 2;

type Doc = InstanceType<typeof PDFDocument>;

/** How the notice addresses the school: a kindergarten is 你园. */
const you = (d: NoticePdfData) => (d.schoolName.endsWith('幼儿园') ? '你园' : '你校');

/** Starts a new page when fewer than `height` points are left, so a block is not split. */
function keepTogether(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function header(doc: Doc, d: NoticePdfData) {
  doc.font('bold').fontSize(26).text('整改通知书', { align: 'center', characterSpacing: 8 });
  doc.moveDown(0.4);
  doc.font('regular').fontSize(BODY).text(d.number, { align: 'center' });
  doc.moveDown(0.3);
  const y = doc.y + 4;
  doc
    .moveTo(margins.left, y)
    .lineTo(doc.page.width - margins.right, y)
    .lineWidth(1.2)
    .strokeColor('#b00000')
    .stroke();
  doc
    .moveTo(margins.left, y + 3)
    .lineTo(doc.page.width - margins.right, y + 3)
    .lineWidth(0.5)
    .stroke();
  doc.strokeColor('black');
  doc.y = y + 18;
}

function hazardList(doc: Doc, d: NoticePdfData, width: number) {
  doc
    .font('regular')
    .fontSize(BODY)
    .text(`经检查，${you(d)}存在下列安全隐患：`, { indent: INDENT, lineGap: 4 });
  doc.moveDown(0.4);
  const inner = { width: width - INDENT, lineGap: 2 };
  for (const [i, h] of d.hazards.entries()) {
    const title = `${i + 1}. ${h.title}`;
    const meta = `隐患编号：${h.code}　　部位：${h.place}`;
    const description = h.description.trim() ? `情况：${h.description.trim()}` : '';
    // One hazard is one block: measured first, so its title never ends a page without its details.
    const height =
      doc
        .font('bold')
        .fontSize(BODY)
        .heightOfString(title, { ...inner, lineGap: 3 }) + doc.font('regular').fontSize(10.5).heightOfString(`${meta}\n${description}`, inner);
    keepTogether(doc, Math.min(height + 8, 200));
    doc
      .font('bold')
      .fontSize(BODY)
      .text(title, margins.left + INDENT, doc.y, { ...inner, lineGap: 3 });
    doc.font('regular').fontSize(10.5).fillColor('#333333').text(meta, inner);
    if (description) doc.text(description, inner);
    doc.fillColor('black').moveDown(0.4);
  }
  doc.x = margins.left;
}

function closing(doc: Doc, d: NoticePdfData, width: number) {
  const para = { indent: INDENT, lineGap: 4, width, align: 'justify' as const };
  doc.moveDown(0.4);
  if (d.requirements.trim()) {
    keepTogether(doc, 60);
    doc.font('bold').fontSize(BODY).text('整改要求：', margins.left, doc.y, { indent: INDENT, lineGap: 4 });
    for (const line of d.requirements
      .trim()
      .split(/\r?\n/)
      .filter((l) => l.trim()))
      doc.font('regular').text(line.trim(), para);
    doc.moveDown(0.4);
  }
  doc
    .font('regular')
    .text(`请${you(d)}高度重视，于${chineseDate(d.deadline)}前完成整改，并将整改情况书面回执本单位。逾期未整改或整改不到位的，将依照有关规定严肃处理。`, para);
  doc.moveDown(1.5);
  keepTogether(doc, 60);
  const signX = margins.left + width * 0.5;
  doc.text(d.issuerUnitName, signX, doc.y, { width: width * 0.5, align: 'center' });
  doc.moveDown(0.3);
  doc.text(chineseDate(d.issuedOn), signX, doc.y, { width: width * 0.5, align: 'center' });
  receipt(doc, d, width);
}

/** The acknowledgement strip at the foot of the last page (on a new page when there is no room). */
function receipt(doc: Doc, d: NoticePdfData, width: number) {
  const height = 58;
  const bottom = doc.page.height - doc.page.margins.bottom;
  if (doc.y + 24 + height > bottom) doc.addPage();
  const y = Math.max(doc.y + 24, bottom - height);
  doc
    .moveTo(margins.left, y)
    .lineTo(margins.left + width, y)
    .dash(4, { space: 3 })
    .lineWidth(0.6)
    .stroke()
    .undash();
  const label = '签收回执';
  doc.font('regular').fontSize(10);
  const labelWidth = doc.widthOfString(label, { characterSpacing: 2 }) + 16;
  doc.rect(margins.left + (width - labelWidth) / 2, y - 8, labelWidth, 16).fill('white');
  doc.fillColor('#555555').text(label, margins.left, y - 7, { width, align: 'center', characterSpacing: 2 });
  doc
    .fillColor('black')
    .fontSize(11)
    .text(`受文单位：${d.schoolName}　　　文号：${d.number}`, margins.left, y + 12, { width });
  doc.fontSize(BODY).text('签收人：______________　　　日期：______________', margins.left, y + 34, { width });
}

/** Page numbers in the bottom margin; the margin is lifted so writing there adds no page. */
function pageNumbers(doc: Doc, number: string) {
  const range = doc.bufferedPageRange();
  if (range.count < 2) return;
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(10).fillColor('#555555');
    doc.text(`${number}　　第 ${i + 1} 页 共 ${range.count} 页`, margins.left, doc.page.height - bottom / 2, {
      width: doc.page.width - margins.left - margins.right,
      align: 'center',
    });
    doc.page.margins.bottom = bottom;
  }
}

/** The formal A4 document, Chinese, with the fonts embedded (subset) so it prints anywhere. */
export async function renderNoticePdf(d: NoticePdfData): Promise<Buffer> {
  const f = await loadFonts();
  const doc = new (await loadPdfKit())({
    size: 'A4',
    margins,
    bufferPages: true,
    lang: 'zh-CN',
    info: { Title: `整改通知书 ${d.number}`, Author: d.issuerUnitName },
  });
  doc.registerFont('regular', f.regular as Buffer);
  doc.registerFont('bold', f.bold as Buffer);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - margins.left - margins.right;
  header(doc, d);
  doc.font('bold').fontSize(14).text(`${d.schoolName}：`, margins.left, doc.y, { width });
  doc.moveDown(0.5);
  hazardList(doc, d, width);
  closing(doc, d, width);
  pageNumbers(doc, d.number);
  doc.end();
  return done;
}

/** The printable notice for whoever may read it, named 整改通知书-<文号>.pdf. */
export async function getNoticePdf(db: Db, actor: Actor, id: string) {
  const n = await loadVisibleNotice(db, actor, id);
  const hazards = await repo.findNoticeHazards(db, actor.districtId, id);
  const pdf = await renderNoticePdf({
    number: n.number,
    schoolName: n.school_name,
    issuerUnitName: n.issuer_unit_name,
    issuedOn: shanghaiDay(n.issued_at),
    deadline: n.deadline,
    requirements: n.requirements,
    hazards: hazards.map((h) => ({ code: h.code, place: h.place, title: h.title, description: h.description })),
  });
  return { fileName: `整改通知书-${n.number}.pdf`, pdf };
}
