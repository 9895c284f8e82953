import type { z } from 'zod';
import { addDays, daysBetween, shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { maxRosterDays, type RosterDayInput, type saveDutyRosterSchema } from '../../domain/patrol.js';
import { canRead } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { buildSheet } from './patrol.excel.js';
import { findSchoolInfo } from './patrol.repository.js';
import { rosterEditorRoles } from './patrol-rules.js';
import * as repo from './roster.repository.js';

/**
 * The school's duty roster (值班表): the leader on duty each day and, in boarding schools, the
 * night duty. The principal or the safety officer fills it (a week or a month at a time, or by
 * copying last week); supervisors read it within their scope.
 */
export type RosterDayDto = {
  day: string;
  leaderName: string;
  leaderUserId: string | null;
  nightDutyName: string;
  nightDutyUserId: string | null;
  phone: string;
  note: string;
};

const toDto = (r: repo.RosterRecord): RosterDayDto => ({
  day: r.day,
  leaderName: r.leader_name,
  leaderUserId: r.leader_user_id,
  nightDutyName: r.night_duty_name,
  nightDutyUserId: r.night_duty_user_id,
  phone: r.phone,
  note: r.note,
});

async function loadSchool(db: Db, actor: Actor, schoolId: string) {
  const s = canRead(actor.scope, schoolId) ? await findSchoolInfo(db, actor.districtId, schoolId) : undefined;
  if (s?.kind !== 'school') throw notFound('学校');
  return s;
}

function assertRange(from: string, to: string) {
  const n = daysBetween(from, to);
  if (n < 0) throw new AppError('VALIDATION_FAILED', '结束日期不能早于开始日期', [{ path: 'to', message: '结束日期不能早于开始日期' }]);
  if (n >= maxRosterDays) throw new AppError('VALIDATION_FAILED', `一次最多查看 ${maxRosterDays} 天`, [{ path: 'to', message: '日期范围过大' }]);
}

export async function getDutyRoster(app: AppContext, actor: Actor, q: { schoolId: string; from: string; to: string }) {
  assertRange(q.from, q.to);
  const school = await loadSchool(app.db, actor, q.schoolId);
  const canEdit = rosterEditorRoles.has(actor.role) && actor.orgUnitId === q.schoolId;
  const [rows, users] = await Promise.all([
    repo.findRoster(app.db, actor.districtId, q.schoolId, q.from, q.to),
    canEdit ? repo.findSchoolUsers(app.db, actor.districtId, q.schoolId) : Promise.resolve([]),
  ]);
  return {
    school: { id: school.id, name: school.name, boarding: school.boarding_students > 0 },
    from: q.from,
    to: q.to,
    days: rows.map(toDto),
    users: users.map((u) => ({ id: u.id, name: u.display_name })),
    canEdit,
  };
}

const isEmpty = (d: RosterDayInput) => !d.leaderName && !d.nightDutyName;

export async function saveDutyRoster(app: AppContext, actor: Actor, input: z.infer<typeof saveDutyRosterSchema>, now = new Date()) {
  await loadSchool(app.db, actor, input.schoolId);
  if (!rosterEditorRoles.has(actor.role) || actor.orgUnitId !== input.schoolId) throw forbidden('值班表由本校校长或安全干部填写');
  const seen = new Set<string>();
  const users = new Set((await repo.findSchoolUsers(app.db, actor.districtId, input.schoolId)).map((u) => u.id));
  for (const [i, d] of input.days.entries()) {
    if (seen.has(d.day)) throw new AppError('VALIDATION_FAILED', `${d.day} 重复`, [{ path: `days.${i}.day`, message: '日期重复' }]);
    seen.add(d.day);
    for (const key of ['leaderUserId', 'nightDutyUserId'] as const) {
      const id = d[key];
      if (id && !users.has(id))
        throw new AppError('VALIDATION_FAILED', `${d.day} 的值班人不是本校用户`, [{ path: `days.${i}.${key}`, message: '不是本校用户' }]);
    }
    if ((d.leaderUserId && !d.leaderName) || (d.nightDutyUserId && !d.nightDutyName)) {
      throw new AppError('VALIDATION_FAILED', `${d.day} 请填写值班人姓名`, [{ path: `days.${i}`, message: '请填写姓名' }]);
    }
  }
  const filled = input.days.filter((d) => !isEmpty(d));
  const cleared = input.days.filter(isEmpty).map((d) => d.day);
  const sorted = [...seen].sort();
  await app.db.transaction().execute(async (trx) => {
    await repo.upsertRosterDays(
      trx,
      filled.map((d) => ({
        district_id: actor.districtId,
        school_id: input.schoolId,
        day: d.day,
        leader_name: d.leaderName,
        leader_user_id: d.leaderUserId,
        night_duty_name: d.nightDutyName,
        night_duty_user_id: d.nightDutyUserId,
        phone: d.phone,
        note: d.note,
        updated_by: actor.userId,
        updated_by_name: actor.displayName,
        updated_at: now,
      })),
    );
    const removed = await repo.deleteRosterDays(trx, actor.districtId, input.schoolId, cleared);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'duty_roster.save',
      entityType: 'duty_roster',
      entityId: input.schoolId,
      orgUnitId: input.schoolId,
      summary: `保存值班表 ${sorted[0]} 至 ${sorted[sorted.length - 1]}：填写 ${filled.length} 天${removed ? `，清空 ${removed} 天` : ''}`,
      after: { days: filled.map((d) => ({ day: d.day, leader: d.leaderName, night: d.nightDutyName })), cleared },
    });
  });
  const from = sorted[0] as string;
  const to = sorted[sorted.length - 1] as string;
  return getDutyRoster(app, actor, { schoolId: input.schoolId, from, to });
}

const weekday = ['日', '一', '二', '三', '四', '五', '六'];

export async function exportDutyRoster(app: AppContext, actor: Actor, q: { schoolId: string; from: string; to: string }, now = new Date()) {
  const r = await getDutyRoster(app, actor, q);
  const columns = [
    { header: '日期', key: 'day', width: 12 },
    { header: '星期', key: 'weekday', width: 8 },
    { header: '值班领导', key: 'leaderName', width: 14 },
    ...(r.school.boarding ? [{ header: '夜间值班', key: 'nightDutyName', width: 14 }] : []),
    { header: '值班电话', key: 'phone', width: 16 },
    { header: '备注', key: 'note', width: 30 },
  ];
  // Every day of the range, filled or not: the sheet is the printable 值班表.
  const byDay = new Map(r.days.map((d) => [d.day, d]));
  const rows = Array.from({ length: daysBetween(q.from, q.to) + 1 }, (_, i) => {
    const day = addDays(q.from, i);
    return { ...byDay.get(day), day, weekday: `周${weekday[new Date(`${day}T00:00:00Z`).getUTCDay()]}` };
  });
  return { filename: `值班表-${r.school.name}-${q.from}至${q.to}-${shanghaiDay(now)}.xlsx`, file: await buildSheet('值班表', columns, rows) };
}
