import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import { hashPassword } from '../auth/password.js';
import type { Db } from '../db/database.js';
import { bulkInsertEntries, findSchoolRecorders } from '../gate-log/gate-log.repository.js';
import { insertAssignment, insertOrgUnit } from '../org/org.repository.js';
import { bulkInsertBuildings } from '../sanfang/buildings.repository.js';
import { bulkInsertRegister } from '../sanfang/sanfang.repository.js';
import { insertSchoolWithAudit } from '../schools/schools.service.js';
import { insertDistrictWithAdmin } from '../setup/setup.service.js';
import { insertUser } from '../users/users.repository.js';
import { backdateDemoUnits, findDemoIssuers, insertDemoHazards, insertDemoNotices, setCounter } from './demo.repository.js';
import { DEMO_PASSWORD, demoAccounts } from './demo-accounts.js';
import { demoBuildings } from './demo-buildings.js';
import { DEMO_DISTRICT, demoDepartments, demoSchools, demoUnits, personName, seededRandom } from './demo-data.js';
import { type DemoSchoolRef, demoHazards } from './demo-hazards.js';
import type { DemoModulesSummary } from './demo-modules.js';
import { demoIssuers, demoNotices } from './demo-notices.js';
import { demoSanfang } from './demo-sanfang.js';

export type DemoSummary = {
  districtId: string;
  townships: number;
  schools: number;
  departments: number;
  users: number;
  hazards: number;
  notices: number;
  penalties: number;
  inspections?: number;
  education?: { sessions: number; trainings: number };
  modules?: DemoModulesSummary;
};

/**
 * Loads the demo district in one transaction: all of it or none of it. Tests leave out the
 * hazard history (`withHazards: false`) so that their own hazards are the only ones.
 */
export async function loadDemoDistrict(db: Db, options: { withHazards?: boolean } = {}): Promise<DemoSummary> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const admin = demoAccounts[0] as (typeof demoAccounts)[number];
    const { districtId } = await insertDistrictWithAdmin(trx, {
      districtName: DEMO_DISTRICT.name,
      districtCode: DEMO_DISTRICT.code,
      adminUsername: admin.username,
      adminName: admin.displayName,
      passwordHash,
    });
    const actor = systemActor(districtId, '演示数据');
    const unitIds = new Map<string, string>();
    const units = demoUnits();
    for (const [i, u] of units.entries()) {
      const row = await insertOrgUnit(trx, {
        district_id: districtId,
        parent_id: districtId,
        kind: u.kind,
        name: u.name,
        code: u.code,
        department_type: null,
        sort_order: i,
      });
      unitIds.set(u.code, row.id);
    }
    const deptIds = new Map<string, string>();
    for (const [i, d] of demoDepartments.entries()) {
      const row = await insertOrgUnit(trx, {
        district_id: districtId,
        parent_id: districtId,
        kind: 'department',
        name: d.name,
        code: d.code,
        department_type: d.type,
        sort_order: i,
      });
      deptIds.set(d.code, row.id);
    }
    const schools = demoSchools(units);
    const schoolIds: string[] = [];
    const schoolRefs: DemoSchoolRef[] = [];
    const sanfangSchools: Parameters<typeof demoSanfang>[1] = [];
    const ruralUnits = new Set(units.filter((u) => u.rural).map((u) => u.code));
    const schoolsByUnit = new Map<string, string[]>();
    for (const s of schools) {
      const { unitCode, ...input } = s;
      const dto = await insertSchoolWithAudit(trx, actor, { ...input, parentId: unitIds.get(unitCode) as string }, 'school.demo_create');
      schoolIds.push(dto.id);
      sanfangSchools.push({
        id: dto.id,
        schoolType: dto.schoolType,
        enrollment: dto.enrollment,
        boardingStudents: dto.boardingStudents,
        gateCount: dto.gateCount,
        rural: ruralUnits.has(unitCode),
      });
      schoolRefs.push({ id: dto.id, name: dto.name, code: dto.code, schoolOfficer: dto.safetyOfficerName });
      schoolsByUnit.set(unitCode, [...(schoolsByUnit.get(unitCode) ?? []), dto.id]);
    }
    // The district and its schools exist since the history begins (demo-hazards: up to 180 days back).
    await backdateDemoUnits(trx, districtId, new Date(Date.now() - 181 * 86_400_000));
    const userCount = await insertDemoUsers(trx, districtId, passwordHash, { unitIds, deptIds, schoolIds, schoolsByUnit, unitCodes: units.map((u) => u.code) });
    const register = demoSanfang(districtId, sanfangSchools);
    await bulkInsertRegister(trx, register);
    // 校舍, fire facilities and the last days' gate log (migration 0021).
    const buildings = demoBuildings(districtId, sanfangSchools, await findSchoolRecorders(trx, districtId));
    await bulkInsertBuildings(trx, buildings);
    await bulkInsertEntries(trx, buildings.gateLog);
    // After the users: the notices are issued by the demo's accounts.
    const history = options.withHazards === false ? { hazards: 0, notices: 0, penalties: 0 } : await insertHazardHistory(trx, districtId, schoolRefs, deptIds);
    const hazardCount = history.hazards;
    await appendAuditEvent(trx, actor, {
      action: 'demo.load',
      entityType: 'org_unit',
      entityId: districtId,
      orgUnitId: districtId,
      summary: `载入演示数据：${units.length} 个街道/教管中心，${schools.length} 所学校，${demoDepartments.length} 个部门，${userCount} 个用户，${hazardCount} 条隐患记录，${history.notices} 份整改通知书，${history.penalties} 份执法处罚书，三防台账 ${register.persons.length} 人、${register.devices.length} 项设施`,
    });
    return {
      districtId,
      townships: units.length,
      schools: schools.length,
      departments: demoDepartments.length,
      users: userCount,
      hazards: hazardCount,
      notices: history.notices,
      penalties: history.penalties,
    };
  });
}

