import geodesic from 'geographiclib-geodesic';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { replaceGates } from '../surroundings/gates.repository.js';
import * as repo from '../surroundings/premises.repository.js';
import { computeNear } from '../surroundings/premises.service.js';
import { demoUserIds } from './demo-inspections.repository.js';

/**
 * A dozen premises around the demo school accounts' school and a primary school of its township,
 * placed at set distances and bearings (GeographicLib's Direct from the school's point, or from a
 * gate): some inside the 200 m or 50 m zone of their kind (flagged), some just outside, some of
 * kinds with no zone rule. The primary school has 南门 and 北门 on file, so its breaches name the
 * gate ("网吧距…南门 126 米"); the other school has none and is measured from its point.
 * Written through the same computation as a save; one audit event records the load.
 */
type Spec = { school: 0 | 1; typeCode: string; name: string; metres: number; azimuth: number; from?: string; dept?: string; licence?: string };
/** The second school's gates: name, metres and bearing from its point. */
const gateSpecs = [
  { name: '南门', metres: 70, azimuth: 180 },
  { name: '北门', metres: 90, azimuth: 0 },
];
const specs: Spec[] = [
  { school: 0, typeCode: 'tobacco_alcohol', name: '便民烟酒店', metres: 38, azimuth: 80, dept: 'D-MARKET', licence: '烟草专卖零售许可证 5001130012' },
  { school: 0, typeCode: 'game_hall', name: '星际电玩城', metres: 160, azimuth: 200, dept: 'D-CULTURE' },
  { school: 0, typeCode: 'rental', name: '龙洲湾 12 号出租屋', metres: 120, azimuth: 320, dept: 'D-PS01' },
  { school: 0, typeCode: 'street_vendor', name: '校门口流动摊贩（烧烤）', metres: 30, azimuth: 10, dept: 'D-URBAN' },
  { school: 0, typeCode: 'entertainment', name: '欢乐颂 KTV', metres: 212, azimuth: 140, dept: 'D-CULTURE' },
  {
    school: 1,
    typeCode: 'internet_cafe',
    name: '极速网咖',
    metres: 126,
    azimuth: 175,
    from: '南门',
    dept: 'D-CULTURE',
    licence: '网络文化经营许可证 渝网文〔2024〕0312',
  },
  { school: 1, typeCode: 'internet_cafe', name: '网鱼网咖', metres: 320, azimuth: 60, dept: 'D-CULTURE' },
  { school: 1, typeCode: 'lottery', name: '体彩投注站 5011', metres: 150, azimuth: 250, dept: 'D-MARKET' },
  { school: 1, typeCode: 'waste_station', name: '垃圾中转站', metres: 40, azimuth: 300, from: '北门', dept: 'D-URBAN' },
  { school: 1, typeCode: 'gas_station', name: '中石化加油站', metres: 230, azimuth: 20, from: '北门', dept: 'D-FIRE' },
  { school: 1, typeCode: 'construction_site', name: '滨江小区二期工地', metres: 180, azimuth: 110, dept: 'D-HOUSING' },
  { school: 1, typeCode: 'small_hotel', name: '如家小旅馆', metres: 90, azimuth: 350, dept: 'D-PS01' },
  { school: 1, typeCode: 'dangerous_water', name: '李家湾水库', metres: 450, azimuth: 220, dept: 'D-WATER' },
];

export async function loadDemoPremises(db: Db, pack: ResolvedPack, districtId: string): Promise<number> {
  const users = await demoUserIds(db, districtId);
  const schools = await repo.findSchoolPoints(db, districtId, null);
  const first = schools.find((s) => s.id === users.firstSchool);
  const second =
    schools.find((s) => s.id !== first?.id && s.parent_id === first?.parent_id && s.school_type === 'primary') ??
    schools.find((s) => s.school_type === 'primary');
  if (!first || !second) return 0;
  const depts = await repo.findDepartmentCodes(db, districtId);
  const deptId = (code?: string) => (code ? (depts.find((d) => d.code === code)?.id ?? null) : null);
  const wgs84 = geodesic.Geodesic.WGS84;
  const round = (x: number) => Math.round(x * 1e7) / 1e7;
  const gates = gateSpecs.map((g) => {
    const p = wgs84.Direct(Number(second.latitude), Number(second.longitude), g.azimuth, g.metres);
    return { name: g.name, isMain: g.name === '南门', latitude: round(p.lat2 as number), longitude: round(p.lon2 as number) };
  });
  await replaceGates(db, districtId, second.id, gates);
  let breaches = 0;
  const types = new Set(pack.surroundings.premiseTypes.map((t) => t.code));
  for (const s of specs.filter((x) => types.has(x.typeCode))) {
    const school = s.school === 0 ? first : second;
    const origin = gates.find((g) => g.name === s.from) ?? { latitude: Number(school.latitude), longitude: Number(school.longitude) };
    const p = wgs84.Direct(origin.latitude, origin.longitude, s.azimuth, s.metres);
    const latitude = Math.round((p.lat2 as number) * 1e7) / 1e7;
    const longitude = Math.round((p.lon2 as number) * 1e7) / 1e7;
    const id = await repo.insertPremise(db, {
      district_id: districtId,
      type_code: s.typeCode,
      name: s.name,
      address: `${school.name}附近`,
      latitude,
      longitude,
      licence_no: s.licence ?? '',
      department_unit_id: deptId(s.dept),
      licence_expiry: null,
      created_by: users.police,
      created_by_name: '演示数据',
      updated_by: users.police,
      updated_by_name: '演示数据',
    });
    const near = await computeNear(db, pack, districtId, { id, typeCode: s.typeCode, name: s.name, latitude, longitude, status: 'open' });
    await repo.replacePremiseSchools(db, districtId, id, near.rows);
    breaches += near.breaches.length;
  }
  await appendAuditEvent(db, systemActor(districtId, '演示数据'), {
    action: 'demo.premises',
    entityType: 'org_unit',
    entityId: districtId,
    orgUnitId: districtId,
    summary: `载入演示周边场所 ${specs.length} 个（${breaches} 处违反禁设规定）`,
  });
  return specs.length;
}
