import type { Insertable } from 'kysely';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import type { GateLogEntryTable, SanfangBuildingTable, SanfangFireFacilityTable, SanfangFireUnitTable } from '../db/schema.js';
import { personName, seededRandom } from './demo-data.js';

/**
 * 校舍, fire facilities and a few days of gate log for the demo district: most buildings appraised
 * on time (A/B), a few overdue, a handful of C-grade 危房 and one D; extinguishers and hydrants
 * maintained by a service, some maintenance overdue; boarding schools as 火灾高危单位 with their
 * assessment; each school's gate log on most of the last 7 days (a few schools skip days).
 * Rows are built here and bulk-inserted by the caller.
 */

export type DemoBuildingSchool = { id: string; schoolType: string; enrollment: number; boardingStudents: number };

const services = ['重庆消安消防技术服务有限公司', '云江区恒安消防设施维保公司', '渝东消防检测维保中心'];
const appraisers = ['重庆市建设工程质量检测中心', '云江区房屋安全鉴定站'];
const purposes = ['家长接送', '送教材', '维修水电', '食堂送货', '来访洽谈', '快递', '检查指导'];
const hosts = ['总务处', '校办', '食堂', '教务处', '班主任'];
const plates = ['渝A', '渝B', '渝D', '渝G'];

export function demoBuildings(districtId: string, schools: DemoBuildingSchool[], userOf: Map<string, string>, now = new Date()) {
  const rng = seededRandom(2021);
  const today = shanghaiDay(now);
  const year = Number(today.slice(0, 4));
  const buildings: Insertable<SanfangBuildingTable>[] = [];
  const facilities: Insertable<SanfangFireFacilityTable>[] = [];
  const units: Insertable<SanfangFireUnitTable>[] = [];
  const gateLog: Insertable<GateLogEntryTable>[] = [];
  for (const [i, s] of schools.entries()) {
    const list: { name: string; use: string }[] = [
      { name: '教学楼', use: 'teaching' },
      { name: '综合楼', use: 'office' },
    ];
    if (s.boardingStudents > 0) list.push({ name: '学生宿舍楼', use: 'dormitory' });
    if (s.schoolType !== 'kindergarten') list.push({ name: '食堂', use: 'canteen' });
    for (const b of list) {
      const built = rng.int(1985, 2020);
      const compliant = built >= 2009 || rng.next() < 0.3;
      const roll = rng.next();
      // Most on time; about 6 % overdue; C for about 3 %, D for one school.
      const grade = i === 17 && b.use === 'canteen' ? 'D' : roll < 0.03 ? 'C' : roll < 0.25 ? 'B' : 'A';
      const cycle = compliant && built + 50 >= year ? 5 : 1;
      const overdue = rng.next() < 0.06;
      const appraisedOn = addDays(today, -(overdue ? cycle * 365 + rng.int(20, 200) : rng.int(30, cycle * 365 - 30)));
      buildings.push({
        district_id: districtId,
        school_id: s.id,
        name: b.name,
        use: b.use,
        floors: rng.int(2, 6),
        year_built: built,
        area_m2: rng.int(800, 6000),
        seismic_compliant: compliant,
        design_life_years: 50,
        grade,
        appraised_on: appraisedOn,
        appraised_by: rng.pick(appraisers),
      });
    }
    const service = rng.pick(services);
    const kinds: [string, string, number][] = [
      ['extinguisher', '教学楼各层', rng.int(12, 60)],
      ['hydrant', '教学楼', rng.int(4, 12)],
      ['emergency_light', '楼道', rng.int(10, 40)],
    ];
    if (s.enrollment > 1000 || s.boardingStudents > 0) kinds.push(['auto_alarm', '消防控制室', 1]);
    for (const [kind, location, quantity] of kinds) {
      const late = rng.next() < 0.08;
      const last = addDays(today, -(late ? rng.int(380, 500) : rng.int(20, 300)));
      facilities.push({
        district_id: districtId,
        school_id: s.id,
        kind,
        location,
        quantity,
        service_company: service,
        last_maintained_on: last,
        next_maintenance_on: null,
      });
    }
    if (s.boardingStudents > 0) {
      units.push({
        district_id: districtId,
        school_id: s.id,
        high_risk: true,
        assessed_on: addDays(today, -(rng.next() < 0.15 ? rng.int(380, 450) : rng.int(30, 330))),
        assessed_by: rng.pick(services),
      });
    }
    // The gate log: the last 7 days, a day skipped now and then, most days 2–6 entries.
    const recorder = userOf.get(s.id);
    if (!recorder) continue;
    const lax = rng.next() < 0.1;
    for (let d = 6; d >= 0; d--) {
      if (rng.next() < (lax ? 0.6 : 0.1)) continue;
      const day = addDays(today, -d);
      const n = d === 0 ? rng.int(1, 3) : rng.int(2, 6);
      for (let k = 0; k < n; k++) {
        const vehicle = rng.next() < 0.25;
        const hour = rng.int(8, d === 0 ? Math.max(8, Math.min(17, now.getUTCHours() + 8 - 1)) : 17);
        const enteredAt = new Date(`${day}T${String(hour).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00+08:00`);
        if (enteredAt > now) continue;
        const left = d > 0 || rng.next() < 0.5 ? new Date(Math.min(now.getTime(), enteredAt.getTime() + rng.int(10, 120) * 60_000)) : null;
        gateLog.push({
          district_id: districtId,
          school_id: s.id,
          kind: vehicle ? 'vehicle' : 'visitor',
          name: personName(rng),
          id_last4: String(rng.int(0, 9999)).padStart(4, '0'),
          phone: '',
          plate: vehicle ? `${rng.pick(plates)}${String(rng.int(10000, 99999))}` : '',
          purpose: rng.pick(purposes),
          host: rng.pick(hosts),
          entered_at: enteredAt,
          left_at: left,
          entered_on: day,
          recorded_by: recorder,
        });
      }
    }
  }
  return { buildings, facilities, units, gateLog };
}
