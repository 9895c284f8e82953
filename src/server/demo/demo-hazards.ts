import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import type { HazardLevel, HazardState } from '../../domain/hazard.js';
import type { HazardEventTable, HazardTable } from '../db/schema.js';
import { seededRandom } from './demo-data.js';

/**
 * Demo hazards: what a district's ledger looks like after half a year of use. Each school has
 * 0–4 hazards found by itself or by a supervising level; most are closed, some are being
 * rectified, a few are overdue, handed over to a department or listed for supervision. Every
 * hazard carries the timeline its state implies, back-dated, so the detail page reads true.
 */
const templates: { title: string; place: string; category: string; major?: boolean; measures: string }[] = [
  { title: '消防通道堆放杂物', place: '教学楼', category: 'fire', measures: '清理杂物，设置禁止堆放标识' },
  { title: '灭火器压力不足', place: '教学楼', category: 'fire', measures: '更换灭火器，建立月检记录' },
  { title: '应急照明灯损坏', place: '宿舍', category: 'fire', measures: '更换应急照明灯并测试' },
  { title: '配电箱未上锁、线路裸露', place: '配电房', category: 'electric', measures: '加锁，整理线路并加装护套' },
  { title: '教室插座松动', place: '教学楼', category: 'electric', measures: '更换插座' },
  { title: '食堂燃气管道老化', place: '食堂', category: 'gas', major: true, measures: '更换燃气管道，加装泄漏报警器' },
  { title: '食品留样记录不全', place: '食堂', category: 'food', measures: '按规定留样 48 小时并记录' },
  { title: '围墙局部开裂', place: '围墙', category: 'building', major: true, measures: '加固围墙，设置警示围挡' },
  { title: '楼梯扶手松动', place: '教学楼', category: 'building', measures: '加固扶手' },
  { title: '校门口缺少减速带', place: '校门', category: 'traffic', measures: '协调交巡警设置减速带和标线' },
  { title: '上下学高峰车辆乱停', place: '周边', category: 'traffic', measures: '协调交巡警加强疏导' },
  { title: '附近水塘无警示标志', place: '周边', category: 'drowning', measures: '设置防溺水警示牌和防护栏' },
  { title: '门卫值守人员不足', place: '门卫室', category: 'staffing', measures: '增配保安，落实 24 小时值守' },
  { title: '防冲撞隔离墩缺失', place: '校门', category: 'physical', measures: '安装防冲撞隔离墩' },
  { title: '校门视频监控离线', place: '校门', category: 'technical', measures: '维修摄像机，恢复联网' },
  { title: '一键报警装置未联网', place: '门卫室', category: 'technical', measures: '接入公安 110 报警平台' },
  { title: '实验室危化品台账不清', place: '实验室', category: 'chemical', major: true, measures: '清点危化品，双人双锁管理' },
  { title: '操场护网破损', place: '操场', category: 'facility', measures: '更换护网' },
  { title: '校门外流动摊贩聚集', place: '周边', category: 'surroundings', measures: '移交城管清理' },
];

const sources = ['school_self', 'school_self', 'school_self', 'inspector', 'centre', 'joint', 'police', 'department'] as const;
const supervisorFor: Record<string, { name: string; role: string; unit: string }> = {
  school_self: { name: '陈晓梅', role: 'responsible_inspector', unit: '云江区教育委员会' },
  inspector: { name: '陈晓梅', role: 'responsible_inspector', unit: '云江区教育委员会' },
  centre: { name: '李文斌', role: 'centre_officer', unit: '教管中心' },
  joint: { name: '赵明亮', role: 'joint_inspector', unit: '区校园安全联合督检组' },
  police: { name: '张卫东', role: 'police_officer', unit: '派出所' },
  department: { name: '王海燕', role: 'department_officer', unit: '区市场监督管理局' },
};

/** A demo hazard row: its id is made here, so the notices (demo-notices.ts) can list it before it is written. */
export type DemoHazard = Insertable<HazardTable> & { id: string; school_id: string; found_at: Date };

