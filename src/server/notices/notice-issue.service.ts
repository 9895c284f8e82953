import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { chineseDate, formatNoticeNumber, noticeCounterName } from '../../domain/notice-number.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import type { HazardRecord } from '../hazards/hazards.repository.js';
import { recordHazardChange } from '../hazards/hazards.service.js';
import { notifyUsers, schoolManagerIds } from '../notifications/notifications.service.js';
import { findOrgUnit } from '../org/org.repository.js';
import { nextCounterValue } from '../shared/counter.repository.js';
import { resolveNoticeNumberFormat } from './notice-formats.service.js';
import { issuerKindOf, loadListedHazards, loadReadableSchool } from './notice-scope.js';
import * as repo from './notices.repository.js';
import { getNotice } from './notices.service.js';

/** The joint group acts on what it found (docs/ARCHITECTURE.md "Scope"): its notices list only those hazards. */
function assertOwnFindings(actor: Actor, hazards: HazardRecord[], ids: readonly string[]) {
  if (actor.role !== 'joint_inspector') return;
  const details = hazards.flatMap((h) =>
    h.found_by_unit_id === actor.orgUnitId ? [] : [{ path: `hazardIds.${ids.indexOf(h.id)}`, message: `隐患 ${h.code} 不是联合督检组发现的` }],
  );
  if (details.length) throw new AppError('VALIDATION_FAILED', '联合督检组的整改通知书只能列入本组发现的隐患', details);
}

export type IssueNoticeInput = { schoolId: string; hazardIds: string[]; deadline: string; requirements: string };

/**
 * 下达整改通知书: numbers the notice in the issuing unit's yearly series, lists the hazards,
 * brings each hazard's deadline forward to the notice's, writes each hazard's timeline, tells
 * the school's managers, and audits it, all in one transaction.
 */
export async function issueNotice(db: Db, actor: Actor, input: IssueNoticeInput, now = new Date()) {
  const kind = issuerKindOf[actor.role];
  if (!kind) throw forbidden('只有区教委、责任督学、教管中心、派出所和联合督检组可以下达整改通知书');
  const school = await loadReadableSchool(db, actor, input.schoolId);
  const today = shanghaiDay(now);
  if (input.deadline < today) {
    throw new AppError('VALIDATION_FAILED', `整改期限不能早于今天（${chineseDate(today)}）`, [{ path: 'deadline', message: '整改期限不能早于今天' }]);
  }
  const hazards = await loadListedHazards(db, actor, input.schoolId, input.hazardIds, { allowClosed: false });
  assertOwnFindings(actor, hazards, input.hazardIds);
  const issuer = await findOrgUnit(db, actor.districtId, actor.orgUnitId);
  if (!issuer) throw notFound('发文单位');
  const year = Number(today.slice(0, 4));

  const id = await db.transaction().execute(async (trx) => {
    const seq = await nextCounterValue(trx, actor.districtId, noticeCounterName(issuer.id, year));
    const { format } = await resolveNoticeNumberFormat(trx, actor.districtId, issuer);
    const number = formatNoticeNumber(format, { year, seq, issuer: issuer.name });
    const { id } = await repo.insertNotice(trx, {
      district_id: actor.districtId,
      number,
      year,
      seq,
      issuer_unit_id: issuer.id,
      issuer_user_id: actor.userId,
      issuer_name: actor.displayName,
      issuer_kind: kind,
      school_id: school.id,
      requirements: input.requirements,
      deadline: input.deadline,
      issued_at: now,
      acknowledged_at: null,
      acknowledged_by_name: null,
      replied_at: null,
      replied_by_name: null,
    });
    await repo.insertNoticeHazards(
      trx,
      actor.districtId,
      id,
      hazards.map((h) => h.id),
    );
    for (const h of hazards) await markHazard(trx, actor, h, { id, number, deadline: input.deadline });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'notice.issue',
      entityType: 'notice',
      entityId: id,
      orgUnitId: school.id,
      summary: `向「${school.name}」下达整改通知书 ${number}（${hazards.length} 项隐患，期限 ${input.deadline}）`,
      after: {
        number,
        issuerUnitId: issuer.id,
        issuerKind: kind,
        schoolId: school.id,
        deadline: input.deadline,
        requirements: input.requirements,
        hazardIds: hazards.map((h) => h.id),
      },
    });
    await notifyUsers(trx, actor.districtId, await schoolManagerIds(trx, actor.districtId, school.id), {
      kind: 'notice_issued',
      title: `收到整改通知书 ${number}`,
      body: `${issuer.name}下达整改通知书，涉及 ${hazards.length} 项隐患，请签收并于${chineseDate(input.deadline)}前整改回执`,
      entityType: 'notice',
      entityId: id,
    });
    return id;
  });
  return getNotice(db, actor, id, now);
}

/** The notice on one hazard: its deadline (if earlier than the hazard's own) and a timeline entry. */
async function markHazard(trx: Db, actor: Actor, h: HazardRecord, notice: { id: string; number: string; deadline: string }) {
  const moved = await repo.applyNoticeDeadline(trx, actor.districtId, h.id, notice.deadline);
  await recordHazardChange(trx, actor, h, {
    action: 'notice_issued',
    fromState: h.state,
    toState: h.state,
    note: `下达整改通知书 ${notice.number}，限${chineseDate(notice.deadline)}前整改`,
    data: { noticeId: notice.id, number: notice.number },
    summary: `下达整改通知书 ${notice.number}${moved ? `，整改期限定为 ${notice.deadline}` : ''}`,
    ...(moved && { before: { deadline: h.deadline }, after: { deadline: notice.deadline } }),
  });
}
