import { type Insertable, type Kysely, sql } from 'kysely';
import { gateCameraPlaces } from '../../domain/device-checks.js';
import type { AlarmDrillTable, Database, DeviceCheckDayTable, DeviceOfflineTable } from '../db/schema.js';

type Q = Kysely<Database>;

/**
 * The daily online check's SQL. A checked day is one device_check_day row per school; a device is
 * online on a checked day unless device_offline has its row for that day (only exceptions stored).
 */

export type CheckedDeviceRow = {
  id: string;
  school_id: string;
  kind: string;
  name: string;
  location: string;
  place: string | null;
  facing_gate: boolean;
};

/** Gate cameras and alarms of the schools (null = the whole district): the devices checked daily (domain isDailyChecked). */
export async function findCheckedDevices(db: Q, districtId: string, schoolIds: readonly string[] | null): Promise<CheckedDeviceRow[]> {
  if (schoolIds && schoolIds.length === 0) return [];
  let q = db
    .selectFrom('sanfang_device')
    .select(['id', 'school_id', 'kind', 'name', 'location', 'place', 'facing_gate'])
    .where('district_id', '=', districtId)
    .where((eb) =>
      eb.or([eb('kind', '=', 'alarm'), eb.and([eb('kind', '=', 'camera'), eb.or([eb('facing_gate', '=', true), eb('place', 'in', [...gateCameraPlaces])])])]),
    );
  if (schoolIds) q = q.where('school_id', 'in', schoolIds);
  return q.orderBy('school_id').orderBy('kind').orderBy('name').execute();
}

export async function findDevicesByIds(db: Q, districtId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  const out: { id: string; school_id: string; kind: string; place: string | null; facing_gate: boolean; name: string }[] = [];
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    out.push(
      ...(await db
        .selectFrom('sanfang_device')
        .select(['id', 'school_id', 'kind', 'place', 'facing_gate', 'name'])
        .where('district_id', '=', districtId)
        .where('id', 'in', chunk)
        .execute()),
    );
  }
  return out;
}

export type DayRow = { school_id: string; devices: number; offline: number };
export type Checker = { userId: string | null; name: string; source: 'grid' | 'csv' | 'push' | 'demo' };

/**
 * The grid's save: for each school, the day is checked (upsert, last check wins) and its offline
 * set is exactly `offline` (earlier exceptions of that day for these schools are replaced).
 */
export async function replaceDay(
  trx: Q,
  districtId: string,
  day: string,
  schools: readonly DayRow[],
  offline: readonly { device_id: string; school_id: string; note: string }[],
  by: Checker,
) {
  if (!schools.length) return;
  const ids = schools.map((s) => s.school_id);
  for (let i = 0; i < ids.length; i += 5000) {
    await trx
      .deleteFrom('device_offline')
      .where('district_id', '=', districtId)
      .where('day', '=', day)
      .where('school_id', 'in', ids.slice(i, i + 5000))
      .execute();
  }
  await upsertDays(trx, districtId, day, schools, by);
  for (let i = 0; i < offline.length; i += 2000) {
    await trx
      .insertInto('device_offline')
      .values(offline.slice(i, i + 2000).map((o) => ({ district_id: districtId, day, device_id: o.device_id, school_id: o.school_id, note: o.note })))
      .execute();
  }
}

async function upsertDays(trx: Q, districtId: string, day: string, schools: readonly DayRow[], by: Checker) {
  for (let i = 0; i < schools.length; i += 1000) {
    await trx
      .insertInto('device_check_day')
      .values(
        schools.slice(i, i + 1000).map((s) => ({
          district_id: districtId,
          school_id: s.school_id,
          day,
          checked_by: by.userId,
          checked_by_name: by.name,
          source: by.source,
          devices: s.devices,
          offline: s.offline,
          checked_at: new Date(),
        })),
      )
      .onConflict((oc) =>
        oc.columns(['district_id', 'day', 'school_id']).doUpdateSet((eb) => ({
          checked_by: eb.ref('excluded.checked_by'),
          checked_by_name: eb.ref('excluded.checked_by_name'),
          source: eb.ref('excluded.source'),
          devices: eb.ref('excluded.devices'),
          offline: eb.ref('excluded.offline'),
          checked_at: eb.ref('excluded.checked_at'),
        })),
      )
      .execute();
  }
}

/**
 * The CSV import and the platform's push: the listed devices' statuses are merged into the day
 * (devices not listed keep what the day already says; on a new day they count online), and each
 * touched school's day row is written with its recounted offline number.
 */