export type DemoSchoolRef = { id: string; name: string; code: string; schoolOfficer: string };

const latest = (a: string, b: string) => (a > b ? a : b);

/** A past deadline, never before the plan (found + 2 days); a hazard planned today cannot be overdue yet. */
function overdueDeadline(wanted: string, foundDay: string, today: string): string {
  const deadline = latest(wanted, addDays(foundDay, 2));
  return deadline < today ? deadline : addDays(today, 7);
}

/**
 * Days a hazard in each state needs behind it, so that every step of its timeline (assessed the
 * day after it was found, planned the day after that, submitted the day before today) is in the past.
 */
const minDaysAgo: Record<HazardState, number> = { reported: 0, assessed: 1, rectifying: 2, pending_verification: 3, closed: 20 };

function pickState(r: number): HazardState {
  if (r < 0.56) return 'closed';
  if (r < 0.76) return 'rectifying';
  if (r < 0.84) return 'pending_verification';
  if (r < 0.91) return 'assessed';
  return 'reported';
}

/** The last supervising visit at a school: a further hazard may have been found on it. */
type Visit = { source: (typeof sources)[number]; daysAgo: number; found: Date };

export function demoHazards(districtId: string, schools: DemoSchoolRef[], departments: { traffic: string; urban: string }, now: Date) {
  const rnd = seededRandom(2021);
  const today = shanghaiDay(now);
  const hazards: DemoHazard[] = [];
  const events: Insertable<HazardEventTable>[] = [];
  let seq = 0;
  for (const school of schools) {
    const count = Math.floor(rnd.next() * rnd.next() * 5.5);
    let visit = null as Visit | null;
    for (let k = 0; k < count; k++) {
      const tpl = rnd.pick(templates);
      // A supervising visit often finds more than one thing (one 整改通知书 then lists them together).
      const sameVisit: Visit | null = visit !== null && rnd.next() < 0.6 ? visit : null;
      const source: (typeof sources)[number] = sameVisit ? sameVisit.source : rnd.pick(sources);
      const state = pickState(rnd.next());
      const level: HazardLevel | null = state === 'reported' ? null : tpl.major && rnd.next() < 0.7 ? 'major' : 'general';
      const ownDaysAgo = Math.max(minDaysAgo[state], state === 'closed' ? rnd.int(20, 180) : rnd.int(1, 60));
      const joins = sameVisit !== null && sameVisit.daysAgo >= minDaysAgo[state];
      const foundDaysAgo = joins ? sameVisit.daysAgo : ownDaysAgo;
      const found = joins ? new Date(sameVisit.found.getTime() + 600_000) : new Date(now.getTime() - foundDaysAgo * 86_400_000 - rnd.int(0, 8) * 3_600_000);
      visit = source === 'school_self' || source === 'department' ? null : { source, daysAgo: foundDaysAgo, found };
      const foundDay = shanghaiDay(found);
      const planned = state !== 'reported' && state !== 'assessed';
      // One in five hazards under rectification has slipped past its deadline.
      const slipped = state === 'rectifying' && rnd.next() < 0.25;
      const closedDay = state === 'closed' ? addDays(foundDay, Math.min(foundDaysAgo - 1, rnd.int(3, 40))) : null;
      // About one closed hazard in eight was closed after its deadline (the on-time rate is not 100 %).
      const closedLate = closedDay !== null && rnd.next() < 0.12;
      const deadline = !planned
        ? null
        : closedDay
          ? latest(addDays(closedDay, closedLate ? -rnd.int(1, 7) : rnd.int(0, 10)), addDays(foundDay, 2))
          : slipped
            ? overdueDeadline(addDays(today, -rnd.int(1, 12)), foundDay, today)
            : addDays(today, rnd.int(2, 30));
      const handOver = (tpl.category === 'traffic' || tpl.category === 'surroundings') && planned && rnd.next() < 0.6;
      const handedTo = handOver ? (tpl.category === 'traffic' ? departments.traffic : departments.urban) : null;
      seq += 1;
      const id = randomUUID();
      const sup = supervisorFor[source] ?? (supervisorFor.inspector as { name: string; role: string; unit: string });
      const reporter = source === 'school_self' ? { name: school.schoolOfficer, role: 'school_safety_officer', unit: school.name } : sup;
      hazards.push({
        district_id: districtId,
        id,
        code: `YH${foundDay.slice(0, 4)}${String(seq).padStart(6, '0')}`,
        school_id: school.id,
        title: tpl.title,
        description: `${school.name}${tpl.place}：${tpl.title}`,
        place: tpl.place,
        category: tpl.category,
        level,
        source,
        state,
        found_at: found,
        reported_by: null,
        reported_by_name: reporter.name,
        responsible_unit_id: handedTo ?? school.id,
        handed_over_to: handedTo,
        deadline,
        supervision_listed: level === 'major' && state !== 'closed' && rnd.next() < 0.6,
        supervision_listed_at: null,
        interim_control: level === 'major' && planned ? '设置警示围挡，专人看守，暂停使用相关区域' : '',
        plan_measures: planned ? tpl.measures : '',
        plan_responsible_person: planned ? school.schoolOfficer : '',
        plan_funds: planned ? `${rnd.int(2, 80) * 100}元` : '',
        plan_contingency: planned ? '发现险情立即疏散学生并报告' : '',
        rectification_note: state === 'closed' || state === 'pending_verification' ? '已按方案整改完毕' : '',
        extension_requested_deadline: null,
        closed_at: closedDay ? new Date(`${closedDay}T16:00:00+08:00`) : null,
        closed_on_time: closedDay && deadline ? closedDay <= deadline : null,
        recurrence_of: null,
      });
      // Steps of one hazard on the same day keep their order: 09:00, 10:00, …
      const firstEvent = events.length;
      const step = (
        action: string,
        from: HazardState | null,
        to: HazardState,
        day: string,
        who: { name: string; role: string; unit: string },
        note: string,
        data: object = {},
        at?: Date,
      ) =>
        events.push({
          district_id: districtId,
          hazard_id: id,
          action,
          from_state: from,
          to_state: to,
          actor_id: null,
          actor_name: who.name,
          actor_role: who.role,
          actor_unit_name: who.unit,
          note,
          data: JSON.stringify(data),
          occurred_at: at ?? new Date(`${day}T${String(9 + events.length - firstEvent).padStart(2, '0')}:00:00+08:00`),
        });
      const school_ = { name: school.schoolOfficer, role: 'school_safety_officer', unit: school.name };
      // Reported when found: a finding just after midnight (a visit's later findings) must not be
      // timed 09:00, after the 整改通知书 issued an hour or two after it.
      step('report', null, 'reported', foundDay, reporter, tpl.title, {}, found);
      if (state === 'reported') continue;
      step('assess', 'reported', 'assessed', addDays(foundDay, 1), sup, level === 'major' ? '认定为重大隐患' : '一般隐患，限期整改', {
        level,
        category: tpl.category,
      });
      if (!planned) continue;
      if (handedTo) step('hand_over', 'assessed', 'assessed', addDays(foundDay, 1), sup, '交办相关部门处理', { unitId: handedTo, deadline });
      step('plan', 'assessed', 'rectifying', addDays(foundDay, 2), school_, tpl.measures, { deadline });
      if (state === 'rectifying') continue;
      const submitted = closedDay ? addDays(closedDay, -1) : addDays(today, -1);
      // Submitted after the plan (day 2) and before verification.
      step('submit', 'rectifying', 'pending_verification', latest(submitted, addDays(foundDay, 2)), school_, '已按方案整改完毕');
      if (state === 'closed' && closedDay)
        step('verify_pass', 'pending_verification', 'closed', closedDay, sup, '现场验收合格，予以销号', { closedOnTime: closedDay <= (deadline ?? closedDay) });
    }
  }
  return { hazards, events, lastSeq: seq };
}
