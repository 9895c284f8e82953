import { daysBetween, shanghaiDay } from '../../domain/calendar.js';
import { AppError } from '../../domain/errors.js';
import { urgeBlock } from '../../domain/hazard-urge.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { departmentUserIds, notifyUsers, schoolManagerIds } from '../notifications/notifications.service.js';
import { snapshotOf, standingOf } from './hazard-standing.js';
import * as urgeRepo from './hazard-urge.repository.js';
import type { HazardRecord } from './hazards.repository.js';
import { getHazard, loadVisibleHazard, recordHazardChange } from './hazards.service.js';

/** 00:00 of a Shanghai calendar day as an instant. */
const startOfDay = (day: string) => new Date(`${day}T00:00:00+08:00`);

/** Who hears a 催办: the side now responsible (the school's managers, or the department it was handed to). */
const responsibleUsers = (db: Db, districtId: string, h: HazardRecord) =>
  h.responsible_unit_id === h.school_id ? schoolManagerIds(db, districtId, h.school_id) : departmentUserIds(db, districtId, h.responsible_unit_id);

/**
 * 催办 an overdue hazard: one transaction writes the timeline entry, the audit event and the
 * inbox message to the responsible side. Once a day per user and hazard (409 otherwise); the
 * hazard row itself does not change.
 */
export async function urgeHazard(db: Db, actor: Actor, id: string, input: { note: string }, now = new Date()) {
  const h = await loadVisibleHazard(db, actor, id);
  const today = shanghaiDay(now);
  const standing = standingOf(actor, h);
  const before = urgeBlock(standing, snapshotOf(h), today, false);
  if (before) throw new AppError(before.code, before.message);
  const overdueDays = daysBetween(h.deadline as string, today);
  await db.transaction().execute(async (trx) => {
    await urgeRepo.lockHazard(trx, actor.districtId, id);
    const again = urgeBlock(standing, snapshotOf(h), today, await urgeRepo.hasUrgedSince(trx, actor.districtId, id, actor.userId, startOfDay(today)));
    if (again) throw new AppError(again.code, again.message);
    await recordHazardChange(trx, actor, h, {
      action: 'urge',
      fromState: h.state,
      toState: h.state,
      note: input.note,
      data: { deadline: h.deadline, overdueDays },
      summary: `催办（已逾期 ${overdueDays} 天）`,
    });
    await notifyUsers(trx, actor.districtId, await responsibleUsers(trx, actor.districtId, h), {
      kind: 'urged',
      title: `催办：隐患 ${h.code}「${h.title}」已逾期 ${overdueDays} 天`,
      body: `${actor.displayName}催办，请尽快整改并提交验收${input.note ? `：${input.note}` : ''}`,
      entityType: 'hazard',
      entityId: h.id,
    });
  });
  return getHazard(db, actor, id, now);
}
