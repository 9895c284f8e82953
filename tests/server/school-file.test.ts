import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.js';
import { authenticate } from '../../src/server/auth/auth.service.js';
import type { SchoolFilePanel } from '../../src/server/school-file/panel.js';
import { schoolFilePanels } from '../../src/server/school-file/school-file.registry.js';
import { getSchoolFile } from '../../src/server/school-file/school-file.service.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { inspectionBody } from '../support/inspection-helpers.js';

/**
 * 一校一档 (GET /api/schools/:id/file): for every role, a school inside the scope opens and every
 * figure equals the list endpoint it names (filtered by the school); a school outside the scope,
 * or of another district, is 404. The coverage panel is the school's row of the grid.
 */
let t: TestApp;
const ids = new Map<string, string>(); // code -> id
let otherDistrict = '';

// YJT0101 is inside every demo account's scope; YJC0501 only inside the district-wide ones.
const accounts: { username: string; role: Role; seesC05: boolean; canEdit: boolean }[] = [
  { username: 'admin', role: 'district_admin', seesC05: true, canEdit: true },
  { username: 'dept_officer', role: 'department_officer', seesC05: true, canEdit: false },
  { username: 'joint_inspector', role: 'joint_inspector', seesC05: true, canEdit: false },
  { username: 'leader', role: 'commission_leader', seesC05: false, canEdit: false },
  { username: 'inspector', role: 'responsible_inspector', seesC05: false, canEdit: false },
  { username: 'centre_officer', role: 'centre_officer', seesC05: false, canEdit: true },
  { username: 'police', role: 'police_officer', seesC05: false, canEdit: false },
  { username: 'principal', role: 'principal', seesC05: false, canEdit: true },
  { username: 'school_officer', role: 'school_safety_officer', seesC05: false, canEdit: true },
  { username: 'staff', role: 'staff', seesC05: false, canEdit: false },
];

type Count = { key: string; value: number; list: { path: string; query: Record<string, string>; countKey?: string } | null };
type Panel = { key: string; counts: Count[]; detail?: Record<string, unknown> };
type FileAnswer = { school: { id: string; code: string }; canEdit: boolean; panels: Panel[] };

const deadline = () => new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  for (const code of ['YJT0101', 'YJC0501']) ids.set(code, await idOfSchool(t.db, code));
  otherDistrict = await idOfSchool(t.db, 'LCT0101');
  const [admin, police] = await t.loginAll(['admin', 'police'] as const);
  const school = ids.get('YJT0101') as string;
  // A notice, a district spot check and a penalty at the school, so those panels count something.
  const h = await admin.post('/api/hazards', {
    schoolId: school,
    title: '消防通道堆放杂物',
    place: '教学楼',
    category: 'fire',
    level: 'general',
    source: 'district',
  });
  expect(h.statusCode, h.body).toBe(201);
  const n = await admin.post('/api/notices', { schoolId: school, hazardIds: [h.json().id], deadline: deadline(), requirements: '立即清理' });
  expect(n.statusCode, n.body).toBe(201);
  const i = await admin.post('/api/inspections', await inspectionBody(admin, school, 'sanfang', 'district'));
  expect(i.statusCode, i.body).toBe(201);
  const p = await police.post('/api/penalties', { schoolId: school, number: '渝公(龙)行罚决字〔2026〕1号', decidedOn: '2026-11-20', content: '警告' });
  expect(p.statusCode, p.body).toBe(201);
});
afterAll(() => t.close());

