import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { dutySource } from '../../src/server/duty/duty.registry.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';

/**
 * Safety education sessions and staff training over HTTP: record, list, get, export, the
 * Excel timetable import (every bad row reported, nothing written), scope and audit, and the
 * duty facts the engine reads.
 */
let t: TestApp;
let officer: Client; // school_safety_officer of YJT0101
let admin: Client;
let centre: Client;
let otherOfficer: Client; // safety officer of YJC0101, another centre
let school: string;
let otherSchool: string;
const today = shanghaiDay(new Date());
const daysAgo = (n: number) => shanghaiDay(new Date(Date.now() - n * 86_400_000));

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
  return res.json().error as { code: string; message: string; details?: { row?: number; column?: string; path?: string; message: string }[] };
}

function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, body, crc]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 0xd0, 0x30, 0x30]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const session = (over: Record<string, unknown> = {}) => ({
  schoolId: school,
  heldOn: daysAgo(3),
  audienceKind: 'class',
  grade: 3,
  classes: [1, 2, 4],
  topic: 'drowning',
  hours: 1,
  speakerName: '李老师',
  speakerType: 'teacher',
  participants: 120,
  ...over,
});

const training = (over: Record<string, unknown> = {}) => ({
  schoolId: school,
  trainedOn: daysAgo(2),
  kind: 'fire',
  title: '消防安全“四个能力”培训',
  trainer: '刘教官',
  trainerBody: '区消防救援支队',
  hours: 2,
  attendeeCount: 45,
  ...over,
});

async function newSchoolOfficer(username: string, schoolCode: string) {
  const res = await admin.post('/api/users', {
    username,
    displayName: '外校安全干部',
    role: 'school_safety_officer',
    orgUnitId: await idOfSchool(t.db, schoolCode),
    phone: '13800000000',
    password: 'Initial2026',
  });
  expect(res.statusCode, res.body).toBe(201);
  await t.db.updateTable('app_user').set({ must_change_password: false }).where('username', '=', username).execute();
  return t.login(username, 'Initial2026');
}

