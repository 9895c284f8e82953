import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { inspectionBody } from '../support/inspection-helpers.js';

/**
 * The gaps of issue 9 closed over HTTP: a department's duty credited through the unit of an outside
 * speaker or trainer (the fire counsellor's lesson, market supervision's training), a school's class
 * list making a class without lessons fail the per-class hours rule, and school buses bringing the
 * school-bus drill duty.
 */
type Cell = { status: string; done: number; required: number };
type Row = { school: { id: string; name: string }; cells: Cell[] };

let t: TestApp;
let admin: Client;
let officer: Client; // school_safety_officer of YJT0101
let newOfficer: Client; // safety officer of the school created here
let school = '';
let newSchool = '';
const today = shanghaiDay(new Date());
const unitId = async (code: string) => (await t.db.selectFrom('org_unit').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

const lesson = (over: Record<string, unknown> = {}) => ({
  schoolId: school,
  heldOn: today,
  audienceKind: 'school',
  topic: 'fire',
  hours: 1,
  speakerName: '应急局宣传员',
  speakerType: 'fire',
  ...over,
});

async function departmentRow(obligation: string, departmentId: string): Promise<Cell> {
  const res = await admin.get(`/api/coverage?view=month&obligation=${obligation}`);
  expect(res.statusCode, res.body).toBe(200);
  const row = (res.json().rows as Row[]).find((r) => r.school.id === departmentId);
  expect(row, `${obligation}: no row for the department`).toBeDefined();
  return row?.cells.at(-1) as Cell;
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, officer] = await t.loginAll(['admin', 'school_officer'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  // A new primary school without any record: its classes and buses are what the tests set.
  const parentId = (await t.db.selectFrom('org_unit').select('parent_id').where('id', '=', school).executeTakeFirstOrThrow()).parent_id as string;
  const created = await admin.post('/api/schools', {
    name: '缺口测试小学',
    code: 'YJGAP01',
    parentId,
    schoolType: 'primary',
    enrollment: 90,
    classCounts: [2],
  });
  expect(created.statusCode, created.body).toBe(201);
  expect(created.json()).toMatchObject({ classCounts: [2], busCount: 0 });
  newSchool = created.json().id;
  const user = await admin.post('/api/users', {
    username: 'gap_officer',
    displayName: '缺口安全干部',
    role: 'school_safety_officer',
    orgUnitId: newSchool,
    phone: '13800000000',
    password: 'Initial2026',
  });
  expect(user.statusCode, user.body).toBe(201);
  await t.db.updateTable('app_user').set({ must_change_password: false }).where('username', '=', 'gap_officer').execute();
  newOfficer = await t.login('gap_officer', 'Initial2026');
});
afterAll(() => t.close());

describe('department duties credited to the unit of the speaker or trainer', () => {
  it('counts a fire lesson given by a fire_emergency department for its 消防辅导员 duty', async () => {
    const emergency = await unitId('D-EMERG');
    const options = (await officer.get('/api/education/options')).json();
    expect(options.speakerUnits).toEqual(expect.arrayContaining([expect.objectContaining({ id: emergency, name: '区应急管理局' })]));
    const before = await departmentRow('dept_fire_lesson', emergency);
    const res = await officer.post('/api/education-sessions', lesson({ speakerUnitId: emergency }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().session).toMatchObject({ speakerUnitId: emergency, speakerUnitName: '区应急管理局' });
    const after = await departmentRow('dept_fire_lesson', emergency);
    expect(after.done).toBe(before.done + 1);
    // The same lesson without a unit credits no department.
    const plain = await officer.post('/api/education-sessions', lesson({ heldOn: today, topic: 'fire', hours: 0.5 }));
    expect(plain.statusCode, plain.body).toBe(201);
    expect((await departmentRow('dept_fire_lesson', emergency)).done).toBe(after.done);
  });

  it('counts a food-safety training given by market supervision for its yearly training duty', async () => {
    const market = await unitId('D-MARKET');
    const before = await departmentRow('dept_market_training', market);
    const res = await officer.post('/api/trainings', {
      schoolId: school,
      trainedOn: today,
      kind: 'food_safety',
      trainer: '市场监管所王科长',
      hours: 2,
      attendeeCount: 8,
      trainerUnitId: market,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().training).toMatchObject({ trainerUnitId: market, trainerUnitName: '区市场监督管理局' });
    expect((await departmentRow('dept_market_training', market)).done).toBe(before.done + 1);
  });

  it('counts a community’s surroundings check for its monthly duty (the district pack gives communities that function)', async () => {
    const community = await unitId('D-COMM01');
    const user = await admin.post('/api/users', {
      username: 'gap_community',
      displayName: '社区网格员',
      role: 'department_officer',
      orgUnitId: community,
      phone: '13800000001',
      password: 'Initial2026',
    });
    expect(user.statusCode, user.body).toBe(201);
    await t.db.updateTable('app_user').set({ must_change_password: false }).where('username', '=', 'gap_community').execute();
    const officerOfCommunity = await t.login('gap_community', 'Initial2026');
    const before = await departmentRow('dept_community_monthly', community);
    const created = await officerOfCommunity.post('/api/inspections', await inspectionBody(officerOfCommunity, school, 'surroundings', 'department'));
    expect(created.statusCode, created.body).toBe(201);
    expect(await departmentRow('dept_community_monthly', community)).toMatchObject({ done: before.done + 1, status: 'done' });
  });

  it('refuses a unit that is not a department of the district', async () => {
    const otherDistrictSchool = await idOfSchool(t.db, 'LCT0101');
    for (const bad of [school, otherDistrictSchool, '00000000-0000-4000-8000-000000000001']) {
      const res = await officer.post('/api/education-sessions', lesson({ speakerUnitId: bad }));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details[0].path).toBe('speakerUnitId');
      const tr = await officer.post('/api/trainings', {
        schoolId: school,
        trainedOn: today,
        kind: 'fire',
        trainer: '某',
        hours: 1,
        attendeeCount: 3,
        trainerUnitId: bad,
      });
      expect(tr.statusCode, tr.body).toBe(400);
      expect(tr.json().error.details[0].path).toBe('trainerUnitId');
    }
    expect((await officer.post('/api/education-sessions', lesson({ speakerUnitId: 'x' }))).json().error.code).toBe('VALIDATION_FAILED');
  });

  it('imports the 授课单位 column of the timetable by name or code, and reports an unknown one', async () => {
    const sheet = async (unit: string) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('课表');
      ws.addRow(['日期', '对象', '年级', '班级', '教育主题', '课时', '授课人', '授课人类型', '授课单位']);
      ws.addRow([today, '全校', '', '', '消防安全', 1, '张教官', '消防辅导员', unit]);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const template = await officer.get('/api/education-sessions/import-template');
    expect(template.statusCode).toBe(200);
    const tpl = new ExcelJS.Workbook();
    await tpl.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const headers = ((tpl.worksheets[0] as ExcelJS.Worksheet).getRow(1).values as string[]).filter(Boolean);
    expect(headers).toContain('授课单位');
    const bad = await officer.upload('/api/education-sessions/import', await sheet('不存在的单位'));
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.json().error.details).toEqual([expect.objectContaining({ row: 2, column: '授课单位' })]);
    const good = await officer.upload('/api/education-sessions/import', await sheet('D-FIRE'));
    expect(good.statusCode, good.body).toBe(200);
    const fire = await unitId('D-FIRE');
    const stored = await t.db.selectFrom('education_session').select('speaker_unit_id').where('source', '=', 'import').execute();
    expect(stored.map((s) => s.speaker_unit_id)).toEqual([fire]);
  });
});

describe('the class list of a school', () => {
  const hoursOf = async () => {
    const res = await newOfficer.get(`/api/education-sessions/hours?schoolId=${newSchool}`);
    expect(res.statusCode, res.body).toBe(200);
    return Object.fromEntries((res.json().items as { audience: string; hours: number }[]).map((i) => [i.audience, i.hours]));
  };
  const monthCell = async () => {
    const res = await admin.get(`/api/coverage?view=month&obligation=safety_education_weekly&schoolId=${newSchool}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().rows as Row[])[0]?.cells.at(-1) as Cell;
  };

  it('shows a class without any lesson with 0 hours, and the per-class rule fails until it has its hours', async () => {
    expect(await hoursOf()).toEqual({ 'class:1-1': 0, 'class:1-2': 0 });
    const one = await newOfficer.post('/api/education-sessions', {
      ...lesson({ schoolId: newSchool, topic: 'traffic' }),
      audienceKind: 'class',
      grade: 1,
      classes: [1],
      hours: 2,
    });
    expect(one.statusCode, one.body).toBe(201);
    expect(await hoursOf()).toEqual({ 'class:1-1': 2, 'class:1-2': 0 });
    expect(await monthCell()).toMatchObject({ done: 0, required: 2 });
    await newOfficer.post('/api/education-sessions', {
      ...lesson({ schoolId: newSchool, topic: 'traffic' }),
      audienceKind: 'class',
      grade: 1,
      classes: [2],
      hours: 2,
    });
    expect(await monthCell()).toMatchObject({ done: 2, status: 'done' });
    // A third class added to the list has had no lesson: the school fails again.
    const more = await admin.patch(`/api/schools/${newSchool}`, { classCounts: [3, 0] });
    expect(more.statusCode, more.body).toBe(200);
    expect(more.json().classCounts).toEqual([3]);
    expect(await hoursOf()).toEqual({ 'class:1-1': 2, 'class:1-2': 2, 'class:1-3': 0 });
    expect((await monthCell()).done).toBe(0);
  });

  it('refuses a bad class list', async () => {
    for (const classCounts of [[-1], [41], Array(13).fill(1), 'six', [1.5]]) {
      const res = await admin.patch(`/api/schools/${newSchool}`, { classCounts });
      expect(res.statusCode, JSON.stringify(classCounts)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('school buses', () => {
  it('brings the school-bus drill duty to a school with a bus', async () => {
    const codes = async () =>
      ((await admin.get(`/api/obligations?schoolId=${newSchool}`)).json().items as { obligation: { code: string } }[]).map((i) => i.obligation.code);
    expect(await codes()).not.toContain('school_bus_drill');
    const res = await newOfficer.patch(`/api/schools/${newSchool}`, { busCount: 2 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().busCount).toBe(2);
    expect(await codes()).toContain('school_bus_drill');
    const coverage = (await admin.get('/api/coverage?view=month&obligation=school_bus_drill')).json();
    expect((coverage.rows as Row[]).map((r) => r.school.id)).toContain(newSchool);
    expect((await admin.patch(`/api/schools/${newSchool}`, { busCount: -1 })).statusCode).toBe(400);
  });

  it('gives some demo schools buses and every demo school its class list', async () => {
    const rows = await t.db.selectFrom('school').select(['bus_count', 'class_counts']).execute();
    expect(rows.filter((r) => r.bus_count > 0).length).toBeGreaterThan(5);
    expect(rows.filter((r) => r.class_counts.length > 0).length).toBeGreaterThan(250);
  });
});
