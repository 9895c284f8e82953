import { createHash, randomBytes } from 'node:crypto';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import {
  type CreateAlarmDrillInput,
  currentOutage,
  deviceCalendar,
  isDailyChecked,
  type Outage,
  outageReachesLimit,
  type PushDeviceStatusInput,
  pushDeviceStatusSchema,
  ratePercent,
  readStatusCsv,
  type SaveDeviceChecksInput,
} from '../../domain/device-checks.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { HazardSource } from '../../domain/hazard.js';
import type { Role } from '../../domain/roles.js';
import { canRead } from '../../domain/scope.js';
import { validationError } from '../../domain/validation.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf, systemActor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { insertHazardInTransaction } from '../hazards/hazards.service.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './device-checks.repository.js';
import { findDevices, findSanfangSchools } from './sanfang.repository.js';
import { assertReadableSchool, scopedSchoolIds, toDeviceDto } from './sanfang.service.js';

/**
 * The daily online check (每日在线巡检) of gate video and one-key alarms, the platform's CSV and
 * push, outages that become 技防 hazards, and alarm drills (报警演练).
 *
 * Who checks: the district admin (the district), the police (their precinct's schools) and the
 * 教管中心 (its township's schools) — everyone else reads within scope; a school reads its own
 * devices' history. Alarm drills are recorded by the school's principal or safety officer, the
 * police and the district admin within scope.
 */

export const deviceCheckRoles: readonly Role[] = ['district_admin', 'police_officer', 'centre_officer'];
export const canCheckDevices = (role: Role) => deviceCheckRoles.includes(role);
const alarmDrillRoles: readonly Role[] = ['district_admin', 'police_officer', 'centre_officer', 'principal', 'school_safety_officer'];

/** How far back an outage is traced and the history calendar reaches. */
const LOOKBACK_DAYS = 120;

export async function offlineLimitOf(app: AppContext, districtId: string): Promise<number | null> {
  const pack = await packOf(app, districtId);
  const rule = pack.sanfang.find((r) => r.code === 'device_online');
  return rule && rule.code === 'device_online' ? rule.offlineDays : null;
}

type Scope = { schoolId?: string | undefined; orgUnitId?: string | undefined };

/** The schools of the actor's scope (optionally one township/centre or one school). */
async function schoolsOf(app: AppContext, actor: Actor, f: Scope) {
  if (f.schoolId) await assertReadableSchool(app.db, actor, f.schoolId);
  return findSanfangSchools(app.db, { districtId: actor.districtId, schoolIds: scopedSchoolIds(actor), parentId: f.orgUnitId, schoolId: f.schoolId });
}

const idsOrAll = (actor: Actor, f: Scope, schools: { id: string }[]) =>
  schools.length > 200 && actor.scope.read.all && !f.orgUnitId && !f.schoolId ? null : schools.map((s) => s.id);

function assertDay(day: string, today: string) {
  if (day > today) throw new AppError('VALIDATION_FAILED', '不能登记未来日期的巡检', [{ path: 'day', message: '日期不能晚于今天' }]);
  if (day < addDays(today, -366)) throw new AppError('VALIDATION_FAILED', '只能补录一年内的巡检', [{ path: 'day', message: '日期早于一年前' }]);
}

/* ---- outages ---- */

type OutageRow = Outage & { deviceId: string; schoolId: string };

/** Each device's current outage over the lookback window (domain currentOutage). */
async function outagesOf(db: Db, districtId: string, schoolIds: readonly string[] | null, today: string): Promise<Map<string, OutageRow>> {
  const from = addDays(today, -LOOKBACK_DAYS);
  const candidates = await repo.findOutageCandidates(db, districtId, schoolIds, from);
  if (!candidates.length) return new Map();
  const schools = [...new Set(candidates.map((c) => c.school_id))];
  const [days, offline] = await Promise.all([
    repo.findCheckDays(db, districtId, schools, from, today),
    repo.findOfflineOfDevices(
      db,
      districtId,
      candidates.map((c) => c.device_id),
      from,
    ),
  ]);
  const checkedBySchool = new Map<string, string[]>();
  for (const d of days) {
    const list = checkedBySchool.get(d.school_id);
    if (list) list.push(d.day);
    else checkedBySchool.set(d.school_id, [d.day]);
  }
  const offBy = new Map<string, { school: string; days: Set<string> }>();
  for (const o of offline) {
    const e = offBy.get(o.device_id);
    if (e) e.days.add(o.day);
    else offBy.set(o.device_id, { school: o.school_id, days: new Set([o.day]) });
  }
  const out = new Map<string, OutageRow>();
  for (const [deviceId, e] of offBy) {
    const o = currentOutage(checkedBySchool.get(e.school) ?? [], e.days);
    if (o) out.set(deviceId, { ...o, deviceId, schoolId: e.school });
  }
  return out;
}

