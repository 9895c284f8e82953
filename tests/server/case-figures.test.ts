import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { currentReportPeriod } from '../../src/domain/reports.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * Case figures for a centre and a school (issue 12 statistics): the dashboard's cases panel at the
 * township and school levels, the monthly report's case cells, GET /api/cases/stats, the case list
 * and the Excel's statistics sheet give the same numbers for each reader — the cases that reader
 * sees about the unit's schools (getCaseStats) — and a case of another township never counts.
 */
let t: TestApp;
let admin: Client, centre: Client, principal: Client, other: Client;
let school = ''; // YJT0101, the principal's, in the centre officer's township
let farSchool = ''; // YJT0201, another township
let township = '';
const today = shanghaiDay(new Date());
const monthly = { code: 'monthly_work', label: '月报', period: 'monthly' as const, due: { day: 28 } };
const current = currentReportPeriod(monthly, today) as NonNullable<ReturnType<typeof currentReportPeriod>>;
const inPeriod = new Date(`${current.start.slice(0, 8)}12T09:00:00+08:00`);
const ids: string[] = [];

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}
const ok = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const range = () => `from=${encodeURIComponent(`${current.start}T00:00:00+08:00`)}&to=${encodeURIComponent(`${addDays(current.end, 1)}T00:00:00+08:00`)}`;

async function create(c: Client, body: Record<string, unknown>, assignTo?: string) {
  const res = await c.post('/api/cases', { source: 'letter', ...body });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  if (assignTo) ok(await c.post(`/api/cases/${id}/actions/assign`, { version: res.json().version, unitId: assignTo }));
  ids.push(id);
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, centre, principal, other] = await t.loginAll(['admin', 'centre_officer', 'principal', 'other_admin'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  farSchool = await idOfSchool(t.db, 'YJT0201');
  township = (await t.db.selectFrom('org_unit').select('parent_id').where('id', '=', school).executeTakeFirstOrThrow()).parent_id as string;
  await create(admin, { typeCode: 'petition', title: '反映食堂收费', schoolId: school }, school);
  await create(admin, { typeCode: 'petition', title: '反映另一街道学校收费', schoolId: farSchool }, farSchool);
  await create(principal, {
    typeCode: 'accident',
    source: 'school_report',
    title: '学生课间摔伤',
    occurredAt: inPeriod.toISOString(),
    place: '操场',
    minorInjuries: 1,
  });
  await create(principal, { typeCode: 'bullying', source: 'school_report', title: '两名学生索要财物', schoolId: school });
  // Registered in the report's period (the month before the current one, usually).
  await t.db.updateTable('case_file').set({ created_at: inPeriod }).where('id', 'in', ids).execute();
}, 240_000);
afterAll(async () => t?.close());

describe('case figures of a centre and a school', () => {
  it('the panel, the report cells, the statistics, the list and the Excel agree for each reader', async () => {
    for (const [c, unitId, narrow] of [
      [principal, school, `schoolId=${school}`],
      [centre, township, `parentId=${township}`],
      [admin, township, `parentId=${township}`],
      [admin, school, `schoolId=${school}`],
    ] as const) {
      const stats = ok(await c.get(`/api/cases/stats?${range()}&${narrow}`));
      const list = ok(await c.get(`/api/cases?${range()}&${narrow}&pageSize=1`));
      expect(list.total).toBe(stats.total);
      const dash = ok(await c.get(`/api/dashboard?period=custom&from=${current.start}&to=${current.end}&orgUnitId=${unitId}`));
      const panel = dash.panels.find((p: { key: string }) => p.key === 'cases');
      expect(panel, `${c.username} ${unitId}`).toBeDefined();
      const figure = (label: string) => panel.data.figures.find((f: { label: string }) => f.label === label);
      expect(figure('登记案件').value).toBe(stats.total);
      expect(figure('办理中').value).toBe(stats.open);
      expect(figure('已超时').value).toBe(stats.overdueCount);
      expect(figure('登记案件').link).toContain(narrow);
      const incidents = stats.incidentsByLevel.reduce((n: number, l: { count: number }) => n + l.count, 0);

      const draft = ok(await c.get(`/api/reports/draft?${new URLSearchParams({ typeCode: 'monthly_work', periodKey: current.key, unitId })}`));
      const cells = new Map((draft.cells as { key: string; computed: number | null }[]).map((x) => [x.key, x.computed]));
      expect(cells.get('cases.registered')).toBe(stats.total);
      expect(cells.get('cases.open')).toBe(stats.open);
      expect(cells.get('cases.overdue')).toBe(stats.overdueCount);
      expect(cells.get('cases.incidents')).toBe(incidents);

      const x = await c.get(`/api/cases/export?${range()}&${narrow}`);
      expect(x.statusCode, x.body).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
      const first = wb.getWorksheet('统计')?.getRow(1).values as unknown[];
      expect(first.slice(1, 7)).toEqual(['案件总数', stats.total, '办理中', stats.open, '超时', stats.overdueCount]);
      expect(wb.getWorksheet('案件台账')?.rowCount).toBe(stats.total + 1);

      // Our four cases: the far township's petition never counts here.
      const titles = ok(await c.get(`/api/cases?${range()}&${narrow}&pageSize=100`)).items.map((i: { title: string }) => i.title);
      expect(titles).not.toContain('反映另一街道学校收费');
      expect(titles).toContain('反映食堂收费'); // assigned to the school: the school and its centre see it
      // The school's own accident report (owned by the district, reported by the school) is seen by the school, its centre and the district.
      expect(titles).toContain('学生课间摔伤');
      expect(incidents).toBeGreaterThanOrEqual(1);
      if (c === admin) expect(titles).toContain('两名学生索要财物');
    }
  });

  it('a bullying case stays with its own units: the centre does not count it', async () => {
    const centreTitles = ok(await centre.get(`/api/cases?${range()}&parentId=${township}&pageSize=100`)).items.map((i: { title: string }) => i.title);
    expect(centreTitles).not.toContain('两名学生索要财物');
    const schoolTitles = ok(await principal.get(`/api/cases?${range()}&schoolId=${school}&pageSize=100`)).items.map((i: { title: string }) => i.title);
    expect(schoolTitles).toContain('两名学生索要财物');
  });

  it('checks the narrowing: bad ids are refused, another district counts nothing', async () => {
    expectError(await centre.get(`/api/cases/stats?parentId=x`), 400, 'VALIDATION_FAILED');
    expectError(await centre.get(`/api/cases?parentId=${encodeURIComponent('a\u0000b')}`), 400, 'VALIDATION_FAILED');
    expectError(await principal.get(`/api/cases/stats?schoolId=nope`), 400, 'VALIDATION_FAILED');
    expect(ok(await other.get(`/api/cases/stats?${range()}&parentId=${township}`)).total).toBe(0);
    expect(ok(await principal.get(`/api/cases/stats?${range()}&schoolId=${farSchool}`)).total).toBe(0);
    // A unit outside the reader's scope is not a dashboard level.
    expect((await principal.get(`/api/dashboard?period=month&orgUnitId=${farSchool}`)).statusCode).toBe(404);
  });
});