export async function mergeStatuses(
  trx: Q,
  districtId: string,
  day: string,
  deviceCounts: ReadonlyMap<string, number>,
  statuses: readonly { device_id: string; school_id: string; online: boolean; note: string }[],
  by: Checker,
) {
  const schoolIds = [...deviceCounts.keys()];
  const online = statuses.filter((s) => s.online).map((s) => s.device_id);
  for (let i = 0; i < online.length; i += 5000) {
    await trx
      .deleteFrom('device_offline')
      .where('district_id', '=', districtId)
      .where('day', '=', day)
      .where('device_id', 'in', online.slice(i, i + 5000))
      .execute();
  }
  const existing = await findDayRows(trx, districtId, day, schoolIds);
  const have = new Map(existing.map((r) => [r.school_id, r]));
  await upsertDays(
    trx,
    districtId,
    day,
    schoolIds.map((id) => ({ school_id: id, devices: deviceCounts.get(id) ?? have.get(id)?.devices ?? 0, offline: 0 })),
    by,
  );
  const off = statuses.filter((s) => !s.online);
  for (let i = 0; i < off.length; i += 2000) {
    await trx
      .insertInto('device_offline')
      .values(off.slice(i, i + 2000).map((o) => ({ district_id: districtId, day, device_id: o.device_id, school_id: o.school_id, note: o.note })))
      .onConflict((oc) => oc.columns(['district_id', 'day', 'device_id']).doUpdateSet((eb) => ({ note: eb.ref('excluded.note') })))
      .execute();
  }
  await sql`
    update device_check_day d
       set offline = least(d.devices, (select count(*)::int from device_offline o
                                         where o.district_id = d.district_id and o.day = d.day and o.school_id = d.school_id))
     where d.district_id = ${districtId} and d.day = ${day} and d.school_id = any(${sql.val(schoolIds)}::uuid[])`.execute(trx);
}

export async function findDayRows(db: Q, districtId: string, day: string, schoolIds: readonly string[] | null) {
  if (schoolIds && !schoolIds.length) return [];
  let q = db
    .selectFrom('device_check_day')
    .select(['school_id', 'devices', 'offline', 'checked_by_name', 'checked_at', 'source'])
    .where('district_id', '=', districtId)
    .where('day', '=', day);
  if (schoolIds) q = q.where('school_id', 'in', schoolIds);
  return q.execute();
}

/** The schools' checked days in [from, to]. */
export async function findCheckDays(db: Q, districtId: string, schoolIds: readonly string[] | null, from: string, to: string) {
  if (schoolIds && !schoolIds.length) return [];
  let q = db
    .selectFrom('device_check_day')
    .select(['school_id', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'devices', 'offline'])
    .where('district_id', '=', districtId)
    .where('day', '>=', from)
    .where('day', '<=', to);
  if (schoolIds) q = q.where('school_id', 'in', schoolIds);
  return q.execute();
}

/** Offline rows in [from, to], for the schools or one device. */
export async function findOfflineRows(
  db: Q,
  districtId: string,
  f: { schoolIds?: readonly string[] | null; deviceId?: string },
  from: string,
  to: string,
): Promise<{ device_id: string; school_id: string; day: string; note: string }[]> {
  if (f.schoolIds && !f.schoolIds.length) return [];
  let q = db
    .selectFrom('device_offline')
    .select(['device_id', 'school_id', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'note'])
    .where('district_id', '=', districtId)
    .where('day', '>=', from)
    .where('day', '<=', to);
  if (f.schoolIds) q = q.where('school_id', 'in', f.schoolIds);
  if (f.deviceId) q = q.where('device_id', '=', f.deviceId);
  return q.execute();
}

/** Online rate per day over the schools: sums of the day rows (one row per school and day). */
export async function dailyTotals(db: Q, districtId: string, schoolIds: readonly string[] | null, from: string, to: string) {
  if (schoolIds && !schoolIds.length) return [];
  let q = db
    .selectFrom('device_check_day')
    .select([
      sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
      sql<number>`count(*)::int`.as('schools'),
      sql<number>`sum(devices)::int`.as('devices'),
      sql<number>`sum(offline)::int`.as('offline'),
    ])
    .where('district_id', '=', districtId)
    .where('day', '>=', from)
    .where('day', '<=', to);
  if (schoolIds) q = q.where('school_id', 'in', schoolIds);
  return q.groupBy('day').orderBy('day').execute();
}

