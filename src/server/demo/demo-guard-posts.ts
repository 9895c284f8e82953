import type { Insertable } from 'kysely';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { guardDutyOf, hasPeriodEnded, slotsOn } from '../../domain/guard-duty.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { dutyDaysBetween, schoolCalendarOf } from '../../domain/school-days.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import type { GuardRotaTable, GuardSignInTable } from '../db/schema.js';
import * as repo from '../guard-duty/guard-duty.repository.js';
import * as zones from '../guard-duty/patrol-zones.repository.js';
import { replaceGates } from '../surroundings/gates.repository.js';
import { recomputeAroundSchool } from '../surroundings/gates.service.js';
import { findSchoolPoints } from '../surroundings/premises.repository.js';
import { personName, seededRandom } from './demo-data.js';
import { demoUserIds } from './demo-inspections.repository.js';

/**
 * 护学岗 in the demo district: the schools of 龙洲湾派出所's precinct (the police account's) and of
 * the demo school's township. Most have a school post at the main gate for 早上到校 and 下午放学
 * (a guard, a teacher on weekdays, parent volunteers), some only the morning (not "set"), a few none;
 * the police station keeps a police post (三见勤务) at a third of its schools and two 包片 zones with a
 * 3–5-person team per school. Two weeks of sign-ins (some late, some off the post, some missed); today
 * only the periods already over. The staff and police demo accounts stand on a rota, unsigned today,
 * so their workbench shows the to-do. Posts stand at a recorded gate (护学岗设置率 is per gate): a
 * school with a post and no gate on file gets its 正门 at its point (its surroundings measured again,
 * with the same distances); the primary school with 南门 and 北门 has a post at 南门 only, so it shows
 * an uncovered gate. Bulk-written; one audit event records the load.
 */
const at = (day: string, clock: string, plusMinutes: number) => new Date(new Date(`${day}T${clock}:00+08:00`).getTime() + plusMinutes * 60_000);
const weekdays = [1, 2, 3, 4, 5];

