import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { type Client, createTestApp, type TestApp } from '../support/harness.js';

/**
 * The district's own weekly 矛盾纠纷排查 (seed 004 "区教委坚持每月、每周……逐一排查不稳定因素"): the
 * pack's district duty `district_dispute_screening_weekly` counts the week's dispute screening
 * records of the whole district — the schools' filings (零报告 too) and the district's own — through
 * the one duty engine: the obligations page, the coverage grid's district row and the 安稳科's
 * workbench show the same cell. Only users who see the whole district get it.
 */
const CODE = 'district_dispute_screening_weekly';
let t: TestApp;
let admin: Client, joint: Client, leader: Client, principal: Client, centre: Client, other: Client;
const today = shanghaiDay(new Date());

type Cell = { status: string; done: number; required: number; dueDate: string };
type DistrictItem = { obligation: { code: string; subject: string; link: string; kind: string }; current: { period: { key: string }; district: Cell } };

async function districtCell(c: Client): Promise<DistrictItem | undefined> {
  const res = await c.get('/api/obligations');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as DistrictItem[]).find((i) => i.obligation.code === CODE);
}

type WorkbenchItem = { key: string; duty?: { done: number; start: string | null; status: string } };
async function workbenchItems(c: Client): Promise<WorkbenchItem[]> {
  const res = await c.get('/api/workbench');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { sections: { items: WorkbenchItem[] }[] }).sections.flatMap((s) => s.items);
}

const file = (c: Client, body: Record<string, unknown>) => c.post('/api/screenings', { screenedOn: today, ...body });

beforeAll(async () => {
  t = await createTestApp();
  [admin, joint, leader, principal, centre, other] = await t.loginAll([
    'admin',
    'joint_inspector',
    'leader',
    'principal',
    'centre_officer',
    'other_admin',
  ] as const);
}, 60_000);
afterAll(() => t?.close());

describe("the district's weekly dispute screening", () => {
  it("counts the schools' dispute filings of the week, 零报告 included, and not other screening types", async () => {
    const before = await districtCell(admin);
    expect(before).toBeDefined();
    expect(before?.obligation).toMatchObject({ subject: 'district', kind: 'screening', link: '/screenings/new?type=dispute' });
    expect(before?.current.district.required).toBe(1);
    // The demo district holds no screening records: the week is still to do, and the 安稳科's workbench offers the form.
    const n0 = before?.current.district.done ?? -1;
    expect(n0).toBe(0);
    expect(['open', 'overdue']).toContain(before?.current.district.status);
    expect((await workbenchItems(admin)).find((i) => i.key === `duties.${CODE}`)?.duty).toMatchObject({ start: '/screenings/new?type=dispute', done: 0 });

    expect((await file(principal, { screeningType: 'crime_lead', zeroReport: true })).statusCode).toBe(201);
    expect((await districtCell(admin))?.current.district.done).toBe(n0);

    const res = await file(principal, { screeningType: 'dispute', zeroReport: true });
    expect(res.statusCode, res.body).toBe(201);
    const after = await districtCell(admin);
    expect(after?.current.district).toMatchObject({ done: n0 + 1, status: 'done' });
  });

  it("counts the district's own filing too", async () => {
    const n0 = (await districtCell(admin))?.current.district.done ?? 0;
    const res = await file(admin, { screeningType: 'dispute', findings: [{ summary: '来信反映某校食堂承包纠纷，已约谈学校' }] });
    expect(res.statusCode, res.body).toBe(201);
    expect((await districtCell(admin))?.current.district.done).toBe(n0 + 1);
    // The joint group (a district-wide reader) reads the same cell.
    expect((await districtCell(joint))?.current.district.done).toBe(n0 + 1);
  });

  it("is the district-wide readers' only: a school, a centre and another district never see it", async () => {
    expect(await districtCell(principal)).toBeUndefined();
    expect(await districtCell(centre)).toBeUndefined();
    expect(await districtCell(leader)).toBeUndefined(); // a 包片 leader reads his area, not the district as a whole
    // The other district has its own (empty) week: the first district's filings never reach it.
    const theirs = await districtCell(other);
    expect(theirs?.current.district.done).toBe(0);
  });

  it('shows on the weekly coverage grid as the district row, and is not a grid of schools itself', async () => {
    const week = await admin.get('/api/coverage?view=week');
    expect(week.statusCode, week.body).toBe(200);
    const row = (week.json().district as { obligation: { code: string }; cells: Cell[] }[]).find((d) => d.obligation.code === CODE);
    expect(row).toBeDefined();
    const own = await districtCell(admin);
    // The grid shows this month's weeks; this week's cell is the obligations page's.
    const cell = row?.cells.find((c) => (c as Cell & { periodKey: string }).periodKey === own?.current.period.key);
    expect(cell).toMatchObject({ done: own?.current.district.done, status: own?.current.district.status });
    const centreWeek = await centre.get('/api/coverage?view=week');
    expect((centreWeek.json().district as unknown[]).length).toBe(0);
    const asGrid = await admin.get(`/api/coverage?obligation=${CODE}`);
    expect(asGrid.statusCode).toBe(400);
    expect(asGrid.json().error.code).toBe('VALIDATION_FAILED');
    expect(asGrid.json().error.message).toMatch(/区县整体/);
  });

  it("is a to-do of the 安稳科's workbench with the screening form's link, and not the joint group's", async () => {
    const items = workbenchItems;
    const mine = (await items(admin)).find((i) => i.key === `duties.${CODE}`);
    expect(mine?.duty).toMatchObject({ status: 'done', start: null }); // filed above: nothing to start
    expect((await items(joint)).some((i) => i.key === `duties.${CODE}`)).toBe(false);
    expect((await items(principal)).some((i) => i.key === `duties.${CODE}`)).toBe(false);
  });
});
