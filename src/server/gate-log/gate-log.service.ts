import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { type CreateGateLogInput, gateLogNumbers, gateLogSchoolRoles, type MarkGateLogLeftInput, retentionStart } from '../../domain/gate-log.js';
import { canRead } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { findOrgUnit } from '../org/org.repository.js';
import { packOf } from '../policy/policy.service.js';
import { findSanfangSchools } from '../sanfang/sanfang.repository.js';
import * as repo from './gate-log.repository.js';

/**
 * 门卫登记. The school's own people (principal, safety officer, staff — the gatehouse) write the
 * log and read its entries; nobody else reads a visitor's name, ID digits, phone or plate: the
 * district, centre, inspectors and police see per school only whether the log is kept (days with
 * entries and counts). The audit trail, which supervisors can read, records that an entry was made,
 * never who the visitor was. Entries older than the pack's retention are not returned.
 */

/** The later of two YYYY-MM-DD days. */
const laterDay = (a: string, b: string) => [a, b].sort()[1] as string;

const isOwnSchool = (actor: Actor, schoolId: string) => gateLogSchoolRoles.has(actor.role) && actor.orgUnitId === schoolId;

async function assertOwnSchool(app: AppContext, actor: Actor, schoolId: string) {
  const unit = await findOrgUnit(app.db, actor.districtId, schoolId);
  if (unit?.kind !== 'school' || !canRead(actor.scope, schoolId)) throw notFound('学校');
  if (!isOwnSchool(actor, schoolId)) throw forbidden('门卫登记的来访人员信息只有本校人员可以查看和登记；上级可查看登记情况统计');
}

async function retention(app: AppContext, actor: Actor, now: Date) {
  const today = shanghaiDay(now);
  const { retentionDays } = gateLogNumbers(await packOf(app, actor.districtId));
  return { today, since: retentionStart(today, retentionDays), retentionDays };
}

const toDto = (r: repo.GateLogRecord) => ({
  id: r.id,
  schoolId: r.school_id,
  kind: r.kind,
  name: r.name,
  idLast4: r.id_last4,
  phone: r.phone,
  plate: r.plate,
  purpose: r.purpose,
  host: r.host,
  enteredAt: r.entered_at.toISOString(),
  leftAt: r.left_at ? r.left_at.toISOString() : null,
  enteredOn: r.entered_on,
});

export async function listGateLog(app: AppContext, actor: Actor, q: { schoolId: string; day?: string | undefined }, now = new Date()) {
  await assertOwnSchool(app, actor, q.schoolId);
  const { today, since, retentionDays } = await retention(app, actor, now);
  const day = q.day ?? today;
  if (day > today) throw new AppError('VALIDATION_FAILED', '日期不能晚于今天', [{ path: 'day', message: '日期不能晚于今天' }]);
  const rows = day < since ? [] : await repo.findDay(app.db, actor.districtId, q.schoolId, day, since);
  const recent = await repo.findRecent(app.db, actor.districtId, q.schoolId, laterDay(addDays(today, -30), since), 12);
  return {
    day,
    retentionDays,
    /** Entries before this day are past retention and not shown. */
    shownFrom: since,
    items: rows.map(toDto),
    recent: recent.map((r) => ({
      kind: r.kind,
      name: r.name,
      idLast4: r.id_last4,
      phone: r.phone,
      plate: r.plate,
      purpose: r.purpose,
      host: r.host,
      lastAt: r.entered_at.toISOString(),
    })),
  };
}

/**
 * The phone sent an id that is already recorded: the same submission again answers the entry as
 * it is (nothing written, nothing audited); an id of someone else's entry is a conflict.
 */
async function sameEntryAgain(db: Db, actor: Actor, input: CreateGateLogInput) {
  const first = await repo.findEntry(db, actor.districtId, input.clientId as string, '0001-01-01');
  if (!first || first.school_id !== input.schoolId || first.recorded_by !== actor.userId) {
    throw new AppError('CONFLICT', '该登记编号已被使用，请刷新页面后重新登记');
  }
  return toDto(first);
}

export async function createGateLogEntry(app: AppContext, actor: Actor, input: CreateGateLogInput, now = new Date()) {
  await assertOwnSchool(app, actor, input.schoolId);
  const at = input.enteredAt ? new Date(input.enteredAt) : now;
  if (at.getTime() > now.getTime() + 5 * 60_000)
    throw new AppError('VALIDATION_FAILED', '进校时间不能晚于现在', [{ path: 'enteredAt', message: '进校时间不能晚于现在' }]);
  const { since } = await retention(app, actor, now);
  if (shanghaiDay(at) < since) throw new AppError('VALIDATION_FAILED', '进校时间超出登记保存期限', [{ path: 'enteredAt', message: '进校时间过早' }]);
  return app.db.transaction().execute(async (trx) => {
    const row = await repo.insertEntry(trx, {
      ...(input.clientId && { id: input.clientId }),
      district_id: actor.districtId,
      school_id: input.schoolId,
      kind: input.kind,
      name: input.name,
      id_last4: input.idLast4.toUpperCase(),
      phone: input.phone,
      plate: input.plate.toUpperCase(),
      purpose: input.purpose,
      host: input.host,
      entered_at: at,
      entered_on: shanghaiDay(at),
      recorded_by: actor.userId,
    });
    if (!row) return sameEntryAgain(trx, actor, input);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'gate_log.create',
      entityType: 'gate_log_entry',
      entityId: row.id,
      orgUnitId: input.schoolId,
      summary: `门卫登记：${input.kind === 'vehicle' ? '车辆' : '来访人员'}进校`,
      after: { kind: input.kind, enteredAt: at.toISOString() },
    });
    return toDto(row);
  });
}