export async function loadDemoGuardPosts(db: Db, pack: ResolvedPack, districtId: string, now = new Date()): Promise<number> {
  const today = shanghaiDay(now);
  const policy = guardDutyOf(pack);
  const rnd = seededRandom(11_2026);
  const users = await demoUserIds(db, districtId);
  const staffId = await repo.findUserIdByUsername(db, districtId, 'staff');
  const staffName = staffId ? (await repo.findUsers(db, districtId, [staffId]))[0]?.display_name : undefined;
  const police = await repo.findUsers(db, districtId, [users.police]);
  const station = police[0]?.org_unit_id;
  const points = await findSchoolPoints(db, districtId, null);
  const home = points.find((s) => s.id === users.firstSchool)?.parent_id;
  const precinct = new Set((await repo.findPrecincts(db, districtId, null)).filter((p) => p.policeUnitId === station).map((p) => p.schoolId));
  const schools = points.filter((s) => precinct.has(s.id) || s.parent_id === home);
  const from = addDays(today, -14);
  const rota: Insertable<GuardRotaTable>[] = [];
  type Gate = { id: string; name: string; is_main: boolean; latitude: number; longitude: number };
  const gatesOf = new Map<string, Gate[]>();
  for (const g of await repo.findSchoolGates(
    db,
    districtId,
    schools.map((s) => s.id),
  ))
    gatesOf.set(g.school_id, [...(gatesOf.get(g.school_id) ?? []), g]);
  /** The school's main gate, recorded at its point first when it has none. */
  const mainGate = async (s: (typeof schools)[number]) => {
    if (!gatesOf.has(s.id)) {
      await replaceGates(db, districtId, s.id, [{ name: '正门', isMain: true, latitude: Number(s.latitude), longitude: Number(s.longitude) }]);
      await recomputeAroundSchool(db, pack, districtId, s.id);
      gatesOf.set(s.id, await repo.findSchoolGates(db, districtId, [s.id]));
    }
    const gates = gatesOf.get(s.id) ?? [];
    return (gates.find((g) => g.is_main) ?? gates[0]) as Gate;
  };
  let posts = 0;
  for (const [i, s] of schools.entries()) {
    const first = s.id === users.firstSchool;
    const roll = first ? 0 : rnd.next();
    if (roll > 0.92) continue; // no post yet
    const periods = roll > 0.8 ? ['morning'] : ['morning', 'afternoon'];
    const gate = await mainGate(s);
    const lat = gate.latitude;
    const lng = gate.longitude;
    rnd.next(); // the draw that once picked the label: kept, so the demo's later draws stay as they were
    const post = await repo.insertPost(db, {
      district_id: districtId,
      school_id: s.id,
      kind: 'school',
      gate_id: gate.id,
      gate_label: gate.name,
      latitude: lat,
      longitude: lng,
      periods,
      created_by: users.schoolOfficer,
      updated_by: users.schoolOfficer,
    });
    posts += 1;
    const line = (period: string, role: string, name: string, userId: string | null = null, days = weekdays) =>
      rota.push({
        district_id: districtId,
        post_id: post.id,
        school_id: s.id,
        period_code: period,
        weekdays: days,
        role,
        person_name: name,
        user_id: userId,
        valid_from: from,
      });
    for (const p of periods) line(p, 'guard', first ? (staffName ?? '周建国') : personName(rnd), first ? staffId : null);
    line('morning', 'teacher', personName(rnd), null, [1, 3, 5]);
    line('morning', 'teacher', personName(rnd), null, [2, 4]);
    if (periods.includes('afternoon')) line('afternoon', 'parent', `家长志愿者${personName(rnd)}`, null, [rnd.int(1, 5)]);
    if (station && precinct.has(s.id) && (first || i % 3 === 0)) {
      const pp = await repo.insertPost(db, {
        district_id: districtId,
        school_id: s.id,
        kind: 'police',
        police_unit_id: station,
        gate_id: gate.id,
        gate_label: `${gate.name}（三见勤务）`,
        latitude: lat,
        longitude: lng,
        periods: ['morning', 'afternoon'],
        created_by: users.police,
        updated_by: users.police,
      });
      posts += 1;
      for (const p of ['morning', 'afternoon'])
        rota.push({
          district_id: districtId,
          post_id: pp.id,
          school_id: s.id,
          period_code: p,
          weekdays,
          role: 'police',
          person_name: first ? (police[0]?.display_name ?? '民警') : `民警${personName(rnd)}`,
          user_id: first ? users.police : null,
          valid_from: from,
        });
    }
  }
  await repo.insertRota(db, rota);
  const lines = await repo.findRota(db, districtId, { schoolIds: schools.map((s) => s.id) });
  const postsById = new Map((await repo.findPosts(db, districtId, { schoolIds: schools.map((s) => s.id) })).map((p) => [p.id, p]));
  const periods = new Map(policy.periods.map((p) => [p.code, p]));
  const slots = lines.map((l) => ({
    ...l,
    postId: l.post_id,
    schoolId: l.school_id,
    periodCode: l.period_code,
    weekdays: l.weekdays.map(Number),
    validFrom: l.valid_from,
    validTo: l.valid_to,
  }));
  const signIns: Insertable<GuardSignInTable>[] = [];
  for (const { day, rotaWeekday } of dutyDaysBetween(from, today, schoolCalendarOf(pack))) {
    for (const l of slotsOn(slots, day, rotaWeekday)) {
      const period = periods.get(l.period_code);
      const post = postsById.get(l.post_id);
      if (!period || !post) continue;
      if (day === today && (l.user_id || !hasPeriodEnded(period, now))) continue;
      if (rnd.next() < 0.08) continue; // missed
      const late = rnd.next() < 0.08;
      const minutes = late ? rnd.int(policy.lateAfterMinutes + 1, 25) : rnd.int(-20, policy.lateAfterMinutes);
      const off = rnd.next() < 0.05;
      const metres = off ? rnd.int(policy.signInToleranceMeters + 30, 600) : rnd.int(5, Math.min(80, policy.signInToleranceMeters));
      const dLat = (metres / 111_320) * (rnd.next() < 0.5 ? -1 : 1);
      signIns.push({
        district_id: districtId,
        post_id: l.post_id,
        school_id: l.school_id,
        rota_id: l.id,
        line_id: l.line_id,
        day,
        period_code: l.period_code,
        person_name: l.person_name,
        role: l.role,
        signed_by: l.user_id ?? (post.kind === 'police' ? users.police : users.schoolOfficer),
        signed_by_name: l.user_id ? l.person_name : post.kind === 'police' ? '派出所值班室' : users.schoolOfficerName,
        on_behalf: !l.user_id,
        signed_at: at(day, period.start, minutes),
        latitude: post.latitude + dLat,
        longitude: post.longitude,
        accuracy_m: rnd.int(5, 30),
        distance_m: metres,
        late,
        minutes_late: Math.max(0, minutes),
        outside: off,
        note: off ? '在路口协助疏导交通' : '',
      });
    }
  }
  await repo.insertDemoSignIns(db, signIns);
  if (station)
    await loadZones(
      db,
      districtId,
      station,
      schools.filter((s) => precinct.has(s.id)).map((s) => s.id),
      users.police,
      rnd,
    );
  await appendAuditEvent(db, systemActor(districtId, '演示数据'), {
    action: 'demo.guard_posts',
    entityType: 'org_unit',
    entityId: districtId,
    orgUnitId: districtId,
    summary: `载入演示护学岗：${posts} 个岗位，${rota.length} 条排班，${signIns.length} 次签到`,
  });
  return posts;
}

async function loadZones(db: Db, districtId: string, station: string, schoolIds: string[], createdBy: string, rnd: ReturnType<typeof seededRandom>) {
  const half = Math.ceil(schoolIds.length / 2);
  for (const [z, ids] of [schoolIds.slice(0, half), schoolIds.slice(half)].entries()) {
    if (!ids.length) continue;
    const { id } = await zones.insertZone(db, {
      district_id: districtId,
      police_unit_id: station,
      name: `第${z === 0 ? '一' : '二'}责任片区`,
      note: '',
      created_by: createdBy,
    });
    await zones.replaceZoneSchools(
      db,
      districtId,
      id,
      ids.map((schoolId, k) => {
        // The last school of the second zone waits for its team.
        if (z === 1 && k === ids.length - 1) return { schoolId, teamName: '', members: [] };
        const size = rnd.int(3, 5);
        const members = [`民警${personName(rnd)}`, `辅警${personName(rnd)}`, ...Array.from({ length: size - 2 }, () => `保安${personName(rnd)}`)];
        return { schoolId, teamName: `${z === 0 ? '一' : '二'}片${k + 1}组`, members };
      }),
    );
  }
}
