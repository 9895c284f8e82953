import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * Screening records (排查报告, issue 12): a unit files its screening — findings (each may open a
 * case in the same transaction) or a 零报告 — and the duty engine counts it for the pack's
 * obligations (schools' monthly 矛盾纠纷排查 and 扫黑除恶线索排查, communities' monthly screening).
 * Bad input and scope: nothing written on a 4xx; a school sees its own records only.
 */
let t: TestApp;
let admin: Client, principal: Client, officer: Client, staff: Client, inspector: Client, centre: Client, other: Client;
let school = ''; // YJT0101, the principal's
let farSchool = ''; // YJT0201
const today = shanghaiDay(new Date());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}

const count = async (table: 'screening_report' | 'screening_finding' | 'case_file') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

type Item = { obligation: { code: string }; cell: { status: string; done: number } };
const calendarItem = async (c: Client, schoolId: string, code: string) => {
  const res = await c.get(`/api/schools/${schoolId}/compliance-calendar?range=month`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Item[]).find((i) => i.obligation.code === code);
};

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, officer, staff, inspector, centre, other] = await t.loginAll([
    'admin',
    'principal',
    'school_officer',
    'staff',
    'inspector',
    'centre_officer',
    'other_admin',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  farSchool = await idOfSchool(t.db, 'YJT0201');
}, 60_000);
afterAll(() => t.close());

describe('filing a screening', () => {
  it('refuses bad input and roles that do not file, with nothing written', async () => {
    const before = { reports: await count('screening_report'), cases: await count('case_file') };
    const bad: Record<string, unknown>[] = [
      {},
      { screeningType: 'dispute', screenedOn: today }, // neither findings nor 零报告
      { screeningType: 'dispute', screenedOn: today, zeroReport: true, findings: [{ summary: '家长因招生问题多次到校' }] },
      { screeningType: 'nonsense', screenedOn: today, zeroReport: true },
      { screeningType: 'dispute', screenedOn: '2099-01-01', zeroReport: true },
      { screeningType: 'dispute', screenedOn: '2026-02-30', zeroReport: true },
      { screeningType: 'dispute', screenedOn: today, findings: [{ summary: '' }] },
      { screeningType: 'dispute', screenedOn: today, findings: [{ summary: '家长纠纷', caseTypeCode: 'nonsense' }] },
      { screeningType: 'dispute', screenedOn: today, findings: [{ summary: '家长纠纷', caseTypeCode: 'dispute', schoolId: farSchool }] },
      { screeningType: 'dispute', screenedOn: today, zeroReport: 'yes' },
      { screeningType: 'dispute', screenedOn: today, zeroReport: true, extra: 1 },
    ];
    for (const body of bad) expectError(await principal.post('/api/screenings', body), 400, 'VALIDATION_FAILED');
    // The second finding is bad: the first one's case must not be written either.
    expectError(
      await principal.post('/api/screenings', {
        screeningType: 'dispute',
        screenedOn: today,
        findings: [
          { summary: '家长因学生受伤索赔', caseTypeCode: 'dispute' },
          { summary: '另一条', caseTypeCode: 'dispute', schoolId: '00000000-0000-4000-8000-000000000000' },
        ],
      }),
      400,
      'VALIDATION_FAILED',
    );
    for (const u of [staff, inspector])
      expectError(await u.post('/api/screenings', { screeningType: 'dispute', screenedOn: today, zeroReport: true }), 403, 'FORBIDDEN');
    expect({ reports: await count('screening_report'), cases: await count('case_file') }).toEqual(before);
  });

  it('takes a 零报告 in one request and counts it for the school’s monthly duty', async () => {
    const before = await calendarItem(principal, school, 'crime_lead_screening_monthly');
    expect(before).toBeDefined();
    expect(before?.cell.status).not.toBe('done');
    const r = await principal.post('/api/screenings', { screeningType: 'crime_lead', screenedOn: today, zeroReport: true });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().cases).toEqual([]);
    const after = await calendarItem(principal, school, 'crime_lead_screening_monthly');
    expect(after?.cell).toMatchObject({ status: 'done' });
    // The other screening type is a separate duty: still not done.
    expect((await calendarItem(principal, school, 'dispute_screening_monthly'))?.cell.status).not.toBe('done');
    const audit = await auditEventsFor(t.db, r.json().id);
    expect(audit[0]).toMatchObject({ action: 'screening.create', entity_type: 'screening_report', actor_role: 'principal' });
    expect(audit[0]?.summary).toContain('零报告');
    // The district's coverage grid counts the same record (the one computation).
    const grid = (await admin.get('/api/coverage?view=month&obligation=crime_lead_screening_monthly')).json();
    const row = grid.rows.find((x: { school: { id: string } }) => x.school.id === school);
    expect(row.cells.at(-1)).toMatchObject({ status: 'done', done: 1 });
  });

  it('files findings, opening a case for each finding that asks for one in the same transaction', async () => {
    const casesBefore = await count('case_file');
    const r = await officer.post('/api/screenings', {
      screeningType: 'dispute',
      screenedOn: today,
      findings: [{ summary: '三年级家长因座位安排与班主任发生争执', caseTypeCode: 'dispute' }, { summary: '食堂供应商结算纠纷，已口头协调' }],
      note: '本月排查 12 个班级',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().cases).toHaveLength(1);
    expect(r.json().cases[0]).toMatchObject({ no: 1, code: expect.stringMatching(/^MD\d{4}-\d{4}$/) });
    expect(await count('case_file')).toBe(casesBefore + 1);
    const c = await t.db.selectFrom('case_file').selectAll().where('id', '=', r.json().cases[0].id).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ source: 'screening', school_id: school, type_code: 'dispute' });
    expect((await calendarItem(principal, school, 'dispute_screening_monthly'))?.cell.status).toBe('done');

    const list = (await principal.get('/api/screenings?screeningType=dispute')).json();
    const mine = list.items.find((i: { id: string }) => i.id === r.json().id);
    expect(mine).toMatchObject({ zeroReport: false, screeningTypeLabel: '矛盾纠纷排查', unitId: school, note: '本月排查 12 个班级' });
    expect(mine.findings).toEqual([
      { no: 1, summary: '三年级家长因座位安排与班主任发生争执', caseId: c.id, caseCode: c.code },
      { no: 2, summary: '食堂供应商结算纠纷，已口头协调', caseId: null, caseCode: null },
    ]);
    expect(list.types.map((x: { code: string }) => x.code)).toEqual(expect.arrayContaining(['dispute', 'crime_lead', 'community']));
  });
});

