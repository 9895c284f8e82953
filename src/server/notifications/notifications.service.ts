import { notFound } from '../../domain/errors.js';
import { type NotificationEntityType, type NotificationKind, notificationKindLabel } from '../../domain/notification-kinds.js';
import type { OrgUnitKind, Role } from '../../domain/roles.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import * as repo from './notifications.repository.js';

/**
 * The inbox (站内消息). Other features write notifications inside their own transaction with
 * `notifyUsers`, choosing recipients with the helpers below; the hourly deadline scan
 * (`deadline-scan.ts`) writes the reminders. Users only read and mark their own rows.
 */
export type NewNotification = {
  kind: NotificationKind;
  title: string;
  body?: string;
  entityType: NotificationEntityType;
  entityId: string;
  dedupeKey?: string;
};

const rowsFor = (districtId: string, userIds: readonly string[], n: NewNotification): repo.NotificationInsert[] =>
  [...new Set(userIds)].map((userId) => ({
    district_id: districtId,
    user_id: userId,
    kind: n.kind,
    title: n.title,
    body: n.body ?? '',
    entity_type: n.entityType,
    entity_id: n.entityId,
    dedupe_key: n.dedupeKey ?? null,
  }));

/**
 * Inserts one row per user inside the caller's transaction; with a dedupeKey, a repeat for the
 * same user+kind+key is ignored (ON CONFLICT DO NOTHING on the partial unique index).
 * Returns how many rows are new. A user listed twice gets one row.
 */
export async function notifyUsers(trx: Db, districtId: string, userIds: readonly string[], n: NewNotification): Promise<number> {
  return repo.insertNotifications(trx, rowsFor(districtId, userIds, n));
}

/** Many notifications at once (the deadline scan): one statement per few hundred rows. */
export async function notifyMany(db: Db, districtId: string, batch: readonly { userIds: readonly string[]; n: NewNotification }[]): Promise<number> {
  const rows = batch.flatMap((b) => rowsFor(districtId, b.userIds, b.n));
  return repo.insertNotifications(db, rows);
}

/**
 * Who acts for a unit that is responsible for rectifying a hazard: the school's managers, or the
 * officers of the department it was handed over to (as `responsible` in hazards/hazard-standing.ts).
 */
export const actingRoles: Partial<Record<OrgUnitKind, readonly Role[]>> = {
  school: ['principal', 'school_safety_officer'],
  department: ['department_officer', 'police_officer'],
};

/** The acting users of each responsible unit (school managers, department officers), by unit id. */
export async function responsibleUserIdsByUnit(db: Db, districtId: string, unitIds: readonly string[]): Promise<Map<string, string[]>> {
  const byUnit = new Map<string, string[]>(unitIds.map((id) => [id, []]));
  for (const u of await repo.findActiveUnitUsers(db, districtId, [...new Set(unitIds)])) {
    if (actingRoles[u.unit_kind]?.includes(u.role as Role)) byUnit.get(u.unit_id)?.push(u.user_id);
  }
  return byUnit;
}

async function actingUserIds(db: Db, districtId: string, unitId: string, kind: 'school' | 'department'): Promise<string[]> {
  const users = await repo.findActiveUnitUsers(db, districtId, [unitId]);
  return users.filter((u) => u.unit_kind === kind && actingRoles[kind]?.includes(u.role as Role)).map((u) => u.user_id);
}

/** Active users managing a school: principal and school_safety_officer whose home unit is the school. */
export async function schoolManagerIds(db: Db, districtId: string, schoolId: string): Promise<string[]> {
  return actingUserIds(db, districtId, schoolId, 'school');
}

/** Active users of a department unit (department_officer, police_officer) — for hazards handed over (交办). */
export async function departmentUserIds(db: Db, districtId: string, unitId: string): Promise<string[]> {
  return actingUserIds(db, districtId, unitId, 'department');
}

export const districtAdminIds = (db: Db, districtId: string): Promise<string[]> => repo.findActiveUserIdsByRole(db, districtId, 'district_admin');
/** The joint inspection group's members (told of a new 督检安排). */
export const jointInspectorIds = (db: Db, districtId: string): Promise<string[]> => repo.findActiveUserIdsByRole(db, districtId, 'joint_inspector');

/** The supervising users of each school (without district admins), by school id. */
export async function supervisorIdsBySchool(db: Db, districtId: string, schoolIds: readonly string[]): Promise<Map<string, string[]>> {
  const bySchool = new Map<string, string[]>(schoolIds.map((id) => [id, []]));
  for (const r of await repo.findSchoolSupervisors(db, districtId, [...new Set(schoolIds)])) bySchool.get(r.school_id)?.push(r.user_id);
  return bySchool;
}

/**
 * The supervising level of a school: centre officers of its township/centre, responsible
 * inspectors assigned to it (包校), leaders assigned to its township (包片); plus district
 * admins when `includeDistrict`.
 */
export async function supervisorIds(db: Db, districtId: string, schoolId: string, includeDistrict: boolean): Promise<string[]> {
  const supervisors = (await supervisorIdsBySchool(db, districtId, [schoolId])).get(schoolId) ?? [];
  const admins = includeDistrict ? await districtAdminIds(db, districtId) : [];
  return [...new Set([...supervisors, ...admins])];
}

export type NotificationDto = ReturnType<typeof toNotificationDto>;

export function toNotificationDto(r: repo.InboxRecord) {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: notificationKindLabel(r.kind),
    title: r.title,
    body: r.body,
    entityType: r.entity_type,
    entityId: r.entity_id,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

// Reading and marking read change only the actor's own inbox, not a record anyone else relies
// on, so they write no audit event. Every query is filtered by the actor's district and user id:
// no request can read or touch another user's rows.

export async function listNotifications(db: Db, actor: Actor, input: { unreadOnly: boolean; page: number; pageSize: number }) {
  const { page, pageSize, unreadOnly } = input;
  const { rows, total, unread } = await repo.findInbox(db, actor.districtId, actor.userId, { unreadOnly, offset: (page - 1) * pageSize, limit: pageSize });
  return { items: rows.map(toNotificationDto), total, unread, page, pageSize };
}

/** Idempotent: marking a read notification again keeps its first read time. */
export async function markNotificationRead(db: Db, actor: Actor, id: string): Promise<NotificationDto> {
  const row = await repo.markRead(db, actor.districtId, actor.userId, id);
  if (!row) throw notFound('消息');
  return toNotificationDto(row);
}

export async function markAllNotificationsRead(db: Db, actor: Actor): Promise<{ updated: number }> {
  return { updated: await repo.markAllRead(db, actor.districtId, actor.userId) };
}