beforeAll(async () => {
  t = await createTestApp();
  [officer, admin, centre] = await t.loginAll(['school_officer', 'admin', 'centre_officer'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0101');
  otherOfficer = await newSchoolOfficer('edu_other', 'YJC0101');
});
afterAll(() => t.close());

describe('education sessions', () => {
  let id = '';

  it('records several classes of a grade in one submission, with a photo and an audit row', async () => {
    const q = new URLSearchParams({ purpose: 'education', schoolId: school, fileName: '防溺水.png' });
    const photo = await officer.request({ method: 'POST', url: `/api/attachments?${q}`, payload: tinyPng(), headers: { 'content-type': 'image/png' } });
    expect(photo.statusCode, photo.body).toBe(201);
    const res = await officer.post('/api/education-sessions', session({ attachmentIds: [photo.json().id], occasion: 'pre_holiday' }));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    id = body.session.id;
    expect(body.session).toMatchObject({
      audiences: ['class:3-1', 'class:3-2', 'class:3-4'],
      audienceLabel: '三年级1、2、4班',
      topicLabel: '防溺水',
      occasionLabel: '放假前安全教育',
      hours: 1,
      speakerTypeLabel: '本校教师',
    });
    expect(body.attachments).toHaveLength(1);
    const events = await auditEventsFor(t.db, id);
    expect(events.map((e) => e.action)).toEqual(['education.create']);
    expect(events[0]?.org_unit_id).toBe(school);
  });

  it('answers a resent clientId with the session already recorded', async () => {
    const clientId = '7d1c9d4e-2f55-4a7e-9b7a-3c2d1e0f9a11';
    const first = await officer.post('/api/education-sessions', session({ clientId, audienceKind: 'school', grade: undefined, classes: [] }));
    expect(first.statusCode, first.body).toBe(201);
    const again = await officer.post('/api/education-sessions', session({ clientId, audienceKind: 'school', grade: undefined, classes: [] }));
    expect(again.json().session.id).toBe(first.json().session.id);
    expect((await officer.get(`/api/education-sessions?pageSize=200`)).json().total).toBe(2);
  });

  it('lists with filters and the reach of a class: its own sessions, its grade and the whole school', async () => {
    const grade = await officer.post(
      '/api/education-sessions',
      session({ audienceKind: 'grade', grade: 5, classes: [], topic: 'legal', speakerType: 'police', hours: 1 }),
    );
    expect(grade.statusCode, grade.body).toBe(201);
    const list = async (qs: string) => (await officer.get(`/api/education-sessions?${qs}`)).json();
    expect((await list('')).counts).toEqual({ total: 3, hours: 3 });
    expect((await list('topic=legal')).total).toBe(1);
    expect((await list('occasion=pre_holiday')).total).toBe(1);
    expect((await list('audience=class:3-2')).total).toBe(2); // its class entry and the whole school
    expect((await list('audience=class:5-1')).total).toBe(2); // grade 5 and the whole school
    expect((await list('audience=class:4-1')).total).toBe(1);
    expect((await list(`from=${today}`)).total).toBe(0);
    expectError(await officer.get('/api/education-sessions?audience=class:99'), 400, 'VALIDATION_FAILED');
  });

  it('sums class hours per class for a period', async () => {
    const res = await officer.get(`/api/education-sessions/hours?schoolId=${school}&from=${daysAgo(30)}&to=${today}`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = Object.fromEntries(res.json().items.map((r: { audience: string; hours: number }) => [r.audience, r.hours]));
    // The kindergarten's class list (one class in each of its three grades) adds 1-1 and 2-1, which
    // had only the whole-school hour; the recorded classes of grade 3 and grade 5 as before.
    expect(rows).toEqual({ 'class:1-1': 1, 'class:2-1': 1, 'class:3-1': 2, 'class:3-2': 2, 'class:3-4': 2, 'grade:5': 2 });
  });

  it('pages the class hours and filters them by grade and by hours short of a number', async () => {
    const hours = (q: string) => officer.get(`/api/education-sessions/hours?schoolId=${school}&from=${daysAgo(30)}&to=${today}&${q}`);
    const all = (await hours('pageSize=200')).json();
    expect(all.total).toBe(6);
    const pages = [(await hours('pageSize=4&page=1')).json(), (await hours('pageSize=4&page=2')).json()];
    expect(pages.map((p) => [p.total, p.page, p.pageSize, p.items.length])).toEqual([
      [6, 1, 4, 4],
      [6, 2, 4, 2],
    ]);
    expect(pages.flatMap((p) => p.items.map((r: { audience: string }) => r.audience))).toEqual(all.items.map((r: { audience: string }) => r.audience));
    const grade3 = (await hours('grade=3')).json();
    expect(grade3.items.map((r: { audience: string }) => r.audience)).toEqual(['class:3-1', 'class:3-2', 'class:3-4']);
    const short = (await hours('belowHours=2')).json();
    expect(short.items.map((r: { audience: string }) => r.audience).sort()).toEqual(['class:1-1', 'class:2-1']);
    // The district admin's answer is paged too (every class of the district's schools).
    const district = await admin.get('/api/education-sessions/hours?pageSize=10');
    expect(district.statusCode, district.body).toBe(200);
    expect(district.json().items.length).toBeLessThanOrEqual(10);
    expect(district.json().total).toBeGreaterThan(10);
    expectError(await officer.get('/api/education-sessions/hours?grade=13'), 400, 'VALIDATION_FAILED');
    expectError(await officer.get('/api/education-sessions/hours?pageSize=201'), 400, 'VALIDATION_FAILED');
    expectError(await officer.get('/api/education-sessions/hours?belowHours=-1'), 400, 'VALIDATION_FAILED');
  });

  it('gets one session; another school and out-of-scope supervisors get 404, the district reads it', async () => {
    expect((await officer.get(`/api/education-sessions/${id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/education-sessions/${id}`)).statusCode).toBe(200);
    expect((await centre.get(`/api/education-sessions/${id}`)).statusCode).toBe(200);
    expectError(await otherOfficer.get(`/api/education-sessions/${id}`), 404, 'NOT_FOUND');
    expect((await otherOfficer.get('/api/education-sessions')).json().total).toBe(0);
    expect((await admin.get(`/api/education-sessions?schoolId=${school}`)).json().total).toBe(3);
  });

  it('refuses writes outside the own school: supervisors 403 read-only, another school 404', async () => {
    expectError(await admin.post('/api/education-sessions', session()), 403, 'FORBIDDEN');
    expectError(await centre.post('/api/education-sessions', session()), 403, 'FORBIDDEN');
    expectError(await otherOfficer.post('/api/education-sessions', session()), 404, 'NOT_FOUND');
    expectError(await officer.post('/api/education-sessions', session({ schoolId: otherSchool })), 404, 'NOT_FOUND');
    const staff = await t.login('staff');
    expectError(await staff.post('/api/education-sessions', session()), 403, 'FORBIDDEN');
  });

  it('rejects bad input with 400 and a field path', async () => {
    const bad = async (over: Record<string, unknown>, path: string) => {
      const e = expectError(await officer.post('/api/education-sessions', session(over)), 400, 'VALIDATION_FAILED');
      expect(
        e.details?.map((d) => d.path),
        JSON.stringify(e),
      ).toContain(path);
    };
    await bad({ classes: [] }, 'classes');
    await bad({ grade: undefined }, 'grade');
    await bad({ hours: 0.3 }, 'hours');
    await bad({ hours: 0 }, 'hours');
    await bad({ topic: 'no_such_topic' }, 'topic');
    await bad({ occasion: 'someday' }, 'occasion');
    await bad({ heldOn: '2026-13-01' }, 'heldOn');
    await bad({ heldOn: shanghaiDay(new Date(Date.now() + 3 * 86_400_000)) }, 'heldOn');
    await bad({ speakerType: 'alien' }, 'speakerType');
    await bad({ speakerName: 'x'.repeat(41) }, 'speakerName');
    await bad({ audienceKind: 'school', grade: 3, classes: [] }, 'grade');
  });

  it('exports the filtered list as Excel with Chinese headers', async () => {
    const res = await officer.get('/api/education-sessions/export?topic=drowning');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['学校', '日期', '对象']);
    expect(ws.actualRowCount).toBe(3); // header + two drowning sessions
  });

  it('emits one duty fact per session per audience', async () => {
    const facts = await dutySource('education').loadFacts(t.db, {
      districtId: (await t.db.selectFrom('org_unit').select('district_id').where('id', '=', school).executeTakeFirstOrThrow()).district_id,
      from: daysAgo(30),
      to: today,
      subjectIds: [school],
      types: ['drowning'],
    });
    expect(facts.map((f) => f.audience).sort()).toEqual(['class:3-1', 'class:3-2', 'class:3-4', 'school']);
    expect(facts.every((f) => f.kind === 'education' && f.hours === 1 && f.type === 'drowning' && f.subjectId === school)).toBe(true);
    expect(facts.find((f) => f.audience === 'class:3-1')?.occasion).toBe('pre_holiday');
  });
});

const HEADERS = ['日期', '对象', '年级', '班级', '教育主题', '课时', '授课人', '授课人类型', '特殊时点', '参加学生数', '备注'];
async function sheet(rows: Record<string, unknown>[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('安全教育课表');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(HEADERS.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('Excel import of a term timetable', () => {
  const count = async () => (await officer.get('/api/education-sessions?pageSize=1')).json().total as number;

  it('gives a template with Chinese headers', async () => {
    const res = await officer.get('/api/education-sessions/import-template');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const headers = ((wb.worksheets[0] as ExcelJS.Worksheet).getRow(1).values as unknown[]).slice(1);
    // 授课单位 (the outside speaker's department) sits after 授课人类型: optional, so the sheets below leave it out.
    expect(headers).toEqual([...HEADERS.slice(0, 8), '授课单位', ...HEADERS.slice(8)]);
  });

  it('reports every bad row with row, column and message, and writes nothing', async () => {
    const before = await count();
    const file = await sheet([
      { 日期: daysAgo(10), 对象: '班级', 年级: 3, 班级: '1、2', 教育主题: '交通安全', 课时: 1, 授课人: '张老师' },
      { 日期: '九月一日', 对象: '全校', 教育主题: '消防安全', 课时: 1, 授课人: '王老师' },
      { 日期: daysAgo(9), 对象: '班级', 年级: 3, 教育主题: '火星探险', 课时: 'abc', 授课人: '王老师' },
      { 日期: daysAgo(8), 对象: '全班', 教育主题: '防溺水', 课时: 1, 授课人: '' },
      { 日期: daysAgo(10), 对象: '班级', 年级: '三年级', 班级: '1,2', 教育主题: 'traffic', 课时: 1, 授课人: '张老师' },
    ]);
    const e = expectError(await officer.upload('/api/education-sessions/import', file), 422, 'IMPORT_REJECTED');
    const got = (e.details ?? []).map((d) => `${d.row}:${d.column}`);
    expect(got).toEqual(expect.arrayContaining(['3:日期', '4:教育主题', '4:课时', '4:班级', '5:对象', '5:授课人', '6:教育主题']));
    expect(got.some((g) => g.startsWith('2:'))).toBe(false);
    expect(await count()).toBe(before);
  });

  it('imports a good file in one go with one audit event; a dry run writes nothing', async () => {
    const before = await count();
    const file = await sheet([
      { 日期: daysAgo(20), 对象: '全校', 教育主题: '消防安全', 课时: 1, 授课人: '赵队长', 授课人类型: '消防辅导员', 特殊时点: '开学第一课' },
      { 日期: daysAgo(19), 对象: '班级', 年级: '四年级', 班级: '1-3', 教育主题: '交通安全', 课时: 0.5, 授课人: '张老师' },
      { 日期: daysAgo(18), 对象: '整个年级', 年级: '初一', 教育主题: 'legal', 课时: 1, 授课人: '王警官', 授课人类型: '法治辅导员', 参加学生数: 300 },
    ]);
    const dry = await officer.upload('/api/education-sessions/import?dryRun=true', file);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toEqual({ total: 3, created: 3, hours: 2.5, dryRun: true });
    expect(await count()).toBe(before);
    const res = await officer.upload('/api/education-sessions/import', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(await count()).toBe(before + 3);
    const rows = (await officer.get(`/api/education-sessions?from=${daysAgo(20)}&to=${daysAgo(18)}`)).json().items;
    expect(rows.map((r: { audiences: string[] }) => r.audiences)).toEqual([['grade:7'], ['class:4-1', 'class:4-2', 'class:4-3'], ['school']]);
    const audit = await t.db.selectFrom('audit_event').select(['action', 'org_unit_id']).where('action', '=', 'education.import').execute();
    expect(audit).toEqual([{ action: 'education.import', org_unit_id: school }]);
  });

  it('lets only school roles import', async () => {
    expectError(await admin.upload('/api/education-sessions/import', await sheet([])), 403, 'FORBIDDEN');
    expectError(await officer.upload('/api/education-sessions/import', Buffer.from('not a workbook')), 422, 'IMPORT_REJECTED');
  });
});

describe('staff trainings', () => {
  let id = '';

  it('records a training with attendees from the staff accounts, audited, and reads it back', async () => {
    const staffId = await idOfUser(t.db, 'staff');
    const res = await officer.post('/api/trainings', training({ attendeeIds: [staffId] }));
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().training.id;
    expect(res.json().training).toMatchObject({ kindLabel: '消防安全培训', attendeeCount: 45, hours: 2 });
    expect(res.json().attendees).toEqual([{ id: staffId, name: '吴德明' }]);
    expect((await auditEventsFor(t.db, id)).map((e) => e.action)).toEqual(['training.create']);
    expect((await admin.get(`/api/trainings/${id}`)).statusCode).toBe(200);
    expectError(await otherOfficer.get(`/api/trainings/${id}`), 404, 'NOT_FOUND');
  });

  it('lists, filters and exports', async () => {
    await officer.post('/api/trainings', training({ kind: 'anti_terror', trainer: '派出所', attendeeCount: 30 }));
    const list = (await officer.get('/api/trainings')).json();
    expect(list.counts).toEqual({ total: 2, attendees: 75 });
    expect((await officer.get('/api/trainings?kind=fire')).json().total).toBe(1);
    expect((await otherOfficer.get('/api/trainings')).json().total).toBe(0);
    const res = await admin.get('/api/trainings/export');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getRow(1).getCell(3).value).toBe('培训类别');
    expect(wb.worksheets[0]?.actualRowCount).toBe(3);
  });

  it('refuses supervisors, other schools and bad input', async () => {
    expectError(await admin.post('/api/trainings', training()), 403, 'FORBIDDEN');
    expectError(await otherOfficer.post('/api/trainings', training()), 404, 'NOT_FOUND');
    const other = await idOfUser(t.db, 'edu_other');
    const e = expectError(await officer.post('/api/trainings', training({ attendeeIds: [other] })), 400, 'VALIDATION_FAILED');
    expect(e.details?.[0]?.path).toBe('attendeeIds.0');
    expectError(await officer.post('/api/trainings', training({ attendeeCount: undefined })), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/trainings', training({ kind: 'juggling' })), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/trainings', training({ hours: 100 })), 400, 'VALIDATION_FAILED');
  });

  it('emits training duty facts with the staff count as the base', async () => {
    const districtId = (await t.db.selectFrom('org_unit').select('district_id').where('id', '=', school).executeTakeFirstOrThrow()).district_id;
    const facts = await dutySource('training').loadFacts(t.db, { districtId, from: daysAgo(30), to: today, subjectIds: null, types: ['fire'] });
    expect(facts).toHaveLength(1);
    const staffCount = (await t.db.selectFrom('school').select('staff_count').where('id', '=', school).executeTakeFirstOrThrow()).staff_count;
    expect(facts[0]).toMatchObject({ kind: 'training', type: 'fire', hours: 2, participants: 45, base: staffCount, subjectId: school });
  });

  it('shows both panels in the one-school file', async () => {
    const res = await officer.get(`/api/schools/${school}/file`);
    expect(res.statusCode, res.body).toBe(200);
    const keys = res.json().panels.map((p: { key: string }) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['education', 'trainings']));
  });
});