/** Per school over [from, to]: days checked, device-days, offline device-days. */
export async function schoolTotals(db: Q, districtId: string, schoolIds: readonly string[] | null, from: string, to: string) {
  if (schoolIds && !schoolIds.length) return [];
  let q = db
    .selectFrom('device_check_day')
    .select(['school_id', sql<number>`count(*)::int`.as('days'), sql<number>`sum(devices)::int`.as('devices'), sql<number>`sum(offline)::int`.as('offline')])
    .where('district_id', '=', districtId)
    .where('day', '>=', from)
    .where('day', '<=', to);
  if (schoolIds) q = q.where('school_id', 'in', schoolIds);
  return q.groupBy('school_id').execute();
}

export async function findOutageHazards(db: Q, districtId: string, deviceIds: readonly string[]) {
  if (!deviceIds.length) return [];
  return db
    .selectFrom('device_outage_hazard as l')
    .innerJoin('hazard as h', (j) => j.onRef('h.district_id', '=', 'l.district_id').onRef('h.id', '=', 'l.hazard_id'))
    .select(['l.device_id', sql<string>`to_char(l.outage_start, 'YYYY-MM-DD')`.as('outage_start'), 'h.id', 'h.code', 'h.state'])
    .where('l.district_id', '=', districtId)
    .where('l.device_id', 'in', deviceIds)
    .execute();
}

export async function insertOutageHazard(db: Q, row: { district_id: string; hazard_id: string; device_id: string; school_id: string; outage_start: string }) {
  await db.insertInto('device_outage_hazard').values(row).execute();
}

/* ---- push token ---- */

export async function upsertPushToken(db: Q, districtId: string, tokenHash: string, userId: string) {
  await db
    .insertInto('device_push_token')
    .values({ district_id: districtId, token_hash: tokenHash, created_by: userId, created_at: new Date(), last_used_at: null })
    .onConflict((oc) => oc.column('district_id').doUpdateSet({ token_hash: tokenHash, created_by: userId, created_at: new Date(), last_used_at: null }))
    .execute();
}

export async function findPushToken(db: Q, districtId: string) {
  return db.selectFrom('device_push_token').select(['created_at', 'last_used_at', 'created_by']).where('district_id', '=', districtId).executeTakeFirst();
}