/** A phone's clock may run a little ahead of the server's: this much is accepted and clamped. */
const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * 离校. The time is the phone's when it sends one (recorded offline, sent later), else now. The
 * same leave sent again (an outbox retry, a second tap on another phone) changes nothing and
 * answers the entry as it is: the first leaving time stays, nothing is audited twice.
 */
export async function markGateLogLeft(app: AppContext, actor: Actor, id: string, input: MarkGateLogLeftInput = {}, now = new Date()) {
  const { since } = await retention(app, actor, now);
  const before = await repo.findEntry(app.db, actor.districtId, id, since);
  if (!before || !canRead(actor.scope, before.school_id) || !isOwnSchool(actor, before.school_id)) throw notFound('登记记录');
  if (before.left_at) return toDto(before);
  const asked = input.leftAt ? new Date(input.leftAt) : now;
  if (asked.getTime() > now.getTime() + CLOCK_SLACK_MS)
    throw new AppError('VALIDATION_FAILED', '离校时间不能晚于现在', [{ path: 'leftAt', message: '离校时间不能晚于现在' }]);
  if (asked.getTime() < before.entered_at.getTime() - CLOCK_SLACK_MS)
    throw new AppError('VALIDATION_FAILED', '离校时间不能早于进校时间', [{ path: 'leftAt', message: '离校时间不能早于进校时间' }]);
  // Not after now, not before the entry (both within the slack): a phone clock a little off is taken as right.
  const at = new Date(Math.max(Math.min(asked.getTime(), now.getTime()), before.entered_at.getTime()));
  return app.db.transaction().execute(async (trx) => {
    const after = await repo.markLeft(trx, actor.districtId, id, at);
    // Another copy of the same leave got there first: answer the entry as it now is.
    if (!after) return toDto(await repo.findEntryOrThrow(trx, actor.districtId, id));
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'gate_log.leave',
      entityType: 'gate_log_entry',
      entityId: id,
      orgUnitId: before.school_id,
      summary: `门卫登记：${before.kind === 'vehicle' ? '车辆' : '来访人员'}离校`,
      after: { leftAt: at.toISOString() },
    });
    return toDto(after);
  });
}

/**
 * Whether each school in scope keeps its log: days with entries in the period, entries, vehicles,
 * still in. Counts only — the same for every role, so a supervisor never sees a visitor.
 */
export async function getGateLogSummary(
  app: AppContext,
  actor: Actor,
  q: { from?: string | undefined; to?: string | undefined; orgUnitId?: string | undefined },
  now = new Date(),
) {
  const { today, since, retentionDays } = await retention(app, actor, now);
  const to = q.to && q.to < today ? q.to : today;
  const from0 = q.from ?? addDays(to, -6);
  const from = laterDay(from0, since);
  if (to < since)
    throw new AppError('VALIDATION_FAILED', `门卫登记保存 ${retentionDays} 天，${since} 以前的登记不再显示`, [{ path: 'to', message: '超出保存期限' }]);
  if (from > to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期', [{ path: 'from', message: '开始日期不能晚于结束日期' }]);
  if (q.orgUnitId && !canRead(actor.scope, q.orgUnitId) && !actor.scope.read.all) throw notFound('单位');
  const schools = await findSanfangSchools(app.db, {
    districtId: actor.districtId,
    schoolIds: actor.scope.read.all ? null : [...actor.scope.read.ids],
    parentId: q.orgUnitId === actor.districtId ? undefined : q.orgUnitId,
  });
  const counts = await repo.countBySchool(app.db, actor.districtId, schools.length > 200 && actor.scope.read.all ? null : schools.map((s) => s.id), from, to);
  const byId = new Map(counts.map((c) => [c.school_id, c]));
  const { minDays, windowDays } = gateLogNumbers(await packOf(app, actor.districtId));
  const periodDays = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  const rows = schools.map((s) => {
    const c = byId.get(s.id);
    return {
      schoolId: s.id,
      code: s.code,
      name: s.name,
      parentName: s.parentName ?? '',
      days: Number(c?.days ?? 0),
      entries: Number(c?.entries ?? 0),
      vehicles: Number(c?.vehicles ?? 0),
      stillIn: Number(c?.still_in ?? 0),
      lastDay: (c?.last_day as string | null | undefined) ?? null,
    };
  });
  return {
    from,
    to,
    periodDays,
    standard: { minDays, windowDays },
    schools: rows,
    keptSchools: rows.filter((r) => r.days > 0).length,
  };
}
