import { bulletinKindLabels } from '../../domain/bulletin.js';
import { shanghaiDay } from '../../domain/calendar.js';
import { chineseDate } from '../../domain/notice-number.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { BODY, finish, INDENT, keepTogether, margins, openDocument, section, signature, titleBlock } from './a4-document.js';
import * as repo from './bulletins.repository.js';
import { loadVisibleBulletin, type TriggerData } from './bulletins.service.js';

export type BulletinPdfData = {
  kindLabel: string;
  number: string;
  title: string;
  unitName: string;
  issuerUnitName: string;
  issuedOn: string;
  reason: string;
  requirements: string;
  respondBy: string | null;
  trigger: TriggerData | null;
  links: { label: string; detail: string }[];
  response: string;
};

/** The printable 通报/约谈通知/挂牌督办通知 on A4, Chinese, fonts embedded. */
export async function renderBulletinPdf(d: BulletinPdfData): Promise<Buffer> {
  const heading = d.kindLabel === '约谈' ? '约谈通知书' : d.kindLabel === '挂牌督办' ? '挂牌督办通知书' : '通报';
  const { doc, width, done } = await openDocument(`${heading} ${d.number}`, d.issuerUnitName);
  titleBlock(doc, heading, d.number);
  doc.font('bold').fontSize(15).text(d.title, margins.left, doc.y, { width, align: 'center' });
  doc.moveDown(0.6);
  doc.font('bold').fontSize(BODY).text(`${d.unitName}：`, margins.left, doc.y, { width });
  doc.moveDown(0.3);
  // Sections are numbered as they appear: an old bulletin may lack the figures, a new one the cited rows.
  const nums = ['一', '二', '三', '四'];
  let n = 0;
  const head = (title: string) => `${nums[n++]}、${title}`;
  section(doc, width, head('事由'), d.reason);
  if (d.trigger) {
    const t = d.trigger;
    section(
      doc,
      width,
      '二、相关数据',
      `截至${chineseDate(t.asOf)}，该单位未销号隐患 ${t.open} 项，其中逾期未整改 ${t.overdue} 项、重大隐患 ${t.major} 项、挂牌督办 ${t.listed} 项。`,
    );
  }
  if (d.links.length) {
    keepTogether(doc, 50);
    doc.font('bold').fontSize(BODY).text(head('涉及的问题'), margins.left, doc.y, { width, lineGap: 4 });
    for (const [i, l] of d.links.entries()) {
      keepTogether(doc, 36);
      doc
        .font('regular')
        .fontSize(BODY)
        .text(`${i + 1}. ${l.label}`, margins.left + INDENT, doc.y, { width: width - INDENT, lineGap: 2 });
      doc
        .fontSize(10.5)
        .fillColor('#333333')
        .text(l.detail, { width: width - INDENT });
      doc.fillColor('black');
    }
    doc.x = margins.left;
    doc.moveDown(0.5);
  }
  const ask = `${d.requirements.trim() ? `${d.requirements.trim()}\n` : ''}请${d.unitName}高度重视，${d.respondBy ? `于${chineseDate(d.respondBy)}前` : '及时'}签收并书面反馈整改措施和落实情况。`;
  section(doc, width, head('整改要求'), ask);
  if (d.response.trim()) section(doc, width, '单位反馈', d.response);
  signature(doc, width, d.issuerUnitName, chineseDate(d.issuedOn));
  return finish(doc, d.number, done);
}

export async function getBulletinPdf(db: Db, actor: Actor, id: string) {
  const b = await loadVisibleBulletin(db, actor, id);
  const links = await repo.findBulletinLinks(db, actor.districtId, id);
  const trigger = b.trigger_data as TriggerData | null;
  const pdf = await renderBulletinPdf({
    kindLabel: bulletinKindLabels[b.kind],
    number: b.number,
    title: b.title,
    unitName: b.unit_name,
    issuerUnitName: b.issuer_unit_name,
    issuedOn: shanghaiDay(b.issued_at),
    reason: b.reason,
    requirements: b.requirements,
    respondBy: b.respond_by,
    trigger: trigger && typeof trigger === 'object' && 'open' in trigger ? trigger : null,
    links: links.map((l) => ({ label: l.label, detail: l.detail })),
    response: b.response,
  });
  return { fileName: `${bulletinKindLabels[b.kind]}-${b.number}.pdf`, pdf };
}
