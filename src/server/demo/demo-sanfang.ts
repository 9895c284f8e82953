import type { Insertable } from 'kysely';
import { requiredGuards } from '../../domain/sanfang.js';
import type { SanfangDeviceTable, SanfangPersonTable, SanfangSiteTable } from '../db/schema.js';
import { personName, seededRandom } from './demo-data.js';

/**
 * A realistic 三防 register for the demo district: guards roughly as seed 002 found them (many
 * schools fully staffed, a third at about half of what the standard asks, rural ones shorter),
 * gatehouse alarms, cameras at most key places, walls of 1.8–2.8 m, video kept 30 or 90 days,
 * anti-ram at most urban main gates. Rows are built here and bulk-inserted by the caller.
 */

export type DemoSanfangSchool = { id: string; schoolType: string; enrollment: number; boardingStudents: number; gateCount: number; rural: boolean };

// The yunjiang standard (policies/districts/yunjiang/sanfang.yaml) as the demo aims at it.
const guardRule = {
  code: 'guard_count' as const,
  label: '',
  description: '',
  source: '',
  basis: 'non_boarding' as const,
  bands: [
    { from: 0, guards: 1, add: 1 },
    { from: 100, guards: 2, add: 1 },
    { from: 1000, guards: 3, every: 500, add: 1 },
  ],
  boarding: { minimum: 3, every: 300, add: 1 },
  extraGate: { add: 1 },
};

const companies = ['云江区保安服务有限公司', '重庆渝安保安服务公司', '云江卫士保安服务公司'];
const places = ['gate_outside', 'main_entrance', 'gatehouse', 'perimeter', 'playground', 'teaching_entrance'];
const placeLabels: Record<string, string> = {
  gate_outside: '大门外',
  main_entrance: '主出入口',
  gatehouse: '门卫室',
  perimeter: '周界',
  playground: '操场',
  teaching_entrance: '教学楼入口',
};

const equipmentLabels: Record<string, string> = { safety_fork: '安全叉', rubber_baton: '橡胶棒', stab_vest: '防刺服', helmet: '防护头盔' };

