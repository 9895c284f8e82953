import { shanghaiDay } from '../../domain/calendar.js';
import type { CaseActionInput } from '../../domain/case-inputs.js';
import { startOfShanghaiDay } from '../../domain/case-time.js';
import type { CaseAction } from '../../domain/case-workflow.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { systemActor } from '../auth/actor.js';
import { transitionCaseInTransaction } from '../cases/case-actions.service.js';
import * as caseRepo from '../cases/cases.repository.js';
import { type CreatedCase, createCaseInTransaction } from '../cases/cases.service.js';
import type { Db } from '../db/database.js';
import { demoActors } from './demo-actors.js';
import { findLastSchoolBesides } from './demo-cases.repository.js';

/**
 * Ten cases of the last seven weeks in 云江区, replayed through the case engine itself (create and
 * every action at its own past instant), so timelines, step times, escalations and SLA states are
 * what the workflow would have produced: a petition archived on time, one waiting to be assigned,
 * one at the centre; an overdue dispute about a student's injury; a food report with the market
 * regulator; a bullying case under 督查督办; a 校园贷 lead with the police; a threat acknowledged by
 * the police in 12 minutes; an accident with its reports, insurance and mediation; a rainstorm.
 */
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export async function loadDemoCases(db: Db, pack: ResolvedPack, districtId: string, now = new Date()): Promise<number> {
  if (pack.cases.types.length === 0) return 0;
  const { admin, centre, principal, officer, police, dept } = await demoActors(db, districtId);
  const a = admin;
  const school = principal.orgUnitId;
  const otherSchool = await findLastSchoolBesides(db, districtId, school);
  // Office hours: every event is counted from 10:00 Shanghai time of its day (all are at least a day ago).
  const base = startOfShanghaiDay(shanghaiDay(now)).getTime() + 10 * 60 * MIN;
  const at = (daysAgo: number, minutes = 0) => new Date(base - daysAgo * DAY + minutes * MIN);
  const create = (actor: Actor, when: Date, input: Parameters<typeof createCaseInTransaction>[3]) => createCaseInTransaction(db, pack, actor, input, when);
  const run = async (c: CreatedCase, steps: [Actor, CaseAction, Date, Partial<CaseActionInput>?][]) => {
    for (const [actor, action, when, input] of steps) {
      const row = await caseRepo.findCase(db, districtId, c.id);
      await transitionCaseInTransaction(db, pack, actor, c.id, action, { version: row?.version ?? 1, note: '', attachmentIds: [], ...input }, when);
    }
  };
  let n = 0;

  const p1 = await create(a, at(45), {
    typeCode: 'petition',
    source: 'supervision_platform',
    title: '家长反映学校假期组织有偿补课',
    description: '“互联网+督查”平台交办：有家长反映该校初三年级假期组织有偿补课，每人收费 800 元。',
    schoolId: school,
    reporterName: '陈女士',
    reporterPhone: '13983012345',
  });
  await run(p1, [
    [a, 'assign', at(45, 40), { unitId: school, note: '请学校核查并 30 日内书面回复' }],
    [principal, 'accept', at(44)],
    [principal, 'submit', at(30), { note: '经核查，系家长委员会自行组织，学校已叫停并退还费用 23 人次，对相关教师批评教育。' }],
    [a, 'approve', at(28), { note: '核查属实，处理得当' }],
    [a, 'reply', at(27), { reply: '陈女士：您反映的问题经核查属实，学校已叫停并全额退费，对相关教师作出处理。感谢监督。' }],
    [a, 'archive', at(26)],
  ]);
  n++;

  const p2 = await create(a, at(20), {
    typeCode: 'petition',
    source: 'visit',
    title: '居民反映学校门口上放学时段交通拥堵',
    description: '来访：附近居民反映上放学时段家长车辆占道，出行困难，要求设置护学岗和临时停车区。',
    schoolId: school,
    reporterName: '刘先生',
    reporterPhone: '13608321111',
  });
  await run(p2, [
    [a, 'assign', at(20, 30), { unitId: centre.orgUnitId, note: '请教管中心会同交巡警协调' }],
    [centre, 'accept', at(19)],
  ]);
  n++;

  await create(a, at(3), {
    typeCode: 'petition',
    source: 'letter',
    title: '教师来信反映职称评审打分不透明',
    description: '来信反映 2026 年中级职称评审量化打分未公示，要求复核。',
    reporterName: '某教师',
  });
  n++;

  const d1 = await create(centre, at(40), {
    typeCode: 'dispute',
    kind: '学生伤亡',
    source: 'phone',
    title: '学生课间受伤，家长要求学校赔偿',
    description: '三年级学生课间追逐摔伤门牙，家长要求学校承担全部治疗费用，情绪激动。',
    schoolId: school,
    reporterName: '黄先生',
    reporterPhone: '15023456789',
  });
  await run(d1, [
    [centre, 'assign', at(40, 30), { unitId: school, note: '请学校主动对接家长，依法依规调解，校方责任险报案' }],
    [officer, 'accept', at(39)],
  ]);
  n++;

  const r1 = await create(a, at(10), {
    typeCode: 'public_report',
    source: 'public_report',
    title: '举报学校食堂使用过期食材',
    description: '群众举报：学校食堂后厨冰柜内有过期冻肉。',
    schoolId: (otherSchool as { id: string }).id,
    reporterName: '匿名',
  });
  await run(r1, [
    [a, 'assign', at(10, 20), { unitId: dept.orgUnitId, note: '请区市场监督管理局依职责核查' }],
    [dept, 'accept', at(9)],
  ]);
  n++;

  const b1 = await create(officer, at(6), {
    typeCode: 'bullying',
    source: 'school_report',
    title: '初二学生多次遭同学索要财物',
    description: '班主任发现初二（3）班一名学生近一月多次被同班两名学生索要零花钱并推搡。已分开座位并通知双方家长。',
    reporterName: '班主任 何老师',
  });
  await run(b1, [
    [a, 'assign', at(6, 45), { unitId: school, note: '请学生欺凌治理委员会 10 日内完成调查认定' }],
    [principal, 'accept', at(6, 90)],
    [principal, 'submit', at(1), { note: '治理委员会认定为欺凌；对两名学生批评教育并书面检讨，家长赔偿退还财物，安排心理老师跟踪。' }],
  ]);
  n++;

  const c1 = await create(a, at(8), {
    typeCode: 'crime_lead',
    kind: '校园贷',
    source: 'screening',
    title: '高二学生被诱导办理网络贷款',
    description: '矛盾纠纷排查发现：两名高二学生在网络平台借款，被要求以“砍头息”方式还款并遭电话催收。',
    schoolId: (otherSchool as { id: string }).id,
  });
  await run(c1, [
    [a, 'assign', at(8, 30), { unitId: police.orgUnitId, note: '请派出所依法查处' }],
    [police, 'accept', at(8, 120)],
  ]);
  n++;

  const t1 = await create(centre, at(2), {
    typeCode: 'threat',
    source: 'phone',
    title: '学生家长扬言到校报复班主任',
    description: '家长因孩子受批评，电话中扬言“明天到学校找老师算账”，情绪失控。',
    schoolId: school,
    subjectName: '学生家长 张某',
    reporterName: '班主任 李老师',
  });
  await run(t1, [
    [police, 'acknowledge', at(2, 12)],
    [a, 'acknowledge', at(2, 25)],
    [a, 'assign', at(2, 40), { unitId: police.orgUnitId, note: '请派出所会同学校稳控，做好家长思想工作' }],
    [police, 'accept', at(2, 55)],
  ]);
  n++;

  const i1 = await create(principal, at(15), {
    typeCode: 'accident',
    source: 'school_report',
    title: '学生体育课跳箱摔伤致骨折',
    description: '五年级学生体育课跳箱时落地不稳摔伤左臂，经医院诊断为桡骨骨折。',
    occurredAt: at(15, -50).toISOString(),
    place: '学校体育馆',
    seriousInjuries: 1,
    lossYuan: 0,
  });
  await run(i1, [
    [a, 'acknowledge', at(15, 20)],
    [police, 'acknowledge', at(15, 35)],
    [principal, 'record_report', at(14, -90), { reportKind: 'written' }],
    [a, 'assign', at(14, 660), { unitId: school }],
    [principal, 'accept', at(14, 700)],
    [
      principal,
      'update_incident',
      at(8),
      {
        handling: '当即送医，通知家长；体育组复盘跳箱保护措施。',
        liability: '学校体育课保护帮助不到位，承担次要责任。',
        insuranceStatus: 'paid',
        insuranceAmount: 8600,
        mediationOutcome: '经调解，校方责任险赔付医疗费 8600 元，家长无异议。',
        lessons: '体育器械项目必须两人保护；更换跳箱落地垫。',
      },
    ],
    [principal, 'record_report', at(7), { reportKind: 'final' }],
    [principal, 'submit', at(7, 60), { note: '处置完毕，理赔到位，整改跳箱保护措施。' }],
    [a, 'approve', at(6)],
    [a, 'archive', at(6, 30)],
  ]);
  n++;

  const e1 = await create(a, at(5), {
    typeCode: 'emergency',
    source: 'other',
    title: '暴雨导致教学楼一楼进水',
    description: '夜间强降雨，教学楼一楼 3 间教室进水约 20 厘米，已停课半天排水。',
    schoolId: (otherSchool as { id: string }).id,
    occurredAt: at(5, -180).toISOString(),
    place: '教学楼一楼',
    lossYuan: 80000,
  });
  await run(e1, [
    [a, 'assign', at(5, 30), { unitId: (otherSchool as { id: string }).id }],
    [a, 'raise_hazard', at(4), { hazard: { title: '教学楼一楼排水沟堵塞，暴雨倒灌', category: 'building', place: '教学楼' }, note: '暴雨进水原因' }],
  ]);
  n++;

  await appendAuditEvent(db, systemActor(districtId, '演示数据'), {
    action: 'demo.cases',
    entityType: 'org_unit',
    entityId: districtId,
    orgUnitId: districtId,
    summary: `载入演示案件 ${n} 件（信访、纠纷、举报、欺凌、线索、扬言报复、事故、突发事件）`,
  });
  return n;
}
