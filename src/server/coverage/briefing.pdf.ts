import { hazardLevelLabels } from '../../domain/hazard.js';
import { chineseDate } from '../../domain/notice-number.js';
import { contentWidth, type Doc, drawTable, keepTogether, MM, openA4, type PdfColumn, pageNumbers } from '../shared/a4-pdf.js';
import type { MonthlyBriefing, WeeklyLedger } from './briefing.service.js';

/**
 * The weekly ledger (A4 landscape, one table) and the monthly briefing (A4 portrait, a formal
 * document with sections and small tables) as PDF, in Noto Sans SC embedded as a subset.
 */

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);

/** 每周台账 as a landscape table, with the header summary above it. */
export async function renderWeeklyLedgerPdf(l: WeeklyLedger, summaryLine: string): Promise<Buffer> {
  const m = 12 * MM;
  const { doc, done } = await openA4({ title: l.title, author: l.generatedBy, layout: 'landscape', margins: { top: m, left: m, right: m, bottom: 14 * MM } });
  doc.font('bold').fontSize(16).text(l.title, { align: 'center' });
  doc.moveDown(0.3);
  doc.font('regular').fontSize(9.5).text(summaryLine, { lineGap: 2 });
  doc.moveDown(0.5);
  drawTable(
    doc,
    [
      { header: '序号', share: 2.6, align: 'center' },
      { header: '日期', share: 6.4, align: 'center' },
      { header: '学校', share: 11 },
      { header: '所属街镇', share: 7 },
      { header: '检查层级', share: 5.6 },
      { header: '检查人员', share: 8.4 },
      { header: '检查表', share: 9 },
      { header: '合格', share: 3.4, align: 'center' },
      { header: '不合格', share: 3.6, align: 'center' },
      { header: '不适用', share: 3.6, align: 'center' },
      { header: '发现问题', share: 18 },
      { header: '隐患编号及状态', share: 13 },
      { header: '备注', share: 10 },
      { header: '检查编号', share: 8.4 },
    ],
    l.rows.map((r) => [
      String(r.no),
      r.day,
      r.schoolName,
      r.parentName,
      r.levelLabel,
      r.inspectors,
      r.template,
      String(r.pass),
      String(r.fail),
      String(r.na),
      r.problems,
      r.hazards,
      r.remark,
      r.code,
    ]),
    7.5,
  );
  pageNumbers(doc, l.title);
  doc.end();
  return done;
}

const BODY = 12;

function heading(doc: Doc, text: string) {
  keepTogether(doc, 80);
  doc.moveDown(0.4);
  doc.font('bold').fontSize(14).text(text, doc.page.margins.left, doc.y);
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, text: string) {
  doc
    .font('regular')
    .fontSize(BODY)
    .text(text, doc.page.margins.left, doc.y, { indent: BODY * 2, lineGap: 4, align: 'justify', width: contentWidth(doc) });
  doc.moveDown(0.4);
}

function caption(doc: Doc, text: string) {
  keepTogether(doc, 60);
  doc.font('bold').fontSize(10.5).text(text, doc.page.margins.left, doc.y);
  doc.moveDown(0.2);
}

/** The masthead: the title, a red double rule, the area and date. */
function masthead(doc: Doc, b: MonthlyBriefing) {
  doc.font('bold').fontSize(18).fillColor('#b00000').text(b.title, { align: 'center' });
  doc.fillColor('black').moveDown(0.3);
  doc
    .font('regular')
    .fontSize(10.5)
    .text(`统计期间：${chineseDate(b.period.start)}至${chineseDate(b.period.end)}`, { align: 'center' })
    .text(`范围：${b.scopeLabel}　　生成日期：${chineseDate(b.generatedOn)}`, { align: 'center' });
  if (b.auditAnchor) doc.fontSize(8).fillColor('#555555').text(b.auditAnchor, { align: 'center' }).fillColor('black');
  const y = doc.y + 6;
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  doc.moveTo(left, y).lineTo(right, y).lineWidth(1.5).strokeColor('#b00000').stroke();
  doc
    .moveTo(left, y + 3)
    .lineTo(right, y + 3)
    .lineWidth(0.5)
    .stroke();
  doc.strokeColor('black');
  doc.y = y + 14;
}

