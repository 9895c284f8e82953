import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { auditEventsFor, type Client, createTestApp, type TestApp } from '../support/harness.js';
import { inspectionBody } from '../support/inspection-helpers.js';

/**
 * 专项行动 duties for departments (issue 13 leftover): a phase duty carried out by every
 * taking-part department (a 派出所's inspections of its schools), counted with the coverage
 * engine's crediting rule; who sees the department rows; the edit with version, audit and scope.
 */
let t: TestApp;
let admin: Client, police: Client, dept: Client, centre: Client, principal: Client, other: Client;
let policeUnit = '';
let marketUnit = '';
let precinctSchool = '';
const today = shanghaiDay(new Date());
const year = Number(today.slice(0, 4));

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}

const campaign = (departmentIds: string[], over: Record<string, unknown> = {}) => ({
  name: '平安校园联合专项行动',
  kind: 'special',
  year,
  description: '',
  participants: { schoolTypes: [], parentIds: [], departmentIds },
  phases: [
    {
      code: 'zhenggai',
      label: '整改',
      startsOn: addDays(today, -5),
      endsOn: addDays(today, 10),
      duties: [
        { code: 'police_check', label: '派出所三防检查', kind: 'inspection', types: ['sanfang'], levels: ['police'], min: 1, subjects: 'departments' },
        { code: 'self_check', label: '学校三防自查', kind: 'inspection', types: ['sanfang'], levels: ['school_self'], min: 1 },
      ],
    },
  ],
  ...over,
});

type DeptRow = { unitId: string; unitName: string; done: boolean; lagging: boolean; duties: { code: string; count: number; status: string }[] };
type Phase = {
  duties: { code: string }[];
  departmentDuties: { code: string; done: number; total: number }[];
  departments: DeptRow[];
  departmentLaggards: DeptRow[];
  rows: { duties: { code: string }[] }[];
};

beforeAll(async () => {
  t = await createTestApp();
  [admin, police, dept, centre, principal, other] = await t.loginAll([
    'admin',
    'police',
    'dept_officer',
    'centre_officer',
    'principal',
    'other_admin',
  ] as const);
  const unitOf = async (u: string) => (await t.db.selectFrom('app_user').select('org_unit_id').where('username', '=', u).executeTakeFirstOrThrow()).org_unit_id;
  policeUnit = await unitOf('police');
  marketUnit = await unitOf('dept_officer');
  precinctSchool = (
    await t.db.selectFrom('assignment').select('target_id').where('kind', '=', 'precinct_school').where('subject_id', '=', policeUnit).executeTakeFirstOrThrow()
  ).target_id;
}, 120_000);
afterAll(() => t?.close());

