import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { patrolDay } from '../../domain/patrol.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import { findSchoolFacts } from '../coverage/coverage.repository.js';
import type { Db } from '../db/database.js';
import type { DutyRosterTable, PatrolLogTable } from '../db/schema.js';
import { insertDemoPatrols } from '../patrol/patrol.repository.js';
import { insertDemoRoster } from '../patrol/roster.repository.js';
import { nextCounterValue } from '../shared/counter.repository.js';
import { setCounter } from './demo.repository.js';
import { seededRandom } from './demo-data.js';
import { demoUserIds } from './demo-inspections.repository.js';

/**
 * Two weeks of patrols and rosters for twenty schools of the demo district: key places about five rounds a day (some
 * days short), two night rounds a night in boarding schools (the second often after midnight),
 * a perimeter round most days; the roster filled for the last two weeks and the current one.
 * Bulk-written (no findings, no hazards); one audit event records the load.
 */
const NOBODY = '00000000-0000-0000-0000-000000000000';
const DEMO_SCHOOLS = 20;
const keyPoints = ['校门', '教学楼', '食堂', '宿舍', '实验室', '操场', '配电房'];
const leaders = ['张校长', '李副校长', '王主任', '赵主任', '陈主任'];

const at = (day: string, hour: number, minute: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);

export async function loadDemoPatrols(db: Db, districtId: string, now = new Date()): Promise<{ patrols: number; rosterDays: number }> {
  const today = shanghaiDay(now);
  const rnd = seededRandom(9_2026);
  // Twenty schools: the demo school accounts' own first, then its township's (the 包校 inspector's and
  // the centre's area): enough to show the pages and the counts; all 270 would cost the first start ~10 s.
  const users = await demoUserIds(db, districtId);
  const all = await findSchoolFacts(db, districtId, null);
  const home = all.find((s) => s.id === users.firstSchool)?.parentId;
  const rank = (s: (typeof all)[number]) => (s.id === users.firstSchool ? 0 : s.parentId === home ? 1 : 2);
  const schools = all.sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code)).slice(0, DEMO_SCHOOLS);
  const logs: Insertable<PatrolLogTable>[] = [];
  const roster: Insertable<DutyRosterTable>[] = [];
  // Codes as createPatrolLog makes them (the year of entry), after whatever the counter holds.
  const year = today.slice(0, 4);
  let seq = (await nextCounterValue(db, districtId, `patrol:${year}`)) - 1;
  const push = (schoolId: string, route: string, when: Date, by: { id: string; name: string }, points: string[]) => {
    if (when > now) return;
    seq += 1;
    logs.push({
      district_id: districtId,
      client_id: randomUUID(),
      code: `XC${year}${String(seq).padStart(6, '0')}`,
      school_id: schoolId,
      route,
      patrolled_at: when,
      patrol_day: patrolDay(route, when),
      points: JSON.stringify(points),
      patrollers: JSON.stringify([by.name]),
      patroller_ids: by.id === NOBODY ? [] : [by.id],
      note: '',
      finding_count: 0,
      content_hash: 'demo',
      created_by: by.id,
      created_by_name: by.name,
      created_at: when,
    });
  };
  for (const s of schools) {
    const by = s.id === users.firstSchool ? { id: users.schoolOfficer, name: users.schoolOfficerName } : { id: NOBODY, name: `${s.name}门卫` };
    const boarding = s.boarding;
    for (let d = 13; d >= 0; d--) {
      const day = addDays(today, -d);
      const rounds = rnd.next() < 0.8 ? 5 : rnd.int(2, 4);
      for (let k = 0; k < rounds; k++) push(s.id, 'key_places', at(day, 7 + k * 3, rnd.int(0, 50)), by, keyPoints.slice(0, rnd.int(4, 7)));
      if (boarding && rnd.next() < 0.9) {
        push(s.id, 'dormitory_night', at(day, 22, rnd.int(0, 50)), by, ['男生宿舍', '女生宿舍']);
        if (rnd.next() < 0.85) push(s.id, 'dormitory_night', at(addDays(day, 1), rnd.int(0, 3), rnd.int(0, 50)), by, ['男生宿舍', '女生宿舍']);
      }
      if (rnd.next() < 0.6) push(s.id, 'perimeter', at(day, 16, rnd.int(0, 50)), by, ['围墙', '周边道路']);
    }
    for (let d = 13; d >= -6; d--) {
      if (rnd.next() < 0.1) continue;
      roster.push({
        district_id: districtId,
        school_id: s.id,
        day: addDays(today, -d),
        leader_name: rnd.pick(leaders),
        night_duty_name: boarding ? `${rnd.pick(['刘', '孙', '周', '吴'])}老师` : '',
        phone: '',
        note: '',
        updated_by: by.id,
        updated_by_name: by.name,
      });
    }
  }
  await insertDemoPatrols(db, logs);
  await insertDemoRoster(db, roster);
  await setCounter(db, districtId, `patrol:${year}`, seq);
  await appendAuditEvent(db, systemActor(districtId, '演示数据'), {
    action: 'demo.patrol',
    entityType: 'org_unit',
    entityId: districtId,
    orgUnitId: districtId,
    summary: `载入演示巡查记录 ${logs.length} 条、值班表 ${roster.length} 天`,
  });
  return { patrols: logs.length, rosterDays: roster.length };
}