/** 督查汇总 in one sentence (the same numbers as getSupervisionSummary and the dashboard). */
function supervisionSentence(b: MonthlyBriefing): string {
  const s = b.supervision;
  return `${s.levelLabel}共督查学校 ${s.schoolsInspected} 所，发现隐患的学校 ${s.schoolsWithHazards} 所（已全部整改 ${s.schoolsAllClosed} 所，正在整改 ${s.schoolsRectifying} 所），督查发现隐患 ${s.hazardsFound} 条，已销号 ${s.hazardsClosed} 条，未销号 ${s.hazardsOpen} 条，其中逾期 ${s.hazardsOverdue} 条。`;
}

function overview(doc: Doc, b: MonthlyBriefing) {
  const o = b.overview;
  heading(doc, '一、总体情况');
  const joint = o.joint;
  const ended = joint ? joint.weeks.filter((w) => w.end < b.generatedOn) : [];
  const jointText = joint
    ? joint.judged
      ? `本月涉及 ${joint.weeks.length} 周，已结束的 ${ended.length} 周中联合督检组有 ${ended.filter((w) => w.status === 'done').length} 周达到${joint.label}的要求。`
      : '本范围内联合督检天数见表2（非全区范围，不评定是否达标）。'
    : '';
  paragraph(
    doc,
    `${b.period.label}，${b.scopeLabel}应接受督查的学校 ${o.schools} 所，已接受督查 ${o.supervised} 所，督查覆盖率 ${pct(o.rate)}，未覆盖 ${o.uncovered} 所。各级共开展检查 ${o.inspections} 次，其中督查 ${o.supervisionInspections} 次。${jointText}`,
  );
  caption(doc, '表1　各层级检查情况');
  drawTable(
    doc,
    [
      { header: '检查层级', share: 3 },
      { header: '计为督查', share: 2, align: 'center' },
      { header: '检查次数', share: 2, align: 'right' },
      { header: '检查学校数', share: 2, align: 'right' },
      { header: '检查天数', share: 2, align: 'right' },
    ],
    o.byLevel.map((l) => [l.label, l.supervising ? '是' : '否', String(l.inspections), String(l.schools), String(l.days)]),
    9.5,
  );
  if (joint) {
    caption(doc, `表2　联合督检组每周检查天数（${joint.label}）`);
    drawTable(
      doc,
      [
        { header: '周次', share: 5 },
        { header: '检查天数', share: 2, align: 'right' },
        { header: '要求天数', share: 2, align: 'right' },
        { header: '结论', share: 3, align: 'center' },
      ],
      joint.weeks.map((w) => [w.label, String(w.days), String(joint.required), w.verdict]),
      9.5,
    );
  }
}

function findings(doc: Doc, b: MonthlyBriefing) {
  const f = b.findings;
  heading(doc, '二、发现问题');
  paragraph(doc, `本月共发现问题隐患 ${f.total} 条，其中通过检查发现 ${f.fromInspections} 条，重大隐患 ${f.major} 条，涉及学校 ${f.schools} 所。`);
  caption(doc, '表3　隐患类别和等级');
  drawTable(
    doc,
    [
      { header: '类别', share: 3 },
      { header: hazardLevelLabels.general, share: 2, align: 'right' },
      { header: hazardLevelLabels.major, share: 2, align: 'right' },
      { header: '未研判', share: 2, align: 'right' },
      { header: '合计', share: 2, align: 'right' },
    ],
    [
      ...f.byCategory.map((c) => [c.label, String(c.general), String(c.major), String(c.unassessed), String(c.total)]),
      ...(f.byCategory.length
        ? [['合计', ...(['general', 'major', 'unassessed'] as const).map((k) => String(f.byCategory.reduce((n, c) => n + c[k], 0))), String(f.total)]]
        : []),
    ],
    9.5,
  );
  caption(doc, '表4　隐患发现来源');
  drawTable(
    doc,
    [
      { header: '来源', share: 3 },
      { header: '数量', share: 2, align: 'right' },
    ],
    f.bySource.map((s) => [s.label, String(s.n)]),
    9.5,
  );
}

