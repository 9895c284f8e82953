import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden } from '../../domain/errors.js';
import {
  type BoardStatus,
  boardStatus,
  boardStatusLabels,
  checkInDay,
  isLate,
  isPeriodDay,
  type SubmitCheckInInput,
  submitCheckInInput,
} from '../../domain/safety-check-in.js';
import { validationError } from '../../domain/validation.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import { createCaseInTransaction } from '../cases/cases.service.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { notifyMany, responsibleUserIdsByUnit } from '../notifications/notifications.service.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './safety.repository.js';
import { assertBoardRole, countSafetyCheckIns, daysOf, loadPeriod, reporterRoles } from './safety.service.js';

/** 报平安 itself (a school's daily report), the board of who has not reported, and the one-tap chase. */

export async function submitSafetyCheckIn(app: AppContext, actor: Actor, periodId: string, raw: SubmitCheckInInput, now = new Date()) {
  if (!reporterRoles.includes(actor.role)) throw forbidden('由学校校长或安全干部报平安');
  const parsed = submitCheckInInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  const p = await loadPeriod(app.db, actor, periodId);
  const schoolId = actor.orgUnitId;
  if (!(await repo.isPeriodSchool(app.db, actor.districtId, periodId, schoolId))) throw forbidden('本校不在该时段的报平安范围内');
  if (p.closed_at) throw new AppError('CONFLICT', '该报平安时段已结束');
  const day = checkInDay(daysOf(p), now);
  if (!day) throw new AppError('CONFLICT', `今天（${shanghaiDay(now)}）不在该时段（${p.starts_on} 至 ${p.ends_on}）内，无需报平安`);
  const pack = input.exception ? await packOf(app, actor.districtId) : null;
  const late = isLate(day, p.cutoff_time, now);
  await app.db.transaction().execute(async (trx) => {
    const created =
      input.exception && pack
        ? await createCaseInTransaction(
            trx,
            pack,
            actor,
            {
              typeCode: input.exception.typeCode,
              title: input.exception.title,
              description: [input.exception.description, `（${p.title} 报平安时报告的异常）`].filter(Boolean).join('\n'),
              source: 'school_report',
              schoolId,
              ...(input.exception.place && { place: input.exception.place }),
            },
            now,
          )
        : null;
    const inserted = await repo.insertCheckIn(trx, {
      district_id: actor.districtId,
      period_id: periodId,
      school_id: schoolId,
      day,
      status: input.status,
      note: input.note,
      case_id: created?.id ?? null,
      late,
      reported_by: actor.userId,
      reported_by_name: actor.displayName,
      reported_at: now,
    });
    if (!inserted) throw new AppError('CONFLICT', '本校今天已经报过平安；如有新的突发情况，请在「案件」中登记上报');
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'safety_check_in.submit',
      entityType: 'safety_check_in',
      entityId: periodId,
      orgUnitId: schoolId,
      summary: `${p.title} ${day} ${input.status === 'safe' ? '报平安' : `报告异常${created ? `，登记案件 ${created.code}` : ''}`}${late ? '（迟报）' : ''}`,
      after: { day, status: input.status, note: input.note, late, caseId: created?.id ?? null },
    });
  });
  const [c] = await repo.findCheckIns(app.db, actor.districtId, periodId, [schoolId], day);
  return { day, status: input.status, late, reportedAt: now, caseId: c?.case_id ?? null, caseCode: c?.case_code ?? null };
}

type BoardQuery = { day?: string | undefined };

