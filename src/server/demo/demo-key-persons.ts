import geodesic from 'geographiclib-geodesic';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import type { RiskLevel } from '../../domain/key-persons.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { writeKeyPersonNear } from '../key-persons/key-person-near.js';
import * as repo from '../key-persons/key-persons.repository.js';
import * as premisesRepo from '../surroundings/premises.repository.js';
import { demoUserIds } from './demo-inspections.repository.js';

/**
 * Key persons (重点人员) of the demo police station (the `police` account's 第一派出所), placed around
 * the same two schools as the demo premises, with follow-ups: some kept on time, three overdue (the
 * police workbench shows them). Names and ID numbers are invented (某 names, a 0000 sequence).
 * The load's audit event is a key_person one, so the district's trail does not show it either.
 */
type Spec = {
  school: 0 | 1;
  name: string;
  category: string;
  risk: RiskLevel;
  metres: number;
  azimuth: number;
  address: string;
  measures: string;
  /** Follow-ups: days ago, what was found; the last one's next due date is days after it. */
  visits: { daysAgo: number; content: string }[];
  nextAfter: number;
};
const specs: Spec[] = [
  {
    school: 0,
    name: '王某某',
    category: 'mental_disorder',
    risk: 'high',
    metres: 260,
    azimuth: 60,
    address: '龙洲湾街道滨江路 18 号 3 单元',
    measures: '监护人落实看管责任；社区医生每周随访服药情况；上下学时段社区网格员关注其动向',
    visits: [
      { daysAgo: 20, content: '入户走访，按时服药，情绪稳定，监护人在家' },
      { daysAgo: 12, content: '电话回访监护人，近期无异常' },
    ],
    nextAfter: 7,
  },
  {
    school: 0,
    name: '陈某',
    category: 'revenge_threat',
    risk: 'high',
    metres: 420,
    azimuth: 210,
    address: '龙洲湾街道新华村 5 组',
    measures: '因子女入学纠纷扬言报复学校；已会同街道、学校调解，民警每周见面谈话，上下学时段护学岗重点关注',
    visits: [{ daysAgo: 3, content: '见面谈话，对调解结果表示接受，情绪平稳' }],
    nextAfter: 7,
  },
  {
    school: 1,
    name: '刘某某',
    category: 'drug_user',
    risk: 'medium',
    metres: 350,
    azimuth: 300,
    address: '滨江小区 2 栋 1102',
    measures: '社区戒毒，每月尿检；社区戒毒专干跟踪帮扶',
    visits: [{ daysAgo: 40, content: '尿检阴性，已在附近物流园务工' }],
    nextAfter: 30,
  },
  {
    school: 1,
    name: '张某',
    category: 'petitioner',
    risk: 'low',
    metres: 600,
    azimuth: 80,
    address: '滨江路 66 号',
    measures: '街道信访办跟进诉求；敏感节点前走访',
    visits: [{ daysAgo: 30, content: '诉求已转街道办理，无过激言行' }],
    nextAfter: 90,
  },
  {
    school: 1,
    name: '李某',
    category: 'grievance',
    risk: 'medium',
    metres: 180,
    azimuth: 140,
    address: '学府路 9 号附 3 号',
    measures: '社区心理服务站约谈疏导；网格员每周了解动态',
    visits: [
      { daysAgo: 50, content: '失业后情绪低落，多次在校门口徘徊，已劝离' },
      { daysAgo: 35, content: '介绍至社区就业服务站，情绪好转' },
    ],
    nextAfter: 30,
  },
  {
    school: 0,
    name: '赵某某',
    category: 'school_offender',
    risk: 'medium',
    metres: 800,
    azimuth: 20,
    address: '龙洲湾街道东环路 101 号',
    measures: '曾因在校门口寻衅滋事被行政拘留；民警每月走访，禁止其在上下学时段在校门口逗留',
    visits: [{ daysAgo: 10, content: '在家，正常务工' }],
    nextAfter: 30,
  },
];

export async function loadDemoKeyPersons(db: Db, pack: ResolvedPack, districtId: string, now = new Date()): Promise<number> {
  const users = await demoUserIds(db, districtId);
  const police = await repo.findUser(db, districtId, users.police);
  const schools = await premisesRepo.findSchoolPoints(db, districtId, null);
  const first = schools.find((s) => s.id === users.firstSchool);
  const second =
    schools.find((s) => s.id !== first?.id && s.parent_id === first?.parent_id && s.school_type === 'primary') ??
    schools.find((s) => s.school_type === 'primary');
  if (!first || !second) return 0;
  const categories = new Set(pack.surroundings.keyPersonCategories.map((c) => c.code));
  const today = shanghaiDay(now);
  const wgs84 = geodesic.Geodesic.WGS84;
  let n = 0;
  for (const [i, s] of specs.filter((x) => categories.has(x.category)).entries()) {
    const school = s.school === 0 ? first : second;
    const p = wgs84.Direct(Number(school.latitude), Number(school.longitude), s.azimuth, s.metres);
    const point = { lat: Math.round((p.lat2 as number) * 1e7) / 1e7, lng: Math.round((p.lon2 as number) * 1e7) / 1e7 };
    const last = s.visits[s.visits.length - 1];
    const id = await repo.insertKeyPerson(db, {
      district_id: districtId,
      station_unit_id: police.org_unit_id,
      name: s.name,
      // Invented: 5001131970…01 15 + a 000 sequence + X (born 1970–1975 on the 15th of month i+1).
      id_number: `50011319${70 + i}0${(i % 9) + 1}15${String(i).padStart(3, '0')}X`,
      category_code: s.category,
      address: s.address,
      latitude: point.lat,
      longitude: point.lng,
      risk_level: s.risk,
      officer_user_id: police.id,
      officer_name: police.display_name,
      control_measures: s.measures,
      next_follow_up_due: last ? addDays(addDays(today, -last.daysAgo), s.nextAfter) : addDays(today, s.nextAfter),
      created_by: police.id,
      created_by_name: '演示数据',
      updated_by: police.id,
      updated_by_name: '演示数据',
    });
    for (const [j, v] of s.visits.entries()) {
      const date = addDays(today, -v.daysAgo);
      const next = s.visits[j + 1];
      await repo.insertFollowUp(db, {
        district_id: districtId,
        key_person_id: id,
        follow_up_date: date,
        by_user_id: police.id,
        by_name: police.display_name,
        content: v.content,
        next_due: next ? addDays(today, -next.daysAgo) : addDays(date, s.nextAfter),
      });
    }
    await writeKeyPersonNear(db, pack, districtId, id, point);
    n++;
  }
  await appendAuditEvent(db, systemActor(districtId, '演示数据'), {
    action: 'demo.key_persons',
    entityType: 'key_person',
    entityId: police.org_unit_id,
    orgUnitId: police.org_unit_id,
    summary: '载入演示重点人员',
  });
  return n;
}
