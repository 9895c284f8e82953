import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import {
  type AlertTarget,
  alertSchoolState,
  alertSchoolStateLabels,
  type RiskAlertKind,
  riskAlertKindLabels,
  type SendRiskAlertInput,
} from '../../domain/risk.js';
import { canRead } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { findActiveUnitUsers, insertNotifications } from '../notifications/notifications.repository.js';
import * as repo from './risk.repository.js';
import { canAcknowledge, canSendAlerts, readIdsOf, writeIdsOf } from './risk-scope.js';

/**
 * Risk alerts (风险提示): the district or a centre sends an alert to the schools chosen by type,
 * area (township/centre), risk colour or source category, or by name; each school's principal
 * and safety officer are notified, and the school acknowledges it with the measures taken by
 * the deadline. Unacknowledged schools are chased (one tap: a new inbox message each) and
 * counted by `riskAlertTally`, the one function the list, the workbench, the panels and
 * assessment call.
 */
const SCHOOL_ROLES = new Set(['principal', 'school_safety_officer']);

/** The schools an alert goes to: explicit ones, plus those matching every filter given; all within the sender's write scope. */
export async function resolveTargets(db: Db, actor: Actor, t: AlertTarget): Promise<repo.RiskSchool[]> {
  const schools = await repo.findSchools(db, actor.districtId, writeIdsOf(actor));
  const known = new Set(schools.map((s) => s.id));
  const bad = t.schoolIds.find((id) => !known.has(id));
  if (bad) throw new AppError('VALIDATION_FAILED', '所选学校不在您的管辖范围内', [{ path: 'target.schoolIds', message: '学校无效' }]);
  const explicit = new Set(t.schoolIds);
  const filtered = t.schoolTypes.length + t.areaIds.length + t.colours.length + t.sourceCodes.length > 0;
  const risky = t.colours.length || t.sourceCodes.length ? new Set(await repo.findSchoolsWithRisk(db, actor.districtId, t.colours, t.sourceCodes)) : null;
  return schools.filter((s) => {
    if (explicit.has(s.id)) return true;
    if (!filtered) return false;
    if (t.schoolTypes.length && !t.schoolTypes.includes(s.school_type as never)) return false;
    if (t.areaIds.length && !t.areaIds.some((a) => a === s.parent_id || a === s.grandparent_id)) return false;
    if (risky && !risky.has(s.id)) return false;
    return true;
  });
}

async function notifySchools(db: Db, actor: Actor, alert: { id: string; title: string }, schoolIds: readonly string[], dedupe: string, title: string) {
  const users = (await findActiveUnitUsers(db, actor.districtId, schoolIds)).filter((u) => SCHOOL_ROLES.has(u.role));
  return insertNotifications(
    db,
    users.map((u) => ({
      district_id: actor.districtId,
      user_id: u.user_id,
      kind: 'risk_alert',
      title,
      body: alert.title,
      entity_type: 'risk_alert',
      entity_id: alert.id,
      dedupe_key: `${alert.id}:${dedupe}`,
    })),
  );
}

export async function previewRiskAlertTargets(app: AppContext, actor: Actor, t: AlertTarget) {
  if (!canSendAlerts(actor)) throw forbidden('只有区教委和教管中心可以发送风险提示');
  const schools = await resolveTargets(app.db, actor, t);
  return { total: schools.length, items: schools.map((s) => ({ id: s.id, name: s.name, areaName: s.parent_name })) };
}

export async function sendRiskAlert(app: AppContext, actor: Actor, input: SendRiskAlertInput, now = new Date()) {
  if (!canSendAlerts(actor)) throw forbidden('只有区教委和教管中心可以发送风险提示');
  if (input.deadline < shanghaiDay(now))
    throw new AppError('VALIDATION_FAILED', '落实期限不能早于今天', [{ path: 'deadline', message: '落实期限不能早于今天' }]);
  const schools = await resolveTargets(app.db, actor, input.target);
  if (!schools.length) throw new AppError('VALIDATION_FAILED', '按所选范围没有找到学校', [{ path: 'target', message: '没有匹配的学校' }]);
  const id = await app.db.transaction().execute(async (trx) => {
    const id = await repo.insertAlert(trx, {
      district_id: actor.districtId,
      sender_unit_id: actor.orgUnitId,
      sent_by: actor.userId,
      sent_by_name: actor.displayName,
      title: input.title,
      content: input.content,
      kind: input.kind,
      deadline: input.deadline,
      target: JSON.stringify(input.target),
      sent_at: now,
    });
    await repo.insertAlertSchools(
      trx,
      schools.map((s) => ({ district_id: actor.districtId, alert_id: id, school_id: s.id })),
    );
    await notifySchools(
      trx,
      actor,
      { id, title: input.title },
      schools.map((s) => s.id),
      'sent',
      `风险提示：${input.title}（${input.deadline} 前落实）`,
    );
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'risk_alert.send',
      entityType: 'risk_alert',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `发送风险提示「${input.title}」（${riskAlertKindLabels[input.kind]}）至 ${schools.length} 所学校，${input.deadline} 前落实`,
      after: { ...input, schoolIds: schools.map((s) => s.id) },
    });
    return id;
  });
  return getRiskAlert(app, actor, id, now);
}