/** Who has (not) reported on a day (today by default), for the supervisor's schools in the period. */
export async function getSafetyCheckInBoard(db: Db, actor: Actor, periodId: string, q: BoardQuery, now = new Date()) {
  assertBoardRole(actor);
  const p = await loadPeriod(db, actor, periodId);
  const day = q.day ?? shanghaiDay(now);
  if (!isPeriodDay(daysOf(p), day))
    throw new AppError('VALIDATION_FAILED', `日期应在 ${p.starts_on} 至 ${p.ends_on} 之间`, [{ path: 'day', message: '日期不在时段内' }]);
  const visible = actor.scope.read.all ? null : [...actor.scope.read.ids];
  const [schools, checkIns, counts] = await Promise.all([
    repo.findPeriodSchools(db, actor.districtId, periodId, visible),
    repo.findCheckIns(db, actor.districtId, periodId, visible, day),
    countSafetyCheckIns(db, actor.districtId, periodId, visible, now),
  ]);
  const byId = new Map(checkIns.map((c) => [c.school_id, c]));
  const tally = new Map(counts.map((c) => [c.schoolId, c]));
  // A day after the period was closed is not asked for: nobody is missing on it.
  const asked = !p.closed_at || shanghaiDay(p.closed_at) >= day;
  const rows = schools.map((s) => {
    const c = byId.get(s.id);
    const status: BoardStatus = asked || c ? boardStatus(day, p.cutoff_time, now, c) : 'pending';
    const t = tally.get(s.id);
    return {
      schoolId: s.id,
      schoolName: s.name,
      schoolCode: s.code,
      parentName: s.parent_name ?? '',
      status,
      statusLabel: boardStatusLabels[status],
      reportedAt: c?.reported_at ?? null,
      reportedByName: c?.reported_by_name ?? '',
      late: c?.late ?? false,
      note: c?.note ?? '',
      caseId: c?.case_id ?? null,
      caseCode: c?.case_code ?? null,
      periodLate: t?.late ?? 0,
      periodMissing: t?.missing ?? 0,
    };
  });
  const summary = { total: rows.length, safe: 0, exception: 0, pending: 0, missing: 0, late: rows.filter((r) => r.late).length };
  for (const r of rows) summary[r.status]++;
  // Not reported first, then exceptions: what the district acts on is at the top.
  const order: Record<BoardStatus, number> = { missing: 0, pending: 1, exception: 2, safe: 3 };
  rows.sort((a, b) => order[a.status] - order[b.status] || a.schoolCode.localeCompare(b.schoolCode));
  return {
    period: { id: p.id, title: p.title, startsOn: p.starts_on, endsOn: p.ends_on, cutoffTime: p.cutoff_time, closedAt: p.closed_at },
    day,
    today: shanghaiDay(now),
    canChase: canChase(actor) && day === shanghaiDay(now) && !p.closed_at,
    summary,
    rows,
  };
}

const canChase = (actor: Actor) => actor.role === 'district_admin' || actor.role === 'centre_officer';

/**
 * 一键催报: every school of the actor's that has not reported today gets an inbox message (and,
 * through the outbox, the channels forwarding 报平安催报). One message per school and hour: a
 * second tap within the hour tells nobody twice.
 */
export async function chaseSafetyCheckIns(db: Db, actor: Actor, periodId: string, now = new Date()) {
  if (!canChase(actor)) throw forbidden('由区教委或教管中心催报');
  const p = await loadPeriod(db, actor, periodId);
  if (p.closed_at) throw new AppError('CONFLICT', '该报平安时段已结束');
  const day = checkInDay(daysOf(p), now);
  if (!day) throw new AppError('CONFLICT', '今天不在该时段内，无需催报');
  const writable = actor.scope.write.all ? null : [...actor.scope.write.ids];
  const [schools, checkIns] = await Promise.all([
    repo.findPeriodSchools(db, actor.districtId, periodId, writable),
    repo.findCheckIns(db, actor.districtId, periodId, writable, day),
  ]);
  const reported = new Set(checkIns.map((c) => c.school_id));
  const missing = schools.filter((s) => !reported.has(s.id));
  const users = await responsibleUserIdsByUnit(
    db,
    actor.districtId,
    missing.map((s) => s.id),
  );
  const hour = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(11, 13);
  return db.transaction().execute(async (trx) => {
    const notified = await notifyMany(
      trx,
      actor.districtId,
      missing.map((s) => ({
        userIds: users.get(s.id) ?? [],
        n: {
          kind: 'safety_chase' as const,
          title: `请报平安：${p.title}`,
          body: `${s.name}今天（${day}）尚未报平安，截止时间 ${p.cutoff_time}。请在工作台点「平安」或报告异常。`,
          entityType: 'safety_period' as const,
          entityId: p.id,
          dedupeKey: `${day}:${hour}:${s.id}`,
        },
      })),
    );
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'safety_period.chase',
      entityType: 'safety_period',
      entityId: p.id,
      orgUnitId: actor.orgUnitId,
      summary: `催报平安：${missing.length} 所学校未报，发出 ${notified} 条提醒`,
      after: { day, schools: missing.map((s) => s.id), notified },
    });
    // A school without an active principal or safety officer account cannot be told: the board shows it.
    const unreachable = missing.filter((s) => !(users.get(s.id) ?? []).length).length;
    return { day, schools: missing.length, notified, unreachable };
  });
}