function rectification(doc: Doc, b: MonthlyBriefing) {
  const r = b.rectification;
  heading(doc, '三、整改情况');
  paragraph(
    doc,
    `截至${chineseDate(b.generatedOn)}，本月发现的 ${r.total} 条隐患中，已销号 ${r.closed} 条（其中按期销号 ${r.closedOnTime} 条），销号率 ${pct(r.closedRate)}；正在整改 ${r.open} 条，其中逾期未整改 ${r.overdue} 条。本月下达整改通知书 ${r.notices} 份，执法处罚书 ${r.penalties} 份。${supervisionSentence(b)}挂牌督办尚未销号的重大隐患 ${r.supervised.length} 条${r.supervised.length ? '，列表如下' : ''}。`,
  );
  if (r.supervised.length === 0) return;
  caption(doc, '表5　挂牌督办未销号的重大隐患');
  drawTable(
    doc,
    [
      { header: '隐患编号', share: 3.2 },
      { header: '学校', share: 4 },
      { header: '隐患标题', share: 5 },
      { header: '状态', share: 2, align: 'center' },
      { header: '整改期限', share: 2.8, align: 'center' },
      { header: '逾期', share: 1.5, align: 'center' },
    ],
    r.supervised.map((h) => [h.code, h.schoolName, h.title, h.stateLabel, h.deadline ?? '', h.overdue ? '是' : '否']),
    9,
  );
}

function rates(doc: Doc, b: MonthlyBriefing) {
  heading(doc, '四、各街镇和责任督学覆盖率');
  const cols = (name: string, count: string): PdfColumn[] => [
    { header: name, share: 5 },
    { header: count, share: 2, align: 'right' },
    { header: '已督查', share: 2, align: 'right' },
    { header: '覆盖率', share: 2, align: 'right' },
  ];
  const rows = (rs: MonthlyBriefing['byParent']) => rs.map((x) => [x.name, String(x.schools), String(x.done), pct(x.rate)]);
  caption(doc, '表6　各街镇覆盖率');
  drawTable(doc, cols('街道/教管中心', '学校数'), rows(b.byParent), 9.5);
  caption(doc, '表7　责任督学覆盖率（本人参与的督查）');
  drawTable(doc, cols('责任督学', '包校数'), rows(b.byInspector), 9.5);
}

function uncovered(doc: Doc, b: MonthlyBriefing) {
  heading(doc, '五、未覆盖学校');
  if (b.uncovered.length === 0) {
    paragraph(doc, '本月所有学校均已接受督查。');
    return;
  }
  paragraph(doc, `本月尚有 ${b.uncovered.length} 所学校未接受督查，请相关街镇和责任督学尽快安排：`);
  drawTable(
    doc,
    [
      { header: '序号', share: 1, align: 'center' },
      { header: '学校', share: 6 },
      { header: '所属街镇', share: 3 },
      { header: '状态', share: 2.5, align: 'center' },
    ],
    b.uncovered.map((u, i) => [String(i + 1), u.schoolName, u.parentName, u.status]),
    9.5,
  );
}

/** 每月通报 as a formal A4 document. */
export async function renderMonthlyBriefingPdf(b: MonthlyBriefing): Promise<Buffer> {
  const { doc, done } = await openA4({ title: b.title, author: b.districtName, margins: { top: 25 * MM, left: 26 * MM, right: 24 * MM, bottom: 20 * MM } });
  masthead(doc, b);
  overview(doc, b);
  findings(doc, b);
  rectification(doc, b);
  rates(doc, b);
  uncovered(doc, b);
  pageNumbers(doc, `${b.period.label}工作通报`);
  doc.end();
  return done;
}
