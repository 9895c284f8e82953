import type PDFDocument from 'pdfkit';
import { loadFonts } from '../notices/notice-pdf.js';
import { loadPdfKit } from './lazy-modules.js';

/**
 * What every A4 document of the platform shares (the weekly ledger and monthly briefing, the 三防
 * report, the assessment report, bulletins and meeting minutes): Noto Sans SC embedded as a subset
 * under the names `regular` and `bold`, buffered pages for page numbers, a bordered table whose
 * header repeats on every page, and the page-number footer.
 */
export type Doc = InstanceType<typeof PDFDocument>;
export type Margins = { top: number; left: number; right: number; bottom: number };
export type PdfColumn = { header: string; share: number; align?: 'left' | 'center' | 'right' };

/** Points per millimetre. */
export const MM = 72 / 25.4;

/** A new A4 document and the promise of its bytes (resolved once `doc.end()` has run). */
export async function openA4(opts: { title: string; author: string; margins: Margins; layout?: 'portrait' | 'landscape' }) {
  const f = await loadFonts();
  const doc = new (await loadPdfKit())({
    size: 'A4',
    layout: opts.layout ?? 'portrait',
    margins: opts.margins,
    bufferPages: true,
    lang: 'zh-CN',
    info: { Title: opts.title, Author: opts.author },
  });
  doc.registerFont('regular', f.regular as Buffer);
  doc.registerFont('bold', f.bold as Buffer);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

export const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
export const bottomOf = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when fewer than `height` points are left. */
export function keepTogether(doc: Doc, height: number) {
  if (doc.y + height > bottomOf(doc)) doc.addPage();
}

/**
 * A bordered table across the content width (column widths by share); rows wrap, a row never
 * splits across pages, and the header row repeats on every page the table runs onto. With no
 * rows it prints one row saying `empty` (「（无）」 unless told otherwise; `false` prints none).
 */
export function drawTable(doc: Doc, cols: readonly PdfColumn[], rows: readonly string[][], fontSize: number, empty: string | false = '（无）') {
  const x0 = doc.page.margins.left;
  const total = cols.reduce((n, c) => n + c.share, 0);
  const widths = cols.map((c) => (c.share / total) * contentWidth(doc));
  const pad = 3;
  const heightOf = (cells: readonly string[]) =>
    Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: (widths[i] as number) - 2 * pad, lineGap: 1 }))) + 2 * pad;
  const headers = cols.map((c) => c.header);
  const drawRow = (cells: readonly string[], header: boolean) => {
    doc.font(header ? 'bold' : 'regular').fontSize(fontSize);
    const h = heightOf(cells);
    if (doc.y + h > bottomOf(doc)) {
      doc.addPage();
      if (!header) drawRow(headers, true);
      doc.font(header ? 'bold' : 'regular').fontSize(fontSize);
    }
    const y = doc.y;
    if (header) doc.rect(x0, y, contentWidth(doc), h).fill('#dce6f1');
    doc.fillColor('black');
    let x = x0;
    cells.forEach((c, i) => {
      const w = widths[i] as number;
      doc.text(c, x + pad, y + pad, { width: w - 2 * pad, lineGap: 1, align: header ? 'center' : (cols[i]?.align ?? 'left') });
      doc.rect(x, y, w, h).lineWidth(0.5).strokeColor('#808080').stroke();
      x += w;
    });
    doc.strokeColor('black');
    doc.x = x0;
    doc.y = y + h;
  };
  keepTogether(doc, 3 * fontSize * 2); // never a header alone at the foot of a page
  drawRow(headers, true);
  for (const r of rows) drawRow(r, false);
  if (rows.length === 0 && empty !== false) drawRow([empty, ...cols.slice(1).map(() => '')], false);
  doc.moveDown(0.6);
}

/** 「label　　第 i 页 共 n 页」 (or 「第 i 页 共 n 页」 without a label) in the bottom margin of every page; the margin is lifted so writing there adds no page. */
export function pageNumbers(doc: Doc, label: string, fontSize = 9) {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(fontSize).fillColor('#555555');
    doc.text(`${label ? `${label}　　` : ''}第 ${i + 1} 页 共 ${range.count} 页`, doc.page.margins.left, doc.page.height - bottom / 2, {
      width: contentWidth(doc),
      align: 'center',
    });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}