/** The rows of an alert a user sees: a school its own, others the schools in their read scope. */
const visibleSchoolIds = (actor: Actor) => readIdsOf(actor);

export type RiskAlertQuery = { page: number; pageSize: number; pending?: boolean | undefined; kind?: RiskAlertKind | undefined; schoolId?: string | undefined };

const alertFilterOf = (actor: Actor, q: Omit<RiskAlertQuery, 'page' | 'pageSize'>): repo.AlertFilter => ({
  schoolIds: q.schoolId ? [q.schoolId] : visibleSchoolIds(actor),
  pending: q.pending,
  kind: q.kind,
});

function summarize(rows: { acknowledged_on: string | null }[], deadline: string, today: string) {
  const c = { total: rows.length, acknowledged: 0, late: 0, pending: 0, overdue: 0 };
  for (const r of rows) c[alertSchoolState({ acknowledgedOn: r.acknowledged_on, deadline }, today)]++;
  return c;
}

export async function listRiskAlerts(app: AppContext, actor: Actor, q: RiskAlertQuery, now = new Date()) {
  if (q.schoolId && !canRead(actor.scope, q.schoolId)) throw notFound('学校');
  const today = shanghaiDay(now);
  const { page, pageSize, ...rest } = q;
  const f = alertFilterOf(actor, rest);
  const r = await repo.findAlerts(app.db, actor.districtId, f, pageSize, (page - 1) * pageSize);
  const rows = await repo.findAlertSchools(
    app.db,
    actor.districtId,
    r.items.map((a) => a.id),
    f.schoolIds,
  );
  return {
    items: r.items.map((a) => {
      const mine = rows.filter((x) => x.alert_id === a.id);
      return {
        id: a.id,
        title: a.title,
        kind: a.kind,
        kindLabel: riskAlertKindLabels[a.kind],
        deadline: a.deadline,
        senderUnitName: a.sender_unit_name ?? '',
        sentByName: a.sent_by_name,
        sentAt: a.sent_at.toISOString(),
        counts: summarize(mine, a.deadline, today),
      };
    }),
    total: r.total,
    page,
    pageSize,
    canSend: canSendAlerts(actor),
  };
}

/** The workbench's count: alerts with a school row in scope not yet acknowledged (the list's `?pending=true`). */
export async function countPendingRiskAlerts(app: AppContext, actor: Actor): Promise<number> {
  return repo.countAlerts(app.db, actor.districtId, alertFilterOf(actor, { pending: true }));
}

export async function getRiskAlert(app: AppContext, actor: Actor, id: string, now = new Date()) {
  const a = await repo.findAlert(app.db, actor.districtId, id);
  if (!a) throw notFound('风险提示');
  const today = shanghaiDay(now);
  const rows = await repo.findAlertSchools(app.db, actor.districtId, [id], visibleSchoolIds(actor));
  if (!rows.length) throw notFound('风险提示');
  const writable = writeIdsOf(actor);
  return {
    alert: {
      id: a.id,
      title: a.title,
      content: a.content,
      kind: a.kind,
      kindLabel: riskAlertKindLabels[a.kind],
      deadline: a.deadline,
      senderUnitName: a.sender_unit_name ?? '',
      sentByName: a.sent_by_name,
      sentAt: a.sent_at.toISOString(),
      counts: summarize(rows, a.deadline, today),
      canChase: canSendAlerts(actor),
      schools: rows.map((r) => {
        const state = alertSchoolState({ acknowledgedOn: r.acknowledged_on, deadline: a.deadline }, today);
        return {
          schoolId: r.school_id,
          schoolName: r.school_name,
          state,
          stateLabel: alertSchoolStateLabels[state],
          acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
          acknowledgedByName: r.acknowledged_by_name,
          measures: r.measures,
          chaseCount: r.chase_count,
          lastChasedAt: r.last_chased_at?.toISOString() ?? null,
          canAcknowledge: r.acknowledged_at === null && canAcknowledge(actor, r.school_id),
          canChase: r.acknowledged_at === null && canSendAlerts(actor) && (writable === null || writable.includes(r.school_id)),
        };
      }),
    },
  };
}

