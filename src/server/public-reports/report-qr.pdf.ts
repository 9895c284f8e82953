import { forbidden, notFound } from '../../domain/errors.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { loadFonts } from '../notices/notice-pdf.js';
import { loadPdfKit } from '../shared/lazy-modules.js';
import * as repo from './public-reports.repository.js';

/**
 * The printable QR poster (A4, Chinese): the school's (or district's) name, the QR code of its
 * public report page, the address in words and short instructions. The QR is drawn as vector
 * squares from qrcode's matrix, so it prints sharp at any size.
 */
const MM = 72 / 25.4;

/** The page's address: PUBLIC_BASE_URL when set, otherwise the host this request came to. */
export const publicPageUrl = (base: string, unitId: string) => `${base}/report/${unitId}`;

async function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const QRCode = (await import('qrcode')).default;
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const cell = size / (modules.size + quiet * 2);
  doc.rect(x, y, size, size).fill('white');
  doc.fillColor('black');
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) {
      if (modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill('black');
}

const instructions = [
  '发现校园及周边安全隐患（如设施损坏、消防通道堵塞、周边违规经营、上下学交通隐患等），请用手机扫描上方二维码反映。',
  '无需注册登录；可上传照片，联系方式选填，仅受理单位可见。',
  '提交后请保存回执号，凭回执号可随时查询处理进度和答复。',
  '紧急情况请直接拨打 110、119 或 120。',
];

export async function renderReportQrPdf(d: { title: string; districtName: string; url: string }): Promise<Buffer> {
  const f = await loadFonts();
  const margin = 20 * MM;
  const doc = new (await loadPdfKit())({ size: 'A4', margin, lang: 'zh-CN', info: { Title: `校园安全问题反映二维码 ${d.title}`, Author: d.districtName } });
  doc.registerFont('regular', f.regular as Buffer);
  doc.registerFont('bold', f.bold as Buffer);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * margin;
  doc
    .font('bold')
    .fontSize(30)
    .text('校园安全问题反映', margin, 28 * MM, { width, align: 'center', characterSpacing: 4 });
  doc.moveDown(0.4).font('bold').fontSize(20).text(d.title, { width, align: 'center' });
  const qrSize = 110 * MM;
  const qrY = doc.y + 10 * MM;
  await drawQr(doc, d.url, margin + (width - qrSize) / 2, qrY, qrSize);
  doc
    .font('regular')
    .fontSize(12)
    .fillColor('#333333')
    .text('扫码反映 · 无需登录', margin, qrY + qrSize + 4 * MM, { width, align: 'center' });
  doc.fontSize(9).fillColor('#666666').text(d.url, { width, align: 'center' });
  doc.moveDown(1.2).fillColor('black').fontSize(13);
  instructions.forEach((line, i) => {
    doc.text(`${i + 1}. ${line}`, margin + 8 * MM, doc.y, { width: width - 16 * MM, lineGap: 4 });
    doc.moveDown(0.3);
  });
  // In the bottom margin: lifted first, so the line adds no second page.
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc
    .fontSize(10)
    .fillColor('#666666')
    .text(`${d.districtName} · 护校安园`, margin, doc.page.height - bottom / 2 - 6, { width, align: 'center', lineBreak: false });
  doc.page.margins.bottom = bottom;
  doc.end();
  return done;
}

/** Schools print their own poster; the 教管中心 those of its schools; the district admin every school's and the district's. */
export async function getReportQrPdf(app: AppContext, actor: Actor, unitId: string, base: string) {
  const unit = await repo.findUnit(app.db, actor.districtId, unitId);
  if (!unit?.is_active || (unit.kind !== 'school' && unit.kind !== 'district') || !canRead(actor.scope, unitId)) throw notFound('学校');
  const allowed =
    actor.role === 'district_admin' ||
    (unit.kind === 'school' && (actor.role === 'centre_officer' || actor.role === 'principal' || actor.role === 'school_safety_officer'));
  if (!allowed) throw forbidden(unit.kind === 'district' ? '区县二维码由区教委管理员打印' : '二维码由学校、教管中心或区教委打印');
  const district = await repo.findUnit(app.db, actor.districtId, actor.districtId);
  const districtName = district?.name ?? '';
  const pdf = await renderReportQrPdf({
    title: unit.kind === 'district' ? '全区中小学校、幼儿园' : unit.name,
    districtName,
    url: publicPageUrl(base, unitId),
  });
  return { pdf, fileName: `反映二维码-${unit.name}.pdf` };
}
