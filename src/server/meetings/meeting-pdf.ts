import { chineseDate } from '../../domain/notice-number.js';
import type { Actor } from '../auth/actor.js';
import { BODY, finish, INDENT, keepTogether, margins, openDocument, section, titleBlock } from '../bulletins/a4-document.js';
import type { Db } from '../db/database.js';
import { getMeeting } from './meetings.service.js';

type MeetingView = Awaited<ReturnType<typeof getMeeting>>;

/** 会议纪要 on A4: the meeting, participants, agenda, decisions and the table of tasks decided. */
export async function renderMeetingPdf(v: MeetingView): Promise<Buffer> {
  const m = v.meeting;
  const { doc, width, done } = await openDocument(`会议纪要 ${m.title}`, m.hostUnitName);
  titleBlock(doc, '会议纪要', `${m.kindLabel}　${chineseDate(m.heldOn)}`);
  doc.font('bold').fontSize(15).text(m.title, margins.left, doc.y, { width, align: 'center' });
  doc.moveDown(0.6);
  const facts = [
    `时间：${chineseDate(m.heldOn)}`,
    m.place && `地点：${m.place}`,
    `组织单位：${m.hostUnitName}`,
    m.chair && `主持：${m.chair}`,
    `参会单位：${m.participants.map((p) => p.name).join('、')}`,
    m.otherParticipants && `其他参会人员：${m.otherParticipants}`,
  ].filter(Boolean) as string[];
  for (const f of facts) doc.font('regular').fontSize(BODY).text(f, margins.left, doc.y, { width, lineGap: 3 });
  doc.moveDown(0.6);
  section(
    doc,
    width,
    '一、会议议题',
    m.agenda.map((a, i) => `${i + 1}. ${a.title}${a.refLabel ? `（${a.refLabel}）` : ''}${a.note ? `：${a.note}` : ''}`).join('\n'),
  );
  section(doc, width, '二、会议决定', m.decisions);
  keepTogether(doc, 50);
  doc.font('bold').fontSize(BODY).text('三、议定事项', margins.left, doc.y, { width, lineGap: 4 });
  if (!v.tasks.length) doc.font('regular').text('（无）', margins.left + INDENT, doc.y);
  for (const t of v.tasks) {
    keepTogether(doc, 44);
    doc
      .font('regular')
      .fontSize(BODY)
      .text(`${t.no}. ${t.title}`, margins.left + INDENT, doc.y, { width: width - INDENT, lineGap: 2 });
    doc
      .fontSize(10.5)
      .fillColor('#333333')
      .text(`责任单位：${t.ownerUnitName}　　完成期限：${chineseDate(t.deadline)}　　状态：${t.stateLabel}${t.overdue ? '（已逾期）' : ''}`, {
        width: width - INDENT,
      });
    if (t.detail) doc.text(`要求：${t.detail}`, { width: width - INDENT });
    doc.fillColor('black').moveDown(0.3);
  }
  doc.x = margins.left;
  doc.moveDown(1);
  doc.font('regular').fontSize(BODY).text(`记录：${m.createdByName}`, margins.left, doc.y, { width, align: 'right' });
  return finish(doc, `会议纪要·${m.title}`, done);
}

export async function getMeetingPdf(db: Db, actor: Actor, id: string) {
  const v = await getMeeting(db, actor, id);
  return { fileName: `会议纪要-${v.meeting.heldOn}-${v.meeting.title}.pdf`, pdf: await renderMeetingPdf(v) };
}