describe('scope', () => {
  it('a school sees its own records, the centre its schools’, another district none', async () => {
    const far = await admin.post('/api/screenings', { screeningType: 'dispute', screenedOn: today, zeroReport: true });
    expect(far.statusCode, far.body).toBe(201);
    const own = (await principal.get('/api/screenings?pageSize=200')).json();
    expect(own.total).toBeGreaterThan(0);
    expect(own.items.every((i: { unitId: string }) => i.unitId === school)).toBe(true);
    const byCentre = (await centre.get('/api/screenings?pageSize=200')).json();
    expect(byCentre.items.some((i: { unitId: string }) => i.unitId === school)).toBe(true);
    expect(byCentre.items.some((i: { id: string }) => i.id === far.json().id)).toBe(false);
    expect((await admin.get('/api/screenings?pageSize=200')).json().items.some((i: { id: string }) => i.id === far.json().id)).toBe(true);
    expect((await other.get('/api/screenings')).json().total).toBe(0);
    expectError(await principal.get(`/api/screenings?unitId=${farSchool}`), 404, 'NOT_FOUND');
    expectError(await principal.get('/api/screenings?unitId=x'), 400, 'VALIDATION_FAILED');
    expect((await t.server.inject({ method: 'GET', url: '/api/screenings' })).statusCode).toBe(401);
  });

  it('counts a community’s own screening for its monthly duty (department subject)', async () => {
    const community = (await t.db.selectFrom('org_unit').select('id').where('code', '=', 'D-COMM01').executeTakeFirstOrThrow()).id;
    const user = await admin.post('/api/users', {
      username: 'screen_community',
      displayName: '社区网格员',
      role: 'department_officer',
      orgUnitId: community,
      phone: '13800000002',
      password: 'Initial2026',
    });
    expect(user.statusCode, user.body).toBe(201);
    await t.db.updateTable('app_user').set({ must_change_password: false }).where('username', '=', 'screen_community').execute();
    const grid = async () => {
      const res = await admin.get('/api/coverage?view=month&obligation=community_screening_monthly');
      expect(res.statusCode, res.body).toBe(200);
      return res
        .json()
        .rows.find((r: { school: { id: string } }) => r.school.id === community)
        .cells.at(-1);
    };
    expect((await grid()).done).toBe(0);
    const c = await t.login('screen_community', 'Initial2026');
    const r = await c.post('/api/screenings', { screeningType: 'community', screenedOn: today, zeroReport: true });
    expect(r.statusCode, r.body).toBe(201);
    expect(await grid()).toMatchObject({ done: 1, status: 'done' });
  });
});