describe('department duties of a campaign phase', () => {
  let id = '';
  it('refuses a department duty without taking-part departments, and a department of another district', async () => {
    expectError(await admin.post('/api/campaigns', campaign([])), 400, 'VALIDATION_FAILED');
    expectError(
      await admin.post(
        '/api/campaigns',
        campaign([policeUnit], { phases: [{ ...campaign([]).phases[0], duties: [{ code: 'x', label: '任务', kind: 'inspection', subjects: 'units' }] }] }),
      ),
      400,
      'VALIDATION_FAILED',
    );
    const otherDistrictUnit = (await t.db.selectFrom('org_unit').select('id').where('code', '=', 'T01').executeTakeFirstOrThrow()).id;
    expectError(await admin.post('/api/campaigns', campaign([otherDistrictUnit])), 400, 'VALIDATION_FAILED');
    const r = await admin.post('/api/campaigns', campaign([policeUnit, marketUnit]));
    expect(r.statusCode, r.body).toBe(201);
    id = r.json().campaign.id;
  });

  it("counts the police station's inspection for the police station only; the schools' duty stays the schools'", async () => {
    const before = (await admin.get(`/api/campaigns/${id}/progress`)).json().phases[0] as Phase;
    expect(before.departmentDuties).toEqual([expect.objectContaining({ code: 'police_check', done: 0, total: 2 })]);
    expect(before.duties.map((d) => d.code)).toEqual(['self_check']);
    expect(before.rows.every((r) => r.duties.length === 1)).toBe(true);
    expect(before.departmentLaggards.map((d) => d.unitId).sort()).toEqual([policeUnit, marketUnit].sort());

    const body = await inspectionBody(police, precinctSchool, 'sanfang', 'police');
    const made = await police.post('/api/inspections', body);
    expect(made.statusCode, made.body).toBe(201);

    const after = (await admin.get(`/api/campaigns/${id}/progress`)).json().phases[0] as Phase;
    const row = (u: string) => after.departments.find((d) => d.unitId === u) as DeptRow;
    expect(row(policeUnit)).toMatchObject({ done: true, lagging: false, duties: [{ code: 'police_check', count: 1, status: 'done' }] });
    expect(row(marketUnit)).toMatchObject({ done: false, lagging: true, duties: [{ code: 'police_check', count: 0, status: 'open' }] });
    expect(after.departmentDuties[0]).toMatchObject({ done: 1, total: 2 });
    expect(after.departmentLaggards.map((d) => d.unitId)).toEqual([marketUnit]);

    // The lagging department's officers get a workbench to-do; the police station, done, does not.
    type Wb = { sections: { items: { key: string; count: number; link: string }[] }[] };
    const items = async (c: Client) => ((await c.get('/api/workbench')).json() as Wb).sections.flatMap((x) => x.items);
    const todo = (await items(dept)).find((i) => i.key === `campaigns:${id}:zhenggai:department`);
    expect(todo).toMatchObject({ count: 1, link: `/campaigns/${id}` });
    expect((await items(police)).some((i) => i.key === `campaigns:${id}:zhenggai:department`)).toBe(false);
  });

  it('the police station sees the campaign and its own row only; a school sees no department rows; another district nothing', async () => {
    const mine = await police.get(`/api/campaigns/${id}/progress`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect((mine.json().phases[0] as Phase).departments.map((d) => d.unitId)).toEqual([policeUnit]);
    expect((await police.get('/api/campaigns')).json().items.map((c: { id: string }) => c.id)).toContain(id);
    const all = await dept.get(`/api/campaigns/${id}/progress`); // a department officer reads the district
    expect((all.json().phases[0] as Phase).departments).toHaveLength(2);
    const school = await principal.get(`/api/campaigns/${id}/progress`);
    expect(school.statusCode, school.body).toBe(200);
    expect((school.json().phases[0] as Phase).departments).toEqual([]);
    expectError(await other.get(`/api/campaigns/${id}/progress`), 404, 'NOT_FOUND');
  });

  it('the Excel lists the department duty and the lagging department', async () => {
    const x = await admin.get(`/api/campaigns/${id}/progress/export`);
    expect(x.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const text = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String)).join('|');
    expect(text).toContain('派出所三防检查（参与部门');
    const market = (await t.db.selectFrom('org_unit').select('name').where('id', '=', marketUnit).executeTakeFirstOrThrow()).name;
    expect(text).toContain(market);
  });

  it('the edit form: phases, dates and duties changed with the version, audited; only the district admin', async () => {
    const c = (await admin.get(`/api/campaigns/${id}`)).json().campaign;
    const next = campaign([policeUnit], {
      name: '平安校园联合专项行动（调整）',
      phases: [
        { ...campaign([]).phases[0], endsOn: addDays(today, 20) },
        { code: 'yanshou', label: '验收', startsOn: addDays(today, 21), endsOn: addDays(today, 40), duties: [], closeHazards: true },
      ],
    });
    expectError(await centre.put(`/api/campaigns/${id}`, { ...next, baseVersion: c.version }), 403, 'FORBIDDEN');
    expectError(await admin.put(`/api/campaigns/${id}`, { ...next, baseVersion: c.version + 1 }), 409, 'CONFLICT');
    expectError(
      await admin.put(`/api/campaigns/${id}`, { ...next, participants: { ...next.participants, departmentIds: [] }, baseVersion: c.version }),
      400,
      'VALIDATION_FAILED',
    );
    const r = await admin.put(`/api/campaigns/${id}`, { ...next, baseVersion: c.version });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().campaign).toMatchObject({ name: '平安校园联合专项行动（调整）', endsOn: addDays(today, 40), version: c.version + 1 });
    expect(r.json().campaign.phases[0].duties[0].subjects).toBe('departments');
    const audit = await auditEventsFor(t.db, id);
    expect(audit.map((a) => a.action)).toEqual(['campaign.update', 'campaign.create']);
    const p = (await admin.get(`/api/campaigns/${id}/progress`)).json().phases[0] as Phase;
    expect(p.departments.map((d) => d.unitId)).toEqual([policeUnit]);
  });
});