export async function findDistrictByTokenHash(db: Q, tokenHash: string) {
  return db.selectFrom('device_push_token').select(['district_id']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchPushToken(db: Q, districtId: string) {
  await db.updateTable('device_push_token').set({ last_used_at: new Date() }).where('district_id', '=', districtId).execute();
}

/* ---- alarm drills ---- */

export async function insertAlarmDrill(db: Q, row: Insertable<AlarmDrillTable>) {
  return db.insertInto('alarm_drill').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findAlarmDrills(
  db: Q,
  districtId: string,
  f: { schoolIds: readonly string[] | null; deviceId?: string | undefined; from?: Date; to?: Date },
) {
  if (f.schoolIds && !f.schoolIds.length) return [];
  let q = db
    .selectFrom('alarm_drill as a')
    .innerJoin('sanfang_device as d', (j) => j.onRef('d.district_id', '=', 'a.district_id').onRef('d.id', '=', 'a.device_id'))
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'a.district_id').onRef('o.id', '=', 'a.school_id'))
    .selectAll('a')
    .select(['d.name as device_name', 'd.location as device_location', 'o.name as school_name'])
    .where('a.district_id', '=', districtId);
  if (f.schoolIds) q = q.where('a.school_id', 'in', f.schoolIds);
  if (f.deviceId) q = q.where('a.device_id', '=', f.deviceId);
  if (f.from) q = q.where('a.pressed_at', '>=', f.from);
  if (f.to) q = q.where('a.pressed_at', '<', f.to);
  return q.orderBy('a.pressed_at', 'desc').limit(2000).execute();
}

/**
 * Alarm drills as duty facts: one per drill; participants = distinct alarms of the school drilled in
 * the same calendar quarter (Asia/Shanghai), base = the school's alarms now — so "every alarm drilled
 * each quarter" is minShare 1.
 */
export async function findAlarmDrillFacts(db: Q, q: { districtId: string; from: string; to: string; subjectIds: readonly string[] | null }) {
  if (q.subjectIds && !q.subjectIds.length) return [];
  const schoolFilter = q.subjectIds ? sql`and a.school_id = any(${sql.val(q.subjectIds)}::uuid[])` : sql``;
  const r = await sql<{ id: string; school_id: string; day: string; recorded_by: string | null; participants: number; base: number }>`
    with drills as (
      select a.id, a.school_id, a.recorded_by, a.device_id,
             (a.pressed_at at time zone 'Asia/Shanghai')::date as day
        from alarm_drill a
       where a.district_id = ${q.districtId}
         and a.pressed_at >= (${q.from}::date - interval '92 days')::timestamp at time zone 'Asia/Shanghai'
         and a.pressed_at < (${q.to}::date + interval '93 days')::timestamp at time zone 'Asia/Shanghai'
         ${schoolFilter}
    ), per_quarter as (
      select school_id, date_trunc('quarter', day) as q, count(distinct device_id)::int as drilled
        from drills group by school_id, date_trunc('quarter', day)
    ), alarms as (
      select school_id, count(*)::int as n from sanfang_device
       where district_id = ${q.districtId} and kind = 'alarm' group by school_id
    )
    select d.id, d.school_id, to_char(d.day, 'YYYY-MM-DD') as day, d.recorded_by,
           coalesce(p.drilled, 0) as participants, coalesce(al.n, 0) as base
      from drills d
      join per_quarter p on p.school_id = d.school_id and p.q = date_trunc('quarter', d.day)
      left join alarms al on al.school_id = d.school_id
     where d.day between ${q.from}::date and ${q.to}::date`.execute(db);
  return r.rows;
}

export async function findAlarmDrillOwner(db: Q, districtId: string, id: string) {
  return db
    .selectFrom('alarm_drill as a')
    .innerJoin('sanfang_device as d', (j) => j.onRef('d.district_id', '=', 'a.district_id').onRef('d.id', '=', 'a.device_id'))
    .select(['a.school_id', 'd.name', 'a.pressed_at'])
    .where('a.district_id', '=', districtId)
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** Bulk insert for the demo district (no returning; chunks keep statements small). */
export async function insertDemoDeviceChecks(
  db: Q,
  rows: { days: Insertable<DeviceCheckDayTable>[]; offline: Insertable<DeviceOfflineTable>[]; drills: Insertable<AlarmDrillTable>[] },
) {
  for (let i = 0; i < rows.days.length; i += 1000)
    await db
      .insertInto('device_check_day')
      .values(rows.days.slice(i, i + 1000))
      .execute();
  for (let i = 0; i < rows.offline.length; i += 1000)
    await db
      .insertInto('device_offline')
      .values(rows.offline.slice(i, i + 1000))
      .execute();
  for (let i = 0; i < rows.drills.length; i += 1000)
    await db
      .insertInto('alarm_drill')
      .values(rows.drills.slice(i, i + 1000))
      .execute();
}

/**
 * Devices offline on their school's latest checked day since `from` (the only ones that can be in an
 * outage now), with that day: one grouped scan of the day rows, then the offline rows of those days.
 */
export async function findOutageCandidates(db: Q, districtId: string, schoolIds: readonly string[] | null, from: string) {
  if (schoolIds && !schoolIds.length) return [];
  const schoolFilter = schoolIds ? sql`and school_id = any(${sql.val(schoolIds)}::uuid[])` : sql``;
  const r = await sql<{ device_id: string; school_id: string }>`
    with latest as (
      select school_id, max(day) as day from device_check_day
       where district_id = ${districtId} and day >= ${from}::date ${schoolFilter}
       group by school_id)
    select o.device_id, o.school_id
      from latest l join device_offline o on o.district_id = ${districtId} and o.day = l.day and o.school_id = l.school_id`.execute(db);
  return r.rows;
}

/** Offline rows of some devices since `from`. */
export async function findOfflineOfDevices(db: Q, districtId: string, deviceIds: readonly string[], from: string) {
  if (!deviceIds.length) return [];
  return db
    .selectFrom('device_offline')
    .select(['device_id', 'school_id', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'note'])
    .where('district_id', '=', districtId)
    .where('device_id', 'in', deviceIds)
    .where('day', '>=', from)
    .execute();
}

/** Each school's latest checked day since `from`. */
export async function findLatestCheckDays(db: Q, districtId: string, schoolIds: readonly string[] | null, from: string) {
  if (schoolIds && !schoolIds.length) return [];
  let q = db
    .selectFrom('device_check_day')
    .select(['school_id', sql<string>`to_char(max(day), 'YYYY-MM-DD')`.as('day')])
    .where('district_id', '=', districtId)
    .where('day', '>=', from);
  if (schoolIds) q = q.where('school_id', 'in', schoolIds);
  return q.groupBy('school_id').execute();
}
