import type PDFDocument from 'pdfkit';
import { shanghaiDay } from '../../domain/calendar.js';
import { chineseDate } from '../../domain/notice-number.js';
import { getAttachmentFile } from '../attachments/attachments.service.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { loadFonts } from '../notices/notice-pdf.js';
import { loadPdfKit } from '../shared/lazy-modules.js';
import { loadVisibleLetter } from './letters.service.js';

export type LetterPdfData = {
  postLabel: string;
  duties: string;
  year: number;
  /** 甲方: the school, or for the principal's letter the supervising unit. */
  partyA: string;
  /** 乙方: the post holder (at the school), or the school represented by its principal. */
  partyB: string;
  signerName: string;
  signedOn: string;
  /** The drawn signature or a photographed one (PNG/JPEG); null for a PDF scan. */
  signature: Buffer | null;
  scan: boolean;
  /** Signed on paper and filed at the school (no scan kept). */
  paper?: boolean;
  /** 甲方's drawn signature and who signed, when the party has signed on screen. */
  partySignature?: Buffer | null;
  partySignerName?: string | null;
  partySignedOn?: string | null;
};

const MM = 72 / 25.4;
const margins = { top: 25 * MM, left: 28 * MM, right: 26 * MM, bottom: 22 * MM };
const BODY = 13;
const INDENT = BODY * 2;
type Doc = InstanceType<typeof PDFDocument>;

/** The standing clauses of a 一岗双责 letter (our wording of what the seeds ask: 层层签订、一岗双责、失职追责). */
const clauses = (d: LetterPdfData) => [
  `乙方严格落实“一岗双责”“谁主管、谁负责”的要求，既对本岗位业务工作负责，也对本岗位的安全工作负责，履行下列岗位安全职责：`,
  `乙方参加学校组织的安全教育、培训和应急演练，熟悉本岗位应急处置流程；发现安全隐患立即采取措施并报告，不隐瞒、不拖延。`,
  `甲方为乙方履行安全职责提供必要条件，定期检查、考核乙方的履职情况；考核结果纳入年度考核和评优评先。`,
  `乙方因失职、渎职造成安全事故的，依照有关规定追究责任。本责任书自签订之日起至 ${d.year} 年 12 月 31 日有效，一式两份，甲乙双方各执一份。`,
];

function text(doc: Doc, s: string, width: number, opts: { bold?: boolean; indent?: boolean } = {}) {
  doc
    .font(opts.bold ? 'bold' : 'regular')
    .fontSize(BODY)
    .text(s, margins.left, doc.y, { width, lineGap: 5, align: 'justify', indent: opts.indent === false ? 0 : INDENT });
}

/** 甲方's signature beside 负责人签字, or a blank line to sign on paper with the stamp (盖章) above. */
function partySignature(doc: Doc, d: LetterPdfData, top: number, half: number) {
  if (d.partySignature) {
    try {
      doc.image(d.partySignature, margins.left + 78, top + 36, { fit: [half - 92, 48] });
      doc
        .fontSize(10)
        .text(`（${d.partySignerName ?? ''}）`, margins.left, top + 82, { width: half })
        .fontSize(BODY);
      return;
    } catch {
      // An unreadable image: the name instead.
    }
  }
  if (d.partySignerName) doc.text(d.partySignerName, margins.left + 80, top + 50, { width: half - 90 });
  else
    doc
      .moveTo(margins.left + 80, top + 66)
      .lineTo(margins.left + half - 14, top + 66)
      .lineWidth(0.6)
      .stroke();
}

