import type PDFDocument from 'pdfkit';
import { chineseDate } from '../../domain/notice-number.js';
import { loadFonts } from '../notices/notice-pdf.js';
import { loadPdfKit } from '../shared/lazy-modules.js';
import type { SanfangSummary } from './sanfang-standing.service.js';

/**
 * The printable A4 三防 report in the seeds' wording: "按目前规模应配保安N名，现有M名，缺K名",
 * the four rates with their scope and failing schools, the townships, and the schools short of
 * guards. Noto Sans SC embedded as a subset, as the notices do.
 */

type Doc = InstanceType<typeof PDFDocument>;
const MM = 72 / 25.4;

const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottomOf = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

type Col = { header: string; share: number; align?: 'left' | 'center' | 'right' };

function table(doc: Doc, cols: Col[], rows: string[][], size = 9.5) {
  const x0 = doc.page.margins.left;
  const total = cols.reduce((n, c) => n + c.share, 0);
  const widths = cols.map((c) => (c.share / total) * contentWidth(doc));
  const pad = 3;
  const draw = (cells: string[], header: boolean) => {
    doc.font(header ? 'bold' : 'regular').fontSize(size);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: (widths[i] as number) - 2 * pad, lineGap: 1 }))) + 2 * pad;
    if (doc.y + h > bottomOf(doc)) {
      doc.addPage();
      if (!header)
        draw(
          cols.map((c) => c.header),
          true,
        );
      doc.font(header ? 'bold' : 'regular').fontSize(size);
    }
    const y = doc.y;
    if (header)
      doc
        .rect(
          x0,
          y,
          widths.reduce((a, b) => a + b, 0),
          h,
        )
        .fill('#dce6f1');
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
  if (!rows.length) draw(['（无）', ...cols.slice(1).map(() => '')], false);
  doc.moveDown(0.6);
}

function heading(doc: Doc, text: string) {
  if (doc.y + 60 > bottomOf(doc)) doc.addPage();
  doc.font('bold').fontSize(13).text(text, doc.page.margins.left);
  doc.moveDown(0.3);
}

export async function renderSanfangPdf(s: SanfangSummary, unitName: string, author: string): Promise<Buffer> {
  const f = await loadFonts();
  const margins = { top: 20 * MM, left: 20 * MM, right: 20 * MM, bottom: 18 * MM };
  const title = `${unitName}学校“三防”建设情况`;
  const doc = new (await loadPdfKit())({ size: 'A4', margins, bufferPages: true, lang: 'zh-CN', info: { Title: title, Author: author } });
  doc.registerFont('regular', f.regular as Buffer);
  doc.registerFont('bold', f.bold as Buffer);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('bold').fontSize(18).text(title, { align: 'center' });
  doc.moveDown(0.3);
  doc
    .font('regular')
    .fontSize(10)
    .text(`${chineseDate(s.today)}　依据：${s.pack.name}（${s.pack.version}）`, { align: 'center' });
  doc.moveDown(0.8);
  doc
    .font('regular')
    .fontSize(12)
    .text(`共 ${s.schools} 所学校。人防：${s.sentence}${s.guardsShort ? `，${s.schoolsShort} 所学校未配足` : ''}（各校分别计算缺额，不以一校富余抵补他校）。`, {
      lineGap: 4,
      indent: 24,
    });
  doc.moveDown(0.6);
  heading(doc, '一、三防达标率（“4 个 100%”等）');
  table(
    doc,
    [
      { header: '指标', share: 9 },
      { header: '适用范围', share: 9 },
      { header: '适用/达标', share: 4, align: 'center' },
      { header: '达标率', share: 3, align: 'center' },
      { header: '未达标学校', share: 12 },
    ],
    s.rates.map((r) => [
      r.label,
      r.scope,
      `${r.applicable}/${r.met}`,
      r.rate === null ? '—' : `${r.rate}%`,
      r.failing.length
        ? `${r.failing.length} 所：${r.failing
            .slice(0, 12)
            .map((x) => x.name)
            .join('、')}${r.failing.length > 12 ? ' 等' : ''}`
        : '无',
    ]),
  );
  heading(doc, '二、各街镇保安配备');
  table(
    doc,
    [
      { header: '街道/教管中心', share: 8 },
      { header: '学校数', share: 3, align: 'center' },
      { header: '应配', share: 3, align: 'center' },
      { header: '现有', share: 3, align: 'center' },
      { header: '缺', share: 3, align: 'center' },
      { header: '缺额学校', share: 3, align: 'center' },
    ],
    [
      ...s.byTownship.map((t) => [t.name, String(t.schools), String(t.guardsRequired), String(t.guardsOnPost), String(t.guardsShort), String(t.schoolsShort)]),
      ['合计', String(s.schools), String(s.guardsRequired), String(s.guardsOnPost), String(s.guardsShort), String(s.schoolsShort)],
    ],
  );
  heading(doc, '三、保安员未配足的学校');
  const short = s.schoolRows.filter((r) => r.guardsShort > 0).sort((a, b) => b.guardsShort - a.guardsShort);
  table(
    doc,
    [
      { header: '学校', share: 10 },
      { header: '街道/教管中心', share: 6 },
      { header: '情况', share: 14 },
    ],
    short.map((r) => [r.name, r.parentName, `按目前规模应配保安${r.guardsRequired}名，现有${r.guardsOnPost}名，缺${r.guardsShort}名`]),
  );
  heading(doc, '四、各项标准达标情况');
  table(
    doc,
    [
      { header: '标准', share: 10 },
      { header: '适用学校', share: 3, align: 'center' },
      { header: '达标学校', share: 3, align: 'center' },
      { header: '未达标', share: 3, align: 'center' },
    ],
    s.rules.map((r) => [r.label, String(r.applicable), String(r.met), String(r.applicable - r.met)]),
  );
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(9)
      .fillColor('#555555')
      .text(`第 ${i + 1} 页 共 ${range.count} 页`, doc.page.margins.left, doc.page.height - bottom / 2, { width: contentWidth(doc), align: 'center' });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
