import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { judgeBuildings } from '../../domain/drill.js';
import { periodOf } from '../../domain/periods.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { setCounter } from './demo.repository.js';
import { seededRandom } from './demo-data.js';
import { type DemoDrill, findDemoSchoolBases, insertDemoDrills } from './demo-drills.repository.js';
import { demoUserIds } from './demo-inspections.repository.js';

/**
 * This semester's drills for the demo district: every school drills a few times (fire and
 * earthquake evacuation most, then anti-terror, stampede, drowning …), kindergartens less often,
 * some schools have skipped a month. Most buildings clear within the target, a few are slow; one
 * drill in six found a problem (not yet a hazard). Bulk-written; one audit event records the load.
 */
const NOBODY = '00000000-0000-0000-0000-000000000000';
const buildingSets = [
  [
    ['教学楼', 4],
    ['综合楼', 3],
  ],
  [
    ['教学楼', 5],
    ['实验楼', 4],
    ['宿舍楼', 6],
  ],
  [['教学楼', 3]],
] as const;
const problemTexts: [string, string, string][] = [
  ['东侧楼梯口堆放杂物，疏散拥堵', '教学楼', 'fire'],
  ['警报声在三楼听不清', '教学楼', 'facility'],
  ['部分班级未按指定路线疏散', '操场', 'management'],
  ['应急照明灯不亮', '综合楼', 'fire'],
];
const commonTypes = ['fire', 'earthquake', 'fire', 'earthquake', 'anti_terror', 'stampede', 'drowning', 'flood', 'food_poisoning', 'epidemic'];

export async function loadDemoDrills(db: Db, pack: ResolvedPack, districtId: string, now = new Date()): Promise<number> {
  const today = shanghaiDay(now);
  const semester = periodOf('semester', today, pack.calendar.semesters);
  const days = Math.max(0, Math.min(120, Number((new Date(`${today}T00:00:00Z`).getTime() - new Date(`${semester.start}T00:00:00Z`).getTime()) / 86_400_000)));
  if (days < 1) return 0;
  const rnd = seededRandom(2027);
  const users = await demoUserIds(db, districtId);
  const types = new Map(pack.vocab.drillTypes.map((t) => [t.code, t.label]));
  const categories = new Set(pack.hazardCategories.map((c) => c.code));
  const out: DemoDrill[] = [];
  const year = today.slice(0, 4);
  for (const s of await findDemoSchoolBases(db, districtId)) {
    const n = s.school_type === 'kindergarten' ? rnd.int(1, 2) : rnd.int(2, 4);
    const own = s.id === users.firstSchool;
    for (let k = 0; k < n; k++) {
      const type = k < 2 ? (k === 0 ? 'fire' : 'earthquake') : rnd.pick(commonTypes);
      if (!types.has(type)) continue;
      const day = addDays(semester.start, rnd.int(3, days));
      const startedAt = new Date(`${day}T${String(rnd.int(9, 15)).padStart(2, '0')}:${String(rnd.int(0, 5) * 10).padStart(2, '0')}:00+08:00`);
      if (startedAt > now) continue;
      const set = rnd.pick(buildingSets);
      const buildings = judgeBuildings(
        pack.drillEvacuation,
        set.map(([name, floors]) => ({ name, floors, seconds: rnd.int(70, rnd.next() < 0.12 ? 200 : 125), targetSeconds: null })),
      );
      const students = Math.round(s.enrollment * (0.9 + rnd.next() * 0.1));
      const staff = Math.round(s.staff_count * (0.85 + rnd.next() * 0.15));
      const problem = rnd.next() < 0.17 ? rnd.pick(problemTexts) : null;
      const label = types.get(type) as string;
      out.push({
        district_id: districtId,
        client_id: randomUUID(),
        code: `YL${year}${String(out.length + 1).padStart(6, '0')}`,
        school_id: s.id,
        created_by: own ? users.schoolOfficer : NOBODY,
        created_by_name: own ? users.schoolOfficerName : `${s.name}安全干部`,
        type_code: type,
        type_label: label,
        started_at: startedAt,
        drilled_on: day,
        scenario: `（演示数据）${label}：全校师生按预定路线疏散到集合地点`,
        organiser: own ? users.schoolOfficerName : `${s.name}安全办`,
        guidance:
          type === 'fire' && rnd.next() < 0.4
            ? [{ kind: 'fire', unit: '区消防救援支队' }]
            : type === 'anti_terror'
              ? [{ kind: 'police', unit: '辖区派出所' }]
              : [],
        student_participants: students,
        staff_participants: staff,
        enrollment_base: s.enrollment,
        staff_base: s.staff_count,
        buildings,
        building_count: buildings.length,
        slow_count: buildings.filter((b) => b.slow).length,
        assembly_point: '田径场',
        photo_ids: [],
        plan_attachment_id: null,
        summary: '（演示数据）疏散有序，已对照问题整改。',
        evaluation: buildings.some((b) => b.slow) ? '个别楼栋超时，下次演练重点演练楼梯分流' : '达到预期目标',
        problem_count: problem ? 1 : 0,
        content_hash: 'demo',
        problems:
          problem && categories.has(problem[2])
            ? [{ description: problem[0], place: problem[1], category: problem[2], level: 'general', attachment_ids: [], raise_hazard: false }]
            : [],
      });
    }
  }
  for (const d of out) d.problem_count = d.problems.length;
  await insertDemoDrills(db, out);
  await setCounter(db, districtId, `drill:${year}`, out.length);
  await appendAuditEvent(db, systemActor(districtId, '演示数据'), {
    action: 'demo.drills',
    entityType: 'org_unit',
    entityId: districtId,
    orgUnitId: districtId,
    summary: `载入演示应急演练记录 ${out.length} 条（本学期）`,
  });
  return out.length;
}
