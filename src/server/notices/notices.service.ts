import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { hazardStateLabels } from '../../domain/hazard.js';
import { type NoticeIssuerKind, noticeIssuerKindLabels } from '../../domain/notice-number.js';
import { linkAttachments, listAttachmentsOf } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { canSeeRecord, recordScopeOf, shanghaiDayRange } from './notice-scope.js';
import * as repo from './notices.repository.js';

export const noticeStateLabels = { unacknowledged: '待签收', acknowledged: '已签收待回执', replied: '已回执' } as const;
type NoticeProgress = keyof typeof noticeStateLabels;

export function toNoticeDto(r: repo.NoticeRecord, today: string) {
  const state: NoticeProgress = r.replied_at ? 'replied' : r.acknowledged_at ? 'acknowledged' : 'unacknowledged';
  return {
    id: r.id,
    number: r.number,
    year: r.year,
    seq: r.seq,
    schoolId: r.school_id,
    schoolName: r.school_name,
    issuerUnitId: r.issuer_unit_id,
    issuerUnitName: r.issuer_unit_name,
    issuerName: r.issuer_name,
    issuerKind: r.issuer_kind,
    issuerKindLabel: noticeIssuerKindLabels[r.issuer_kind as NoticeIssuerKind] ?? r.issuer_kind,
    requirements: r.requirements,
    deadline: r.deadline,
    issuedAt: r.issued_at.toISOString(),
    hazardCount: Number(r.hazard_count),
    state,
    stateLabel: noticeStateLabels[state],
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedByName: r.acknowledged_by_name,
    repliedAt: r.replied_at?.toISOString() ?? null,
    replyText: r.reply_text,
    repliedByName: r.replied_by_name,
    /** Past its deadline (Shanghai day) without a reply. */
    overdue: !r.replied_at && r.deadline < today,
  };
}
export type NoticeDto = ReturnType<typeof toNoticeDto>;

export type ListNoticesInput = {
  schoolId?: string | undefined;
  state?: repo.NoticeState | undefined;
  issuerUnitId?: string | undefined;
  /** Only the notices the actor issued. */
  mine?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
};

export async function listNotices(db: Db, actor: Actor, input: ListNoticesInput, now = new Date()) {
  const today = shanghaiDay(now);
  const { page, pageSize, from, to, mine, ...rest } = input;
  const range = shanghaiDayRange(from, to);
  const issuerUserId = mine ? actor.userId : undefined;
  const f: repo.NoticeFilter = { scope: recordScopeOf(actor), ...rest, issuerUserId, issuedFrom: range.from, issuedTo: range.to, today };
  const [{ rows, total }, counts] = await Promise.all([repo.findNotices(db, f, { offset: (page - 1) * pageSize, limit: pageSize }), repo.countNotices(db, f)]);
  return { items: rows.map((r) => toNoticeDto(r, today)), total, counts, page, pageSize };
}

/** A notice the actor may read, or 404 as if it did not exist. */
export async function loadVisibleNotice(db: Db, actor: Actor, id: string): Promise<repo.NoticeRecord> {
  const n = await repo.findNoticeById(db, actor.districtId, id);
  if (!n || !canSeeRecord(actor, { schoolId: n.school_id, authorId: n.issuer_user_id, unitId: n.issuer_unit_id })) throw notFound('整改通知书');
  return n;
}

/** The school's principal and safety officer sign for and answer the notices it receives. */
const isSchoolManagerOf = (actor: Actor, schoolId: string) =>
  actor.orgUnitId === schoolId && (actor.role === 'principal' || actor.role === 'school_safety_officer');

export async function getNotice(db: Db, actor: Actor, id: string, now = new Date()) {
  const n = await loadVisibleNotice(db, actor, id);
  const [hazards, files] = await Promise.all([repo.findNoticeHazards(db, actor.districtId, id), listAttachmentsOf(db, actor.districtId, 'notice', [id])]);
  const manager = isSchoolManagerOf(actor, n.school_id);
  return {
    notice: toNoticeDto(n, shanghaiDay(now)),
    hazards: hazards.map((h) => ({
      id: h.id,
      code: h.code,
      title: h.title,
      place: h.place,
      state: h.state,
      stateLabel: hazardStateLabels[h.state],
      deadline: h.deadline,
    })),
    attachments: files.get(id) ?? [],
    canAcknowledge: manager && !n.acknowledged_at,
    canReply: manager && !!n.acknowledged_at && !n.replied_at,
  };
}

export async function acknowledgeNotice(db: Db, actor: Actor, id: string, now = new Date()) {
  const n = await loadVisibleNotice(db, actor, id);
  if (!isSchoolManagerOf(actor, n.school_id)) throw forbidden('只有受文学校的校长或安全干部可以签收整改通知书');
  const already = () => new AppError('CONFLICT', `该整改通知书已由${n.acknowledged_by_name ?? '学校'}签收，无需重复签收`);
  if (n.acknowledged_at) throw already();
  await db.transaction().execute(async (trx) => {
    if (!(await repo.markNoticeAcknowledged(trx, actor.districtId, id, actor.displayName))) throw already();
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'notice.acknowledge',
      entityType: 'notice',
      entityId: id,
      orgUnitId: n.school_id,
      summary: `签收整改通知书 ${n.number}`,
      before: { acknowledgedAt: null },
      after: { acknowledgedAt: now.toISOString(), acknowledgedByName: actor.displayName },
    });
  });
  return getNotice(db, actor, id, now);
}

export type ReplyNoticeInput = { text: string; attachmentIds: string[] };

export async function replyNotice(db: Db, actor: Actor, id: string, input: ReplyNoticeInput, now = new Date()) {
  const n = await loadVisibleNotice(db, actor, id);
  if (!isSchoolManagerOf(actor, n.school_id)) throw forbidden('只有受文学校的校长或安全干部可以回执整改通知书');
  if (!n.acknowledged_at) throw new AppError('CONFLICT', '请先签收整改通知书，再提交整改回执');
  if (n.replied_at) throw new AppError('CONFLICT', '该整改通知书已回执，不能重复回执');
  await db.transaction().execute(async (trx) => {
    if (!(await repo.markNoticeReplied(trx, actor.districtId, id, input.text, actor.displayName))) {
      throw new AppError('CONFLICT', '该整改通知书已回执，不能重复回执');
    }
    await linkAttachments(trx, actor, input.attachmentIds, { type: 'notice', id, schoolId: n.school_id });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'notice.reply',
      entityType: 'notice',
      entityId: id,
      orgUnitId: n.school_id,
      summary: `回执整改通知书 ${n.number}`,
      before: { repliedAt: null },
      after: { repliedAt: now.toISOString(), repliedByName: actor.displayName, replyText: input.text, attachmentIds: input.attachmentIds },
    });
    const preview = input.text.length > 60 ? `${input.text.slice(0, 60)}…` : input.text;
    await notifyUsers(trx, actor.districtId, [n.issuer_user_id], {
      kind: 'notice_replied',
      title: `${n.school_name}已回执整改通知书 ${n.number}`,
      body: `${actor.displayName}：${preview}`,
      entityType: 'notice',
      entityId: id,
    });
  });
  return getNotice(db, actor, id, now);
}
