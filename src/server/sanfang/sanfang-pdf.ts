import { chineseDate } from '../../domain/notice-number.js';
import { bottomOf, type Doc, drawTable, MM, openA4, type PdfColumn, pageNumbers } from '../shared/a4-pdf.js';
import type { SanfangSummary } from './sanfang-standing.service.js';

/**
 * The printable A4 三防 report in the seeds' wording: "按目前规模应配保安N名，现有M名，缺K名",
 * the four rates with their scope and failing schools, the townships, and the schools short of
 * guards. Noto Sans SC embedded as a subset, as the notices do.
 */

const table = (doc: Doc, cols: PdfColumn[], rows: string[][]) => drawTable(doc, cols, rows, 9.5);

function heading(doc: Doc, text: string) {
  if (doc.y + 60 > bottomOf(doc)) doc.addPage();
  doc.font('bold').fontSize(13).text(text, doc.page.margins.left);
  doc.moveDown(0.3);
}

export async function renderSanfangPdf(s: SanfangSummary, unitName: string, author: string): Promise<Buffer> {
  const margins = { top: 20 * MM, left: 20 * MM, right: 20 * MM, bottom: 18 * MM };
  const title = `${unitName}学校“三防”建设情况`;
  const { doc, done } = await openA4({ title, author, margins });
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
  pageNumbers(doc, '');
  doc.end();
  return done;
}