export async function acknowledgeRiskAlert(app: AppContext, actor: Actor, id: string, input: { measures: string }, now = new Date()) {
  const a = await repo.findAlert(app.db, actor.districtId, id);
  if (!a) throw notFound('风险提示');
  const schoolId = actor.orgUnitId;
  const [row] = await repo.findAlertSchools(app.db, actor.districtId, [id], [schoolId]);
  if (!row || !canRead(actor.scope, schoolId)) throw notFound('风险提示');
  if (!canAcknowledge(actor, schoolId)) throw forbidden('只有本校校长或安全干部可以签收风险提示');
  await app.db.transaction().execute(async (trx) => {
    const ok = await repo.acknowledgeAlertSchool(trx, actor.districtId, id, schoolId, {
      at: now,
      on: shanghaiDay(now),
      by: actor.userId,
      byName: actor.displayName,
      measures: input.measures,
    });
    if (!ok) throw new AppError('CONFLICT', '本校已签收该风险提示');
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'risk_alert.acknowledge',
      entityType: 'risk_alert',
      entityId: id,
      orgUnitId: schoolId,
      summary: `签收风险提示「${a.title}」${shanghaiDay(now) > a.deadline ? '（逾期）' : ''}`,
      after: { measures: input.measures },
    });
  });
  return getRiskAlert(app, actor, id, now);
}

/** 催办: every unacknowledged school of the alert in the sender's write scope (or the ones named) gets a new inbox message. */
export async function chaseRiskAlert(app: AppContext, actor: Actor, id: string, input: { schoolIds?: string[] | undefined }, now = new Date()) {
  if (!canSendAlerts(actor)) throw forbidden('只有区教委和教管中心可以催办风险提示');
  const a = await repo.findAlert(app.db, actor.districtId, id);
  if (!a) throw notFound('风险提示');
  const rows = await repo.findAlertSchools(app.db, actor.districtId, [id], writeIdsOf(actor));
  if (!rows.length) throw notFound('风险提示');
  const open = rows.filter((r) => r.acknowledged_at === null && (!input.schoolIds?.length || input.schoolIds.includes(r.school_id)));
  if (!open.length) throw new AppError('CONFLICT', '没有需要催办的学校（都已签收）');
  const chased = await app.db.transaction().execute(async (trx) => {
    const ids = open.map((r) => r.school_id);
    await repo.markChased(trx, actor.districtId, id, ids, now);
    // One message per school and chase: the key carries the chase number, so a second tap sends again.
    for (const r of open) {
      await notifySchools(
        trx,
        actor,
        { id, title: a.title },
        [r.school_id],
        `chase:${r.chase_count + 1}`,
        `催办：请签收风险提示「${a.title}」并落实措施（${a.deadline} 前）`,
      );
    }
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'risk_alert.chase',
      entityType: 'risk_alert',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `催办风险提示「${a.title}」：${open.length} 所学校未签收`,
      after: { schoolIds: ids },
    });
    return ids.length;
  });
  return { chased, ...(await getRiskAlert(app, actor, id, now)) };
}

/**
 * The one count of risk alerts per unit (assessment, panels and the list's counts use it):
 * alerts sent in [from, to) to each school in the user's scope, acknowledged on time, late,
 * still pending before the deadline, and overdue.
 */
export async function riskAlertTally(app: AppContext, actor: Actor, q: { from?: Date; to?: Date; schoolIds?: readonly string[] } = {}, now = new Date()) {
  const read = readIdsOf(actor);
  const ids = q.schoolIds ? q.schoolIds.filter((id) => canRead(actor.scope, id)) : read;
  return repo.tallyAlertsBySchool(app.db, actor.districtId, ids, { from: q.from, to: q.to }, shanghaiDay(now));
}