const day = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function demoSanfang(districtId: string, schools: DemoSanfangSchool[]) {
  const rnd = seededRandom(1010);
  const persons: Insertable<SanfangPersonTable>[] = [];
  const devices: Insertable<SanfangDeviceTable>[] = [];
  const sites: Insertable<SanfangSiteTable>[] = [];
  for (const s of schools) {
    const need = requiredGuards(guardRule, s);
    const roll = rnd.next();
    // 55 % staffed to the standard, 30 % at about half (seed 002: 232 required, 125 on post), the rest one short.
    const have = roll < (s.rural ? 0.4 : 0.6) ? need + (rnd.next() < 0.15 ? 1 : 0) : roll < 0.88 ? Math.max(0, Math.round(need * 0.5)) : Math.max(0, need - 1);
    for (let i = 0; i < have; i++) {
      const old = rnd.next() < 0.15;
      const birthYear = old ? rnd.int(1958, 1965) : rnd.int(1968, 1995);
      const expired = rnd.next() < 0.08;
      persons.push({
        district_id: districtId,
        school_id: s.id,
        role: 'guard',
        name: personName(rnd),
        gender: rnd.next() < 0.9 ? 'male' : 'female',
        birth_date: day(birthYear, rnd.int(1, 12), rnd.int(1, 28)),
        phone: `13${rnd.int(0, 9)}${String(rnd.int(0, 99999999)).padStart(8, '0')}`,
        company: rnd.pick(companies),
        certificate_no: rnd.next() < 0.05 ? '' : `YJBA${rnd.int(10000, 99999)}`,
        certificate_expiry: expired ? day(2025, rnd.int(1, 12), rnd.int(1, 28)) : day(rnd.int(2027, 2031), rnd.int(1, 12), rnd.int(1, 28)),
        hire_date: day(rnd.int(2018, 2026), rnd.int(1, 9), rnd.int(1, 28)),
        post: i === 0 ? '正门' : s.gateCount > 1 && i === 1 ? '侧门' : '巡逻',
        shift: s.boardingStudents > 0 && i === 0 ? 'full_day' : 'day',
        trained: rnd.next() < 0.9,
        bg_status: rnd.next() < 0.85 ? 'done' : 'pending',
        bg_date: day(rnd.int(2023, 2026), rnd.int(1, 11), rnd.int(1, 28)),
        bg_result: null,
        bg_by: '',
      });
    }
    for (const p of persons)
      if (p.school_id === s.id && p.bg_status === 'done') Object.assign(p, { bg_result: rnd.next() < 0.02 ? 'concern' : 'clear', bg_by: '辖区派出所' });
    persons.push({
      district_id: districtId,
      school_id: s.id,
      role: 'safety_officer',
      name: personName(rnd),
      phone: '',
      bg_status: 'done',
      bg_result: 'clear',
      bg_by: '区教委',
    });
    if (s.boardingStudents > 0) {
      const managers = Math.max(1, Math.round((s.boardingStudents / 150) * (rnd.next() < 0.5 ? 0.5 : 1)));
      for (let i = 0; i < managers; i++) {
        persons.push({
          district_id: districtId,
          school_id: s.id,
          role: i % 2 ? 'life_teacher' : 'dorm_manager',
          name: personName(rnd),
          gender: i % 2 ? 'female' : 'male',
        });
      }
    }
    const location = s.rural ? (rnd.next() < 0.3 ? 'complex_rural' : 'rural') : rnd.next() < 0.7 ? 'urban' : 'town';
    sites.push({
      district_id: districtId,
      school_id: s.id,
      location,
      perimeter_type: rnd.next() < 0.8 ? 'wall' : 'mixed',
      wall_height_m: [1.8, 2, 2.2, 2.5, 2.5, 2.8][rnd.int(0, 5)] ?? 2.5,
      anti_climb: rnd.next() < 0.75,
      closed_management: rnd.next() < 0.95,
      police_room: rnd.next() < 0.4,
      parents_waiting_area: rnd.next() < 0.5,
    });
    for (let g = 0; g < Math.max(1, s.gateCount); g++) {
      devices.push({
        district_id: districtId,
        school_id: s.id,
        kind: 'gate',
        name: g === 0 ? '正门' : `侧门${g}`,
        main_gate: g === 0,
        anti_ram: g === 0 && rnd.next() < (s.rural ? 0.5 : 0.85) ? (['bollard', 'barrier', 'lifting_column'][rnd.int(0, 2)] ?? 'bollard') : null,
        separated: rnd.next() < 0.6,
      });
    }
    const retention = rnd.next() < 0.55 ? 90 : 30;
    devices.push({
      district_id: districtId,
      school_id: s.id,
      kind: 'recorder',
      name: '硬盘录像机',
      location: '监控室',
      retention_days: retention,
      networked: true,
    });
    devices.push({
      district_id: districtId,
      school_id: s.id,
      kind: 'alarm',
      name: '门卫室一键报警',
      location: '门卫室',
      place: 'gatehouse',
      linked_110: rnd.next() < 0.9,
      networked: rnd.next() < 0.92,
    });
    for (const p of places) {
      if (rnd.next() < 0.1) continue;
      devices.push({
        district_id: districtId,
        school_id: s.id,
        kind: 'camera',
        name: `${placeLabels[p]}摄像机`,
        location: placeLabels[p] ?? '',
        place: p,
        facing_gate: p === 'gate_outside' || p === 'main_entrance',
        retention_days: retention,
        networked: rnd.next() < 0.9,
      });
    }
    for (const item of ['safety_fork', 'rubber_baton', 'stab_vest', 'helmet']) {
      devices.push({
        district_id: districtId,
        school_id: s.id,
        kind: 'equipment',
        name: equipmentLabels[item] ?? item,
        item,
        quantity: rnd.int(1, 3) * Math.max(1, s.gateCount),
      });
    }
    devices.push({ district_id: districtId, school_id: s.id, kind: 'backup_power', name: 'UPS 备用电源', location: '监控室' });
  }
  return { persons, devices, sites };
}
