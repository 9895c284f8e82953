import { contentWidth, type Doc, keepTogether, MM, openA4, pageNumbers } from '../shared/a4-pdf.js';

export { type Doc, keepTogether };

/**
 * The A4 office document shared by bulletins and meeting minutes: the CJK fonts of the notices
 * (embedded as subsets), GB/T 9704 side margins, a red-ruled title block, paragraphs, and page
 * numbers. Callers write the body between `open` and `finish`.
 */
export const margins = { top: 25 * MM, left: 28 * MM, right: 26 * MM, bottom: 22 * MM };
export const BODY = 13;
export const INDENT = BODY * 2;

export async function openDocument(title: string, author: string) {
  const { doc, done } = await openA4({ title, author, margins });
  return { doc, width: contentWidth(doc), done };
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
  pageNumbers(doc, footer, 10);
  doc.end();
  return done;
}