/** The latest checked day of each school in the lookback window. */
async function latestDays(db: Db, districtId: string, schoolIds: readonly string[] | null, today: string) {
  const rows = await repo.findLatestCheckDays(db, districtId, schoolIds, addDays(today, -LOOKBACK_DAYS));
  return new Map(rows.map((r) => [r.school_id, r.day]));
}

/* ---- listDevices ---- */

export type DeviceListFilter = Scope & { kind?: string | undefined; online?: 'online' | 'offline' | 'unchecked' | undefined };

/**
 * The register's devices in scope with their daily-check state: whether the device is checked daily
 * (gate cameras, alarms), the school's latest checked day, online or offline on it, the current
 * outage. `online` filters on that state (devices not checked daily are never listed by it).
 */
export async function listDevicesWithStatus(app: AppContext, actor: Actor, f: DeviceListFilter, now = new Date()) {
  const today = shanghaiDay(now);
  const schools = await schoolsOf(app, actor, f);
  const ids = idsOrAll(actor, f, schools);
  const known = new Set(schools.map((s) => s.id));
  const [rows, latest, outages] = await Promise.all([
    findDevices(app.db, { districtId: actor.districtId, schoolIds: ids, kind: f.kind }),
    latestDays(app.db, actor.districtId, ids, today),
    outagesOf(app.db, actor.districtId, ids, today),
  ]);
  const items = rows
    .filter((r) => known.has(r.school_id))
    .map((r) => {
      const checked = isDailyChecked({ kind: r.kind, place: r.place, facingGate: r.facing_gate });
      const lastDay = checked ? (latest.get(r.school_id) ?? null) : null;
      const outage = outages.get(r.id);
      const state = !checked ? null : lastDay === null ? 'unchecked' : outage && outage.last === lastDay ? 'offline' : 'online';
      return { ...toDeviceDto(r), dailyChecked: checked, lastCheckDay: lastDay, state, offlineDays: outage?.days ?? 0, outageStart: outage?.start ?? null };
    })
    .filter((d) => !f.online || d.state === f.online);
  return { items, total: items.length };
}

/* ---- the grid ---- */

/** The day's grid: the schools in scope with their gate cameras and alarms, and what the day already says. */
export async function getDeviceCheckGrid(
  app: AppContext,
  actor: Actor,
  f: Scope & { day?: string | undefined; unchecked?: boolean | undefined },
  now = new Date(),
) {
  const today = shanghaiDay(now);
  const day = f.day ?? today;
  assertDay(day, today);
  const schools = await schoolsOf(app, actor, f);
  const ids = idsOrAll(actor, f, schools);
  const [devices, dayRows, offline] = await Promise.all([
    repo.findCheckedDevices(app.db, actor.districtId, ids),
    repo.findDayRows(app.db, actor.districtId, day, ids),
    repo.findOfflineRows(app.db, actor.districtId, { schoolIds: ids }, day, day),
  ]);
  const bySchool = new Map<string, repo.CheckedDeviceRow[]>();
  for (const d of devices) {
    const list = bySchool.get(d.school_id);
    if (list) list.push(d);
    else bySchool.set(d.school_id, [d]);
  }
  const dayOf = new Map(dayRows.map((r) => [r.school_id, r]));
  const off = new Map(offline.map((o) => [o.device_id, o.note]));
  return {
    day,
    canSave: canCheckDevices(actor.role),
    schools: schools
      .filter((s) => bySchool.has(s.id) && !(f.unchecked && dayOf.has(s.id)))
      .map((s) => {
        const r = dayOf.get(s.id);
        return {
          id: s.id,
          name: s.name,
          parentName: s.parentName ?? '',
          checked: !!r,
          checkedBy: r?.checked_by_name ?? null,
          checkedAt: r ? r.checked_at.toISOString() : null,
          source: r?.source ?? null,
          devices: (bySchool.get(s.id) ?? []).map((d) => ({
            id: d.id,
            kind: d.kind,
            name: d.name,
            location: d.location,
            offline: off.has(d.id),
            note: off.get(d.id) ?? '',
          })),
        };
      }),
  };
}

