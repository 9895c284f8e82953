import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import type { Role } from '../../src/domain/roles.js';
import { insertDemoPatrols } from '../../src/server/patrol/patrol.repository.js';
import { type Client, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';
import { inspectionBody } from '../support/inspection-helpers.js';

/**
 * For every role and every list/get endpoint: data inside and outside the user's scope exists,
 * and only the inside comes back. Expectations are written from the demo district's layout
 * (which units each demo account covers), not from the scope code.
 */
let t: TestApp;
let admin: Client;
const allSchools = new Map<string, string>(); // code -> id, demo district only
let otherDistrictSchoolId = '';
/** A submitted district spot check (区教委抽查) at each of these schools: inside and outside every scope. */
const inspectedCodes = ['YJT0101', 'YJT0114', 'YJT0201', 'YJT0301', 'YJT0401', 'YJC0501', 'SCOPE-IN', 'SCOPE-OUT'];
const inspectionIds = new Map<string, string>(); // school code -> inspection id
const patrolIds = new Map<string, string>(); // school code -> patrol log id (written directly: only schools record patrols)
/** A submitted drill at the same schools (only schools record drills: written directly here), and a draft at each. */
const drillIds = new Map<string, string>(); // school code -> drill id
const draftDrillIds = new Map<string, string>();
const educationIds = new Map<string, string>(); // school code -> education session id
const trainingIds = new Map<string, string>(); // school code -> staff training id
let premiseId = ''; // a premise of the demo district (周边场所)

const accounts: { username: string; role: Role; sees: (code: string) => boolean }[] = [
  { username: 'admin', role: 'district_admin', sees: (c) => c.startsWith('YJ') || c.startsWith('SCOPE') },
  { username: 'dept_officer', role: 'department_officer', sees: (c) => c.startsWith('YJ') || c.startsWith('SCOPE') },
  { username: 'joint_inspector', role: 'joint_inspector', sees: (c) => c.startsWith('YJ') || c.startsWith('SCOPE') },
  // 包片: the demo leader covers T01–T03, and sees schools added there later.
  { username: 'leader', role: 'commission_leader', sees: (c) => /^YJT0[123]/.test(c) || c === 'SCOPE-IN' },
  // 包校: the first 14 schools of the district, plus what is explicitly assigned.
  { username: 'inspector', role: 'responsible_inspector', sees: (c) => /^YJT01\d\d$/.test(c) && Number(c.slice(-2)) <= 14 },
  { username: 'centre_officer', role: 'centre_officer', sees: (c) => c.startsWith('YJT01') || c === 'SCOPE-IN' },
  // Precinct of 龙洲湾派出所: the schools of T01–T03 at demo load; new schools need assigning.
  { username: 'police', role: 'police_officer', sees: (c) => /^YJT0[123]/.test(c) },
  { username: 'principal', role: 'principal', sees: (c) => c === 'YJT0101' },
  { username: 'school_officer', role: 'school_safety_officer', sees: (c) => c === 'YJT0101' },
  { username: 'staff', role: 'staff', sees: (c) => c === 'YJT0101' },
];

async function listAllCodes(c: Client): Promise<string[]> {
  const codes: string[] = [];
  for (let page = 1; ; page++) {
    const res = await c.get(`/api/schools?pageSize=200&page=${page}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    codes.push(...body.items.map((s: { code: string }) => s.code));
    if (codes.length >= body.total) return codes;
  }
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const parents = (await admin.get('/api/org-units?kind=township&kind=centre')).json().items as { id: string; code: string }[];
  const parent = (code: string) => parents.find((p) => p.code === code)?.id;
  for (const [code, unit] of [
    ['SCOPE-IN', 'T01'],
    ['SCOPE-OUT', 'C05'],
  ] as const) {
    const res = await admin.post('/api/schools', { name: `范围测试${code}`, code, parentId: parent(unit), schoolType: 'primary' });
    expect(res.statusCode).toBe(201);
  }
  for (const code of await listAllCodes(admin)) allSchools.set(code, await idOfSchool(t.db, code));
  otherDistrictSchoolId = await idOfSchool(t.db, 'LCT0101');
  for (const code of inspectedCodes) {
    const res = await admin.post('/api/inspections', await inspectionBody(admin, allSchools.get(code) as string, 'sanfang', 'district'));
    expect(res.statusCode, res.body).toBe(201);
    inspectionIds.set(code, res.json().inspection.id);
    // A school document (an emergency plan) at the same schools, for listSchoolDocuments.
    const file = await admin.request({
      method: 'POST',
      url: `/api/attachments?purpose=school_document&schoolId=${allSchools.get(code)}&fileName=plan.pdf`,
      payload: Buffer.from('%PDF-1.4\n%%EOF\n'),
      headers: { 'content-type': 'application/pdf' },
    });
    expect(file.statusCode, file.body).toBe(201);
    const doc = await admin.post('/api/school-documents/versions', {
      schoolId: allSchools.get(code),
      typeCode: 'emergency_plan_general',
      title: `总体应急预案${code}`,
      versionDate: '2026-09-01',
      attachmentId: file.json().id,
    });
    expect(doc.statusCode, doc.body).toBe(201);
  }
  for (const code of inspectedCodes) {
    const schoolId = allSchools.get(code) as string;
    const unit = await t.db.selectFrom('org_unit').select('district_id').where('id', '=', schoolId).executeTakeFirstOrThrow();
    for (const status of ['submitted', 'draft'] as const) {
      const row = await t.db
        .insertInto('drill')
        .values({
          district_id: unit.district_id,
          client_id: crypto.randomUUID(),
          code: `YL-SCOPE-${code}-${status}`,
          school_id: schoolId,
          type_code: 'fire',
          type_label: '消防疏散演练',
          status,
          started_at: new Date('2026-11-20T02:00:00Z'),
          drilled_on: '2026-11-20',
          guidance: '[]',
          buildings: '[]',
          submitted_at: status === 'submitted' ? new Date('2026-11-20T03:00:00Z') : null,
          created_by: crypto.randomUUID(),
          created_by_name: '范围测试',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      (status === 'submitted' ? drillIds : draftDrillIds).set(code, row.id);
    }
  }
  // Sessions and trainings are recorded by the school itself; only YJT0101 has demo accounts, so the rows go in directly.
  const districtId = (
    await t.db
      .selectFrom('org_unit')
      .select('district_id')
      .where('id', '=', allSchools.get('YJT0101') as string)
      .executeTakeFirstOrThrow()
  ).district_id;
  const by = { created_by: await idOfUser(t.db, 'admin'), created_by_name: '范围测试' };
  for (const code of inspectedCodes) {
    const school_id = allSchools.get(code) as string;
    const common = { district_id: districtId, client_id: randomUUID(), school_id, hours: 1, ...by };
    const e = await t.db
      .insertInto('education_session')
      .values({
        ...common,
        held_on: '2026-11-02',
        audience_kind: 'school',
        audiences: ['school'],
        topic: 'fire',
        speaker_name: '张老师',
        speaker_type: 'teacher',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    educationIds.set(code, e.id);
    const tr = await t.db
      .insertInto('staff_training')
      .values({ ...common, client_id: randomUUID(), trained_on: '2026-11-02', kind: 'fire', trainer: '消防队', attendee_count: 10, staff_base: 50 })
      .returning('id')
      .executeTakeFirstOrThrow();
    trainingIds.set(code, tr.id);
  }
  const patrolDistrictId = (await admin.get('/api/auth/me')).json().districtId;
  const rows = inspectedCodes.map((code, i) => ({
    district_id: patrolDistrictId,
    client_id: randomUUID(),
    code: `XCSCOPE${i}`,
    school_id: allSchools.get(code) as string,
    route: 'key_places',
    patrolled_at: new Date(),
    patrol_day: shanghaiDay(new Date()),
    points: '[]',
    patrollers: '["门卫"]',
    note: '',
    finding_count: 0,
    content_hash: 'scope',
    created_by: '00000000-0000-0000-0000-000000000000',
    created_by_name: '门卫',
  }));
  await insertDemoPatrols(t.db, rows);
  const ids = await t.db.selectFrom('patrol_log').select(['id', 'code']).where('code', 'like', 'XCSCOPE%').execute();
  for (const r of ids) patrolIds.set(inspectedCodes[Number(r.code.slice(7))] as string, r.id);
  const premise = await admin.post('/api/premises', { typeCode: 'game_hall', name: '范围测试游戏厅', latitude: 29.5, longitude: 106.5 });
  expect(premise.statusCode, premise.body).toBe(201);
  premiseId = premise.json().premise.id;
});
afterAll(() => t.close());

describe.each(accounts)('$role ($username)', ({ username, role, sees }) => {
  let c: Client;
  const expected = () => [...allSchools.keys()].filter(sees).sort();
  beforeAll(async () => {
    c = await t.login(username);
  });

  it('listPatrolLogs, getPatrolLog and getDutyRoster return only schools in scope', async () => {
    const listed = (await c.get('/api/patrol-logs?pageSize=200')).json().items.filter((i: { code: string }) => i.code.startsWith('XCSCOPE'));
    const byId = new Map([...patrolIds].map(([code, id]) => [id, code]));
    expect(listed.map((i: { id: string }) => byId.get(i.id)).sort()).toEqual(inspectedCodes.filter(sees).sort());
    const day = shanghaiDay(new Date());
    for (const [code, id] of patrolIds) {
      expect((await c.get(`/api/patrol-logs/${id}`)).statusCode, `${username} → ${code}`).toBe(sees(code) ? 200 : 404);
      const roster = await c.get(`/api/duty-roster?schoolId=${allSchools.get(code)}&from=${day}&to=${day}`);
      expect(roster.statusCode, `${username} → roster ${code}`).toBe(sees(code) ? 200 : 404);
    }
  });

  it('getSchoolBuildings answers inside the scope; the gate log summary lists exactly the schools in scope, entries only to the own school', async () => {
    for (const code of inspectedCodes) {
      const id = allSchools.get(code) as string;
      expect((await c.get(`/api/sanfang/schools/${id}/buildings`)).statusCode, `${username} → buildings ${code}`).toBe(sees(code) ? 200 : 404);
      const own = ['principal', 'school_safety_officer', 'staff'].includes(role) && sees(code);
      expect((await c.get(`/api/gate-log?schoolId=${id}`)).statusCode, `${username} → gate log ${code}`).toBe(own ? 200 : sees(code) ? 403 : 404);
    }
    const listed = (await c.get('/api/gate-log/summary')).json().schools.map((r: { code: string }) => r.code);
    expect(listed.filter((x: string) => allSchools.has(x)).sort()).toEqual(expected());
  });

  it('listPremises: every role above the school reads the district’s premises; school roles only their school’s getSchoolSurroundings', async () => {
    const schoolRole = ['principal', 'school_safety_officer', 'staff'].includes(role);
    const list = await c.get('/api/premises?pageSize=200');
    expect(list.statusCode, username).toBe(schoolRole ? 403 : 200);
    if (!schoolRole) expect(list.json().items.map((i: { id: string }) => i.id)).toContain(premiseId);
    expect((await c.get(`/api/premises/${premiseId}`)).statusCode).toBe(schoolRole ? 403 : 200);
    for (const code of inspectedCodes) {
      const res = await c.get(`/api/schools/${allSchools.get(code)}/surroundings`);
      expect(res.statusCode, `${username} → surroundings ${code}`).toBe(sees(code) ? 200 : 404);
    }
  });

  it('listSchools returns exactly the schools in scope', async () => {
    const codes = (await listAllCodes(c)).sort();
    expect(codes).toEqual(expected());
    expect(codes.length).toBeGreaterThan(0);
  });

  it('getSchool answers inside the scope and 404 outside it', async () => {
    for (const [code, id] of allSchools) {
      const res = await c.get(`/api/schools/${id}`);
      expect(res.statusCode, `${username} → ${code}`).toBe(sees(code) ? 200 : 404);
    }
    expect((await c.get(`/api/schools/${otherDistrictSchoolId}`)).statusCode).toBe(404);
  });

  it('exportSchools holds exactly the schools in scope', async () => {
    const res = await c.get('/api/schools/export');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const codes: string[] = [];
    wb.worksheets[0]?.eachRow((row, n) => {
      if (n > 1) codes.push(String(row.getCell(1).value));
    });
    expect(codes.sort()).toEqual(expected());
  });

  it('listResponsibilityLetters lists exactly the schools in scope; getSchoolResponsibilityLetters 404 outside', async () => {
    const codeOf = new Map([...allSchools].map(([code, id]) => [id, code]));
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const res = await c.get(`/api/responsibility-letters?pageSize=200&page=${page}`);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items.map((i: { schoolId: string }) => codeOf.get(i.schoolId) ?? i.schoolId));
      if (seen.length >= res.json().total) break;
    }
    expect(seen.sort()).toEqual(expected());
    for (const code of ['YJT0101', 'YJC0501']) {
      const res = await c.get(`/api/schools/${allSchools.get(code)}/responsibility-letters`);
      expect(res.statusCode, `${username} → ${code}`).toBe(sees(code) ? 200 : 404);
    }
    expect((await c.get(`/api/schools/${otherDistrictSchoolId}/responsibility-letters`)).statusCode).toBe(404);
  });

  it('listSchoolDocuments shows only the documents of schools in scope', async () => {
    const res = await c.get('/api/school-documents?pageSize=200');
    expect(res.statusCode, res.body).toBe(200);
    const titles = res
      .json()
      .items.map((d: { title: string }) => d.title.replace('总体应急预案', ''))
      .sort();
    expect(titles).toEqual(inspectedCodes.filter(sees).sort());
  });

  it('listOrgUnits shows only schools in scope', async () => {
    const res = await c.get('/api/org-units');
    expect(res.statusCode).toBe(200);
    const schoolCodes = res
      .json()
      .items.filter((u: { kind: string }) => u.kind === 'school')
      .map((u: { code: string }) => u.code);
    expect(schoolCodes.sort()).toEqual(expected());
    expect(res.json().items.some((u: { code: string }) => u.code === 'LCT0101')).toBe(false);
  });

  it('listAssignments shows only assignments of schools and areas in scope', async () => {
    const res = await c.get('/api/assignments');
    expect(res.statusCode).toBe(200);
    const visibleIds = new Set([...allSchools].filter(([code]) => sees(code)).map(([, id]) => id));
    for (const a of res.json().items as { kind: string; targetId: string }[]) {
      if (a.kind !== 'leader_area') expect(visibleIds.has(a.targetId)).toBe(true);
    }
  });

  it('listUsers and listAuditEvents stay within what the role administers', async () => {
    const users = await c.get('/api/users?pageSize=200');
    const audit = await c.get('/api/audit-events?pageSize=200');
    if (role === 'district_admin') {
      expect(users.statusCode).toBe(200);
      expect(users.json().items.some((u: { username: string }) => u.username === 'other_admin')).toBe(false);
      expect(audit.statusCode).toBe(200);
      return;
    }
    if (role === 'centre_officer' || role === 'principal') {
      expect(users.statusCode).toBe(200);
      const names = users
        .json()
        .items.map((u: { username: string }) => u.username)
        .sort();
      expect(names).toEqual(role === 'principal' ? ['principal', 'school_officer', 'staff'] : ['centre_officer', 'principal', 'school_officer', 'staff']);
      expect(audit.statusCode).toBe(200);
      const ids = new Set([...allSchools].filter(([code]) => sees(code)).map(([, id]) => id));
      const home = (await c.get('/api/auth/me')).json().orgUnitId;
      for (const e of audit.json().items as { orgUnitId: string | null }[]) expect(e.orgUnitId === home || ids.has(e.orgUnitId ?? '')).toBe(true);
      return;
    }
    expect(users.statusCode).toBe(403);
    expect(audit.statusCode).toBe(403);
  });

  it('listInspections and getInspection answer only for schools in scope', async () => {
    const listed = (await c.get('/api/inspections?pageSize=200&level=district')).json().items.map((i: { schoolCode: string }) => i.schoolCode);
    expect(listed.sort()).toEqual(inspectedCodes.filter(sees).sort());
    for (const [code, id] of inspectionIds) expect((await c.get(`/api/inspections/${id}`)).statusCode, `${username} → ${code}`).toBe(sees(code) ? 200 : 404);
  });

  it('listDrills, getDrill and exportDrills answer only for schools in scope; drafts only for the school itself', async () => {
    const ownSchool = role === 'principal' || role === 'school_safety_officer' || role === 'staff';
    const listed = (await c.get('/api/drills?pageSize=200&from=2026-11-20&to=2026-11-20')).json().items as { schoolCode: string; code: string }[];
    const expectedCodes = inspectedCodes.filter(sees).flatMap((code) => [`YL-SCOPE-${code}-submitted`, ...(ownSchool ? [`YL-SCOPE-${code}-draft`] : [])]);
    expect(listed.map((d) => d.code).sort()).toEqual(expectedCodes.sort());
    for (const [code, id] of drillIds) expect((await c.get(`/api/drills/${id}`)).statusCode, `${username} → ${code}`).toBe(sees(code) ? 200 : 404);
    for (const [code, id] of draftDrillIds)
      expect((await c.get(`/api/drills/${id}`)).statusCode, `${username} → draft ${code}`).toBe(sees(code) && ownSchool ? 200 : 404);
    const res = await c.get('/api/drills/export?from=2026-11-20&to=2026-11-20&status=submitted');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const codes: string[] = [];
    wb.worksheets[0]?.eachRow((row, n) => {
      if (n > 1) codes.push(String(row.getCell(1).value));
    });
    expect(codes.sort()).toEqual(
      inspectedCodes
        .filter(sees)
        .map((code) => `YL-SCOPE-${code}-submitted`)
        .sort(),
    );
  });

  it('getCoverage rows and listObligations cover exactly the schools in scope', async () => {
    for (const view of ['month', 'week']) {
      const res = await c.get(`/api/coverage?view=${view}`);
      expect(res.statusCode).toBe(200);
      expect(
        res
          .json()
          .rows.map((r: { school: { code: string } }) => r.school.code)
          .sort(),
      ).toEqual(expected());
    }
    const month = (await c.get('/api/coverage?view=month')).json();
    const done = month.rows
      .filter((r: { cells: { status: string }[] }) => r.cells.at(-1)?.status === 'done')
      .map((r: { school: { code: string } }) => r.school.code);
    expect(done.sort()).toEqual(inspectedCodes.filter(sees).sort());
    const obligations = (await c.get('/api/obligations')).json();
    const monthly = obligations.items.find((i: { obligation: { code: string } }) => i.obligation.code === 'monthly_supervision');
    expect(monthly.current).toMatchObject({ schools: expected().length, done: inspectedCodes.filter(sees).length });
    // A duty of another kind (a drill, no records module yet) covers the same schools.
    const drill = (await c.get('/api/coverage?view=month&obligation=all_hands_drill')).json();
    expect(drill.rows.map((r: { school: { code: string } }) => r.school.code).sort()).toEqual(expected());
  });

  it('getComplianceCalendar answers for schools in scope and 404 outside it', async () => {
    for (const code of inspectedCodes) {
      const res = await c.get(`/api/schools/${allSchools.get(code)}/compliance-calendar?range=month`);
      expect(res.statusCode, `${username} → ${code}`).toBe(sees(code) ? 200 : 404);
    }
    expect((await c.get(`/api/schools/${otherDistrictSchoolId}/compliance-calendar`)).statusCode).toBe(404);
  });

  it('device checks: the grid, devices, rates, alarm drills and device histories answer only for schools in scope', async () => {
    const inScope = new Set(expected().map((code) => allSchools.get(code)));
    const grid = await c.get('/api/sanfang/device-checks');
    expect(grid.statusCode, grid.body).toBe(200);
    expect(grid.json().schools.every((s: { id: string }) => inScope.has(s.id))).toBe(true);
    const devices = (await c.get('/api/sanfang/devices')).json().items as { schoolId: string }[];
    expect(devices.every((d) => inScope.has(d.schoolId))).toBe(true);
    const rates = (await c.get('/api/sanfang/device-checks/rates')).json();
    expect(rates.schools.every((s: { schoolId: string }) => inScope.has(s.schoolId))).toBe(true);
    expect((await c.get('/api/sanfang/alarm-drills')).json().items.every((d: { schoolId: string }) => inScope.has(d.schoolId))).toBe(true);
    for (const code of inspectedCodes) {
      const dev = await t.db
        .selectFrom('sanfang_device')
        .select('id')
        .where('school_id', '=', allSchools.get(code) as string)
        .where('kind', '=', 'alarm')
        .executeTakeFirst();
      if (!dev) continue;
      expect((await c.get(`/api/sanfang/devices/${dev.id}/history`)).statusCode, `${username} → device of ${code}`).toBe(sees(code) ? 200 : 404);
    }
  });

  it('education sessions and trainings: lists and gets answer only for schools in scope', async () => {
    const names = (items: { schoolId: string }[]) => items.map((i) => [...allSchools].find(([, id]) => id === i.schoolId)?.[0]).sort();
    expect(names((await c.get('/api/education-sessions?pageSize=200')).json().items)).toEqual(inspectedCodes.filter(sees).sort());
    expect(names((await c.get('/api/trainings?pageSize=200')).json().items)).toEqual(inspectedCodes.filter(sees).sort());
    for (const [code, id] of educationIds)
      expect((await c.get(`/api/education-sessions/${id}`)).statusCode, `${username} → ${code}`).toBe(sees(code) ? 200 : 404);
    for (const [code, id] of trainingIds) expect((await c.get(`/api/trainings/${id}`)).statusCode, `${username} → ${code}`).toBe(sees(code) ? 200 : 404);
  });

  it('getCurrentUser describes this user and nobody else', async () => {
    const me = (await c.get('/api/auth/me')).json();
    expect(me).toMatchObject({ username, role });
    expect(me.scope.allSchools).toBe(['district_admin', 'department_officer', 'joint_inspector'].includes(role));
  });
});

describe('the other district', () => {
  it('sees only its own school and none of the demo district', async () => {
    const c = await t.login('other_admin');
    expect(await listAllCodes(c)).toEqual(['LCT0101']);
    const demoSchool = allSchools.get('YJT0101') as string;
    expect((await c.get(`/api/schools/${demoSchool}`)).statusCode).toBe(404);
    expect((await c.patch(`/api/schools/${demoSchool}`, { phone: '110' })).statusCode).toBe(404);
    const units = (await c.get('/api/org-units')).json().items as { code: string }[];
    expect(units.every((u) => ['LC', 'T01', 'LCT0101'].includes(u.code))).toBe(true);
    expect((await c.get(`/api/inspections/${inspectionIds.get('YJT0101')}`)).statusCode).toBe(404);
    expect((await c.get(`/api/drills/${drillIds.get('YJT0101')}`)).statusCode).toBe(404);
    expect((await c.get('/api/drills')).json().total).toBe(0);
    expect((await c.get(`/api/education-sessions/${educationIds.get('YJT0101')}`)).statusCode).toBe(404);
    expect((await c.get(`/api/trainings/${trainingIds.get('YJT0101')}`)).statusCode).toBe(404);
    expect((await c.get('/api/education-sessions')).json().total).toBe(0);
    expect((await c.get(`/api/patrol-logs/${patrolIds.get('YJT0101')}`)).statusCode).toBe(404);
    expect((await c.get('/api/patrol-logs')).json().total).toBe(0);
    expect((await c.get('/api/premises')).json().total).toBe(0);
    expect((await c.get(`/api/premises/${premiseId}`)).statusCode).toBe(404);
    expect((await c.get(`/api/schools/${demoSchool}/surroundings`)).statusCode).toBe(404);
    expect((await c.get('/api/coverage')).json().rows.map((r: { school: { code: string } }) => r.school.code)).toEqual(['LCT0101']);
  });
});

describe('explicit assignment widens an inspector scope', () => {
  it('an inspector sees a school once assigned and loses it when removed', async () => {
    const outId = allSchools.get('SCOPE-OUT') as string;
    const inspector = await t.login('inspector');
    expect((await inspector.get(`/api/schools/${outId}`)).statusCode).toBe(404);
    const me = (await inspector.get('/api/auth/me')).json();
    const created = await admin.post('/api/assignments', { kind: 'inspector_school', subjectId: me.id, targetId: outId });
    expect(created.statusCode).toBe(201);
    expect((await inspector.get(`/api/schools/${outId}`)).statusCode).toBe(200);
    expect((await admin.delete(`/api/assignments/${created.json().id}`)).statusCode).toBe(204);
    expect((await inspector.get(`/api/schools/${outId}`)).statusCode).toBe(404);
  });
});
