import { addDays, shanghaiDay } from '../../domain/calendar.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { type Assessment, saveRiskPointSchema, sendRiskAlertSchema } from '../../domain/risk.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { acknowledgeRiskAlert, sendRiskAlert } from '../risk/risk-alerts.service.js';
import { createRiskPoint } from '../risk/risk-points.service.js';
import type { DemoActors, demoClock } from './demo-actors.js';
import { seededRandom } from './demo-data.js';
import { acknowledgeDemoAlertSchools } from './demo-risk.repository.js';
import type { DemoSchoolRow, findDemoUnits } from './demo-units.repository.js';

/**
 * The demo's risk register and risk alerts. Risk points are registered by the district admin
 * through the risk service (so each has its assessment history and audit row) for the schools of
 * the first two townships and two centres and a district-level point: each school its gate or the
 * construction next door, its canteen, dormitory or laboratory, a pond or river for some rural
 * schools, an old building for a few — LS-assessed into all four colours, some assessed long
 * enough ago that their review (复评) is overdue. Then three alerts (冬季防火, a cold wave for the
 * rural centres, 防溺水 to the schools near water): the first school acknowledges through the
 * service; the other schools (no demo accounts) mostly on time, some late, some not at all.
 */
type PointDraft = {
  name: string;
  sourceCode: string;
  place: string;
  accidentTypes: string;
  controlMeasures: string;
  controlLevel: string;
  a: [number, number];
};

const gate: PointDraft = {
  name: '校门临主干道',
  sourceCode: 'gate_on_main_road',
  place: '学校正门',
  accidentTypes: '车辆伤害、踩踏',
  controlMeasures: '上放学时段护学岗值守，交巡警高峰勤务；设置减速带、硬质隔离和“学校区域”警示标志。',
  controlLevel: 'centre',
  a: [3, 4],
};
const construction: PointDraft = {
  name: '学校周边建筑工地',
  sourceCode: 'nearby_construction',
  place: '学校东侧围墙外',
  accidentTypes: '物体打击、车辆伤害',
  controlMeasures: '与施工单位签订安全协议，工地围挡封闭；渣土车避开上放学时段；学校每日巡查。',
  controlLevel: 'department',
  a: [3, 3],
};
const canteen: PointDraft = {
  name: '学校食堂',
  sourceCode: 'canteen',
  place: '食堂操作间',
  accidentTypes: '食物中毒、燃气泄漏',
  controlMeasures: '落实食品留样、陪餐制度和“明厨亮灶”；燃气报警装置每月检查。',
  controlLevel: 'school',
  a: [2, 3],
};
const dorm: PointDraft = {
  name: '学生宿舍',
  sourceCode: 'dormitory',
  place: '学生宿舍楼',
  accidentTypes: '火灾、踩踏',
  controlMeasures: '宿管员 24 小时值守，每晚查寝；严禁使用大功率电器；每学期疏散演练。',
  controlLevel: 'school',
  a: [2, 5],
};
const lab: PointDraft = {
  name: '化学实验室危化品',
  sourceCode: 'hazardous_chemicals',
  place: '实验楼危化品储存室',
  accidentTypes: '中毒、灼烫、火灾',
  controlMeasures: '危化品双人双锁、专柜存放、领用登记；实验课教师全程在场。',
  controlLevel: 'school',
  a: [2, 4],
};
const play: PointDraft = {
  name: '大型户外玩具和运动场地',
  sourceCode: 'sports_facilities',
  place: '户外活动区',
  accidentTypes: '跌落、碰撞',
  controlMeasures: '每日开园前检查玩具和地垫；活动时教师分区看护。',
  controlLevel: 'school',
  a: [1, 3],
};
const trees: PointDraft = {
  name: '校园高大树木',
  sourceCode: 'trees',
  place: '操场四周',
  accidentTypes: '物体打击',
  controlMeasures: '每年汛期前修剪枯枝，大风天气停止树下活动。',
  controlLevel: 'school',
  a: [1, 2],
};
const water: PointDraft = {
  name: '学校周边河塘',
  sourceCode: 'near_water',
  place: '学校后方 300 米水塘',
  accidentTypes: '淹溺',
  controlMeasures: '设置防护栏和警示牌；村社干部巡河；每周防溺水教育，放假前“一封信”告知家长。',
  controlLevel: 'department',
  a: [4, 5],
};
const oldBuilding: PointDraft = {
  name: '旧教学楼（C 级危房）',
  sourceCode: 'dangerous_building',
  place: '老教学楼',
  accidentTypes: '坍塌',
  controlMeasures: '已停止使用并设置隔离围挡，列入区校舍改造计划。',
  controlLevel: 'district',
  a: [4, 5],
};

