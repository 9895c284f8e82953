import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { type Client, createTestApp, type TestApp } from '../support/harness.js';

/**
 * The 教管中心's own monthly 矛盾纠纷排查 (centre subject, obligations.yaml
 * `centre_dispute_screening_monthly`): each 教管中心/街道 files its screening or a 零报告 for the
 * month; a school's filing does not count for its centre. Through the one duty engine: the centre
 * officer's obligations page and workbench, the district's obligations page and coverage grid
 * (one row per centre) show the same cell; a school and another district never see the centre's.
 */
const CODE = 'centre_dispute_screening_monthly';
let t: TestApp;
let admin: Client, principal: Client, centre: Client, other: Client;
let centreUnit = '';
const today = shanghaiDay(new Date());

type Cell = { status: string; done: number; required: number };
type Item = {
  obligation: { code: string; subject: string; link: string };
  current: { period: { key: string }; schools: number; done: number; mine: Cell | null };
};
async function item(c: Client): Promise<Item | undefined> {
  const res = await c.get('/api/obligations');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Item[]).find((i) => i.obligation.code === CODE);
}
type WorkbenchItem = { key: string; duty?: { done: number; start: string | null; status: string } };
async function todo(c: Client): Promise<WorkbenchItem | undefined> {
  const res = await c.get('/api/workbench');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { sections: { items: WorkbenchItem[] }[] }).sections.flatMap((s) => s.items).find((i) => i.key === `duties.${CODE}`);
}
const file = (c: Client, body: Record<string, unknown>) => c.post('/api/screenings', { screenedOn: today, ...body });

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, centre, other] = await t.loginAll(['admin', 'principal', 'centre_officer', 'other_admin'] as const);
  centreUnit = (await t.db.selectFrom('app_user').select('org_unit_id').where('username', '=', 'centre_officer').executeTakeFirstOrThrow()).org_unit_id;
}, 120_000);
afterAll(() => t?.close());

describe("the centre's monthly dispute screening", () => {
  it('is the centre officer’s own duty: open until the centre files, a school’s filing does not count', async () => {
    const before = await item(centre);
    expect(before?.obligation).toMatchObject({ subject: 'centre', link: '/screenings/new?type=dispute' });
    expect(before?.current.schools).toBe(1); // its own centre only
    expect(before?.current.mine).toMatchObject({ done: 0, required: 1 });
    expect(['open', 'overdue']).toContain(before?.current.mine?.status);
    expect((await todo(centre))?.duty).toMatchObject({ done: 0, start: '/screenings/new?type=dispute' });

    expect((await file(principal, { screeningType: 'dispute', zeroReport: true })).statusCode).toBe(201);
    expect((await file(centre, { screeningType: 'crime_lead', zeroReport: true })).statusCode).toBe(201);
    expect((await item(centre))?.current.mine?.done).toBe(0);

    const res = await file(centre, { screeningType: 'dispute', zeroReport: true });
    expect(res.statusCode, res.body).toBe(201);
    expect((await item(centre))?.current.mine).toMatchObject({ done: 1, status: 'done' });
    expect((await todo(centre))?.duty).toMatchObject({ done: 1, status: 'done', start: null });
  });

  it('the district reads every centre: the obligations page and the coverage grid agree', async () => {
    const mine = await item(admin);
    const centres = await t.db
      .selectFrom('org_unit')
      .select('id')
      .where('kind', 'in', ['centre', 'township'])
      .where('is_active', '=', true)
      .where('district_id', '=', (await t.db.selectFrom('org_unit').select('district_id').where('id', '=', centreUnit).executeTakeFirstOrThrow()).district_id)
      .execute();
    expect(mine?.current.schools).toBe(centres.length);
    expect(mine?.current.done).toBe(1);
    const month = today.slice(0, 7);
    const grid = await admin.get(`/api/coverage?view=month&from=${month}&to=${month}&obligation=${CODE}`);
    expect(grid.statusCode, grid.body).toBe(200);
    const rows = grid.json().rows as { school: { id: string }; cells: Cell[] }[];
    expect(rows.map((r) => r.school.id).sort()).toEqual(centres.map((c) => c.id).sort());
    expect(rows.find((r) => r.school.id === centreUnit)?.cells.at(-1)).toMatchObject({ done: 1, status: 'done' });
    expect(rows.filter((r) => r.cells.at(-1)?.status === 'done')).toHaveLength(1);
    expect(await todo(admin)).toBeUndefined(); // the district's workbench lists its own duties, not each centre's
  });

  it('a school and another district never see it; a bad obligation code is a 400', async () => {
    expect(await item(principal)).toBeUndefined();
    expect(await todo(principal)).toBeUndefined();
    const theirs = await item(other);
    expect(theirs?.current.done ?? 0).toBe(0);
    const bad = await admin.get('/api/coverage?view=month&obligation=centre_screening_nothing');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    const grid = await principal.get(`/api/coverage?view=month&obligation=${CODE}`);
    expect(grid.statusCode, grid.body).toBe(200);
    expect(grid.json().rows).toEqual([]);
  });
});
