import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

let t: TestApp;
let admin: Client, police: Client, principal: Client, officer: Client, staff: Client, inspector: Client, centre: Client;
let school = ''; // YJT0101: the principal's, in the demo police precinct
let otherSchool = ''; // YJC0501: outside the precinct and the centre

beforeAll(async () => {
  t = await createTestApp();
  [admin, police, principal, officer, staff, inspector, centre] = (await Promise.all(
    ['admin', 'police', 'principal', 'school_officer', 'staff', 'inspector', 'centre_officer'].map((u) => t.login(u)),
  )) as [Client, Client, Client, Client, Client, Client, Client];
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
});
afterAll(() => t.close());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  return res.json().error as { message: string; details?: { row?: number; column?: string; message: string }[] };
}
const guardBody = (over: Record<string, unknown> = {}) => ({
  schoolId: school,
  role: 'guard',
  name: '张保安',
  gender: 'male',
  birthDate: '1975-03-01',
  company: '云江保安服务公司',
  certificateNo: 'YJBA2024001',
  certificateExpiry: '2029-12-31',
  hireDate: '2024-09-01',
  post: '南门',
  shift: 'full_day',
  trained: true,
  ...over,
});
const backgroundReads = async (userName: string) =>
  Number(
    (
      await t.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'sanfang.background_read')
        .where('actor_name', '=', userName)
        .executeTakeFirstOrThrow()
    ).n,
  );
const count = async (table: 'sanfang_person' | 'sanfang_device' | 'sanfang_hazard') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the register: people', () => {
  it('a school records its guard; bad input is a 400 with the field', async () => {
    const ok = await officer.post('/api/sanfang/guards', guardBody());
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ name: '张保安', role: 'guard', bgResult: null, bgResultHidden: true });
    for (const bad of [{ birthDate: '1975-13-01' }, { role: 'boss' }, { name: '' }, { name: '长'.repeat(41) }, { shift: 'night' }, { extra: 1 }]) {
      expectError(await officer.post('/api/sanfang/guards', guardBody(bad)), 400, 'VALIDATION_FAILED');
    }
  });
  it('a school cannot write another school, staff and the inspector cannot write at all', async () => {
    expectError(await officer.post('/api/sanfang/guards', guardBody({ schoolId: otherSchool })), 404, 'NOT_FOUND');
    expectError(await staff.post('/api/sanfang/guards', guardBody()), 403, 'FORBIDDEN');
    expectError(await inspector.post('/api/sanfang/guards', guardBody()), 403, 'FORBIDDEN');
  });
  it('the police correct a school of their precinct, not one outside it', async () => {
    expect((await police.post('/api/sanfang/guards', guardBody({ name: '李保安' }))).statusCode).toBe(201);
    expectError(await police.post('/api/sanfang/guards', guardBody({ schoolId: otherSchool })), 404, 'NOT_FOUND');
  });
});