function pointsFor(s: DemoSchoolRow, rural: boolean, first: boolean, rnd: ReturnType<typeof seededRandom>): PointDraft[] {
  // The demo's first school (a kindergarten in this district): one point of each colour.
  if (first) return [s.school_type === 'kindergarten' ? { ...oldBuilding, name: '旧园舍（C 级危房）', place: '老园舍' } : oldBuilding, gate, canteen, trees];
  const out: PointDraft[] = [rnd.next() < 0.6 ? gate : construction];
  if (s.school_type === 'kindergarten') out.push(play);
  else if (s.boarding_students > 0) out.push(dorm);
  else if (['junior', 'senior', 'complete_secondary', 'nine_year'].includes(s.school_type)) out.push(lab);
  else out.push(canteen);
  if (rural && rnd.next() < 0.3) out.push(water);
  if (rnd.next() < 0.04) out.push(oldBuilding);
  return out;
}

export async function loadDemoRisk(
  app: AppContext,
  pack: ResolvedPack,
  a: DemoActors,
  units: Awaited<ReturnType<typeof findDemoUnits>>,
  schools: DemoSchoolRow[],
  clock: ReturnType<typeof demoClock>,
) {
  const { at, today } = clock;
  const rnd = seededRandom(2029);
  const areas = [...units.values()].filter((u) => u.kind === 'township' || u.kind === 'centre');
  const rural = new Set(areas.filter((u) => u.kind === 'centre').map((u) => u.id));
  const covered = new Set([...areas.slice(0, 2), ...areas.filter((u) => u.kind === 'centre').slice(0, 2)].map((u) => u.id));
  let points = 0;
  const save = async (schoolId: string | null, p: PointDraft, daysAgo: number, controlPerson: string) => {
    const [l, s] = p.a;
    const assessment: Assessment = { method: 'ls', l: l as never, s: s as never };
    await createRiskPoint(
      app,
      a.admin,
      saveRiskPointSchema.parse({
        schoolId,
        name: p.name,
        sourceCode: p.sourceCode,
        place: p.place,
        accidentTypes: p.accidentTypes,
        controlMeasures: p.controlMeasures,
        controlLevel: p.controlLevel,
        controlPerson,
        assessment,
        assessedOn: addDays(today, -daysAgo),
        note: '学期初风险辨识评估',
      }),
      at(daysAgo, '15:00'),
    );
    points++;
  };
  // Most were assessed within their colour's review cycle; one in five longer ago (its 复评 is overdue).
  const cycle = (p: PointDraft) => {
    const score = p.a[0] * p.a[1];
    const t = pack.risk.ls;
    return pack.risk.reviewDays[score >= t.red ? 'red' : score >= t.orange ? 'orange' : score >= t.yellow ? 'yellow' : 'blue'];
  };
  for (const s of schools) {
    const first = s.id === a.principal.orgUnitId;
    if (!first && !covered.has(s.parent_id ?? '')) continue;
    for (const p of pointsFor(s, rural.has(s.parent_id ?? ''), first, rnd)) {
      const days = cycle(p);
      const daysAgo = rnd.next() < 0.2 ? Math.min(400, days + rnd.int(3, 40)) : rnd.int(5, Math.max(6, Math.min(days - 3, 95)));
      await save(s.id, p, daysAgo, p.controlLevel === 'school' ? s.safety_officer_name : s.principal_name);
    }
  }
  await save(
    null,
    {
      name: '汛期山洪和地质灾害（区级）',
      sourceCode: 'near_water',
      place: '东温泉、丰盛等山区镇学校',
      accidentTypes: '淹溺、坍塌',
      controlMeasures: '汛期与气象、应急部门联动，预警即停课；山区学校汛前隐患排查全覆盖。',
      controlLevel: 'district',
      a: [3, 5],
    },
    45,
    '周建国',
  );

  // Alerts, each to the schools its target names; the first school acknowledges through the service.
  const send = (input: Record<string, unknown>, daysAgo: number) => sendRiskAlert(app, a.admin, sendRiskAlertSchema.parse(input), at(daysAgo, '09:30'));
  const alerts = [
    await send(
      {
        title: '冬季校园消防和用电安全风险提示',
        content:
          '入冬以来全市发生多起宿舍电气火灾。请各校立即开展消防和用电安全自查，严禁学生宿舍使用大功率电器，检查消防设施和疏散通道，并组织一次消防疏散演练。',
        kind: 'season',
        deadline: addDays(today, -5),
        target: { schoolTypes: ['kindergarten', 'primary', 'junior', 'senior', 'nine_year', 'complete_secondary', 'vocational', 'special'] },
      },
      14,
    ),
    await send(
      {
        title: '寒潮雨雪冰冻天气风险提示',
        content: '据区气象台预报，未来三天有寒潮和雨雪冰冻天气。请山区镇学校检查校舍和围墙，做好上下学道路结冰防滑，必要时调整作息时间并及时报告。',
        kind: 'weather',
        deadline: addDays(today, 2),
        target: { areaIds: [...rural] },
      },
      1,
    ),
    await send(
      {
        title: '临水学校防溺水风险提示',
        content: '数据研判：以下学校周边有河塘水库，近期有学生结伴到水边玩耍的报告。请再次开展防溺水专题教育，落实“一校一档”临水点巡查，并告知家长。',
        kind: 'data',
        deadline: addDays(today, -18),
        target: { sourceCodes: ['near_water'] },
      },
      28,
    ),
  ];
  const byId = new Map(schools.map((s) => [s.id, s]));
  let acknowledged = 0;
  for (const [k, alert] of alerts.entries()) {
    const sentDay = shanghaiDay(new Date(alert.alert.sentAt));
    const deadline = alert.alert.deadline;
    const rows = [];
    for (const row of alert.alert.schools) {
      if (row.schoolId === a.principal.orgUnitId) {
        const ackDaysAgo = [12, null, 26][k];
        if (ackDaysAgo != null) {
          await acknowledgeRiskAlert(
            app,
            a.principal,
            alert.alert.id,
            { measures: '已组织全校自查，整改问题 3 项，召开主题班会并发放告家长书。' },
            at(ackDaysAgo, '17:00'),
          );
          acknowledged++;
        }
        continue;
      }
      const r = rnd.next();
      // A fresh alert: a third have answered so far; older ones: most on time, some late, a few never.
      const answered = k === 1 ? r < 0.35 : r < 0.9;
      if (!answered) continue;
      const late = k !== 1 && r > 0.82;
      const day = late ? addDays(deadline, rnd.int(1, 3)) : addDays(sentDay, rnd.int(0, Math.max(0, Math.min(5, daysBetween(sentDay, deadline)))));
      if (day > today) continue;
      const when = new Date(
        Math.min(Date.parse(`${day}T${String(rnd.int(9, 17)).padStart(2, '0')}:${String(rnd.int(0, 59)).padStart(2, '0')}:00+08:00`), clock.now.getTime()),
      );
      rows.push({
        schoolId: row.schoolId,
        at: when,
        on: shanghaiDay(when),
        byName: byId.get(row.schoolId)?.principal_name || '校长',
        measures: rnd.pick(['已组织自查并整改，召开安全专题会。', '已开展专题教育，排查问题已整改。', '已落实提示要求，安排专人巡查。']),
      });
    }
    await acknowledgeDemoAlertSchools(app.db, a.admin.districtId, alert.alert.id, rows);
    acknowledged += rows.length;
  }
  await appendAuditEvent(app.db, systemActor(a.admin.districtId, '演示数据'), {
    action: 'demo.risk',
    entityType: 'org_unit',
    entityId: a.admin.districtId,
    orgUnitId: a.admin.districtId,
    summary: `载入演示风险点 ${points} 个、风险提示 ${alerts.length} 条（学校签收 ${acknowledged} 次，无演示账号的学校以校长名义签收）`,
  });
  return { points, alerts: alerts.length, acknowledged };
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
