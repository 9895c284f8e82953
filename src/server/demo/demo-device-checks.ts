import type { Insertable } from 'kysely';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import type { AlarmDrillTable, DeviceCheckDayTable, DeviceOfflineTable } from '../db/schema.js';
import { findCheckedDevices, insertDemoDeviceChecks } from '../sanfang/device-checks.repository.js';
import { seededRandom } from './demo-data.js';
import { demoUserIds } from './demo-inspections.repository.js';

/**
 * Four weeks of the daily online check for the demo district (up to yesterday, so today's check is
 * still to do on the police's workbench): about 1.5 % of gate cameras and alarms offline on a day,
 * and two devices of the police's first school offline for the last three checked days (an outage
 * the pack turns into a hazard). Alarm drills: each school's alarms drilled last quarter, about
 * two thirds of the schools this quarter.
 */
const WEEKS = 4;

export async function loadDemoDeviceChecks(db: Db, districtId: string, now = new Date()) {
  const today = shanghaiDay(now);
  const rng = seededRandom(10_2026);
  const rnd = () => rng.next();
  const users = await demoUserIds(db, districtId);
  const devices = await findCheckedDevices(db, districtId, null);
  const bySchool = new Map<string, typeof devices>();
  for (const d of devices) {
    const list = bySchool.get(d.school_id);
    if (list) list.push(d);
    else bySchool.set(d.school_id, [d]);
  }
  const stuck = (bySchool.get(users.firstSchool) ?? []).slice(0, 2).map((d) => d.id);
  const days: Insertable<DeviceCheckDayTable>[] = [];
  const offline: Insertable<DeviceOfflineTable>[] = [];
  for (let i = WEEKS * 7; i >= 1; i--) {
    const day = addDays(today, -i);
    for (const [schoolId, list] of bySchool) {
      const off = list.filter((d) => (i <= 3 && stuck.includes(d.id)) || rnd() < 0.015);
      days.push({
        district_id: districtId,
        school_id: schoolId,
        day,
        checked_by: users.police,
        checked_by_name: '派出所民警',
        source: 'demo',
        devices: list.length,
        offline: off.length,
        checked_at: new Date(`${day}T09:${String(Math.floor(rnd() * 50) + 5).padStart(2, '0')}:00+08:00`),
      });
      for (const d of off)
        offline.push({ district_id: districtId, day, device_id: d.id, school_id: schoolId, note: stuck.includes(d.id) ? '平台显示离线，已通知维保' : '' });
    }
  }
  const drills: Insertable<AlarmDrillTable>[] = [];
  const month = Number(today.slice(5, 7));
  const quarterStart = `${today.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
  const lastQuarter = addDays(quarterStart, -60);
  const drill = (schoolId: string, deviceId: string, day: string) => {
    const pressed = new Date(`${day}T10:${String(Math.floor(rnd() * 50)).padStart(2, '0')}:00+08:00`);
    const slow = rnd() < 0.08;
    drills.push({
      district_id: districtId,
      school_id: schoolId,
      device_id: deviceId,
      pressed_at: pressed,
      answered_at: new Date(pressed.getTime() + (slow ? 90 : 10 + Math.floor(rnd() * 20)) * 1000),
      arrived_at: new Date(pressed.getTime() + (slow ? 15 : 4 + Math.floor(rnd() * 6)) * 60_000),
      result: slow ? 'slow' : 'ok',
      note: '',
      recorded_by: users.police,
      recorded_by_name: '派出所民警',
    });
  };
  for (const [schoolId, list] of bySchool) {
    const alarms = list.filter((d) => d.kind === 'alarm');
    const thisQuarter = rnd() < 0.66;
    for (const a of alarms) {
      drill(schoolId, a.id, addDays(lastQuarter, Math.floor(rnd() * 20)));
      const d = addDays(quarterStart, Math.floor(rnd() * 20));
      if (thisQuarter && d < today) drill(schoolId, a.id, d);
    }
  }
  await insertDemoDeviceChecks(db, { days, offline, drills });
  await appendAuditEvent(db, systemActor(districtId, '演示数据'), {
    action: 'demo.device_checks',
    entityType: 'device_check',
    entityId: districtId,
    orgUnitId: districtId,
    summary: `载入演示在线巡检：${WEEKS * 7} 天、${bySchool.size} 所学校、${devices.length} 台设施（离线 ${offline.length} 台次），报警演练 ${drills.length} 次`,
  });
  return { days: days.length, offline: offline.length, drills: drills.length };
}
