import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import type { Role } from '../../src/domain/roles.js';
import { resolveScope } from '../../src/server/auth/scope.resolver.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { registerHazard } from '../support/hazard-helpers.js';
import { inspectionBody } from '../support/inspection-helpers.js';

/**
 * 专项行动 (issue 13): templates from the pack (seed 001's plan, the surroundings clean-ups),
 * create with bad input and by the wrong role, scope (a school sees its own row only, a centre its
 * schools, another district nothing), tagging hazards and inspections, progress figures against a
 * hand count from the database, the workbench to-do, the dashboard panel and the Excel.
 */
let t: TestApp;
let admin: Client, principal: Client, centre: Client, other: Client, police: Client;
let school = ''; // YJT0101, the principal's school
let township = ''; // its township
let farTownship = ''; // YJT02's township
const today = shanghaiDay(new Date());
const year = Number(today.slice(0, 4));

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}

const campaign = (over: Record<string, unknown> = {}) => ({
  name: '测试专项行动',
  kind: 'special',
  year,
  description: '',
  participants: { schoolTypes: [], parentIds: [township], departmentIds: [] },
  phases: [
    {
      code: 'past',
      label: '摸排',
      startsOn: addDays(today, -40),
      endsOn: addDays(today, -20),
      duties: [{ code: 'self_check', label: '学校全面安全自查', kind: 'inspection', types: ['weekly_check'], levels: ['school_self'], min: 1 }],
    },
    {
      code: 'now',
      label: '整改',
      startsOn: addDays(today, -5),
      endsOn: addDays(today, 10),
      duties: [{ code: 'self_check', label: '学校周检查', kind: 'inspection', types: ['weekly_check'], levels: ['school_self'], min: 1 }],
      closeHazards: true,
    },
    { code: 'later', label: '验收', startsOn: addDays(today, 11), endsOn: addDays(today, 30), duties: [], closeHazards: true },
  ],
  ...over,
});

type Progress = {
  schoolCount: number;
  hazards: { found: number; closed: number; open: number };
  phases: {
    code: string;
    state: string;
    done: number | null;
    schools: number;
    rate: number | null;
    duties: { code: string; done: number; total: number }[];
    hazards: { found: number; closedInTime: number; open: number } | null;
    rows: { schoolId: string; done: boolean; lagging: boolean; duties: { count: number; status: string }[] }[];
    laggards: { schoolId: string }[];
    units: { unitId: string | null; schools: number; done: number }[];
  }[];
};

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, centre, other, police] = await t.loginAll(['admin', 'principal', 'centre_officer', 'other_admin', 'police'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  const row = await t.db.selectFrom('org_unit').select('parent_id').where('id', '=', school).executeTakeFirstOrThrow();
  township = row.parent_id as string;
  const far = await t.db
    .selectFrom('org_unit')
    .select('parent_id')
    .where('id', '=', await idOfSchool(t.db, 'YJT0201'))
    .executeTakeFirstOrThrow();
  farTownship = far.parent_id as string;
});
afterAll(() => t.close());

describe('templates', () => {
  it('instantiates seed 001 and the surroundings clean-ups for a year', async () => {
    const res = await admin.get('/api/campaign-templates?year=2021');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      code: string;
      kind: string;
      draft: { phases: { code: string; startsOn: string; endsOn: string; duties: { types: string[] }[] }[] };
    }[];
    const plan = items.find((i) => i.code === 'huxiao_anyuan');
    expect(plan?.draft.phases.map((p) => [p.code, p.startsOn, p.endsOn])).toEqual([
      ['mopai', '2021-04-23', '2021-05-25'],
      ['zhenggai', '2021-05-26', '2021-11-25'],
      ['yanshou', '2021-11-26', '2022-01-31'],
      ['gonggu', '2021-11-26', '2022-01-31'],
    ]);
    const spring = items.find((i) => i.code === 'cleanup_spring');
    expect(spring?.kind).toBe('cleanup');
    expect(spring?.draft.phases[0]).toMatchObject({ startsOn: '2021-03-01', endsOn: '2021-05-31', duties: [{ types: ['surroundings'] }] });
    expect(items.some((i) => i.code === 'cleanup_autumn')).toBe(true);
    expectError(await admin.get('/api/campaign-templates?year=abc'), 400, 'VALIDATION_FAILED');
  });
});

