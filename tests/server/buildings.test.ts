import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { act, planBody, uploadPhoto } from '../support/hazard-helpers.js';

let t: TestApp;
let admin: Client, police: Client, officer: Client, staff: Client, inspector: Client, centre: Client;
let school = ''; // YJT0101: the officer's, in the demo police precinct
let otherSchool = ''; // YJC0501: outside the precinct and the centre

beforeAll(async () => {
  t = await createTestApp();
  [admin, police, officer, staff, inspector, centre] = (await Promise.all(
    ['admin', 'police', 'school_officer', 'staff', 'inspector', 'centre_officer'].map((u) => t.login(u)),
  )) as [Client, Client, Client, Client, Client, Client];
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
});
afterAll(() => t.close());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  return res.json().error as { message: string; details?: { row?: number; column?: string; message: string }[] };
}
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const count = async (table: 'sanfang_building' | 'sanfang_fire_facility') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const standard = async (c: Client, id: string, code: string) =>
  (await c.get(`/api/sanfang/schools/${id}`)).json().standards.find((s: { code: string }) => s.code === code);

describe('校舍 and fire facilities: writes, scope and bad input', () => {
  it('records a building with its appraisal; refuses bad input with a Chinese message', async () => {
    const ok = await officer.post('/api/sanfang/buildings', {
      schoolId: school,
      name: '科技楼',
      use: 'lab',
      floors: 4,
      yearBuilt: 2012,
      areaM2: 2400.5,
      seismicCompliant: true,
      grade: 'A',
      appraisedOn: '2024-05-10',
      appraisedBy: '云江区房屋安全鉴定站',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ appraisalDueOn: '2029-05-10', appraisalOverdue: false, dangerous: false });
    expect(expectError(await officer.post('/api/sanfang/buildings', { schoolId: school, name: '甲', grade: 'C' }), 400, 'VALIDATION_FAILED').message).toContain(
      '鉴定日期',
    );
    expectError(await officer.post('/api/sanfang/buildings', { schoolId: school, name: '甲', grade: 'E' }), 400, 'VALIDATION_FAILED');
    expectError(
      await officer.post('/api/sanfang/buildings', { schoolId: school, name: '甲', grade: 'A', appraisedOn: '2099-01-01' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await officer.post('/api/sanfang/buildings', { schoolId: school, name: '', floors: -1 }), 400, 'VALIDATION_FAILED');
    expectError(await officer.patch(`/api/sanfang/buildings/${ok.json().id}`, {}), 400, 'VALIDATION_FAILED');
    expectError(
      await officer.post('/api/sanfang/fire-facilities', {
        schoolId: school,
        kind: 'hydrant',
        lastMaintainedOn: '2026-05-01',
        nextMaintenanceOn: '2026-01-01',
      }),
      400,
      'VALIDATION_FAILED',
    );
  });
  it('the school, the district, the centre and the precinct police write; staff and outsiders do not', async () => {
    const body = { schoolId: school, kind: 'extinguisher', location: '二楼', quantity: 8, serviceCompany: '消安公司', lastMaintainedOn: '2026-06-01' };
    expect((await police.post('/api/sanfang/fire-facilities', body)).statusCode).toBe(201);
    expect((await centre.post('/api/sanfang/fire-facilities', body)).statusCode).toBe(201);
    expectError(await staff.post('/api/sanfang/fire-facilities', body), 403, 'FORBIDDEN');
    expectError(await officer.post('/api/sanfang/fire-facilities', { ...body, schoolId: otherSchool }), 404, 'NOT_FOUND');
    expectError(await police.post('/api/sanfang/buildings', { schoolId: otherSchool, name: '甲' }), 404, 'NOT_FOUND');
    expectError(await officer.get(`/api/sanfang/schools/${otherSchool}/buildings`), 404, 'NOT_FOUND');
    const other = (await admin.get(`/api/sanfang/schools/${otherSchool}/buildings`)).json();
    expect(other.buildings.length).toBeGreaterThan(0);
    expectError(await officer.patch(`/api/sanfang/buildings/${other.buildings[0].id}`, { name: '改' }), 404, 'NOT_FOUND');
    const read = (await inspector.get(`/api/sanfang/schools/${school}/buildings`)).json();
    expect(read.canEdit).toBe(false);
    expect(read.rules.map((r: { code: string }) => r.code)).toEqual(['building_appraisal', 'dangerous_buildings', 'fire_maintenance', 'fire_assessment']);
    expect(read.rules[0]).toMatchObject({ certainty: 'C2', origin: { pack: 'national' } });
  });
  it('a 危房 and an overdue maintenance show in the standing and the roll-up', async () => {
    const d = await officer.post('/api/sanfang/buildings', { schoolId: school, name: '老食堂', use: 'canteen', grade: 'D', appraisedOn: '2026-01-05' });
    expect(d.json().dangerous).toBe(true);
    expect(await standard(officer, school, 'dangerous_buildings')).toMatchObject({ met: false, categoryLabel: '校舍' });
    expect((await standard(officer, school, 'dangerous_buildings')).detail).toContain('老食堂（D级）');
    const f = await officer.post('/api/sanfang/fire-facilities', {
      schoolId: school,
      kind: 'hydrant',
      serviceCompany: '消安公司',
      lastMaintainedOn: '2024-01-01',
    });
    expect(f.json().problem).toBe('维保逾期（应于2025-01-01前）');
    expect((await standard(officer, school, 'fire_maintenance')).met).toBe(false);
    const sum = (await centre.get('/api/sanfang/summary')).json();
    const row = sum.schoolRows.find((r: { id: string }) => r.id === school);
    expect(row.unmet.map((u: { code: string }) => u.code)).toEqual(expect.arrayContaining(['dangerous_buildings', 'fire_maintenance']));
    expect(sum.rules.find((r: { code: string }) => r.code === 'dangerous_buildings').applicable).toBe(sum.schools);
  });
  it('the 火灾高危单位 status and its yearly assessment', async () => {
    expectError(await officer.put(`/api/sanfang/schools/${school}/fire-unit`, { highRisk: 'yes' }), 400, 'VALIDATION_FAILED');
    const saved = await officer.put(`/api/sanfang/schools/${school}/fire-unit`, { highRisk: true, assessedOn: null });
    expect(saved.json()).toMatchObject({ highRisk: true, assessmentOverdue: true });
    expect(await standard(officer, school, 'fire_assessment')).toMatchObject({ applies: true, met: false });
    await officer.put(`/api/sanfang/schools/${school}/fire-unit`, { assessedOn: today(), assessedBy: '消安公司' });
    expect(await standard(officer, school, 'fire_assessment')).toMatchObject({ met: true });
  });
});

describe('a gap hazard closes only with the register', () => {
  it('verification waits for the register; the register write adds 「三防登记表已达标」', async () => {
    await officer.post('/api/sanfang/buildings', { schoolId: school, name: '危楼', grade: 'C', appraisedOn: '2026-02-01' });
    const res = await officer.post('/api/sanfang/gap-hazards', { schoolIds: [school], ruleCodes: ['dangerous_buildings'] });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().created[0].hazardId as string;
    expect((await officer.get(`/api/hazards/${id}`)).json().hazard).toMatchObject({ category: 'building' });
    expect((await act(inspector, id, 'assess', { level: 'general', category: 'building', note: '限期整改' })).statusCode).toBe(200);
    expect((await act(officer, id, 'plan', planBody())).statusCode).toBe(200);
    const photo = await uploadPhoto(officer, school, 'rectification');
    expect((await act(officer, id, 'submit', { explanation: '已加固', attachmentIds: [photo] })).statusCode).toBe(200);
    const refused = expectError(await act(inspector, id, 'verify_pass', { note: '合格' }), 409, 'CONFLICT');
    expect(refused.message).toContain('三防登记表仍显示「无在用危房」未达标');
    // The register: every 危房 of the school re-appraised as B (or taken out of use).
    const list = (await officer.get(`/api/sanfang/schools/${school}/buildings`)).json().buildings as { id: string; dangerous: boolean }[];
    for (const b of list.filter((x) => x.dangerous)) {
      expect((await officer.patch(`/api/sanfang/buildings/${b.id}`, { grade: 'B', appraisedOn: today() })).statusCode).toBe(200);
    }
    const h = (await inspector.get(`/api/hazards/${id}`)).json();
    const met = h.timeline.filter((e: { action: string }) => e.action === 'register_met');
    expect(met).toHaveLength(1);
    expect(met[0]).toMatchObject({ actionLabel: '三防登记表已达标', toState: 'pending_verification' });
    expect(met[0].note).toContain('可验收销号');
    // A second write changes nothing on the timeline.
    await officer.patch(`/api/sanfang/buildings/${list[0]?.id}`, { note: '复核' });
    expect((await inspector.get(`/api/hazards/${id}`)).json().timeline.filter((e: { action: string }) => e.action === 'register_met')).toHaveLength(1);
    const passed = await act(inspector, id, 'verify_pass', { note: '合格' });
    expect(passed.statusCode, passed.body).toBe(200);
    expect(passed.json().hazard.state).toBe('closed');
    expect((await standard(officer, school, 'dangerous_buildings')).met).toBe(true);
  });

  it('an Excel import that meets the rule adds the entry in the import itself', async () => {
    const b = (await officer.post('/api/sanfang/buildings', { schoolId: school, name: '旧库房', grade: 'D', appraisedOn: '2026-03-01' })).json();
    const res = await officer.post('/api/sanfang/gap-hazards', { schoolIds: [school], ruleCodes: ['dangerous_buildings'] });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().created[0].hazardId as string;
    const file = await sheet(
      ['记录编号', '学校代码', '校舍名称', '鉴定等级', '鉴定日期'],
      [{ 记录编号: b.id, 学校代码: 'YJT0101', 校舍名称: '旧库房', 鉴定等级: 'B', 鉴定日期: today() }],
    );
    const imported = await officer.upload('/api/sanfang/buildings/import?part=buildings', file);
    expect(imported.statusCode, imported.body).toBeLessThan(300);
    const met = (await inspector.get(`/api/hazards/${id}`)).json().timeline.filter((e: { action: string }) => e.action === 'register_met');
    expect(met).toHaveLength(1);
    // The entry and the import's audit row were written by one transaction (the same xmin).
    const txOf = async (where: { entity_type: string; entity_id: string; action: string }) =>
      (
        await t.db
          .selectFrom('audit_event')
          .select(sql<string>`xmin::text`.as('tx'))
          .where('entity_type', '=', where.entity_type)
          .where('entity_id', '=', where.entity_id)
          .where('action', '=', where.action)
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow()
      ).tx;
    expect(await txOf({ entity_type: 'hazard', entity_id: id, action: 'hazard.register_met' })).toBe(
      await txOf({ entity_type: 'sanfang_building', entity_id: b.id, action: 'sanfang.import' }),
    );
  });
});

async function sheet(headers: string[], rows: Record<string, string | number>[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('校舍');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('Excel import and export of 校舍 and fire facilities', () => {
  const headers = ['记录编号', '学校代码', '校舍名称', '用途', '层数', '鉴定等级', '鉴定日期', '在用'];
  it('rejects a sheet with bad rows, reports each by row and column, imports nothing', async () => {
    const before = await count('sanfang_building');
    const file = await sheet(headers, [
      { 学校代码: 'YJT0101', 校舍名称: '好楼', 用途: '教学楼', 层数: 3, 鉴定等级: 'A', 鉴定日期: '2025-09-01', 在用: '是' },
      { 学校代码: 'YJT0101', 校舍名称: '坏楼', 用途: '礼堂', 层数: 'three', 鉴定等级: 'C', 在用: '也许' },
      { 学校代码: 'YJC0501', 校舍名称: '别校楼' },
      { 学校代码: 'YJT0101', 校舍名称: '', 鉴定等级: 'B', 鉴定日期: '2025-13-01' },
    ]);
    const err = expectError(await officer.upload('/api/sanfang/buildings/import?part=buildings', file), 422, 'IMPORT_REJECTED');
    const at = (row: number) => (err.details ?? []).filter((d) => d.row === row).map((d) => d.column);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual(expect.arrayContaining(['用途', '层数', '在用']));
    expect(at(4)).toEqual(['学校代码']);
    expect(at(5)).toEqual(expect.arrayContaining(['校舍名称', '鉴定日期']));
    expect(await count('sanfang_building')).toBe(before);
    const missing = await sheet(['学校代码'], [{ 学校代码: 'YJT0101' }]);
    expect(expectError(await officer.upload('/api/sanfang/buildings/import?part=buildings', missing), 422, 'IMPORT_REJECTED').details?.[0]?.message).toContain(
      '校舍名称',
    );
    expectError(await officer.upload('/api/sanfang/buildings/import?part=buildings', Buffer.from('not excel')), 422, 'IMPORT_REJECTED');
    expectError(await officer.upload('/api/sanfang/buildings/import?part=rooms', file), 400, 'VALIDATION_FAILED');
  });
  it('exports, then imports the sheet back with a change and a new row', async () => {
    const x = await officer.get(`/api/sanfang/buildings/export?part=fire&schoolId=${school}`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.getRow(1).getCell(4).value).toBe('设施类别');
    const rows = ws.actualRowCount;
    expect(rows).toBeGreaterThan(2);
    ws.getRow(2).getCell(9).value = '2026-11-30'; // 下次维保日期
    ws.addRow(['', 'YJT0101', '', '消火栓', '操场', 2, '消安公司', '2026-10-01', '', '是', '']);
    const before = await count('sanfang_fire_facility');
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const dry = await officer.upload('/api/sanfang/buildings/import?part=fire&dryRun=true', file);
    expect(dry.json()).toMatchObject({ total: rows, created: 1, updated: rows - 1, dryRun: true });
    expect(await count('sanfang_fire_facility')).toBe(before);
    const res = await officer.upload('/api/sanfang/buildings/import?part=fire', file);
    expect(res.statusCode, res.body).toBe(201 === res.statusCode ? 201 : 200);
    expect(await count('sanfang_fire_facility')).toBe(before + 1);
    // outside the scope, an export is empty
    const out = await officer.get(`/api/sanfang/buildings/export?part=buildings&schoolId=${otherSchool}`);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(out.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]?.actualRowCount).toBe(1);
  });
});
