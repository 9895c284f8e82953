import type { Insertable } from 'kysely';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { addMonths } from '../../domain/school-bus.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import type { BusCheckTable, WaterPatrolTable } from '../db/schema.js';
import * as premises from '../surroundings/premises.repository.js';
import { computeNear } from '../surroundings/premises.service.js';
import { personName, seededRandom } from './demo-data.js';
import { demoUserIds } from './demo-inspections.repository.js';
import * as demo from './demo-school-buses.repository.js';

/**
 * School buses and dangerous waters of the demo district: every school whose profile declares
 * buses gets its vehicles (one school in three keeps one fewer registered than its 校车数, so the
 * register shows the difference), each with a driver, an escort and a route; a few dates run out or
 * are due soon. The demo school account's school runs one bus with a driver's licence due and an
 * inspection overdue. Weekly studies over the last eight weeks (some missed), the monthly special
 * check by the centre or police over three months. The reservoir near the second demo school and a
 * river bank near the first get their signs, barriers and this season's patrols (with gaps).
 */
const models = ['宇通 ZK6609DX', '金龙 XMQ6601', '东风 EQ6580', '中通 LCK6660'];
const villages = ['石桥村', '新街', '杨家湾', '双河口', '竹林坝', '观音桥', '大石堡', '高峰村'];
type Rnd = ReturnType<typeof seededRandom>;
type Users = Awaited<ReturnType<typeof demoUserIds>>;
type Units = { centre: string; police: string };
const phone = (rnd: Rnd, prefix: string) => `${prefix}${String(rnd.int(10_000_000, 99_999_999))}`;

export async function loadDemoSchoolBuses(db: Db, pack: ResolvedPack, districtId: string, now = new Date()): Promise<number> {
  const today = shanghaiDay(now);
  const rnd = seededRandom(11_2026);
  const users = await demoUserIds(db, districtId);
  await demo.giveSchoolABus(db, districtId, users.firstSchool);
  const schools = await demo.findSchoolsWithBuses(db, districtId);
  let plateNo = 30000;
  let vehicles = 0;
  for (const [i, s] of schools.entries()) {
    const demoSchool = s.id === users.firstSchool;
    const count = !demoSchool && i % 3 === 2 ? s.bus_count - 1 : s.bus_count;
    for (let n = 0; n < count; n++) {
      const odd = rnd.next();
      const inspectedOn = demoSchool ? addDays(today, -190) : addDays(today, -rnd.int(10, odd < 0.06 ? 200 : 170));
      const licenceExpiry = odd > 0.95 ? addDays(today, rnd.int(3, 25)) : addDays(today, rnd.int(120, 900));
      const driverLicence = demoSchool ? addDays(today, 20) : rnd.next() < 0.05 ? addDays(today, -rnd.int(1, 20)) : addDays(today, rnd.int(200, 2000));
      const stops = [...new Set([rnd.pick(villages), rnd.pick(villages), rnd.pick(villages)])];
      const base = { district_id: districtId, school_id: s.id, position: 0 };
      plateNo++;
      await demo.insertDemoBus(
        db,
        {
          district_id: districtId,
          school_id: s.id,
          plate_no: `渝B${plateNo}`,
          seats: rnd.pick([19, 19, 24, 35]),
          model: rnd.pick(models),
          licence_no: `校车标牌 YJ${plateNo}`,
          licence_expiry: licenceExpiry,
          inspected_on: inspectedOn,
          created_by: users.schoolOfficer,
          created_by_name: '演示数据',
          updated_by: users.schoolOfficer,
          updated_by_name: '演示数据',
        },
        [
          {
            ...base,
            role: 'driver',
            name: personName(rnd),
            phone: phone(rnd, '139'),
            birth_date: addDays(today, -rnd.int(30, 56) * 365 - rnd.int(0, 300)),
            licence_no: `5001${rnd.int(10_000_000, 99_999_999)}`,
            licence_class: rnd.pick(['A1', 'A1', 'B1']),
            licence_expiry: driverLicence,
            licensed_since: addDays(today, -rnd.int(6, 25) * 365),
            checked_on: addDays(today, -rnd.int(20, 300)),
            check_passed: true,
          },
          { ...base, role: 'escort', name: personName(rnd), phone: phone(rnd, '138'), trained_on: addDays(today, -rnd.int(10, 120)) },
        ],
        { ...base, name: `${stops[0]}线`, stops: `${stops.join('—')}—${s.name}`, times: '07:10 / 16:40', student_count: rnd.int(10, 18) },
      );
      vehicles++;
    }
  }
  const units = { centre: await demo.unitOfUser(db, users.centreOfficer), police: await demo.unitOfUser(db, users.police) };
  const checks = await loadChecks(db, districtId, schools, users, units, today, rnd);
  const waters = await loadWaters(db, pack, districtId, users, units, today, rnd);
  await appendAuditEvent(db, systemActor(districtId, '演示数据'), {
    action: 'demo.school_buses',
    entityType: 'org_unit',
    entityId: districtId,
    orgUnitId: districtId,
    summary: `载入演示校车 ${vehicles} 辆（${schools.length} 所学校），校车专项检查和安全学习 ${checks} 条，危险水域 ${waters} 处`,
  });
  return vehicles;
}