describe('create', () => {
  it('refuses bad input with 400 and the wrong role with 403', async () => {
    const bad = [
      campaign({ name: '' }),
      campaign({ kind: 'war' }),
      campaign({ year: 1800 }),
      campaign({ extra: 1 }),
      campaign({ phases: [] }),
      campaign({ phases: [{ code: 'a', label: '甲', startsOn: today, endsOn: addDays(today, -1) }] }),
      campaign({ phases: [{ code: 'a', label: '甲', startsOn: '2026-02-30', endsOn: today }] }),
      campaign({
        phases: [
          { code: 'a', label: '甲', startsOn: today, endsOn: today },
          { code: 'a', label: '乙', startsOn: today, endsOn: today },
        ],
      }),
      campaign({
        phases: [{ code: 'a', label: '甲', startsOn: today, endsOn: today, duties: [{ code: 'x', label: '查', kind: 'inspection', types: ['nope'] }] }],
      }),
      campaign({ phases: [{ code: 'a', label: '甲', startsOn: today, endsOn: today, duties: [{ code: 'x', label: '查', kind: 'magic' }] }] }),
      campaign({
        phases: [
          {
            code: 'a',
            label: '甲',
            startsOn: today,
            endsOn: today,
            duties: [{ code: 'x', label: '练', kind: 'drill', types: ['drowning'], levels: ['centre'] }],
          },
        ],
      }),
      campaign({ participants: { schoolTypes: ['castle'], parentIds: [], departmentIds: [] } }),
      campaign({ participants: { schoolTypes: [], parentIds: [school], departmentIds: [] } }),
      campaign({ templateCode: 'no_such_template' }),
    ];
    for (const b of bad) expectError(await admin.post('/api/campaigns', b), 400, 'VALIDATION_FAILED');
    expectError(await principal.post('/api/campaigns', campaign()), 403, 'FORBIDDEN');
    expectError(await centre.post('/api/campaigns', campaign()), 403, 'FORBIDDEN');
    // Another district's township is not a unit of this district.
    const otherTownship = (await other.get('/api/org-units?kind=township')).json().items[0].id as string;
    expectError(
      await admin.post('/api/campaigns', campaign({ participants: { schoolTypes: [], parentIds: [otherTownship], departmentIds: [] } })),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('progress, tagging and scope', () => {
  let id = '';
  let farId = '';
  beforeAll(async () => {
    const res = await admin.post('/api/campaigns', campaign());
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().campaign.id;
    expect((await auditEventsFor(t.db, id))[0]?.action).toBe('campaign.create');
    const far = await admin.post(
      '/api/campaigns',
      campaign({ name: '另一街道的行动', participants: { schoolTypes: [], parentIds: [farTownship], departmentIds: [] } }),
    );
    expect(far.statusCode, far.body).toBe(201);
    farId = far.json().campaign.id;
    // The school's self-check in the running phase, tagged with the campaign, and one before the campaign's window.
    const body = await inspectionBody(principal, school, 'weekly_check', 'school_self');
    const made = await principal.post('/api/inspections', { ...body, campaignId: id });
    expect(made.statusCode, made.body).toBe(201);
    const early = await inspectionBody(principal, school, 'weekly_check', 'school_self', { inspectedAt: `${addDays(today, -60)}T09:00:00+08:00` });
    expect((await principal.post('/api/inspections', early)).statusCode).toBe(201);
    await registerHazard(principal, school, { campaignId: id });
    await registerHazard(principal, school); // not tagged
  });

  it('counts the phase duties and the hazards target as a hand count does', async () => {
    const res = await admin.get(`/api/campaigns/${id}/progress`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as Progress;
    const schools = await t.db
      .selectFrom('org_unit')
      .select('id')
      .where('parent_id', '=', township)
      .where('kind', '=', 'school')
      .where('is_active', '=', true)
      .execute();
    expect(p.schoolCount).toBe(schools.length);
    const ids = schools.map((s) => s.id);
    const doneIn = async (from: string, to: string) => {
      const rows = await t.db
        .selectFrom('inspection')
        .select('school_id')
        .distinct()
        .where('status', '=', 'submitted')
        .where('template_code', '=', 'weekly_check')
        .where('level', '=', 'school_self')
        .where('inspected_on', '>=', from)
        .where('inspected_on', '<=', to)
        .where('school_id', 'in', ids)
        .execute();
      return rows.length;
    };
    const [past, now, later] = p.phases;
    expect(past?.state).toBe('ended');
    expect(past?.duties[0]?.done).toBe(await doneIn(addDays(today, -40), addDays(today, -20)));
    expect(now?.state).toBe('running');
    const nowDone = await doneIn(addDays(today, -5), today);
    expect(nowDone).toBeGreaterThanOrEqual(1);
    expect(now?.duties[0]).toMatchObject({ done: nowDone, total: schools.length });
    expect(now?.rows.find((r) => r.schoolId === school)?.duties[0]).toMatchObject({ count: 1, status: 'done' });
    // The campaign's hazard is open, so the school is not done with the phase yet (the target runs to its end).
    expect(now?.hazards).toEqual({ found: 1, closedInTime: 0, open: 1 });
    expect(now?.rows.find((r) => r.schoolId === school)?.done).toBe(false);
    expect(now?.laggards.length).toBe(schools.length - (now?.done ?? 0));
    expect(now?.units.reduce((a, u) => a + u.schools, 0)).toBe(schools.length);
    expect(later?.state).toBe('upcoming');
    expect(later?.laggards).toEqual([]);
    expect(p.hazards).toEqual({ found: 1, closed: 0, open: 1 });
    // The ledger and the inspection list filter by the campaign.
    expect((await admin.get(`/api/hazards?campaignId=${id}`)).json().total).toBe(1);
    expect((await admin.get(`/api/inspections?campaignId=${id}`)).json().total).toBe(1);
  });

  it('shows a school its own row only, a centre its schools, another district nothing', async () => {
    const mine = (await principal.get(`/api/campaigns/${id}/progress`)).json() as Progress;
    expect(mine.schoolCount).toBe(1);
    expect(mine.phases.every((ph) => ph.rows.length === 1 && ph.rows[0]?.schoolId === school)).toBe(true);
    const list = (await principal.get('/api/campaigns')).json().items as { id: string }[];
    expect(list.map((c) => c.id)).toContain(id);
    expect(list.map((c) => c.id)).not.toContain(farId);
    expectError(await principal.get(`/api/campaigns/${farId}/progress`), 404, 'NOT_FOUND');
    expectError(await principal.get(`/api/campaigns/${farId}`), 404, 'NOT_FOUND');
    const byCentre = (await centre.get(`/api/campaigns/${id}/progress`)).json() as Progress;
    const u = await t.db.selectFrom('app_user').selectAll().where('username', '=', 'centre_officer').executeTakeFirstOrThrow();
    const scope = await resolveScope(t.db, { userId: u.id, districtId: u.district_id, role: u.role as Role, orgUnitId: u.org_unit_id });
    const inScope = (sid: string) => scope.read.all || scope.read.ids.has(sid);
    expect(byCentre.schoolCount).toBeGreaterThan(0);
    expect(byCentre.phases[1]?.rows.every((r) => inScope(r.schoolId))).toBe(true);
    const all = (await admin.get(`/api/campaigns/${id}/progress`)).json() as Progress;
    expect(byCentre.schoolCount).toBe(all.phases[1]?.rows.filter((r) => inScope(r.schoolId)).length);
    expectError(await other.get(`/api/campaigns/${id}`), 404, 'NOT_FOUND');
    expectError(await other.get(`/api/campaigns/${id}/progress`), 404, 'NOT_FOUND');
    expect((await other.get('/api/campaigns')).json().items).toEqual([]);
    const policeList = (await police.get('/api/campaigns')).statusCode;
    expect(policeList).toBe(200);
  });

  it('refuses to tag with a campaign the school does not take part in, or a closed one', async () => {
    expectError(
      await principal.post('/api/hazards', { schoolId: school, title: '围墙破损', place: '围墙', category: 'fire', source: 'school_self', campaignId: farId }),
      400,
      'VALIDATION_FAILED',
    );
    const body = await inspectionBody(principal, school, 'weekly_check', 'school_self');
    expectError(await principal.post('/api/inspections', { ...body, campaignId: farId }), 400, 'VALIDATION_FAILED');
    const far = (await admin.get(`/api/campaigns/${farId}`)).json().campaign;
    expectError(await principal.post(`/api/campaigns/${farId}/close`, { baseVersion: far.version }), 403, 'FORBIDDEN');
    expectError(await admin.post(`/api/campaigns/${farId}/close`, { baseVersion: far.version + 5 }), 409, 'CONFLICT');
    expect((await admin.post(`/api/campaigns/${farId}/close`, { baseVersion: far.version })).statusCode).toBe(200);
    expectError(await admin.post(`/api/campaigns/${farId}/close`, { baseVersion: far.version + 1 }), 409, 'CONFLICT');
    expect((await admin.get('/api/campaigns?status=closed')).json().items.map((c: { id: string }) => c.id)).toContain(farId);
  });

  it('updates with the version, audited', async () => {
    const c = (await admin.get(`/api/campaigns/${id}`)).json().campaign;
    const { templateCode: _t, ...body } = { ...campaign({ name: '测试专项行动（修订）' }), templateCode: undefined };
    expectError(await admin.put(`/api/campaigns/${id}`, { ...body, baseVersion: c.version + 1 }), 409, 'CONFLICT');
    const res = await admin.put(`/api/campaigns/${id}`, { ...body, baseVersion: c.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().campaign).toMatchObject({ name: '测试专项行动（修订）', version: c.version + 1 });
    expect((await auditEventsFor(t.db, id))[0]?.action).toBe('campaign.update');
  });

  it('gives the school a workbench to-do while a phase duty or hazard is open', async () => {
    const wb = (await principal.get('/api/workbench')).json() as {
      sections: { key: string; items: { key: string; count: number; link: string; duty?: { start: string | null } }[] }[];
    };
    const item = wb.sections.flatMap((s) => s.items).find((i) => i.key === `campaigns:${id}:now`);
    expect(item?.count).toBe(1); // the self-check is done; the campaign's hazard is still open
    expect(item?.link).toBe(`/campaigns/${id}`);
  });

  it('shows the same numbers on the dashboard and in the Excel', async () => {
    const p = (await admin.get(`/api/campaigns/${id}/progress`)).json() as Progress;
    const dash = (await admin.get('/api/dashboard?period=month')).json();
    const panel = dash.panels.find((x: { key: string }) => x.key === 'campaigns')?.data as {
      campaigns: { id: string; schools: number; phases: { code: string; done: number | null; laggards: number }[] }[];
    };
    const mine = panel.campaigns.find((c) => c.id === id);
    expect(mine?.schools).toBe(p.schoolCount);
    expect(mine?.phases.map((x) => [x.code, x.done, x.laggards])).toEqual(p.phases.map((x) => [x.code, x.done, x.laggards.length]));
    const res = await admin.get(`/api/campaigns/${id}/progress/export`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sum = wb.getWorksheet('汇总');
    const duty = sum?.getSheetValues().find((r) => Array.isArray(r) && r[1] === '整改' && String(r[4]).startsWith('学校周检查')) as unknown[];
    expect(duty[5]).toBe(p.phases[1]?.duties[0]?.done);
    expect(duty[6]).toBe(p.schoolCount);
    expect(wb.getWorksheet('滞后单位')?.rowCount).toBe(1 + p.phases.reduce((a, x) => a + x.laggards.length, 0));
    expectError(await principal.get(`/api/campaigns/${farId}/progress/export`), 404, 'NOT_FOUND');
  });
});
