import type PDFDocument from 'pdfkit';
import { loadFonts } from '../notices/notice-pdf.js';
import { loadPdfKit } from '../shared/lazy-modules.js';

/**
 * The A4 office document shared by bulletins and meeting minutes: the CJK fonts of the notices
 * (embedded as subsets), GB/T 9704 side margins, a red-ruled title block, paragraphs, and page
 * numbers. Callers write the body between `open` and `finish`.
 */
export type Doc = InstanceType<typeof PDFDocument>;

const MM = 72 / 25.4;
export const margins = { top: 25 * MM, left: 28 * MM, right: 26 * MM, bottom: 22 * MM };
export const BODY = 13;
export const INDENT = BODY * 2;

export async function openDocument(title: string, author: string) {
  const f = await loadFonts();
  const doc = new (await loadPdfKit())({ size: 'A4', margins, bufferPages: true, lang: 'zh-CN', info: { Title: title, Author: author } });
  doc.registerFont('regular', f.regular as Buffer);
  doc.registerFont('bold', f.bold as Buffer);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - margins.left - margins.right;
  return { doc, width, done };
}

/** Title in large bold, the document number under it, and the red double rule of an official document. */
export function titleBlock(doc: Doc, title: string, number: string) {
  doc.font('bold').fontSize(24).text(title, { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.4);
  if (number) doc.font('regular').fontSize(BODY).text(number, { align: 'center' });
  doc.moveDown(0.3);
  const y = doc.y + 4;
  const right = doc.page.width - margins.right;
  doc.moveTo(margins.left, y).lineTo(right, y).lineWidth(1.2).strokeColor('#b00000').stroke();
  doc
    .moveTo(margins.left, y + 3)
    .lineTo(right, y + 3)
    .lineWidth(0.5)
    .stroke();
  doc.strokeColor('black');
  doc.y = y + 18;
}

export function keepTogether(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** A bold heading line, then the text as indented paragraphs (one per line of input). */
export function section(doc: Doc, width: number, heading: string, body: string) {
  keepTogether(doc, 50);
  doc.font('bold').fontSize(BODY).text(heading, margins.left, doc.y, { width, lineGap: 4 });
  const lines = body
    .trim()
    .split(/\r?\n/)
    .filter((l) => l.trim());
  for (const line of lines.length ? lines : ['（无）']) {
    doc.font('regular').fontSize(BODY).text(line.trim(), margins.left, doc.y, { indent: INDENT, lineGap: 4, width, align: 'justify' });
  }
  doc.moveDown(0.5);
}

/** The signing unit and date, right of centre. */
export function signature(doc: Doc, width: number, unit: string, date: string) {
  doc.moveDown(1);
  keepTogether(doc, 50);
  const x = margins.left + width * 0.5;
  doc
    .font('regular')
    .fontSize(BODY)
    .text(unit, x, doc.y, { width: width * 0.5, align: 'center' });
  doc.moveDown(0.3);
  doc.text(date, x, doc.y, { width: width * 0.5, align: 'center' });
  doc.x = margins.left;
}

export function finish(doc: Doc, footer: string, done: Promise<Buffer>): Promise<Buffer> {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(10).fillColor('#555555');
    doc.text(`${footer}　　第 ${i + 1} 页 共 ${range.count} 页`, margins.left, doc.page.height - bottom / 2, {
      width: doc.page.width - margins.left - margins.right,
      align: 'center',
    });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