async function loadChecks(
  db: Db,
  districtId: string,
  schools: { id: string; parent_id: string | null }[],
  users: Users,
  units: Units,
  today: string,
  rnd: Rnd,
) {
  const rows: Insertable<BusCheckTable>[] = [];
  for (const s of schools) {
    for (let w = 1; w <= 8; w++) {
      if (rnd.next() < 0.15) continue;
      rows.push({
        district_id: districtId,
        school_id: s.id,
        kind: 'weekly_study',
        checked_on: addDays(today, -7 * w + rnd.int(0, 3)),
        participants: '校车驾驶员、随车照管人员、保安',
        content: '学习《校车安全管理条例》、“五不出校”和雨雾天气行车要求',
        recorded_by: users.schoolOfficer,
        recorded_by_name: '学校安全干部',
        recorded_by_unit_id: s.id,
      });
    }
    for (let m = 1; m <= 3; m++) {
      if (rnd.next() < 0.2) continue;
      const byCentre = s.parent_id === units.centre || rnd.next() < 0.5;
      const problems = rnd.next() < 0.2;
      rows.push({
        district_id: districtId,
        school_id: s.id,
        kind: 'special_check',
        checked_on: addDays(addMonths(today, -m), -rnd.int(0, 8)),
        participants: byCentre ? '教管中心、派出所、交安办' : '派出所（交巡警）',
        content: '检查车辆证照和安全技术检验、驾驶人资格、照管人员在岗、核载和安全设施（逃生锤、灭火器、急救箱）',
        result: problems ? 'problems' : 'ok',
        findings: problems ? rnd.pick(['灭火器压力不足', '急救箱药品过期', '乘车名单未更新']) : '',
        recorded_by: byCentre ? users.centreOfficer : users.police,
        recorded_by_name: byCentre ? '教管中心' : '派出所',
        recorded_by_unit_id: byCentre ? units.centre : units.police,
      });
    }
  }
  const past = rows.filter((r) => r.checked_on <= today);
  await demo.insertChecks(db, past);
  return past.length;
}

async function loadWaters(db: Db, pack: ResolvedPack, districtId: string, users: Users, units: Units, today: string, rnd: Rnd) {
  const waterType = pack.surroundings.premiseTypes.find((t) => t.water)?.code;
  if (!waterType) return 0;
  const ids = await demo.findWaterPremiseIds(db, districtId, waterType);
  const first = (await premises.findSchoolPoints(db, districtId, [users.firstSchool]))[0];
  if (first) {
    const latitude = Number(first.latitude) + 0.0028;
    const longitude = Number(first.longitude) - 0.0012;
    const name = '龙洲湾河滩（长江岸段）';
    // Supervised by the district's water department (水利), so a breach can be handed over to it.
    const waterDept = (await premises.findDepartmentCodes(db, districtId)).find((d) => d.code === 'D-WATER')?.id ?? null;
    const id = await premises.insertPremise(db, {
      district_id: districtId,
      type_code: waterType,
      name,
      address: `${first.name}北侧滨江步道下`,
      latitude,
      longitude,
      licence_expiry: null,
      department_unit_id: waterDept,
      created_by: users.police,
      created_by_name: '演示数据',
      updated_by: users.police,
      updated_by_name: '演示数据',
    });
    const near = await computeNear(db, pack, districtId, { id, typeCode: waterType, name, latitude, longitude, status: 'open' });
    await premises.replacePremiseSchools(db, districtId, id, near.rows);
    ids.push(id);
  }
  const season = pack.surroundings.drowningSeason;
  const every = season?.patrol?.everyDays ?? 7;
  for (const [i, id] of ids.entries()) {
    const patrols: Insertable<WaterPatrolTable>[] = [];
    if (season) {
      // This year's season (or last year's while the new one has not begun), up to today.
      const year = Number(today.slice(0, 4));
      const start = `${today.slice(5) >= season.from ? year : year - 1}-${season.from}`;
      const seasonEnd = `${start.slice(0, 4)}-${season.to}`;
      const end = seasonEnd < today ? seasonEnd : today;
      for (let d = start; d <= end; d = addDays(d, rnd.int(3, every + (i === 0 ? 4 : 1)))) {
        const byCentre = rnd.next() < 0.5;
        const problem = rnd.next() < 0.15;
        patrols.push({
          district_id: districtId,
          premise_id: id,
          patrolled_on: d,
          time_of_day: rnd.pick(['12:30', '16:50', '17:40', '18:20']),
          patroller_name: `${byCentre ? '教管中心' : '派出所'} ${personName(rnd)}`,
          unit_id: byCentre ? units.centre : units.police,
          unit_name: byCentre ? '龙洲湾教管中心' : '龙洲湾派出所',
          findings: problem ? rnd.pick(['3 名学生在岸边玩水，已劝离并通知学校', '警示牌被风吹倒，已扶正', '护栏缺口处有钓鱼人员']) : '',
          problem,
          created_by: byCentre ? users.centreOfficer : users.police,
          created_by_name: '演示数据',
        });
      }
    }
    await demo.insertWater(
      db,
      {
        district_id: districtId,
        premise_id: id,
        sign_count: i === 0 ? 4 : 6,
        sign_condition: i === 0 ? 'damaged' : 'good',
        barrier: i === 0 ? 'partial' : 'none',
        barrier_note: i === 0 ? '大坝段有护栏，库尾 120 米无护栏' : '滨江步道下河滩开放，无法全段设护栏，设警示绳',
        responsible_name: personName(rnd),
        responsible_phone: phone(rnd, '137'),
        updated_by: users.police,
        updated_by_name: '演示数据',
      },
      patrols,
    );
  }
  return ids.length;
}