function checkerOf(actor: Actor, source: repo.Checker['source']): repo.Checker {
  return { userId: actor.userId, name: actor.displayName, source };
}

/**
 * Saves a day's grid: every listed school's gate cameras and alarms are confirmed, online unless
 * listed in `offline`. One transaction, one audit event, whatever the number of schools.
 */
export async function saveDeviceChecks(app: AppContext, actor: Actor, input: SaveDeviceChecksInput, now = new Date()) {
  if (!canCheckDevices(actor.role)) throw forbidden('只有派出所、教管中心和区教委可以登记每日在线巡检');
  const today = shanghaiDay(now);
  assertDay(input.day, today);
  const schoolIds = [...new Set(input.schoolIds)];
  const schools = await findSanfangSchools(app.db, { districtId: actor.districtId, schoolIds });
  const found = new Set(schools.map((s) => s.id));
  const outside = schoolIds.filter((id) => !found.has(id) || !canRead(actor.scope, id));
  if (outside.length) throw notFound('学校');
  const devices = await repo.findCheckedDevices(app.db, actor.districtId, schoolIds.length > 1000 && actor.scope.read.all ? null : schoolIds);
  const byId = new Map(devices.filter((d) => found.has(d.school_id)).map((d) => [d.id, d]));
  const bad = input.offline.map((o, i) => ({ o, i })).filter(({ o }) => !byId.has(o.deviceId));
  if (bad.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${bad.length} 台离线设施不属于所选学校的校门视频或一键报警`,
      bad.slice(0, 50).map(({ i }) => ({ path: `offline.${i}.deviceId`, message: '设施不在所选学校的巡检范围内' })),
    );
  }
  const offline = [...new Map(input.offline.map((o) => [o.deviceId, o])).values()].map((o) => ({
    device_id: o.deviceId,
    school_id: (byId.get(o.deviceId) as repo.CheckedDeviceRow).school_id,
    note: o.note,
  }));
  const count = new Map<string, number>();
  for (const d of byId.values()) count.set(d.school_id, (count.get(d.school_id) ?? 0) + 1);
  const offCount = new Map<string, number>();
  for (const o of offline) offCount.set(o.school_id, (offCount.get(o.school_id) ?? 0) + 1);
  const rows = schoolIds.map((id) => ({ school_id: id, devices: count.get(id) ?? 0, offline: offCount.get(id) ?? 0 }));
  const totalDevices = rows.reduce((n, r) => n + r.devices, 0);
  await app.db.transaction().execute(async (trx) => {
    await repo.replaceDay(trx, actor.districtId, input.day, rows, offline, checkerOf(actor, 'grid'));
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.device_checks',
      entityType: 'device_check',
      entityId: input.day,
      orgUnitId: schoolIds.length === 1 ? (schoolIds[0] as string) : actor.districtId,
      summary: `每日在线巡检 ${input.day}：${schoolIds.length} 所学校，${totalDevices} 台设施，离线 ${offline.length} 台`,
      after: { day: input.day, schools: schoolIds.length, devices: totalDevices, offline: offline.slice(0, 200).map((o) => o.device_id) },
    });
  });
  return { day: input.day, schools: schoolIds.length, devices: totalDevices, offline: offline.length, rate: ratePercent(totalDevices, offline.length) };
}

/**
 * The statuses of a CSV or a push, validated all together: every device must be a gate camera or
 * alarm of the district (and, for a user, of a school they may check). Any bad row: nothing saved.
 */
async function resolveStatuses(
  app: AppContext,
  districtId: string,
  statuses: readonly { row: number; deviceId: string; online: boolean; note: string }[],
  mayCheck: (schoolId: string) => boolean,
) {
  const devices = await repo.findDevicesByIds(
    app.db,
    districtId,
    statuses.map((s) => s.deviceId),
  );
  const byId = new Map(devices.map((d) => [d.id, d]));
  const errors: { row: number; column: string; message: string }[] = [];
  const out: { device_id: string; school_id: string; online: boolean; note: string }[] = [];
  for (const s of statuses) {
    const d = byId.get(s.deviceId);
    if (!d || !mayCheck(d.school_id)) errors.push({ row: s.row, column: '设备编号', message: '设施不存在或不在您的巡检范围内' });
    else if (!isDailyChecked({ kind: d.kind, place: d.place, facingGate: d.facing_gate }))
      errors.push({ row: s.row, column: '设备编号', message: `「${d.name}」不是校门视频或一键报警，不参加每日巡检` });
    else out.push({ device_id: d.id, school_id: d.school_id, online: s.online, note: s.note });
  }
  return { statuses: out, errors };
}

async function deviceCountsOf(app: AppContext, districtId: string, schoolIds: string[]) {
  const all = await repo.findCheckedDevices(app.db, districtId, schoolIds);
  const m = new Map<string, number>(schoolIds.map((id) => [id, 0]));
  for (const d of all) m.set(d.school_id, (m.get(d.school_id) ?? 0) + 1);
  return m;
}

/** The video platform's CSV export for one day (设备编号, 在线状态[, 日期, 备注]); all rows checked first. */
export async function importDeviceChecks(app: AppContext, actor: Actor, day: string, file: Buffer, now = new Date()) {
  if (!canCheckDevices(actor.role)) throw forbidden('只有派出所、教管中心和区教委可以导入在线状态');
  assertDay(day, shanghaiDay(now));
  if (file.length > 5 * 1024 * 1024) throw new AppError('PAYLOAD_TOO_LARGE', 'CSV 文件不超过 5 MB');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(file);
  if (text.includes('\u0000')) throw new AppError('IMPORT_REJECTED', '文件不是文本格式的 CSV', [{ row: 1, message: '请上传视频平台导出的 CSV 文件' }]);
  const parsed = readStatusCsv(text, day);
  const resolved = await resolveStatuses(app, actor.districtId, parsed.rows, (schoolId) => canRead(actor.scope, schoolId));
  const errors = [...parsed.errors, ...resolved.errors].sort((a, b) => a.row - b.row);
  if (errors.length) throw new AppError('IMPORT_REJECTED', `CSV 有 ${errors.length} 处错误，未导入任何数据`, errors.slice(0, 500));
  const schoolIds = [...new Set(resolved.statuses.map((s) => s.school_id))];
  const counts = await deviceCountsOf(app, actor.districtId, schoolIds);
  const offline = resolved.statuses.filter((s) => !s.online).length;
  await app.db.transaction().execute(async (trx) => {
    await repo.mergeStatuses(trx, actor.districtId, day, counts, resolved.statuses, checkerOf(actor, 'csv'));
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.device_checks_import',
      entityType: 'device_check',
      entityId: day,
      orgUnitId: schoolIds.length === 1 ? (schoolIds[0] as string) : actor.districtId,
      summary: `导入视频平台在线状态 ${day}：${resolved.statuses.length} 台，离线 ${offline} 台（${schoolIds.length} 所学校）`,
    });
  });
  return { day, rows: resolved.statuses.length, schools: schoolIds.length, offline };
}

/* ---- the platform's push ---- */

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new push token for the actor's district (the old one stops working); shown once, stored hashed. */
export async function rotateDevicePushToken(app: AppContext, actor: Actor) {
  if (actor.role !== 'district_admin') throw forbidden('只有区教委管理员可以生成推送令牌');
  const token = `hxd_${randomBytes(24).toString('base64url')}`;
  await app.db.transaction().execute(async (trx) => {
    await repo.upsertPushToken(trx, actor.districtId, tokenHash(token), actor.userId);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.device_token',
      entityType: 'device_push_token',
      entityId: actor.districtId,
      orgUnitId: actor.districtId,
      summary: '生成（轮换）设施在线状态推送令牌，旧令牌作废',
    });
  });
  return { token, createdAt: now().toISOString() };
}
const now = () => new Date();

export async function getDevicePushToken(app: AppContext, actor: Actor) {
  if (actor.role !== 'district_admin') throw forbidden('只有区教委管理员可以查看推送令牌');
  const row = await repo.findPushToken(app.db, actor.districtId);
  return { exists: !!row, createdAt: row?.created_at.toISOString() ?? null, lastUsedAt: row?.last_used_at?.toISOString() ?? null };
}

/**
 * A platform pushes one day's statuses with the district's token (Authorization: Bearer …). The token
 * decides the district; a device of another district is a bad row like any unknown one.
 */
export async function pushDeviceStatuses(app: AppContext, authorization: string | undefined, body: unknown, at = new Date()) {
  const token = /^Bearer\s+(\S{10,200})$/i.exec(authorization ?? '')?.[1];
  const district = token ? await repo.findDistrictByTokenHash(app.db, tokenHash(token)) : undefined;
  if (!district) throw new AppError('UNAUTHENTICATED', '推送令牌无效或已被轮换');
  const parsed = pushDeviceStatusSchema.safeParse(body);
  if (!parsed.success) throw validationError(parsed.error);
  const input: PushDeviceStatusInput = parsed.data;
  assertDay(input.day, shanghaiDay(at));
  const rows = input.statuses.map((s, i) => ({ row: i + 1, deviceId: s.deviceId.toLowerCase(), online: s.online, note: s.note }));
  const dup = rows.find((r, i) => rows.findIndex((x) => x.deviceId === r.deviceId) !== i);
  if (dup) throw new AppError('VALIDATION_FAILED', '同一设施重复出现', [{ path: `statuses.${dup.row - 1}.deviceId`, message: '设施重复' }]);
  const districtId = district.district_id;
  const resolved = await resolveStatuses(app, districtId, rows, () => true);
  if (resolved.errors.length)
    throw new AppError(
      'VALIDATION_FAILED',
      `${resolved.errors.length} 台设施无效，未保存任何状态`,
      resolved.errors.slice(0, 200).map((e) => ({ path: `statuses.${e.row - 1}.deviceId`, message: e.message })),
    );
  const schoolIds = [...new Set(resolved.statuses.map((s) => s.school_id))];
  const counts = await deviceCountsOf(app, districtId, schoolIds);
  const offline = resolved.statuses.filter((s) => !s.online).length;
  await app.db.transaction().execute(async (trx) => {
    await repo.mergeStatuses(trx, districtId, input.day, counts, resolved.statuses, { userId: null, name: '视频平台推送', source: 'push' });
    await repo.touchPushToken(trx, districtId);
    await appendAuditEvent(trx, systemActor(districtId, '视频平台推送'), {
      action: 'sanfang.device_checks_push',
      entityType: 'device_check',
      entityId: input.day,
      orgUnitId: districtId,
      summary: `平台推送在线状态 ${input.day}：${resolved.statuses.length} 台，离线 ${offline} 台（${schoolIds.length} 所学校）`,
    });
  });
  return { day: input.day, accepted: resolved.statuses.length, schools: schoolIds.length, offline };
}

/* ---- rates, history, outages ---- */

/**
 * Online rates: per day over the range, per township/centre and per school; today's progress
 * (schools checked / schools with gate devices); the devices in an outage, with the pack's limit and
 * whether a hazard is already linked to the outage.
 */
export async function getDeviceCheckRates(app: AppContext, actor: Actor, f: Scope & { from?: string | undefined; to?: string | undefined }, at = new Date()) {
  const today = shanghaiDay(at);
  const to = f.to && f.to < today ? f.to : today;
  const from = f.from ?? addDays(to, -29);
  if (from > to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期', [{ path: 'from', message: '开始日期晚于结束日期' }]);
  if (from < addDays(to, -400)) throw new AppError('VALIDATION_FAILED', '统计区间不超过 400 天', [{ path: 'from', message: '区间过长' }]);
  const schools = await schoolsOf(app, actor, f);
  const ids = idsOrAll(actor, f, schools);
  const known = new Map(schools.map((s) => [s.id, s]));
  const [daily, perSchool, todayRows, devices, outages, limit] = await Promise.all([
    repo.dailyTotals(app.db, actor.districtId, ids, from, to),
    repo.schoolTotals(app.db, actor.districtId, ids, from, to),
    repo.findDayRows(app.db, actor.districtId, today, ids),
    repo.findCheckedDevices(app.db, actor.districtId, ids),
    outagesOf(app.db, actor.districtId, ids, today),
    offlineLimitOf(app, actor.districtId),
  ]);
  const withDevices = new Set(devices.filter((d) => known.has(d.school_id)).map((d) => d.school_id));
  const checkedToday = todayRows.filter((r) => withDevices.has(r.school_id)).length;
  const schoolRows = perSchool
    .filter((r) => known.has(r.school_id))
    .map((r) => {
      const s = known.get(r.school_id) as (typeof schools)[number];
      return {
        schoolId: s.id,
        name: s.name,
        parentId: s.parentId,
        parentName: s.parentName ?? '',
        days: r.days,
        devices: r.devices,
        offline: r.offline,
        rate: ratePercent(r.devices, r.offline),
      };
    })
    .sort((a, b) => a.rate - b.rate || a.name.localeCompare(b.name, 'zh-CN'));
  const towns = new Map<string, { parentId: string | null; parentName: string; schools: number; devices: number; offline: number }>();
  for (const r of schoolRows) {
    const key = r.parentId ?? '';
    const t = towns.get(key) ?? { parentId: r.parentId, parentName: r.parentName, schools: 0, devices: 0, offline: 0 };
    t.schools++;
    t.devices += r.devices;
    t.offline += r.offline;
    towns.set(key, t);
  }
  const deviceById = new Map(devices.map((d) => [d.id, d]));
  const open = [...outages.values()].filter((o) => known.has(o.schoolId));
  const links = await repo.findOutageHazards(
    app.db,
    actor.districtId,
    open.map((o) => o.deviceId),
  );
  const outageRows = open
    .map((o) => {
      const d = deviceById.get(o.deviceId);
      const link = links.find((l) => l.device_id === o.deviceId && (l.outage_start === o.start || l.state !== 'closed'));
      return {
        deviceId: o.deviceId,
        deviceName: d?.name ?? '',
        kind: d?.kind ?? '',
        location: d?.location ?? '',
        schoolId: o.schoolId,
        schoolName: known.get(o.schoolId)?.name ?? '',
        start: o.start,
        last: o.last,
        days: o.days,
        reachesLimit: limit !== null && outageReachesLimit(o, limit),
        hazard: link ? { id: link.id, code: link.code, state: link.state } : null,
      };
    })
    .sort((a, b) => b.days - a.days);
  const total = daily.reduce((a, d) => ({ devices: a.devices + d.devices, offline: a.offline + d.offline }), { devices: 0, offline: 0 });
  return {
    from,
    to,
    offlineLimitDays: limit,
    today: { day: today, schoolsWithDevices: withDevices.size, schoolsChecked: checkedToday, done: withDevices.size > 0 && checkedToday >= withDevices.size },
    rate: ratePercent(total.devices, total.offline),
    daily: daily.map((d) => ({ ...d, rate: ratePercent(d.devices, d.offline) })),
    townships: [...towns.values()].map((t) => ({ ...t, rate: ratePercent(t.devices, t.offline) })).sort((a, b) => a.rate - b.rate),
    schools: schoolRows.map(({ parentId: _p, ...r }) => r),
    outages: outageRows,
  };
}

/** One device's calendar (online / offline / unchecked per day), readable by everyone who may read its school. */
export async function getDeviceHistory(
  app: AppContext,
  actor: Actor,
  deviceId: string,
  f: { from?: string | undefined; to?: string | undefined },
  at = new Date(),
) {
  const today = shanghaiDay(at);
  const [device] = await repo.findDevicesByIds(app.db, actor.districtId, [deviceId]);
  if (!device || !canRead(actor.scope, device.school_id)) throw notFound('设施');
  const to = f.to && f.to < today ? f.to : today;
  const from = f.from ?? addDays(to, -89);
  if (from > to || from < addDays(to, -400)) throw new AppError('VALIDATION_FAILED', '日期区间无效（不超过 400 天）', [{ path: 'from', message: '区间无效' }]);
  const [days, off] = await Promise.all([
    repo.findCheckDays(app.db, actor.districtId, [device.school_id], from, to),
    repo.findOfflineRows(app.db, actor.districtId, { deviceId }, from, to),
  ]);
  const checked = new Set(days.map((d) => d.day));
  const offline = new Set(off.map((o) => o.day));
  const calendar = deviceCalendar(from, to, checked, offline);
  const checkedDays = calendar.filter((c) => c.state !== 'unchecked').length;
  return {
    device: {
      id: device.id,
      name: device.name,
      kind: device.kind,
      schoolId: device.school_id,
      dailyChecked: isDailyChecked({ kind: device.kind, place: device.place, facingGate: device.facing_gate }),
    },
    from,
    to,
    checkedDays,
    offlineDays: offline.size,
    rate: ratePercent(checkedDays, offline.size),
    notes: off.filter((o) => o.note).map((o) => ({ day: o.day, note: o.note })),
    calendar,
  };
}

const sourceOf = (actor: Actor): HazardSource =>
  actor.role === 'police_officer' ? 'police' : actor.role === 'centre_officer' ? 'centre' : actor.role === 'district_admin' ? 'district' : 'school_self';

/**
 * Devices offline for at least the pack's N checked days become 技防 hazards in one step, each linked
 * to the device and its outage (start day). An outage that already has a hazard — or a device with an
 * open outage hazard — is skipped, so pressing twice never raises two.
 */
export async function createHazardsFromOutages(app: AppContext, actor: Actor, input: { deviceIds: string[] }, at = new Date()) {
  if (!canCheckDevices(actor.role)) throw forbidden('只有派出所、教管中心和区教委可以将离线设施转为隐患');
  const limit = await offlineLimitOf(app, actor.districtId);
  if (limit === null) throw new AppError('CONFLICT', '本区政策包未设置设施离线天数标准（device_online）');
  const today = shanghaiDay(at);
  const ids = [...new Set(input.deviceIds.map((d) => d.toLowerCase()))];
  const devices = await repo.findDevicesByIds(app.db, actor.districtId, ids);
  if (devices.length !== ids.length || devices.some((d) => !canRead(actor.scope, d.school_id))) throw notFound('设施');
  const schoolIds = [...new Set(devices.map((d) => d.school_id))];
  const outages = await outagesOf(app.db, actor.districtId, schoolIds, today);
  const links = await repo.findOutageHazards(app.db, actor.districtId, ids);
  const pack = await packOf(app, actor.districtId);
  const category = pack.hazardCategories.some((c) => c.code === 'technical') ? 'technical' : 'other';
  const todo = devices.flatMap((d) => {
    const o = outages.get(d.id);
    if (!outageReachesLimit(o ?? null, limit) || !o) return [];
    if (links.some((l) => l.device_id === d.id && (l.outage_start === o.start || l.state !== 'closed'))) return [];
    return [{ d, o }];
  });
  const created: { hazardId: string; deviceId: string; schoolId: string }[] = [];
  if (!todo.length) return { created, skipped: devices.length };
  await app.db.transaction().execute(async (trx) => {
    for (const { d, o } of todo) {
      const what = d.kind === 'alarm' ? '一键报警' : '校门视频';
      const hazardId = await insertHazardInTransaction(
        trx,
        actor,
        {
          schoolId: d.school_id,
          title: `${what}「${d.name}」连续 ${o.days} 个巡检日离线`.slice(0, 100),
          description: `每日在线巡检：${what}「${d.name}」自 ${o.start} 起至 ${o.last} 连续 ${o.days} 个巡检日离线，达到政策包 device_online 标准（${limit} 天）。请尽快修复并恢复与公安的联网。`,
          place: d.kind === 'alarm' ? '门卫室' : '校门',
          category,
          source: sourceOf(actor),
          attachmentIds: [],
        },
        at,
        at,
      );
      await repo.insertOutageHazard(trx, {
        district_id: actor.districtId,
        hazard_id: hazardId,
        device_id: d.id,
        school_id: d.school_id,
        outage_start: o.start,
      });
      created.push({ hazardId, deviceId: d.id, schoolId: d.school_id });
    }
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.outage_hazards',
      entityType: 'device_check',
      entityId: created.length === 1 ? (created[0]?.hazardId as string) : `${created.length}`,
      orgUnitId: schoolIds.length === 1 ? (schoolIds[0] as string) : actor.districtId,
      summary: `设施离线转为隐患 ${created.length} 条`,
      after: { created },
    });
  });
  return { created, skipped: devices.length - created.length };
}

/* ---- alarm drills ---- */

const drillDto = (r: Awaited<ReturnType<typeof repo.findAlarmDrills>>[number]) => ({
  id: r.id,
  schoolId: r.school_id,
  schoolName: r.school_name,
  deviceId: r.device_id,
  deviceName: r.device_name,
  deviceLocation: r.device_location,
  pressedAt: r.pressed_at.toISOString(),
  answeredAt: r.answered_at?.toISOString() ?? null,
  arrivedAt: r.arrived_at?.toISOString() ?? null,
  answerSeconds: r.answered_at ? Math.round((r.answered_at.getTime() - r.pressed_at.getTime()) / 1000) : null,
  arriveMinutes: r.arrived_at ? Math.round((r.arrived_at.getTime() - r.pressed_at.getTime()) / 60000) : null,
  result: r.result,
  note: r.note,
  recordedBy: r.recorded_by_name,
});

export async function listAlarmDrills(app: AppContext, actor: Actor, f: Scope & { deviceId?: string | undefined }) {
  const schools = await schoolsOf(app, actor, f);
  const ids = idsOrAll(actor, f, schools);
  const known = new Set(schools.map((s) => s.id));
  const rows = (await repo.findAlarmDrills(app.db, actor.districtId, { schoolIds: ids, deviceId: f.deviceId })).filter((r) => known.has(r.school_id));
  return { items: rows.map(drillDto), total: rows.length, canCreate: alarmDrillRoles.includes(actor.role) };
}

export async function createAlarmDrill(app: AppContext, actor: Actor, input: CreateAlarmDrillInput, at = new Date()) {
  const [device] = await repo.findDevicesByIds(app.db, actor.districtId, [input.deviceId]);
  if (!device || !canRead(actor.scope, device.school_id)) throw notFound('报警装置');
  if (!alarmDrillRoles.includes(actor.role)) throw forbidden('只有学校校长、安全干部、派出所、教管中心和区教委可以登记报警演练');
  if (device.kind !== 'alarm') throw new AppError('VALIDATION_FAILED', '只能为一键报警装置登记报警演练', [{ path: 'deviceId', message: '不是一键报警装置' }]);
  if (Date.parse(input.pressedAt) > at.getTime() + 5 * 60_000)
    throw new AppError('VALIDATION_FAILED', '报警时间不能晚于现在', [{ path: 'pressedAt', message: '时间晚于现在' }]);
  const row = await app.db.transaction().execute(async (trx) => {
    const r = await repo.insertAlarmDrill(trx, {
      district_id: actor.districtId,
      school_id: device.school_id,
      device_id: device.id,
      pressed_at: new Date(input.pressedAt),
      answered_at: input.answeredAt ? new Date(input.answeredAt) : null,
      arrived_at: input.arrivedAt ? new Date(input.arrivedAt) : null,
      result: input.result,
      note: input.note,
      recorded_by: actor.userId,
      recorded_by_name: actor.displayName,
    });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.alarm_drill',
      entityType: 'alarm_drill',
      entityId: r.id,
      orgUnitId: device.school_id,
      summary: `登记报警演练「${device.name}」：${input.result}`,
      after: { deviceId: device.id, pressedAt: input.pressedAt, answeredAt: input.answeredAt, arrivedAt: input.arrivedAt, result: input.result },
    });
    return r;
  });
  return { id: row.id };
}
