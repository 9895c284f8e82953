import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schoolTypeLabels } from '../../src/domain/school.js';
import { demoSchools, demoUnits } from '../../src/server/demo/demo-data.js';
import type { SchoolDto as School } from '../../src/server/schools/schools.service.js';
import { auditEventsFor, type Client, countRows, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = [
  '学校代码',
  '学校名称',
  '所属街道/教管中心',
  '学校类型',
  '办学性质',
  '在校学生数',
  '住校学生数',
  '教职工数',
  '校门数',
  '校车数',
  '各年级班数',
  '地址',
  '经度',
  '纬度',
  '校长（第一责任人）',
  '校长电话',
  '安全干部',
  '安全干部电话',
  '学校电话',
];
type Row = Record<string, unknown>;

const units = demoUnits();
const unitName = (code: string) => units.find((u) => u.code === code)?.name as string;

let t: TestApp;
let admin: Client;
let principal: Client;

async function readBook(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** A sheet as header-keyed rows. */
function table(ws: ExcelJS.Worksheet) {
  const headers = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Row[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return { headers, rows };
}

/** An upload built the way an office would fill the template; `null` leaves a blank line. */
async function xlsx(rows: (Row | null)[], headers = HEADERS) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学校');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r ? headers.map((h) => r[h] ?? null) : []);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The sheet row an export would hold for a school, as the API returns it. */
const rowOf = (s: School): Row => ({
  学校代码: s.code,
  学校名称: s.name,
  '所属街道/教管中心': s.parentName,
  学校类型: schoolTypeLabels[s.schoolType as keyof typeof schoolTypeLabels],
  办学性质: s.ownership === 'private' ? '民办' : '公办',
  在校学生数: s.enrollment,
  住校学生数: s.boardingStudents,
  教职工数: s.staffCount,
  校门数: s.gateCount,
  校车数: s.busCount,
  各年级班数: s.classCounts.flatMap((n, i) => (n > 0 ? [`${i + 1}:${n}`] : [])).join(','),
  地址: s.address,
  经度: s.longitude,
  纬度: s.latitude,
  '校长（第一责任人）': s.principalName,
  校长电话: s.principalPhone,
  安全干部: s.safetyOfficerName,
  安全干部电话: s.safetyOfficerPhone,
  学校电话: s.phone,
});

const school = async (code: string): Promise<School> => (await admin.get(`/api/schools/${await idOfSchool(t.db, code)}`)).json();
const exists = async (code: string) => (await t.db.selectFrom('org_unit').select('id').where('code', '=', code).execute()).length > 0;
const snapshot = async () => ({
  schools: await countRows(t.db, 'school'),
  units: await countRows(t.db, 'org_unit'),
  audit: await countRows(t.db, 'audit_event'),
});
const importEvents = () => t.db.selectFrom('audit_event').selectAll().where('action', '=', 'school.import').orderBy('seq', 'desc').execute();

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  return res.json().error as { message: string; details?: Row[] };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  principal = await t.login('principal');
});
afterAll(() => t.close());

describe('GET /api/schools/import-template', () => {
  it('is an xlsx with the Chinese headers and this district’s townships', async () => {
    const res = await admin.get('/api/schools/import-template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('学校导入模板.xlsx'));
    const wb = await readBook(res.rawPayload);
    const { headers, rows } = table(wb.worksheets[0] as ExcelJS.Worksheet);
    expect(wb.worksheets[0]?.name).toBe('学校');
    expect(headers).toEqual(HEADERS);
    expect(rows).toHaveLength(1);
    const help = JSON.stringify((wb.getWorksheet('填写说明') as ExcelJS.Worksheet).getSheetValues());
    for (const u of units) expect(help).toContain(u.name);
    expect(help).not.toContain('临川街道');
  });

  it('imports as-is (its example row is valid)', async () => {
    const file = (await admin.get('/api/schools/import-template')).rawPayload;
    const res = await admin.upload('/api/schools/import?dryRun=true', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ total: 1, created: 1, updated: 0, dryRun: true });
  });
});

describe('GET /api/schools/export', () => {
  const exported = async (c: Client, query: string) => {
    const res = await c.get(`/api/schools/export?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    return table((await readBook(res.rawPayload)).worksheets[0] as ExcelJS.Worksheet);
  };
  const total = async (query: string) => (await admin.get(`/api/schools?${query}`)).json().total as number;

  it.each(['', 'schoolType=kindergarten&ownership=private', 'boarding=true', 'keyword=%E6%A1%82%E8%8A%B1'])(
    'holds as many rows as the list total for "%s"',
    async (query) => {
      const { headers, rows } = await exported(admin, query);
      expect(headers).toEqual(HEADERS);
      const n = await total(query);
      expect(n).toBeGreaterThan(0);
      expect(rows).toHaveLength(n);
    },
  );

  it('writes the API values with Chinese labels', async () => {
    const sample =
      demoSchools(units).find((s) => s.ownership === 'private' && s.unitCode === 'C03') ?? demoSchools(units).find((s) => s.ownership === 'private');
    const api = await school(sample?.code as string);
    expect(api).toMatchObject({ schoolType: 'kindergarten', ownership: 'private' });
    const { rows } = await exported(admin, `parentId=${api.parentId}&ownership=private`);
    const row = rows.find((r) => r.学校代码 === api.code);
    expect(row).toEqual(rowOf(api));
    expect(row).toMatchObject({ 学校类型: '幼儿园', 办学性质: '民办', '所属街道/教管中心': unitName('C03') });
  });

  it('exports only the schools in scope', async () => {
    const { rows } = await exported(principal, '');
    expect(rows.map((r) => r.学校代码)).toEqual(['YJT0101']);
  });

  it('rejects bad filters', async () => {
    expectError(await admin.get('/api/schools/export?schoolType=bad'), 400, 'VALIDATION_FAILED');
  });
});

describe('POST /api/schools/import', () => {
  it('creates new codes, updates known ones and audits each', async () => {
    const existing = await school('YJC0601');
    const changed = { ...rowOf(existing), 在校学生数: existing.enrollment + 11, 学校电话: '023-60000001' };
    const file = await xlsx([
      {
        学校代码: 'IM-A1',
        学校名称: '导入测试甲小学',
        '所属街道/教管中心': 'T06',
        学校类型: '小学',
        办学性质: '民办',
        在校学生数: 600,
        住校学生数: 30,
        教职工数: 40,
        校门数: 2,
        地址: '导入路 1 号',
        经度: 106.61,
        纬度: 29.41,
        学校电话: '023-61234567',
      },
      { 学校代码: 'IM-A2', 学校名称: '导入测试乙幼儿园', '所属街道/教管中心': unitName('T07'), 学校类型: 'kindergarten' },
      changed,
    ]);
    const before = await snapshot();
    const imports = (await importEvents()).length;
    const res = await admin.upload('/api/schools/import', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ total: 3, created: 2, updated: 1, dryRun: false });
    expect(await snapshot()).toMatchObject({ schools: before.schools + 2, units: before.units + 2, audit: before.audit + 4 });

    const a = await school('IM-A1');
    expect(a).toMatchObject({
      name: '导入测试甲小学',
      parentName: unitName('T06'),
      schoolType: 'primary',
      ownership: 'private',
      enrollment: 600,
      boardingStudents: 30,
      staffCount: 40,
      gateCount: 2,
      address: '导入路 1 号',
      longitude: 106.61,
      latitude: 29.41,
      phone: '023-61234567',
    });
    const b = await school('IM-A2');
    expect(b).toMatchObject({ parentName: unitName('T07'), schoolType: 'kindergarten', ownership: 'public', enrollment: 0, gateCount: 1, longitude: null });
    const [created] = await auditEventsFor(t.db, a.id);
    expect(created).toMatchObject({ action: 'school.import_create', actor_role: 'district_admin' });
    expect(created?.after).toMatchObject({ code: 'IM-A1', enrollment: 600 });

    expect(await school('YJC0601')).toMatchObject({ ...existing, enrollment: existing.enrollment + 11, phone: '023-60000001', updatedAt: expect.any(String) });
    const [updated] = await auditEventsFor(t.db, existing.id);
    expect(updated).toMatchObject({ action: 'school.import_update' });
    expect(updated?.before).toEqual({ enrollment: existing.enrollment, phone: existing.phone });
    expect(updated?.after).toEqual({ enrollment: existing.enrollment + 11, phone: '023-60000001' });
    const events = await importEvents();
    expect(events).toHaveLength(imports + 1);
    expect(events[0]?.after).toEqual({ total: 3, created: 2, updated: 1, dryRun: false });
  });

  it('reads 校车数 and 各年级班数, and reports an unreadable class list', async () => {
    const ok = { '所属街道/教管中心': 'T02', 学校类型: '初中' };
    const good = await xlsx([{ ...ok, 学校代码: 'IM-BUS1', 学校名称: '校车测试中学', 校车数: 3, 各年级班数: '7:8,8:8,9:7' }]);
    const res = await admin.upload('/api/schools/import', good);
    expect(res.statusCode, res.body).toBe(200);
    expect(await school('IM-BUS1')).toMatchObject({ busCount: 3, classCounts: [0, 0, 0, 0, 0, 0, 8, 8, 7] });
    const exported = await readBook((await admin.get('/api/schools/export?keyword=IM-BUS1')).rawPayload);
    expect(table(exported.worksheets[0] as ExcelJS.Worksheet).rows[0]).toMatchObject({ 校车数: 3, 各年级班数: '7:8,8:8,9:7' });
    const bad = await xlsx([{ ...ok, 学校代码: 'IM-BUS2', 学校名称: '校车测试二中', 校车数: -1, 各年级班数: '七年级八个班' }]);
    const error = expectError(await admin.upload('/api/schools/import', bad), 422, 'IMPORT_REJECTED');
    expect(error.details).toEqual([
      { row: 2, column: '各年级班数', message: expect.stringContaining('无法识别') },
      { row: 2, column: '校车数', message: '校车数不能为负数' },
    ]);
  });

  it('round-trips an export without changing any school', async () => {
    const parentId = (await school('YJC0801')).parentId;
    const file = (await admin.get(`/api/schools/export?parentId=${parentId}`)).rawPayload;
    const before = await snapshot();
    const res = await admin.upload('/api/schools/import', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ total: 13, created: 0, updated: 13, dryRun: false });
    expect(await snapshot()).toEqual({ ...before, audit: before.audit + 1 });
  });

  it('leaves a known school’s fields alone where the sheet’s cells are blank', async () => {
    const existing = await school('YJC0601');
    const file = await xlsx([
      { 学校代码: existing.code, 学校名称: existing.name, '所属街道/教管中心': existing.parentName, 学校类型: rowOf(existing).学校类型, 校门数: 3 },
    ]);
    const res = await admin.upload('/api/schools/import', file);
    expect(res.statusCode, res.body).toBe(200);
    const after = await school('YJC0601');
    expect(after.gateCount).toBe(3);
    expect({ ...after, gateCount: existing.gateCount, updatedAt: existing.updatedAt }).toEqual(existing);
  });

  it('writes nothing on a dry run', async () => {
    const existing = await school('YJC0701');
    const file = await xlsx([
      { 学校代码: 'IM-D1', 学校名称: '试导入小学', '所属街道/教管中心': 'C07', 学校类型: '小学' },
      { ...rowOf(existing), 在校学生数: existing.enrollment + 5 },
    ]);
    const before = await snapshot();
    const res = await admin.upload('/api/schools/import?dryRun=true', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ total: 2, created: 1, updated: 1, dryRun: true });
    expect(await snapshot()).toEqual(before);
    expect(await exists('IM-D1')).toBe(false);
    expect(await school('YJC0701')).toEqual(existing);
  });

  it('rejects a file with bad rows, reporting each with its row, and writes nothing', async () => {
    const ok = { '所属街道/教管中心': 'T02', 学校类型: '小学' };
    const file = await xlsx([
      { ...ok, 学校代码: 'BAD-1', 学校名称: '坏行一小学', '所属街道/教管中心': '不存在街道' }, // row 2
      { ...ok, 学校代码: 'BAD-2', 学校名称: '坏行二小学', 学校类型: '大学' }, // row 3
      { ...ok, 学校代码: 'BAD-3', 学校名称: '坏行三小学', 教职工数: -3 }, // row 4
      { ...ok, 学校代码: 'DUP-1', 学校名称: '重复甲小学' }, // row 5 (fine by itself)
      { ...ok, 学校代码: 'DUP-1', 学校名称: '重复乙小学' }, // row 6
      { ...ok, 学校代码: 'BAD-4', 学校名称: '坏行四小学', 在校学生数: 10, 住校学生数: 20 }, // row 7
      { ...ok, 学校代码: 'BAD-5' }, // row 8: no name
      { ...ok, 学校代码: 'T03', 学校名称: '占用代码小学' }, // row 9: a township's code
      null, // row 10: blank, skipped
      { ...ok, 学校代码: 'BAD-6', 学校名称: '坏' }, // row 11
    ]);
    const before = await snapshot();
    const error = expectError(await admin.upload('/api/schools/import', file), 422, 'IMPORT_REJECTED');
    expect(error.message).toContain('8 处错误');
    expect(error.details).toEqual([
      { row: 2, column: '所属街道/教管中心', message: '找不到街道/教管中心「不存在街道」' },
      { row: 3, column: '学校类型', message: expect.stringContaining('学校类型「大学」无效') },
      { row: 4, column: '教职工数', message: '教职工数不能为负数' },
      { row: 6, column: '学校代码', message: '学校代码「DUP-1」与第 5 行重复' },
      { row: 7, column: '住校学生数', message: '住校学生数不能超过在校学生数' },
      { row: 8, column: '学校名称', message: expect.any(String) },
      { row: 9, column: '学校代码', message: '代码「T03」已被其他机构使用' },
      { row: 11, column: '学校名称', message: '学校名称至少 2 个字' },
    ]);
    expect(await snapshot()).toEqual(before);
    expect(await exists('DUP-1')).toBe(false);
    expect(await exists('BAD-1')).toBe(false);
  });

  it('rejects a sheet without a required column or without data rows', async () => {
    const noName = await xlsx(
      [{ 学校代码: 'NN-1', '所属街道/教管中心': 'T02', 学校类型: '小学' }],
      HEADERS.filter((h) => h !== '学校名称'),
    );
    const missing = expectError(await admin.upload('/api/schools/import', noName), 422, 'IMPORT_REJECTED');
    expect(missing.details).toEqual([{ row: 1, column: '学校名称', message: '缺少必填列「学校名称」' }]);
    const empty = expectError(await admin.upload('/api/schools/import', await xlsx([null, null])), 422, 'IMPORT_REJECTED');
    expect(empty.details).toEqual([{ message: '文件中没有数据行' }]);
  });

  it('answers a non-xlsx or empty body with 4xx, never 500, and writes nothing', async () => {
    const before = await snapshot();
    const garbage = expectError(await admin.upload('/api/schools/import', Buffer.from('学校代码,学校名称\nX1,某小学\n')), 422, 'IMPORT_REJECTED');
    expect(garbage.details?.[0]?.message).toContain('.xlsx');
    const asText = await admin.request({ method: 'POST', url: '/api/schools/import', payload: 'hello', headers: { 'content-type': 'text/plain' } });
    expectError(asText, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const asPng = await admin.request({
      method: 'POST',
      url: '/api/schools/import',
      payload: Buffer.from([1, 2, 3]),
      headers: { 'content-type': 'image/png' },
    });
    expectError(asPng, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await admin.upload('/api/schools/import', Buffer.alloc(0)), 400, 'BAD_REQUEST');
    expectError(await admin.post('/api/schools/import'), 400, 'BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
  });

  it('is for the district admin only, and needs the CSRF token', async () => {
    const file = await xlsx([{ 学校代码: 'PR-1', 学校名称: '校长导入小学', '所属街道/教管中心': 'T01', 学校类型: '小学' }]);
    const before = await snapshot();
    expectError(await principal.upload('/api/schools/import', file), 403, 'FORBIDDEN');
    const noToken = await t.server.inject({
      method: 'POST',
      url: '/api/schools/import',
      payload: file,
      headers: { cookie: admin.cookie, 'content-type': XLSX },
    });
    expectError(noToken, 403, 'CSRF_REJECTED');
    expect(await snapshot()).toEqual(before);
    expect(await exists('PR-1')).toBe(false);
  });
});
