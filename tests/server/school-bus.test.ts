import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * School buses (issue 11): validation, who writes (the school its register and weekly study; the
 * centre, police and district the monthly special check), scope (another school, another district),
 * flags computed from today's date, a flag turned into an assessed hazard once, the duties on the
 * compliance calendar, the Excel register, the workbench to-do and the one-school file panel.
 */
let t: TestApp;
let admin: Client, principal: Client, staff: Client, police: Client, centre: Client, inspector: Client, other: Client;
let school = ''; // YJT0101: the principal's school (龙洲湾)
let farSchool = ''; // YJT0201: another township
let otherDistrictSchool = '';
const today = shanghaiDay(new Date());
const plate = () => `渝A${Math.floor(10000 + Math.random() * 89999)}`;

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}

const driver = (over: Record<string, unknown> = {}) => ({
  name: '张师傅',
  phone: '13800000001',
  birthDate: addDays(today, -40 * 366),
  licenceNo: '500101198001011234',
  licenceClass: 'A1',
  licenceExpiry: addDays(today, 400),
  licensedSince: addDays(today, -10 * 366),
  checkedOn: addDays(today, -30),
  checkPassed: true,
  ...over,
});
const bus = (over: Record<string, unknown> = {}) => ({
  schoolId: school,
  plateNo: plate(),
  seats: 19,
  model: '宇通 ZK6609DX',
  licenceNo: 'XC-2026-001',
  licenceExpiry: addDays(today, 300),
  inspectedOn: addDays(today, -20),
  drivers: [driver()],
  escorts: [{ name: '李老师', phone: '13800000002', trainedOn: addDays(today, -60) }],
  routes: [{ name: '早班线', stops: '学校—石桥村—新街', times: '07:10', studentCount: 15, otherSchoolIds: [] }],
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, staff, police, centre, inspector, other] = await t.loginAll([
    'admin',
    'principal',
    'staff',
    'police',
    'centre_officer',
    'inspector',
    'other_admin',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  farSchool = await idOfSchool(t.db, 'YJT0201');
  otherDistrictSchool = await idOfSchool(t.db, 'LCT0101');
  // The bus duties apply to schools with buses in their profile.
  expect((await admin.patch(`/api/schools/${school}`, { busCount: 2 })).statusCode).toBe(200);
});
afterAll(() => t.close());

describe('school bus register', () => {
  it('refuses bad input with 400 and a Chinese message', async () => {
    const bad = [
      bus({ seats: 0 }),
      bus({ plateNo: '' }),
      bus({ licenceExpiry: '2026-02-30' }),
      bus({ inspectedOn: '1800-01-01' }),
      bus({ extra: 1 }),
      bus({ schoolId: 'nope' }),
      bus({ drivers: [driver({ name: '' })] }),
      bus({ drivers: [driver({ checkPassed: 'yes' })] }),
      bus({ routes: [{ name: '线', studentCount: -1 }] }),
      bus({ routes: [{ name: '线', studentCount: 1, otherSchoolIds: ['x'] }] }),
      bus({ status: 'scrapped' }),
    ];
    for (const b of bad) {
      const res = await principal.post('/api/school-buses', b);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expectError(await principal.get('/api/school-buses?flagged=maybe'), 400, 'VALIDATION_FAILED');
    expectError(await principal.get('/api/school-buses?schoolId=1'), 400, 'VALIDATION_FAILED');
    // A route may serve other schools of the district only.
    expectError(
      await principal.post('/api/school-buses', bus({ routes: [{ name: '线', studentCount: 1, otherSchoolIds: [otherDistrictSchool] }] })),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('lets the school register its bus whole (drivers, escorts, routes), audited; others may not', async () => {
    const body = bus();
    const res = await principal.post('/api/school-buses', body);
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json().bus;
    expect(b).toMatchObject({ schoolId: school, plateNo: body.plateNo, seats: 19, status: 'in_service', canEdit: true, flags: [] });
    expect(b.drivers[0]).toMatchObject({ name: '张师傅', licenceClass: 'A1' });
    expect(b.escorts).toHaveLength(1);
    expect(b.routes[0]).toMatchObject({ name: '早班线', studentCount: 15 });
    const audit = await auditEventsFor(t.db, b.id);
    expect(audit.map((a) => a.action)).toEqual(['school_bus.create']);

    expectError(await staff.post('/api/school-buses', bus()), 403, 'FORBIDDEN');
    expectError(await centre.post('/api/school-buses', bus()), 403, 'FORBIDDEN');
    expectError(await admin.post('/api/school-buses', bus()), 403, 'FORBIDDEN');
    expectError(await principal.post('/api/school-buses', bus({ schoolId: farSchool })), 404, 'NOT_FOUND');
    expectError(await other.post('/api/school-buses', bus()), 404, 'NOT_FOUND');
    // The same plate twice in service is a conflict, not a 500.
    expectError(await principal.post('/api/school-buses', bus({ plateNo: body.plateNo })), 409, 'CONFLICT');
  });

  it('updates with the version; a stale version is a conflict; the school cannot be changed', async () => {
    const b = (await principal.post('/api/school-buses', bus())).json().bus;
    const { id, version } = b;
    const next = { ...bus({ plateNo: b.plateNo, seats: 33 }), version };
    const res = await principal.put(`/api/school-buses/${id}`, next);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().bus).toMatchObject({ seats: 33, version: version + 1 });
    expectError(await principal.put(`/api/school-buses/${id}`, next), 409, 'CONFLICT');
    expectError(await principal.put(`/api/school-buses/${id}`, { ...next, version: version + 1, schoolId: farSchool }), 400, 'VALIDATION_FAILED');
    expectError(await centre.put(`/api/school-buses/${id}`, { ...next, version: version + 1 }), 403, 'FORBIDDEN');
    expectError(await other.put(`/api/school-buses/${id}`, { ...next, version: version + 1 }), 404, 'NOT_FOUND');
    const audit = await auditEventsFor(t.db, id);
    expect(audit.map((a) => a.action).sort()).toEqual(['school_bus.create', 'school_bus.update']);
  });

  it('flags expired and due dates, a driver outside the age band, no escort and overloading; shows 校车数 next to the register', async () => {
    const res = await principal.post(
      '/api/school-buses',
      bus({
        seats: 10,
        licenceExpiry: addDays(today, -1),
        inspectedOn: addDays(today, -400),
        escorts: [],
        drivers: [driver({ licenceExpiry: addDays(today, 10), birthDate: addDays(today, -62 * 366) })],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const flags = res.json().bus.flags as { code: string; severity: string; canRaise: boolean; message: string }[];
    const by = (code: string) => flags.find((f) => f.code === code);
    expect(by('licence')).toMatchObject({ severity: 'expired', canRaise: true });
    expect(by('inspection')).toMatchObject({ severity: 'expired' });
    expect(by('escort_missing')).toMatchObject({ severity: 'invalid' });
    expect(by('over_capacity')?.message).toContain('超过核载 10 人');
    expect(by('driver_licence')).toMatchObject({ severity: 'due', canRaise: false });
    expect(by('driver_age')?.message).toContain('不在 25～60 周岁之间');

    const list = (await centre.get(`/api/school-buses?schoolId=${school}`)).json();
    expect(list.items.every((b: { schoolId: string }) => b.schoolId === school)).toBe(true);
    const row = list.schools.find((s: { schoolId: string }) => s.schoolId === school);
    expect(row).toMatchObject({ busCount: 2, registered: list.items.length });
    expect(row.mismatch).toBe(list.items.length !== 2);
    const flagged = (await principal.get('/api/school-buses?flagged=true')).json();
    expect(flagged.items.every((b: { flags: unknown[] }) => b.flags.length > 0)).toBe(true);
    expect(flagged.items.length).toBeGreaterThan(0);
  });

  it('keeps reads in scope: another township, another district, a school outside the precinct', async () => {
    const own = (await principal.post('/api/school-buses', bus())).json().bus;
    expect((await inspector.get(`/api/school-buses/${own.id}`)).statusCode).toBe(200); // the school's 包校 inspector
    expectError(await other.get(`/api/school-buses/${own.id}`), 404, 'NOT_FOUND');
    expectError(await other.get(`/api/schools/${school}/school-buses`), 404, 'NOT_FOUND');
    expect((await other.get('/api/school-buses')).json().items).toEqual([]);
    expectError(await principal.get(`/api/schools/${farSchool}/school-buses`), 404, 'NOT_FOUND');
    expectError(await principal.get(`/api/school-bus-checks?schoolId=${farSchool}`), 404, 'NOT_FOUND');
    const staffList = (await staff.get('/api/school-buses')).json();
    expect(staffList.items.every((b: { schoolId: string; canEdit: boolean }) => b.schoolId === school && !b.canEdit)).toBe(true);
    const s = (await principal.get(`/api/schools/${school}/school-buses`)).json();
    expect(s).toMatchObject({ schoolId: school, busCount: 2, canCreate: true });
  });

  it('turns an expired item into an assessed hazard for the school once; a due item stays a reminder', async () => {
    const b = (
      await principal.post('/api/school-buses', bus({ licenceExpiry: addDays(today, -3), drivers: [driver({ licenceExpiry: addDays(today, 5) })] }))
    ).json().bus;
    const expired = b.flags.find((f: { code: string }) => f.code === 'licence');
    const due = b.flags.find((f: { code: string }) => f.code === 'driver_licence');
    expectError(await staff.post(`/api/school-buses/${b.id}/hazards`, { flagKey: expired.key }), 403, 'FORBIDDEN');
    expectError(await principal.post(`/api/school-buses/${b.id}/hazards`, { flagKey: due.key }), 409, 'CONFLICT');
    expectError(await principal.post(`/api/school-buses/${b.id}/hazards`, { flagKey: 'vehicle:x:nothing' }), 409, 'CONFLICT');
    expectError(await principal.post(`/api/school-buses/${b.id}/hazards`, { flagKey: '' }), 400, 'VALIDATION_FAILED');
    expectError(await other.post(`/api/school-buses/${b.id}/hazards`, { flagKey: expired.key }), 404, 'NOT_FOUND');
    const res = await principal.post(`/api/school-buses/${b.id}/hazards`, { flagKey: expired.key });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().assessed).toBe(true);
    expect(res.json().hazard).toMatchObject({ state: 'assessed', level: 'general', category: 'school_bus', schoolId: school, source: 'school_self' });
    expectError(await principal.post(`/api/school-buses/${b.id}/hazards`, { flagKey: expired.key }), 409, 'CONFLICT');
    const again = (await principal.get(`/api/school-buses/${b.id}`)).json().bus.flags.find((f: { code: string }) => f.code === 'licence');
    expect(again.openHazard.code).toBe(res.json().hazard.code);
    const audit = await auditEventsFor(t.db, b.id);
    expect(audit.map((a) => a.action)).toContain('school_bus.flag_hazard');
  });
});

describe('special checks and weekly study (duties)', () => {
  const check = (over: Record<string, unknown> = {}) => ({
    schoolId: school,
    kind: 'special_check',
    checkedOn: today,
    participants: '龙洲湾教管中心、龙洲湾派出所',
    content: '查车辆证照、驾驶人资格、照管人员、“五不出校”',
    result: 'ok',
    ...over,
  });

  it('refuses bad input', async () => {
    expectError(await centre.post('/api/school-bus-checks', check({ kind: 'monthly' })), 400, 'VALIDATION_FAILED');
    expectError(await centre.post('/api/school-bus-checks', check({ checkedOn: '2026-13-01' })), 400, 'VALIDATION_FAILED');
    expectError(await centre.post('/api/school-bus-checks', check({ participants: '' })), 400, 'VALIDATION_FAILED');
    expectError(await centre.post('/api/school-bus-checks', check({ result: 'problems', findings: '' })), 400, 'VALIDATION_FAILED');
    expectError(await centre.post('/api/school-bus-checks', check({ checkedOn: addDays(today, 2) })), 400, 'VALIDATION_FAILED');
    expectError(await centre.get('/api/school-bus-checks?kind=x'), 400, 'VALIDATION_FAILED');
  });

  it('lets the centre, police and district record the special check, the school only its weekly study', async () => {
    expect((await centre.post('/api/school-bus-checks', check())).statusCode).toBe(201);
    expect((await police.post('/api/school-bus-checks', check({ result: 'problems', findings: '灭火器过期' }))).statusCode).toBe(201);
    expect((await admin.post('/api/school-bus-checks', check())).statusCode).toBe(201);
    expectError(await principal.post('/api/school-bus-checks', check()), 403, 'FORBIDDEN');
    expectError(await centre.post('/api/school-bus-checks', check({ kind: 'weekly_study' })), 403, 'FORBIDDEN');
    expectError(await staff.post('/api/school-bus-checks', check({ kind: 'weekly_study' })), 403, 'FORBIDDEN');
    expectError(await inspector.post('/api/school-bus-checks', check()), 403, 'FORBIDDEN');
    expectError(await centre.post('/api/school-bus-checks', check({ schoolId: farSchool })), 404, 'NOT_FOUND');
    expectError(await police.post('/api/school-bus-checks', check({ schoolId: otherDistrictSchool })), 404, 'NOT_FOUND');
    expectError(await other.post('/api/school-bus-checks', check()), 404, 'NOT_FOUND');
    const study = await principal.post('/api/school-bus-checks', check({ kind: 'weekly_study', participants: '驾驶员、照管人员、保安' }));
    expect(study.statusCode, study.body).toBe(201);
    expect((await auditEventsFor(t.db, study.json().id)).map((a) => a.action)).toEqual(['school_bus.check']);
    const list = (await principal.get(`/api/school-bus-checks?schoolId=${school}`)).json();
    expect(list.items.filter((c: { checkedOn: string }) => c.checkedOn === today).length).toBeGreaterThanOrEqual(4);
    expect((await other.get('/api/school-bus-checks')).json().items).toEqual([]);
  });

  it('counts both as duties on the school compliance calendar and the obligations page', async () => {
    const month = (await principal.get(`/api/schools/${school}/compliance-calendar?range=month`)).json();
    const monthly = month.items.find((i: { obligation: { code: string } }) => i.obligation.code === 'school_bus_monthly_check');
    expect(monthly?.cell.status).toBe('done');
    const week = (await principal.get(`/api/schools/${school}/compliance-calendar?range=week`)).json();
    const weekly = week.items.find((i: { obligation: { code: string } }) => i.obligation.code === 'school_bus_weekly_study');
    expect(weekly?.cell.status, JSON.stringify(weekly)).toBe('done');
    const far = (await admin.get(`/api/schools/${farSchool}/compliance-calendar?range=month`)).json();
    const farBus = (await admin.get(`/api/schools/${farSchool}`)).json();
    const applies = far.items.some((i: { obligation: { code: string } }) => i.obligation.code === 'school_bus_monthly_check');
    expect(applies).toBe((farBus.school?.busCount ?? farBus.busCount) > 0);
    expect(JSON.stringify((await admin.get('/api/obligations')).json())).toContain('school_bus_weekly_study');
  });
});

describe('register export, workbench and school file', () => {
  it('exports the register as Excel in scope', async () => {
    const res = await centre.get('/api/school-buses/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expectError(await centre.get('/api/school-buses/export?status=bad'), 400, 'VALIDATION_FAILED');
    // Another district's export holds none of these buses.
    const read = async (c: Client) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await c.get('/api/school-buses/export')).rawPayload as unknown as ArrayBuffer);
      return wb.getWorksheet('校车台账')?.rowCount ?? 0;
    };
    expect(await read(centre)).toBeGreaterThan(1);
    expect(await read(other)).toBe(1);
  });

  it('gives the school a to-do whose count is the flagged list, and a 校车 panel in the school file', async () => {
    const wb = (await principal.get('/api/workbench')).json();
    const item = JSON.parse(JSON.stringify(wb))
      .sections.flatMap((s: { items: { key: string }[] }) => s.items)
      .find((i: { key: string }) => i.key === 'school_bus:flags');
    const flagged = (await principal.get(`/api/school-buses?schoolId=${school}&flagged=true`)).json();
    expect(item?.count).toBe(flagged.items.length);
    const file = (await centre.get(`/api/schools/${school}/file`)).json();
    const panel = file.panels.find((p: { key: string }) => p.key === 'school_bus');
    expect(panel.counts.find((c: { key: string }) => c.key === 'busCount').value).toBe(2);
    const registered = (await centre.get(`/api/schools/${school}/school-buses`)).json().registered;
    expect(panel.counts.find((c: { key: string }) => c.key === 'registered').value).toBe(registered);
  });
});
