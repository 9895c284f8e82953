import type PDFDocument from 'pdfkit';
import { loadFonts } from '../notices/notice-pdf.js';
import { loadPdfKit } from '../shared/lazy-modules.js';
import type { getAssessment } from './scores.service.js';

/** The A4 report of one unit's assessment (Noto Sans SC, as the notices): the result, then every item with its basis. */
type Doc = InstanceType<typeof PDFDocument>;
type Assessment = Awaited<ReturnType<typeof getAssessment>>;
const MM = 72 / 25.4;
type Col = { header: string; share: number; align?: 'left' | 'center' | 'right' };

function table(doc: Doc, cols: Col[], rows: string[][], size = 9) {
  const x0 = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const total = cols.reduce((n, c) => n + c.share, 0);
  const widths = cols.map((c) => (c.share / total) * width);
  const pad = 3;
  const draw = (cells: string[], header: boolean) => {
    doc.font(header ? 'bold' : 'regular').fontSize(size);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: (widths[i] as number) - 2 * pad, lineGap: 1 }))) + 2 * pad;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!header)
        draw(
          cols.map((c) => c.header),
          true,
        );
      doc.font(header ? 'bold' : 'regular').fontSize(size);
    }
    const y = doc.y;
    if (header) doc.rect(x0, y, width, h).fill('#dce6f1');
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
  draw(
    cols.map((c) => c.header),
    true,
  );
  for (const r of rows) draw(r, false);
  doc.moveDown(0.6);
}

const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(n));

export async function renderAssessmentPdf(a: Assessment, author: string): Promise<Buffer> {
  const f = await loadFonts();
  const title = `${a.unit.name}安全工作考核结果`;
  const doc = new (await loadPdfKit())({
    size: 'A4',
    margins: { top: 18 * MM, left: 18 * MM, right: 18 * MM, bottom: 16 * MM },
    bufferPages: true,
    lang: 'zh-CN',
    info: { Title: title, Author: author },
  });
  doc.registerFont('regular', f.regular as Buffer);
  doc.registerFont('bold', f.bold as Buffer);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('bold').fontSize(17).text(title, { align: 'center' });
  doc.moveDown(0.3);
  doc
    .font('regular')
    .fontSize(10)
    .text(`${a.round.title}（${a.round.from} 至 ${a.round.to}）　${a.round.stateLabel}`, { align: 'center' })
    .text(`考核细则：${a.rubric.label}（${a.rubric.version}）　依据：${a.rubric.source}`, { align: 'center' });
  doc.moveDown(0.6);
  const r = a.result;
  if (r) {
    const veto = r.vetoedBy.length
      ? `；一票否决：${a.items
          .filter((i) => r.vetoedBy.includes(i.code))
          .map((i) => i.label)
          .join('、')}`
      : '';
    const rank = r.rankInType ? `；同类学校排名第 ${r.rankInType}${r.rankInTownship ? `，本街镇排名第 ${r.rankInTownship}` : ''}` : '';
    doc
      .font('bold')
      .fontSize(12)
      .text(`总分 ${num(r.total)} 分（基本分 ${r.base}，加分 ${r.bonus}）${veto}${rank}`, { lineGap: 3 });
    if (r.pending) doc.font('regular').fontSize(10).text(`尚有 ${r.pending} 项待评定，结果未定。`);
    doc.moveDown(0.4);
    table(
      doc,
      [
        { header: '维度', share: 10 },
        { header: '分值', share: 3, align: 'center' },
        { header: '得分', share: 3, align: 'center' },
      ],
      r.dimensions.map((d) => [d.label, String(d.points), String(d.score)]),
    );
  }
  table(
    doc,
    [
      { header: '项目', share: 9 },
      { header: '分值', share: 2.5, align: 'center' },
      { header: '评分标准', share: 10 },
      { header: '数据/自评', share: 10 },
      { header: '得分', share: 2.5, align: 'center' },
      { header: '说明', share: 7 },
    ],
    a.items.map((i) => [
      `${i.section === 'bonus' ? '［加分］' : i.section === 'veto' ? '［否决］' : ''}${i.label}`,
      i.section === 'veto' ? '—' : String(i.points),
      i.ruleText,
      i.automatic ? i.detail || '—' : `自评 ${num(i.selfScore)}${i.selfNote ? `：${i.selfNote}` : ''}`,
      i.section === 'veto' ? (i.vetoed ? '否决' : '—') : num(i.score),
      [i.sourceLabel ?? '', i.assessor?.overrideReason ? `调整理由：${i.assessor.overrideReason}` : '', i.assessor?.note ?? ''].filter(Boolean).join('；'),
    ]),
  );
  doc.end();
  return done;
}