/** The A4 letter in Chinese with the fonts embedded: title, parties, the post's duties, clauses, signatures, date. */
export async function renderLetterPdf(d: LetterPdfData): Promise<Buffer> {
  const f = await loadFonts();
  const doc = new (await loadPdfKit())({
    size: 'A4',
    margins,
    bufferPages: true,
    lang: 'zh-CN',
    info: { Title: `安全工作责任书（${d.postLabel}）`, Author: d.partyA },
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
  doc.font('bold').fontSize(24).text('安全工作责任书', { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.2);
  doc.font('regular').fontSize(15).text(`（${d.postLabel}）`, { align: 'center' });
  doc.fontSize(BODY).text(`${d.year} 年度`, { align: 'center' });
  doc.moveDown(1);
  text(doc, `甲方：${d.partyA}`, width, { indent: false });
  text(doc, `乙方：${d.partyB}`, width, { indent: false });
  doc.moveDown(0.6);
  text(
    doc,
    `为落实学校安全工作责任制，预防和减少安全事故，保障师生生命财产安全，根据《中小学幼儿园安全管理办法》和学校安全工作“一岗双责”的要求，甲乙双方签订本责任书。`,
    width,
  );
  doc.moveDown(0.4);
  const [first, ...rest] = clauses(d);
  text(doc, `一、${first}`, width, { bold: true });
  for (const line of d.duties
    .split(/\r?\n|；/)
    .map((l) => l.trim())
    .filter(Boolean))
    text(doc, `${line.replace(/[。；]$/, '')}。`, width);
  rest.forEach((c, i) => {
    doc.moveDown(0.3);
    text(doc, `${['二', '三', '四'][i]}、${c}`, width);
  });
  // Signatures: kept on one page.
  if (doc.y + 170 > doc.page.height - margins.bottom) doc.addPage();
  doc.moveDown(2);
  const top = doc.y;
  const half = width / 2;
  doc.font('regular').fontSize(BODY);
  doc.text(`甲方（盖章）：`, margins.left, top, { width: half });
  doc.text(d.partyA, margins.left, top + 22, { width: half - 10 });
  doc.text('负责人签字：', margins.left, top + 50, { width: half });
  partySignature(doc, d, top, half);
  doc.text(`乙方（签字）：`, margins.left + half, top, { width: half });
  if (d.signature) {
    try {
      doc.image(d.signature, margins.left + half, top + 20, { fit: [half - 10, 56] });
      doc
        .fontSize(10)
        .text(`（${d.signerName}）`, margins.left + half, top + 78, { width: half })
        .fontSize(BODY);
    } catch {
      doc.text(d.signerName, margins.left + half, top + 30, { width: half });
    }
  } else {
    doc.text(d.scan ? `${d.signerName}（已上传签字扫描件）` : d.paper ? `${d.signerName}（纸质原件存档）` : d.signerName, margins.left + half, top + 30, {
      width: half,
    });
  }
  doc.text(`签订日期：${chineseDate(d.signedOn)}`, margins.left + half, top + 100, { width: half });
  // 甲方's day: when it signed on screen; a paper letter or a scan carries both signatures of its day; else blank to fill in.
  const partyDay = d.partySignedOn ?? (d.scan || d.paper ? d.signedOn : null);
  doc.text(`签订日期：${partyDay ? chineseDate(partyDay) : '        年    月    日'}`, margins.left, top + 100, { width: half });
  doc.end();
  return done;
}

/** The printable letter for whoever may read it, named 安全责任书-<岗位>-<姓名>-<年>.pdf. */
export async function getResponsibilityLetterPdf(app: AppContext, actor: Actor, id: string) {
  const l = await loadVisibleLetter(app, actor, id);
  const file = l.attachment_id ? await getAttachmentFile(app, actor, l.attachment_id).catch(() => null) : null;
  const image = file && (file.dto.contentType === 'image/png' || file.dto.contentType === 'image/jpeg') ? file.data : null;
  const chain = l.party_unit_name !== l.school_name;
  const partyFile = l.party_attachment_id ? await getAttachmentFile(app, actor, l.party_attachment_id).catch(() => null) : null;
  const pdf = await renderLetterPdf({
    postLabel: l.postLabel,
    duties: l.duties,
    year: l.year,
    partyA: chain ? l.party_unit_name : l.school_name,
    partyB: chain ? `${l.school_name}（${l.postLabel}：${l.holder_name}）` : `${l.holder_name}（${l.school_name} ${l.postLabel}）`,
    signerName: l.signer_name,
    signedOn: l.signed_on,
    signature: image,
    scan: l.method === 'scan',
    paper: l.method === 'paper',
    partySignature: partyFile && (partyFile.dto.contentType === 'image/png' || partyFile.dto.contentType === 'image/jpeg') ? partyFile.data : null,
    partySignerName: l.party_signer_name,
    partySignedOn: l.party_signed_at ? shanghaiDay(l.party_signed_at) : null,
  });
  return { fileName: `安全责任书-${l.postLabel}-${l.holder_name}-${l.year}.pdf`, pdf };
}