describe('background-check results', () => {
  let id = '';
  beforeAll(async () => {
    const res = await principal.post(
      '/api/sanfang/guards',
      guardBody({ name: '王审查', bgStatus: 'done', bgDate: '2025-08-01', bgResult: 'concern', bgBy: '龙洲湾派出所' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
  });
  it('only the district, the police and the principal may record a result', async () => {
    expectError(await officer.patch(`/api/sanfang/guards/${id}`, { bgResult: 'clear' }), 403, 'FORBIDDEN');
    expectError(await officer.post('/api/sanfang/guards', guardBody({ bgStatus: 'done', bgResult: 'clear' })), 403, 'FORBIDDEN');
    expectError(await principal.patch(`/api/sanfang/guards/${id}`, { bgStatus: 'pending', bgResult: 'clear' }), 400, 'VALIDATION_FAILED');
  });
  it('is hidden from the safety officer, staff and the centre; shown to the principal, police and district — and their reads audited', async () => {
    for (const c of [officer, staff, centre]) {
      const before = await backgroundReads((await c.get('/api/auth/me')).json().displayName);
      const list = (await c.get(`/api/sanfang/guards?schoolId=${school}`)).json().items as {
        id: string;
        bgResult: unknown;
        bgBy: string;
        bgResultHidden: boolean;
        bgStatus: string;
      }[];
      const row = list.find((p) => p.id === id);
      expect(row).toMatchObject({ bgResult: null, bgBy: '', bgResultHidden: true, bgStatus: 'done' });
      const file = (await c.get(`/api/sanfang/schools/${school}`)).json();
      expect(JSON.stringify(file)).not.toContain('concern');
      expect(await backgroundReads((await c.get('/api/auth/me')).json().displayName)).toBe(before);
    }
    for (const c of [principal, police, admin]) {
      const name = (await c.get('/api/auth/me')).json().displayName;
      const before = await backgroundReads(name);
      const list = (await c.get(`/api/sanfang/guards?schoolId=${school}`)).json().items as { id: string; bgResult: unknown }[];
      expect(list.find((p) => p.id === id)?.bgResult).toBe('concern');
      expect(await backgroundReads(name)).toBe(before + 1);
    }
  });
  it('the audit trail of a change never holds the result itself', async () => {
    const res = await principal.patch(`/api/sanfang/guards/${id}`, { bgResult: 'clear' });
    expect(res.statusCode, res.body).toBe(200);
    const events = await t.db.selectFrom('audit_event').selectAll().where('entity_id', '=', id).execute();
    expect(events.filter((e) => e.action.startsWith('sanfang.person_')).length).toBe(2);
    expect(JSON.stringify(events)).not.toMatch(/concern|"clear"/);
  });
});

describe('devices, site and the standards', () => {
  it('records a camera and an alarm, saves the wall; the school sees its standards with the district origin', async () => {
    const cam = await officer.post('/api/sanfang/devices', {
      schoolId: school,
      kind: 'camera',
      name: '南门外摄像机',
      place: 'gate_outside',
      retentionDays: 30,
      networked: true,
    });
    expect(cam.statusCode, cam.body).toBe(201);
    expectError(await officer.post('/api/sanfang/devices', { schoolId: school, kind: 'tank', name: 'x' }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/sanfang/devices', { schoolId: school, kind: 'camera', name: 'x', retentionDays: -1 }), 400, 'VALIDATION_FAILED');
    expectError(await inspector.patch(`/api/sanfang/devices/${cam.json().id}`, { retentionDays: 90 }), 403, 'FORBIDDEN');
    const site = await officer.put(`/api/sanfang/schools/${school}/site`, {
      perimeterType: 'wall',
      wallHeightM: 2.2,
      antiClimb: true,
      closedManagement: true,
      location: 'urban',
    });
    expect(site.statusCode, site.body).toBe(200);
    expectError(await officer.put(`/api/sanfang/schools/${school}/site`, { wallHeightM: 'high' }), 400, 'VALIDATION_FAILED');
    const file = (await officer.get(`/api/sanfang/schools/${school}`)).json();
    const std = (code: string) => file.standards.find((s: { code: string }) => s.code === code);
    expect(std('wall_height')).toMatchObject({ required: 2.5, actual: 2.2, gap: 0.3, met: false, origin: { pack: 'yunjiang' } });
    expect(std('video_retention')).toMatchObject({ required: 90, met: false, origin: { pack: 'yunjiang' } });
    expect(std('guard_count').origin.pack).toBe('yunjiang');
    expect(std('guard_count').actual).toBe(file.persons.filter((p: { role: string; active: boolean }) => p.role === 'guard' && p.active).length);
  });
  it('an unknown school or one out of scope is a 404', async () => {
    expectError(await officer.get(`/api/sanfang/schools/${otherSchool}`), 404, 'NOT_FOUND');
    expectError(await officer.get('/api/sanfang/schools/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectError(await police.get(`/api/sanfang/devices?schoolId=${otherSchool}`), 404, 'NOT_FOUND');
  });
  it('lists only the devices in scope', async () => {
    const mine = (await officer.get('/api/sanfang/devices')).json().items as { schoolId: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((d) => d.schoolId))).toEqual(new Set([school]));
  });
});

describe('the summary', () => {
  it('sums shortfalls per school, never netting a surplus against a shortage', async () => {
    const s = (await admin.get('/api/sanfang/summary')).json();
    const rows = s.schoolRows as { guardsRequired: number; guardsOnPost: number; guardsShort: number }[];
    expect(s.guardsShort).toBe(rows.reduce((n, r) => n + Math.max(0, r.guardsRequired - r.guardsOnPost), 0));
    expect(s.guardsRequired).toBe(rows.reduce((n, r) => n + r.guardsRequired, 0));
    expect(s.sentence).toBe(`按目前规模应配保安${s.guardsRequired}名，现有${s.guardsOnPost}名，缺${s.guardsShort}名`);
    expect(s.rates.map((r: { label: string }) => r.label)).toEqual([
      '专职保安员配备率',
      '封闭化管理达标率',
      '一键式紧急报警和视频监控联网率',
      '硬质防冲撞设施安装率',
      '护学岗设置率',
    ]);
    for (const r of s.rates) expect(r.failing.length).toBe(r.applicable - r.met);
    const townships = s.byTownship as { guardsShort: number }[];
    expect(townships.reduce((n, x) => n + x.guardsShort, 0)).toBe(s.guardsShort);
  });
  it('is limited to the reader scope and filters by school type', async () => {
    const mine = (await principal.get('/api/sanfang/summary')).json();
    expect(mine.schools).toBe(1);
    const kg = (await admin.get('/api/sanfang/summary?schoolType=kindergarten')).json();
    expect(kg.schoolRows.every((r: { schoolType: string }) => r.schoolType === 'kindergarten')).toBe(true);
    expectError(await admin.get('/api/sanfang/summary?schoolType=university'), 400, 'VALIDATION_FAILED');
  });
  it('exports Excel and prints a PDF', async () => {
    const x = await centre.get('/api/sanfang/summary/export');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const p = await centre.get('/api/sanfang/summary/pdf');
    expect(p.statusCode).toBe(200);
    expect(p.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('gaps become hazards', () => {
  it('creates one hazard per unmet rule with its category and link; a second run adds none', async () => {
    expectError(await officer.post('/api/sanfang/gap-hazards', { schoolIds: [otherSchool] }), 404, 'NOT_FOUND');
    expectError(await officer.post('/api/sanfang/gap-hazards', { schoolIds: [school], ruleCodes: ['nope'] }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/sanfang/gap-hazards', { schoolIds: [school] }), 403, 'FORBIDDEN');
    const res = await officer.post('/api/sanfang/gap-hazards', { schoolIds: [school], ruleCodes: ['wall_height', 'video_retention'] });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json().created as { hazardId: string; ruleCode: string }[];
    expect(created.map((c) => c.ruleCode).sort()).toEqual(['video_retention', 'wall_height']);
    const wall = (await officer.get(`/api/hazards/${created.find((c) => c.ruleCode === 'wall_height')?.hazardId}`)).json().hazard;
    expect(wall).toMatchObject({ category: 'physical', place: '围墙', source: 'school_self' });
    const again = await officer.post('/api/sanfang/gap-hazards', { schoolIds: [school], ruleCodes: ['wall_height'] });
    expect(again.json().created).toEqual([]);
    const file = (await officer.get(`/api/sanfang/schools/${school}`)).json();
    expect(file.standards.find((s: { code: string }) => s.code === 'wall_height').hazard).toMatchObject({ state: 'reported' });
  });
});

describe('gaps become hazards for many schools at once', () => {
  it('the district raises the same gap at several schools in one step', async () => {
    const a = await idOfSchool(t.db, 'YJT0102');
    const b = await idOfSchool(t.db, 'YJC0502');
    for (const id of [a, b]) expect((await admin.put(`/api/sanfang/schools/${id}/site`, { wallHeightM: 2, antiClimb: true })).statusCode).toBe(200);
    const res = await admin.post('/api/sanfang/gap-hazards', { schoolIds: [a, b], ruleCodes: ['wall_height'] });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json().created as { schoolId: string; ruleCode: string; hazardId: string }[];
    expect(created.map((c) => c.schoolId).sort()).toEqual([a, b].sort());
    const h = (await admin.get(`/api/hazards/${created[0]?.hazardId}`)).json().hazard;
    expect(h).toMatchObject({ category: 'physical', source: 'district' });
    const links = await t.db
      .selectFrom('sanfang_hazard')
      .selectAll()
      .where(
        'hazard_id',
        'in',
        created.map((c) => c.hazardId),
      )
      .execute();
    expect(links.map((l) => l.rule_code)).toEqual(['wall_height', 'wall_height']);
  });
});

async function xlsx(headers: string[], rows: (Record<string, string | number> | null)[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('三防人员');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r ? headers.map((h) => r[h] ?? '') : []);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('Excel import and export of the register', () => {
  const headers = ['记录编号', '学校代码', '人员类别', '姓名', '性别', '出生日期', '保安员证号', '岗前培训', '审查结果'];
  it('rejects a sheet with bad rows, reports each, imports nothing', async () => {
    const before = await count('sanfang_person');
    const file = await xlsx(headers, [
      { 学校代码: 'YJT0101', 人员类别: '专职保安员', 姓名: '好行' },
      { 学校代码: 'YJT0101', 人员类别: '保镖', 姓名: '坏类别' },
      { 学校代码: 'NOPE', 人员类别: '门卫', 姓名: '坏学校' },
      { 学校代码: 'YJC0501', 人员类别: '门卫', 姓名: '范围外' },
      { 学校代码: 'YJT0101', 人员类别: '门卫', 姓名: '坏日期', 出生日期: '1980-02-30' },
      null,
      { 学校代码: 'YJT0101', 人员类别: '门卫', 姓名: '坏布尔', 岗前培训: '也许' },
      { 学校代码: 'YJT0101', 人员类别: '门卫', 姓名: '越权', 审查结果: '无不良记录' },
    ]);
    const error = expectError(await officer.upload('/api/sanfang/import?part=guards', file), 422, 'IMPORT_REJECTED');
    expect(error.details?.map((d) => [d.row, d.column])).toEqual([
      [3, '人员类别'],
      [4, '学校代码'],
      [5, '学校代码'],
      [6, '出生日期'],
      [8, '岗前培训'],
      [9, '审查结果'],
    ]);
    expect(await count('sanfang_person')).toBe(before);
    expectError(await officer.upload('/api/sanfang/import?part=guards', Buffer.from('not a workbook')), 422, 'IMPORT_REJECTED');
    expectError(await officer.upload('/api/sanfang/import?part=people', file), 400, 'VALIDATION_FAILED');
  });
  it('imports good rows, and an exported sheet round-trips as updates', async () => {
    const before = await count('sanfang_person');
    const importEvents = async () =>
      Number(
        (
          await t.db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'sanfang.import')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const eventsBefore = await importEvents();
    const file = await xlsx(headers, [
      { 学校代码: 'YJT0101', 人员类别: '专职保安员', 姓名: '导入甲', 性别: '男', 出生日期: '1970-05-05', 保安员证号: 'BA-1', 岗前培训: '是' },
      { 学校代码: 'YJT0101', 人员类别: '宿舍管理员', 姓名: '导入乙', 性别: '女' },
    ]);
    const res = await officer.upload('/api/sanfang/import?part=guards', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, created: 2, updated: 0 });
    expect(await count('sanfang_person')).toBe(before + 2);
    expect(await importEvents()).toBe(eventsBefore + 3); // one per record and one for the import
    const exported = await officer.get(`/api/sanfang/export?part=guards&schoolId=${school}`);
    expect(exported.statusCode).toBe(200);
    const again = await officer.upload('/api/sanfang/import?part=guards&dryRun=true', exported.rawPayload);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().updated).toBe(again.json().total);
    expect(again.json().created).toBe(0);
  });
  it('imports devices', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('三防设施');
    ws.addRow(['学校代码', '设施类别', '名称', '重点部位编码', '保存天数', '与公安联网', '联动110']);
    ws.addRow(['YJT0101', '一键报警', '门卫室一键报警', 'gatehouse', '', '是', '是']);
    ws.addRow(['YJT0101', '摄像机', '操场摄像机', 'playground', '九十', '是', '否']);
    const bad = await officer.upload('/api/sanfang/import?part=devices', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(expectError(bad, 422, 'IMPORT_REJECTED').details).toEqual([{ row: 3, column: '保存天数', message: '「九十」不是整数' }]);
    ws.getRow(3).getCell(5).value = 90;
    const ok = await officer.upload('/api/sanfang/import?part=devices', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().created).toBe(2);
  });
});

describe.each(['admin', 'dept_officer', 'leader', 'inspector', 'centre_officer', 'police', 'principal', 'staff'])('scope of %s', (username) => {
  it('lists guards, devices and summary schools only within the schools it may read', async () => {
    const c = await t.login(username);
    const visible = new Set<string>();
    for (let page = 1; ; page++) {
      const body = (await c.get(`/api/schools?pageSize=200&page=${page}`)).json();
      for (const s of body.items as { id: string }[]) visible.add(s.id);
      if (visible.size >= body.total) break;
    }
    const guards = (await c.get('/api/sanfang/guards')).json().items as { schoolId: string }[];
    const devices = (await c.get('/api/sanfang/devices')).json().items as { schoolId: string }[];
    const summary = (await c.get('/api/sanfang/summary')).json();
    expect(devices.length).toBeGreaterThan(0);
    expect(new Set(devices.map((d) => d.schoolId))).toEqual(visible);
    for (const g of guards) expect(visible.has(g.schoolId)).toBe(true);
    expect(new Set((summary.schoolRows as { id: string }[]).map((r) => r.id))).toEqual(visible);
    if (!visible.has(otherSchool)) expectError(await c.get(`/api/sanfang/schools/${otherSchool}`), 404, 'NOT_FOUND');
  });
});