async function listFigure(c: Client, count: Count): Promise<number> {
  const list = count.list as NonNullable<Count['list']>;
  const qs = new URLSearchParams({ ...list.query, pageSize: '1' }).toString();
  const res = await c.get(`${list.path}?${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  return list.countKey ? body.counts[list.countKey] : body.total;
}

describe.each(accounts)('$role ($username)', ({ username, seesC05, canEdit }) => {
  let c: Client;
  beforeAll(async () => {
    c = await t.login(username);
  });

  it('opens the school in scope; every figure equals the filtered list it links to', async () => {
    const school = ids.get('YJT0101') as string;
    const res = await c.get(`/api/schools/${school}/file`);
    expect(res.statusCode, res.body).toBe(200);
    const file = res.json() as FileAnswer;
    expect(file.school.code).toBe('YJT0101');
    expect(file.canEdit).toBe(canEdit);
    expect(file.panels.map((p) => p.key)).toEqual([
      'hazards',
      'inspections',
      'coverage',
      'obligations',
      'notices',
      'penalties',
      'drills',
      'education',
      'trainings',
      'patrol',
      'letters',
      'documents',
      'sanfang',
      'surroundings',
      'school_bus',
      'guard',
      'risk',
      'cases',
    ]);
    let compared = 0;
    for (const p of file.panels) {
      for (const count of p.counts) {
        if (!count.list) continue;
        expect(count.list.query.schoolId, `${p.key}.${count.key}`).toBe(school);
        expect(count.value, `${p.key}.${count.key}`).toBe(await listFigure(c, count));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(10);
    const figure = (panel: string, key: string) => file.panels.find((p) => p.key === panel)?.counts.find((x) => x.key === key)?.value;
    // The demo's history and the notice and penalty above: the figures are not all zero.
    expect(figure('hazards', 'total')).toBeGreaterThan(0);
    expect(figure('inspections', 'submitted')).toBeGreaterThan(0);
    expect(figure('notices', 'total')).toBeGreaterThanOrEqual(1);
    expect(figure('penalties', 'total')).toBeGreaterThanOrEqual(1);
  });

  it('shows the school’s row of the coverage grid and its obligations as the lists do', async () => {
    const school = ids.get('YJT0101') as string;
    const file = (await c.get(`/api/schools/${school}/file`)).json() as FileAnswer;
    const coverage = file.panels.find((p) => p.key === 'coverage')?.detail as { periods: { key: string }[]; cells: unknown[] };
    const grid = (await c.get('/api/coverage?view=month')).json();
    const row = grid.rows.find((r: { school: { id: string } }) => r.school.id === school);
    expect(coverage.periods.map((p) => p.key)).toEqual(grid.periods.map((p: { key: string }) => p.key));
    expect(coverage.cells).toEqual(row.cells);
    expect(coverage.cells.length).toBeGreaterThan(0);
    const obligations = file.panels.find((p) => p.key === 'obligations')?.detail as { items: unknown[] };
    const listed = (await c.get(`/api/obligations?schoolId=${school}`)).json();
    expect(obligations.items).toEqual(listed.items);
    expect(obligations.items.length).toBeGreaterThan(0);
    for (const i of obligations.items as { current: { mine: unknown } }[]) expect(i.current.mine).not.toBeNull();
  });

  it(`answers 404 for a school outside the scope and for another district's school`, async () => {
    const c05 = await c.get(`/api/schools/${ids.get('YJC0501')}/file`);
    expect(c05.statusCode).toBe(seesC05 ? 200 : 404);
    if (!seesC05) expect(c05.json().error.code).toBe('NOT_FOUND');
    const other = await c.get(`/api/schools/${otherDistrict}/file`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('NOT_FOUND');
    // The coverage and obligation filters give nothing for a school outside the scope.
    if (!seesC05) {
      expect((await c.get(`/api/coverage?schoolId=${ids.get('YJC0501')}`)).json().rows).toEqual([]);
      expect((await c.get(`/api/obligations?schoolId=${ids.get('YJC0501')}`)).json().items).toEqual([]);
    }
  });
});

describe('getSchoolFile', () => {
  it('answers 401 without a session and 400 for a malformed id', async () => {
    expect((await t.anonymous().get(`/api/schools/${ids.get('YJT0101')}/file`)).statusCode).toBe(401);
    const bad = await (await t.login('admin')).get('/api/schools/not-a-uuid/file');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('the panel registry', () => {
  it('shows a panel a module adds, after the others, and runs none for a school outside the scope', async () => {
    const c = await t.login('leader');
    const actor = await authenticate(t.ctx, /hx_session=([^;]+)/.exec(c.cookie)?.[1] as string, '127.0.0.1');
    const seen: string[] = [];
    const drills: SchoolFilePanel = {
      key: 'example',
      title: '示例模块',
      summarize: async (_app, _actor, school) => {
        seen.push(school.code);
        return { counts: [{ key: 'total', label: '演练', value: 2, list: null, href: null }] };
      },
    };
    const panels = [...schoolFilePanels, drills];
    const file = await getSchoolFile(t.ctx, actor as NonNullable<typeof actor>, ids.get('YJT0101') as string, new Date(), panels);
    expect(file.panels.map((p) => p.key).at(-1)).toBe('example');
    expect(file.panels.at(-1)).toMatchObject({ title: '示例模块', counts: [{ value: 2 }] });
    await expect(getSchoolFile(t.ctx, actor as NonNullable<typeof actor>, ids.get('YJC0501') as string, new Date(), panels)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(seen).toEqual(['YJT0101']);
  });
});
