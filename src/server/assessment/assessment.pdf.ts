import { type Doc, drawTable, MM, openA4, type PdfColumn, pageNumbers } from '../shared/a4-pdf.js';
import type { getAssessment } from './scores.service.js';

/** The A4 report of one unit's assessment (Noto Sans SC, as the notices): the result, then every item with its basis. */
type Assessment = Awaited<ReturnType<typeof getAssessment>>;

const table = (doc: Doc, cols: PdfColumn[], rows: string[][]) => drawTable(doc, cols, rows, 9, false);

const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(n));

export async function renderAssessmentPdf(a: Assessment, author: string): Promise<Buffer> {
  const title = `${a.unit.name}安全工作考核结果`;
  const { doc, done } = await openA4({ title, author, margins: { top: 18 * MM, left: 18 * MM, right: 18 * MM, bottom: 16 * MM } });
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
    if (r.pending)
      doc
        .font('regular')
        .fontSize(10)
        .text(a.round.state === 'published' ? `人工评分项中有 ${r.pending} 项未评分（计 0 分）。` : `尚有 ${r.pending} 项待评定，结果未定。`);
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
  pageNumbers(doc, title);
  doc.end();
  return done;
}
