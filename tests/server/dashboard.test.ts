import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/server/config.js';
import { buildSummaryFixture, type Fixture } from '../support/dashboard-fixture.js';
import { type Client, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';

/**
 * 数据看板 and 督查汇总: the summary against a hand-counted township, scope for every role, and
 * every number's drill-down link answering the same total from the list it opens.
 */
let t: TestApp;
let fx: Fixture;
let admin: Client;
const roles = ['admin', 'leader', 'inspector', 'dept_officer', 'centre_officer', 'police', 'joint_inspector', 'principal', 'school_officer', 'staff'] as const;
const clients: Record<string, Client> = {};

beforeAll(async () => {
  t = await createTestApp();
  fx = await buildSummaryFixture(t.db);
  // The leader's 包片 gets the test township too (scope resolves at sign-in).
  await t.db
    .insertInto('assignment')
    .values({ district_id: fx.districtId, kind: 'leader_area', subject_id: await idOfUser(t.db, 'leader'), target_id: fx.townshipId })
    .execute();
  for (const r of roles) clients[r] = await t.login(r);
  admin = clients.admin as Client;
}, 120_000);
afterAll(() => t?.close());

const summaryUrl = (q: Record<string, string>) => `/api/statistics/supervision-summary?${new URLSearchParams(q)}`;

describe('getSupervisionSummary (hand-counted township)', () => {
  it('counts every supervising level, and one level', async () => {
    const all = await admin.get(summaryUrl({ from: fx.from, to: fx.to, orgUnitId: fx.townshipId }));
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({
      schoolsInScope: 4,
      schoolsInspected: 2,
      schoolsWithHazards: 4,
      schoolsAllClosed: 2,
      schoolsRectifying: 2,
      hazardsFound: 5,
      hazardsClosed: 3,
      hazardsOpen: 2,
      hazardsOverdue: 1,
      noticesIssued: 2,
      penalties: 1,
    });
    const joint = (await admin.get(summaryUrl({ from: fx.from, to: fx.to, orgUnitId: fx.townshipId, level: 'joint' }))).json();
    expect(joint).toMatchObject({
      level: 'joint',
      schoolsInScope: 4,
      schoolsInspected: 1,
      schoolsWithHazards: 1,
      schoolsAllClosed: 0,
      schoolsRectifying: 1,
      hazardsFound: 2,
      hazardsClosed: 1,
      hazardsOpen: 1,
      hazardsOverdue: 1,
      noticesIssued: 2,
      penalties: 1,
    });
    // The joint level's inspections list (its link) holds the inspections of the 1 school counted.
    const list = (await admin.get(`/api${joint.links.schoolsInspected}&pageSize=50`)).json();
    expect(new Set(list.items.map((i: { schoolId: string }) => i.schoolId)).size).toBe(joint.schoolsInspected);
    const self = (await admin.get(summaryUrl({ from: fx.from, to: fx.to, orgUnitId: fx.townshipId, level: 'school_self' }))).json();
    expect(self).toMatchObject({ schoolsInspected: 1, schoolsWithHazards: 1, schoolsRectifying: 1, hazardsFound: 1, hazardsOpen: 1, hazardsOverdue: 0 });
    const one = (await admin.get(summaryUrl({ from: fx.from, to: fx.to, orgUnitId: fx.schools[0] as string }))).json();
    expect(one).toMatchObject({
      schoolsInScope: 1,
      schoolsInspected: 1,
      schoolsWithHazards: 1,
      hazardsFound: 2,
      hazardsOpen: 1,
      noticesIssued: 1,
      penalties: 1,
    });
  });

  it('gives the leader the same numbers for his 包片, and 404 outside any scope', async () => {
    const q = { from: fx.from, to: fx.to, orgUnitId: fx.townshipId };
    const a = (await admin.get(summaryUrl(q))).json();
    const l = await (clients.leader as Client).get(summaryUrl(q));
    expect(l.statusCode).toBe(200);
    expect(l.json()).toEqual(a);
    for (const r of ['inspector', 'centre_officer', 'police', 'principal', 'staff']) {
      const res = await (clients[r] as Client).get(summaryUrl(q));
      expect(res.statusCode, r).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('takes an optional map tile URL from the environment, checked once at start', () => {
    expect(parseConfig({ MAP_TILE_URL: 'https://tiles.example.cn/{z}/{x}/{y}.png' }).mapTileUrl).toBe('https://tiles.example.cn/{z}/{x}/{y}.png');
    expect(parseConfig({}).mapTileUrl).toBeUndefined();
    expect(() => parseConfig({ MAP_TILE_URL: 'ftp://tiles/{z}' })).toThrow(/MAP_TILE_URL/);
  });

  it('answers bad input with a Chinese 400', async () => {
    const bad = [summaryUrl({ from: fx.to, to: fx.from }), summaryUrl({ from: fx.from }), summaryUrl({ from: fx.from, to: fx.to, level: 'nobody' })];
    for (const url of bad) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const custom = await admin.get('/api/dashboard?period=custom&from=2026-03-01');
    expect(custom.statusCode).toBe(400);
    expect(custom.json().error.message).toContain('结束日期');
  });

  it('downloads the same numbers as Excel', async () => {
    const q = { from: fx.from, to: fx.to, orgUnitId: fx.townshipId };
    const api = (await admin.get(summaryUrl(q))).json();
    const res = await admin.get(`/api/statistics/supervision-summary/export?${new URLSearchParams(q)}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('督查汇总'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('督查汇总');
    const byLabel = new Map<string, unknown>();
    ws?.eachRow((row) => {
      byLabel.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    const { summaryFields } = await import('../../src/server/dashboard/statistics.excel.js');
    for (const [key, label] of summaryFields) expect(byLabel.get(label), label).toBe(api[key]);
  });
});

describe('每月通报 uses the summary', () => {
  it('shows the same 督查汇总 numbers as getSupervisionSummary', async () => {
    const api = (await admin.get(summaryUrl({ from: fx.from, to: fx.to }))).json();
    expect(api.hazardsFound).toBeGreaterThanOrEqual(5);
    const res = await admin.get('/api/supervision/monthly-briefing?month=2026-03&format=xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('三、整改情况');
    const byLabel = new Map<string, unknown>();
    ws?.eachRow((row) => {
      byLabel.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    const { summaryFields } = await import('../../src/server/dashboard/statistics.excel.js');
    for (const [key, label] of summaryFields) expect(byLabel.get(label), label).toBe(api[key]);
    expect(byLabel.get('本月下达整改通知书')).toBe(api.noticesIssued);
    expect(byLabel.get('本月执法处罚书')).toBe(api.penalties);
  });
});

type Figure = { where: string; expected: number; link: string };

/** Every {value|found, link} the dashboard answers, with the number its link's list must total. */
function figuresOf(node: unknown, where = ''): Figure[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => figuresOf(n, `${where}[${i}]`));
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own: Figure[] = [];
  const n = typeof o.value === 'number' ? o.value : typeof o.found === 'number' ? o.found : undefined;
  if (typeof o.link === 'string' && n !== undefined) own.push({ where, expected: n, link: o.link });
  if (typeof o.closedLink === 'string' && typeof o.closed === 'number') own.push({ where: `${where}.closed`, expected: o.closed, link: o.closedLink });
  if (typeof o.overdueLink === 'string' && typeof o.overdue === 'number') own.push({ where: `${where}.overdue`, expected: o.overdue, link: o.overdueLink });
  if (o.links && typeof o.links === 'object') {
    for (const [k, link] of Object.entries(o.links as Record<string, string | null>)) {
      if (link && typeof o[k] === 'number') own.push({ where: `${where}.${k}`, expected: o[k] as number, link });
    }
  }
  return [...own, ...Object.entries(o).flatMap(([k, v]) => (k === 'links' ? [] : figuresOf(v, `${where}.${k}`)))];
}

const listPaths = ['/hazards', '/notices', '/penalties', '/cases'];
const drillable = (link: string) => listPaths.includes(link.split('?')[0] as string);

/** The list total behind a web link: the same query on the API (hazards, notices, penalties). */
async function listTotal(c: Client, link: string): Promise<number | null> {
  const [path, query = ''] = link.split('?');
  if (listPaths.includes(path as string)) return (await c.get(`/api${path}?${query}&pageSize=1`)).json().total;
  return null;
}

describe('数据看板', () => {
  it('answers every role in its scope, and each number equals the total of the list it links to', async () => {
    for (const r of roles) {
      const c = clients[r] as Client;
      const res = await c.get('/api/dashboard?period=year&date=2026-11-15');
      expect(res.statusCode, r).toBe(200);
      const body = res.json();
      const checked = figuresOf(body.panels).filter((f) => drillable(f.link));
      expect(checked.length, r).toBeGreaterThan(10);
      expect(
        checked.some((f) => f.expected > 0),
        r,
      ).toBe(true);
      for (const f of checked) expect(await listTotal(c, f.link), `${r} ${f.where} ${f.link}`).toBe(f.expected);
    }
  }, 240_000);

  it("shows the coverage page's own rates: each month equals GET /api/coverage for that month", async () => {
    for (const r of ['admin', 'centre_officer', 'inspector'] as const) {
      const c = clients[r] as Client;
      const body = (await c.get('/api/dashboard?period=year&date=2026-11-15')).json();
      const months = body.panels.find((p: { key: string }) => p.key === 'coverage').data.months as {
        month: string;
        schools: number;
        done: number;
        overdue: number;
        rate: number | null;
      }[];
      expect(months.length, r).toBeGreaterThan(0);
      for (const m of months) {
        const page = (await c.get(`/api/coverage?view=month&from=${m.month}&to=${m.month}`)).json();
        const total = page.totals[0];
        expect({ schools: m.schools, done: m.done, overdue: m.overdue, rate: m.rate }, `${r} ${m.month}`).toEqual({
          schools: total.schools,
          done: total.done,
          overdue: total.overdue,
          rate: total.rate,
        });
      }
    }
  });

  it('narrows to a township and a school, and keeps each user to their scope', async () => {
    const q = `period=custom&from=${fx.from}&to=${fx.to}`;
    const town = (await admin.get(`/api/dashboard?${q}&orgUnitId=${fx.townshipId}`)).json();
    expect(town.level).toBe('township');
    expect(town.schools).toBe(4);
    const panel = (key: string, body = town) => body.panels.find((p: { key: string }) => p.key === key)?.data;
    expect(panel('hazardRates').found.value).toBe(8 - 1); // H1–H5, H7, H8: every source, found in March
    expect(panel('schoolMap').points).toHaveLength(4);
    expect(panel('townshipRanking')).toBeUndefined(); // no ranking inside one township
    expect(panel('supervisionSummary')).toMatchObject({ hazardsFound: 5, schoolsInspected: 2, noticesIssued: 2 });
    for (const f of figuresOf(town.panels).filter((x) => drillable(x.link))) {
      expect(await listTotal(admin, f.link), f.where).toBe(f.expected);
    }
    // A school sees itself only, and another school is not found.
    const principal = clients.principal as Client;
    const own = (await principal.get('/api/dashboard?period=year&date=2026-11-15')).json();
    expect(own.schools).toBe(1);
    expect(panel('schoolMap', own).points.map((p: { id: string }) => p.id)).toEqual([await idOfSchool(t.db, 'YJT0101')]);
    expect((await principal.get(`/api/dashboard?orgUnitId=${fx.schools[0]}`)).statusCode).toBe(404);
    // The leader's whole scope: his three townships and the test one.
    const leader = (await (clients.leader as Client).get('/api/dashboard?period=year&date=2026-11-15')).json();
    expect(leader.level).toBe('area');
    expect(panel('townshipRanking', leader).rows).toHaveLength(4);
    // Open: 2 at each of his 3 first schools + H2, H4, H5, H6, H8; overdue: the 3 rectifying + H2, H5, H6; major and listed: the 3.
    expect(panel('hazardTiles', leader).tiles.map((x: { value: number }) => x.value)).toEqual([11, 6, 3, 3]);
  });

  it('shows a hazard written by another process on the next load (the hazard figures are cached by hazard_version)', async () => {
    const q = `period=custom&from=${fx.from}&to=${fx.to}&orgUnitId=${fx.townshipId}`;
    const panel = (body: { panels: { key: string; data: unknown }[] }, key: string) => body.panels.find((p) => p.key === key)?.data as unknown;
    const before = (await admin.get(`/api/dashboard?${q}`)).json();
    expect((await admin.get(`/api/dashboard?${q}`)).json().panels).toEqual(before.panels); // the cached load: the same figures
    const open = await t.db
      .selectFrom('hazard')
      .select(['id', 'state'])
      .where('school_id', 'in', fx.schools)
      .where('state', '<>', 'closed')
      .where('found_at', '>=', new Date(`${fx.from}T00:00:00+08:00`))
      .where('found_at', '<', new Date(`${fx.to}T23:59:59+08:00`))
      .executeTakeFirstOrThrow();
    try {
      // As another server would: the row changes, this process's cache is not told.
      await t.db.updateTable('hazard').set({ state: 'closed', closed_at: new Date() }).where('id', '=', open.id).execute();
      const after = (await admin.get(`/api/dashboard?${q}`)).json();
      const tiles = (b: typeof before) => (panel(b, 'hazardTiles') as { tiles: { value: number }[] }).tiles.map((x) => x.value);
      expect(tiles(after)[0]).toBe((tiles(before)[0] as number) - 1);
      const rates = (b: typeof before) => panel(b, 'hazardRates') as { found: { value: number }; closed: { value: number } };
      expect(rates(after).found.value).toBe(rates(before).found.value);
      expect(rates(after).closed.value).toBe(rates(before).closed.value + 1);
    } finally {
      await t.db.updateTable('hazard').set({ state: open.state, closed_at: null }).where('id', '=', open.id).execute();
    }
    expect((await admin.get(`/api/dashboard?${q}`)).json().panels).toEqual(before.panels);
  });
});