/**
 * Half a year of hazard history (see demo-hazards.ts) with the notices and penalty decisions
 * issued on it (demo-notices.ts), the code and notice-number counters moved past it.
 */
async function insertHazardHistory(trx: Db, districtId: string, schools: DemoSchoolRef[], deptIds: Map<string, string>) {
  const departments = { traffic: deptIds.get('D-TRAFFIC') as string, urban: deptIds.get('D-URBAN') as string };
  const now = new Date();
  const { hazards, events, lastSeq } = demoHazards(districtId, schools, departments, now);
  const issued = demoNotices(districtId, hazards, events, demoIssuers(await findDemoIssuers(trx, districtId)), now);
  await insertDemoHazards(trx, hazards, events);
  await insertDemoNotices(trx, issued);
  const years = new Set(hazards.map((h) => h.code.slice(2, 6)));
  for (const year of years) await setCounter(trx, districtId, `hazard:${year}`, lastSeq);
  for (const [name, value] of issued.counters) await setCounter(trx, districtId, name, value);
  return { hazards: hazards.length, notices: issued.notices.length, penalties: issued.penalties.length };
}

type Places = { unitIds: Map<string, string>; deptIds: Map<string, string>; schoolIds: string[]; schoolsByUnit: Map<string, string[]>; unitCodes: string[] };

async function insertDemoUsers(trx: Db, districtId: string, passwordHash: string, p: Places): Promise<number> {
  const firstUnit = p.unitCodes[0] as string;
  const firstSchool = p.schoolIds[0] as string;
  const homes: Record<string, string> = {
    district_admin: districtId,
    commission_leader: districtId,
    responsible_inspector: districtId,
    department_officer: p.deptIds.get('D-MARKET') as string,
    centre_officer: p.unitIds.get(firstUnit) as string,
    police_officer: p.deptIds.get('D-PS01') as string,
    joint_inspector: p.deptIds.get('D-JOINT') as string,
    principal: firstSchool,
    school_safety_officer: firstSchool,
    staff: firstSchool,
  };
  // Department officers beyond the market regulator's: their own department, by username.
  const homesByUser: Record<string, string | undefined> = {
    culture_officer: p.deptIds.get('D-CULTURE'),
    housing_officer: p.deptIds.get('D-HOUSING'),
    water_officer: p.deptIds.get('D-WATER'),
  };
  const ids = new Map<string, string>();
  for (const a of demoAccounts.slice(1)) {
    const { id } = await insertUser(trx, {
      district_id: districtId,
      username: a.username,
      display_name: a.displayName,
      password_hash: passwordHash,
      role: a.role,
      org_unit_id: (homesByUser[a.username] ?? homes[a.role]) as string,
    });
    ids.set(a.username, id);
  }
  // 包片: the demo leader covers the first three units; 包校: 20 inspectors share all schools.
  for (const code of p.unitCodes.slice(0, 3)) {
    await insertAssignment(trx, {
      district_id: districtId,
      kind: 'leader_area',
      subject_id: ids.get('leader') as string,
      target_id: p.unitIds.get(code) as string,
    });
  }
  const rnd = seededRandom(99);
  const inspectors = [ids.get('inspector') as string];
  for (let i = 1; i < 20; i++) {
    const { id } = await insertUser(trx, {
      district_id: districtId,
      username: `inspector${String(i + 1).padStart(2, '0')}`,
      display_name: personName(rnd),
      password_hash: passwordHash,
      role: 'responsible_inspector',
      org_unit_id: districtId,
    });
    inspectors.push(id);
  }
  for (const [i, schoolId] of p.schoolIds.entries()) {
    const inspector = inspectors[Math.floor(i / Math.ceil(p.schoolIds.length / inspectors.length))] as string;
    await insertAssignment(trx, { district_id: districtId, kind: 'inspector_school', subject_id: inspector, target_id: schoolId });
  }
  // Precincts: the eight police stations split the units in order.
  const stations = [...p.deptIds.entries()].filter(([code]) => code.startsWith('D-PS')).map(([, id]) => id);
  for (const [i, code] of p.unitCodes.entries()) {
    const station = stations[Math.floor((i * stations.length) / p.unitCodes.length)] as string;
    for (const schoolId of p.schoolsByUnit.get(code) ?? []) {
      await insertAssignment(trx, { district_id: districtId, kind: 'precinct_school', subject_id: station, target_id: schoolId });
    }
  }
  return demoAccounts.length + inspectors.length - 1;
}
