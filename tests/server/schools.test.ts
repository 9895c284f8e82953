import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSchools, demoUnits } from '../../src/server/demo/demo-data.js';
import { auditEventsFor, type Client, countRows, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

const units = demoUnits();
const demo = demoSchools(units);
const demoIn = (unit: string) => demo.filter((s) => s.unitCode === unit);
const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

let t: TestApp;
let admin: Client;
let principal: Client;
let centre: Client;
let staff: Client;
let otherAdmin: Client;
type Key = 'YJ' | 'T01' | 'T03' | 'T11' | 'C02' | 'C04' | 'C05' | 'D-MARKET' | 'lcTown' | 'testTown';
const id = {} as Record<Key, string>;

/** An org unit of a district by code (township codes repeat across districts). */
async function unitId(code: string, district = 'YJ') {
  const r = await t.db
    .selectFrom('org_unit as u')
    .innerJoin('org_unit as d', 'd.id', 'u.district_id')
    .select('u.id')
    .where('d.kind', '=', 'district')
    .where('d.code', '=', district)
    .where('u.code', '=', code)
    .executeTakeFirstOrThrow();
  return r.id;
}

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const { error } = res.json();
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  return error as { code: string; message: string; details?: { path?: string; message: string }[] };
}

const snapshot = async () => ({
  schools: await countRows(t.db, 'school'),
  units: await countRows(t.db, 'org_unit'),
  audit: await countRows(t.db, 'audit_event'),
});

let seq = 0;
const freshInput = (over: Record<string, unknown> = {}) => {
  seq += 1;
  return { name: `测试学校${seq}号`, code: `TS-${seq}`, parentId: id.testTown, schoolType: 'primary', ...over };
};
async function newSchool(over: Record<string, unknown> = {}) {
  const res = await admin.post('/api/schools', freshInput(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const list = async (c: Client, query: string) => {
  const res = await c.get(`/api/schools?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Record<string, unknown>[]; total: number; page: number; pageSize: number };
};
const codes = (items: Record<string, unknown>[]) => items.map((s) => s.code);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  principal = await t.login('principal');
  centre = await t.login('centre_officer');
  staff = await t.login('staff');
  otherAdmin = await t.login('other_admin');
  for (const c of ['YJ', 'T01', 'T03', 'T11', 'C02', 'C04', 'C05', 'D-MARKET'] as const) id[c] = await unitId(c);
  id.lcTown = await unitId('T01', 'LC');
  const town = await admin.post('/api/org-units', { parentId: id.YJ, kind: 'township', name: '学校测试街道', code: 'TS-TOWN' });
  expect(town.statusCode, town.body).toBe(201);
  id.testTown = town.json().id;
});
afterAll(() => t.close());

describe('GET /api/schools', () => {
  it('pages through the district with a stable total', async () => {
    const { n } = await t.db
      .selectFrom('school')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('district_id', '=', id.YJ)
      .executeTakeFirstOrThrow();
    const first = await list(admin, 'pageSize=200');
    const second = await list(admin, 'pageSize=200&page=2');
    expect(first.total).toBe(Number(n));
    expect(first.total).toBeGreaterThanOrEqual(270);
    expect(first.items).toHaveLength(200);
    expect(second.items).toHaveLength(first.total - 200);
    const all = codes([...first.items, ...second.items]);
    expect(new Set(all).size).toBe(first.total);
    const page = await list(admin, 'pageSize=10&page=3');
    expect(page).toMatchObject({ page: 3, pageSize: 10, total: first.total });
    expect(codes(page.items)).toEqual(all.slice(20, 30));
    const beyond = await list(admin, 'pageSize=10&page=1000');
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(first.total);
  });

  it('filters by parent, in code order by default', async () => {
    const r = await list(admin, `parentId=${id.T03}`);
    expect(r.total).toBe(14);
    expect(codes(r.items)).toEqual(demoIn('T03').map((s) => s.code));
    expect(new Set(r.items.map((s) => s.parentName))).toEqual(new Set([units[2]?.name]));
  });

  it('filters by keyword over name, code, address and principal, case-insensitively', async () => {
    const match = (k: string) => demo.filter((s) => [s.name, s.code, s.address, s.principalName].some((v) => v.toLowerCase().includes(k.toLowerCase())));
    for (const k of ['桂花', 'yjc03', '张']) {
      const expected = match(k)
        .map((s) => s.code)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      const r = await list(admin, `keyword=${encodeURIComponent(k)}&pageSize=200`);
      expect(r.total).toBe(expected.length);
      expect(codes(r.items).sort()).toEqual(expected);
    }
    expect((await list(admin, 'keyword=%25')).total).toBe(0);
    expect((await list(admin, 'keyword=_')).total).toBe(0);
  });

  it('filters by school type, ownership and boarding', async () => {
    const c02 = demoIn('C02');
    const kg = await list(admin, `parentId=${id.C02}&schoolType=kindergarten`);
    expect(codes(kg.items)).toEqual(c02.filter((s) => s.schoolType === 'kindergarten').map((s) => s.code));
    const priv = await list(admin, `parentId=${id.C02}&ownership=private`);
    expect(priv.total).toBe(c02.filter((s) => s.ownership === 'private').length);
    expect(priv.items.every((s) => s.ownership === 'private')).toBe(true);
    const boarding = await list(admin, `parentId=${id.C04}&boarding=true`);
    const expected = demoIn('C04').filter((s) => s.boardingStudents > 0);
    expect(expected.length).toBeGreaterThan(0);
    expect(codes(boarding.items)).toEqual(expected.map((s) => s.code));
    const dayOnly = await list(admin, `parentId=${id.C04}&boarding=false`);
    expect(codes(dayOnly.items)).toEqual(
      demoIn('C04')
        .filter((s) => s.boardingStudents === 0)
        .map((s) => s.code),
    );
  });

  it('sorts by every allowed key', async () => {
    const c05 = demoIn('C05');
    const q = `parentId=${id.C05}&pageSize=50`;
    expect(codes((await list(admin, `${q}&sort=-code`)).items)).toEqual(c05.map((s) => s.code).reverse());
    const byEnrollment = [...c05].sort((a, b) => a.enrollment - b.enrollment || byCode(a, b));
    expect(codes((await list(admin, `${q}&sort=enrollment`)).items)).toEqual(byEnrollment.map((s) => s.code));
    const desc = [...c05].sort((a, b) => b.enrollment - a.enrollment || byCode(a, b));
    expect(codes((await list(admin, `${q}&sort=-enrollment`)).items)).toEqual(desc.map((s) => s.code));
    const byName = codes((await list(admin, `${q}&sort=name`)).items);
    expect(codes((await list(admin, `${q}&sort=-name`)).items)).toEqual([...byName].reverse());
    expect(byName).not.toEqual(c05.map((s) => s.code));
    const created = await newSchool();
    expect((await list(admin, 'sort=-updatedAt&pageSize=1')).items[0]?.id).toBe(created.id);
  });

  it.each([
    ['page=0', 'page', '页码从 1 开始'],
    ['pageSize=201', 'pageSize', '每页最多 200 条'],
    ['page=1.5', 'page', '页码必须是整数'],
    ['schoolType=university', 'schoolType', '学校类型无效'],
    ['ownership=state', 'ownership', '办学性质无效'],
    ['boarding=yes', 'boarding', '应为 true 或 false'],
    ['sort=size', 'sort', '排序字段无效'],
    ['parentId=abc', 'parentId', '所属单位无效'],
    [`keyword=${'校'.repeat(101)}`, 'keyword', '关键字不超过 100 个字'],
  ])('rejects %s with a Chinese message', async (query, path, message) => {
    const error = expectError(await admin.get(`/api/schools?${encodeURI(query)}`), 400, 'VALIDATION_FAILED');
    expect(error.details).toEqual([{ path, message }]);
  });

  it('shows each user only the schools in scope', async () => {
    const own = await list(principal, '');
    expect(own.total).toBe(1);
    expect(own.items[0]?.code).toBe('YJT0101');
    const mine = await list(centre, '');
    expect(codes(mine.items)).toEqual(demoIn('T01').map((s) => s.code));
    const other = await list(otherAdmin, '');
    expect(codes(other.items)).toEqual(['LCT0101']);
  });
});

describe('GET /api/schools/:id', () => {
  it('returns the full profile', async () => {
    const want = demo.find((s) => s.code === 'YJT0305');
    const res = await admin.get(`/api/schools/${await idOfSchool(t.db, 'YJT0305')}`);
    expect(res.statusCode).toBe(200);
    const { unitCode: _, ...fields } = want as NonNullable<typeof want>;
    expect(res.json()).toMatchObject({ ...fields, parentId: id.T03, parentName: units[2]?.name, isActive: true });
  });

  it('answers 404 for unknown, other-district and non-school ids, 400 for malformed ones', async () => {
    expectError(await admin.get('/api/schools/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectError(await admin.get(`/api/schools/${id.T03}`), 404, 'NOT_FOUND');
    const lc = await idOfSchool(t.db, 'LCT0101');
    expectError(await admin.get(`/api/schools/${lc}`), 404, 'NOT_FOUND');
    expect((await otherAdmin.get(`/api/schools/${lc}`)).statusCode).toBe(200);
    const error = expectError(await admin.get('/api/schools/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expect(error.details).toEqual([{ path: 'id', message: '编号无效' }]);
  });

  it('hides schools outside the reader scope', async () => {
    expectError(await principal.get(`/api/schools/${await idOfSchool(t.db, 'YJT0102')}`), 404, 'NOT_FOUND');
    expectError(await centre.get(`/api/schools/${await idOfSchool(t.db, 'YJT0201')}`), 404, 'NOT_FOUND');
    expect((await centre.get(`/api/schools/${await idOfSchool(t.db, 'YJT0105')}`)).statusCode).toBe(200);
  });
});

describe('POST /api/schools', () => {
  it('creates a school with defaults and records it', async () => {
    const input = freshInput({ ownership: 'private', enrollment: 300, boardingStudents: 20, address: '测试路 1 号', longitude: 106.5 });
    const res = await admin.post('/api/schools', input);
    expect(res.statusCode, res.body).toBe(201);
    const dto = res.json();
    expect(dto).toMatchObject({ ...input, parentName: '学校测试街道', staffCount: 0, gateCount: 1, latitude: null, phone: '', isActive: true });
    expect((await admin.get(`/api/schools/${dto.id}`)).json()).toEqual(dto);
    const events = await auditEventsFor(t.db, dto.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'school.create', entity_type: 'school', actor_role: 'district_admin', actor_name: '周建国', before: null });
    expect(events[0]?.after).toMatchObject({ code: input.code, name: input.name, ownership: 'private', enrollment: 300, boardingStudents: 20 });
  });

  it('rejects missing and invalid fields with details and writes nothing', async () => {
    const before = await snapshot();
    const empty = expectError(await admin.post('/api/schools', {}), 400, 'VALIDATION_FAILED');
    expect(empty.details?.map((d) => d.path).sort()).toEqual(['code', 'name', 'parentId', 'schoolType']);
    const bad = { name: '甲', code: 'a b', parentId: id.testTown, schoolType: 'primary', staffCount: -1, phone: 'abc', longitude: 200 };
    const error = expectError(await admin.post('/api/schools', bad), 400, 'VALIDATION_FAILED');
    expect(error.details).toEqual(
      expect.arrayContaining([
        { path: 'name', message: '学校名称至少 2 个字' },
        { path: 'code', message: '学校代码只能包含字母、数字、下划线和短横线' },
        { path: 'staffCount', message: '教职工数不能为负数' },
        { path: 'phone', message: '电话只能包含数字、+、-、括号和空格' },
        { path: 'longitude', message: '经度超出中国范围' },
      ]),
    );
    expect(error.details).toHaveLength(5);
    const boarding = expectError(await admin.post('/api/schools', freshInput({ enrollment: 100, boardingStudents: 101 })), 400, 'VALIDATION_FAILED');
    expect(boarding.details).toEqual([{ path: 'boardingStudents', message: '住校学生数不能超过在校学生数' }]);
    expectError(await admin.post('/api/schools', freshInput({ isActive: false })), 400, 'VALIDATION_FAILED');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a code already used in the district, but not one used in another district', async () => {
    const before = await snapshot();
    const dup = expectError(await admin.post('/api/schools', freshInput({ code: 'YJT0101' })), 409, 'DUPLICATE');
    expect(dup.details).toEqual([{ path: 'code', message: expect.stringContaining('YJT0101') }]);
    expectError(await admin.post('/api/schools', freshInput({ code: 'T03' })), 409, 'DUPLICATE');
    expect(await snapshot()).toEqual(before);
    expect((await admin.post('/api/schools', freshInput({ code: 'LCT0101' }))).statusCode).toBe(201);
  });

  it('requires the parent to be a township or centre of the district', async () => {
    const before = await snapshot();
    const parents = [await idOfSchool(t.db, 'YJT0101'), id['D-MARKET'], id.YJ, id.lcTown, '00000000-0000-4000-8000-000000000000'];
    for (const parentId of parents) {
      const error = expectError(await admin.post('/api/schools', freshInput({ parentId })), 400, 'VALIDATION_FAILED');
      expect(error.details).toEqual([{ path: 'parentId', message: '所属单位无效' }]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('is for the district admin only', async () => {
    const before = await snapshot();
    expectError(await principal.post('/api/schools', freshInput()), 403, 'FORBIDDEN');
    expectError(await centre.post('/api/schools', freshInput({ parentId: id.T01 })), 403, 'FORBIDDEN');
    expect(await snapshot()).toEqual(before);
  });
});

describe('PATCH /api/schools/:id', () => {
  const get = async (c: Client, schoolId: string) => (await c.get(`/api/schools/${schoolId}`)).json();
  const own = () => idOfSchool(t.db, 'YJT0101');

  it('lets the admin change every field and audits exactly the changes', async () => {
    const school = await newSchool();
    const patch = {
      name: '改名测试学校',
      code: `TS-R${seq}`,
      parentId: id.T11,
      schoolType: 'junior',
      ownership: 'private',
      enrollment: 500,
      boardingStudents: 50,
      staffCount: 40,
      gateCount: 3,
      address: '新地址 8 号',
      longitude: 106.5,
      latitude: 29.4,
      principalName: '测试校长',
      principalPhone: '13800000000',
      safetyOfficerName: '李四',
      safetyOfficerPhone: '023-12345678',
      phone: '023-87654321',
    };
    const res = await admin.patch(`/api/schools/${school.id}`, patch);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ...patch, parentName: units[10]?.name });
    expect(await get(admin, school.id)).toEqual(res.json());
    const [event] = await auditEventsFor(t.db, school.id);
    expect(event?.action).toBe('school.update');
    expect(event?.after).toEqual(patch);
    expect(event?.before).toEqual(Object.fromEntries(Object.keys(patch).map((k) => [k, school[k]])));
  });

  it('moves updatedAt when only the name, code or parent changes', async () => {
    const school = await newSchool();
    await new Promise((r) => setTimeout(r, 5));
    const res = await admin.patch(`/api/schools/${school.id}`, { name: `${school.name}更名` });
    expect(res.statusCode, res.body).toBe(200);
    expect(Date.parse(res.json().updatedAt)).toBeGreaterThan(Date.parse(school.updatedAt));
    expect((await list(admin, 'sort=-updatedAt&pageSize=1')).items[0]?.id).toBe(school.id);
  });

  it('lets a principal edit the own school profile but not its identity', async () => {
    const schoolId = await own();
    const cur = await get(principal, schoolId);
    const phone = `023-6${String(Date.now()).slice(-7)}`;
    const res = await principal.patch(`/api/schools/${schoolId}`, { enrollment: cur.enrollment + 3, phone, name: cur.name });
    expect(res.statusCode, res.body).toBe(200);
    const [event] = await auditEventsFor(t.db, schoolId);
    expect(event).toMatchObject({ action: 'school.update', actor_role: 'principal' });
    expect(event?.before).toEqual({ enrollment: cur.enrollment, phone: cur.phone });
    expect(event?.after).toEqual({ enrollment: cur.enrollment + 3, phone });
    const events = (await auditEventsFor(t.db, schoolId)).length;
    for (const body of [{ name: '新名字学校' }, { code: 'YJX9999' }, { parentId: id.T03 }, { schoolType: 'senior' }]) {
      expectError(await principal.patch(`/api/schools/${schoolId}`, { ...body, phone: '023-1' }), 403, 'FORBIDDEN');
    }
    expect(await get(principal, schoolId)).toEqual(res.json());
    expect(await auditEventsFor(t.db, schoolId)).toHaveLength(events);
    expectError(await principal.patch(`/api/schools/${await idOfSchool(t.db, 'YJT0102')}`, { phone: '1' }), 404, 'NOT_FOUND');
    expectError(await staff.patch(`/api/schools/${schoolId}`, { phone: '1' }), 403, 'FORBIDDEN');
  });

  it('lets a centre officer edit schools of its own unit only', async () => {
    const inside = await idOfSchool(t.db, 'YJT0103');
    const cur = await get(centre, inside);
    const res = await centre.patch(`/api/schools/${inside}`, { gateCount: (cur.gateCount % 5) + 1 });
    expect(res.statusCode, res.body).toBe(200);
    const [event] = await auditEventsFor(t.db, inside);
    expect(event).toMatchObject({ actor_role: 'centre_officer', before: { gateCount: cur.gateCount }, after: { gateCount: (cur.gateCount % 5) + 1 } });
    expectError(await centre.patch(`/api/schools/${inside}`, { name: '街道改名学校' }), 403, 'FORBIDDEN');
    const outside = await idOfSchool(t.db, 'YJT0201');
    expectError(await centre.patch(`/api/schools/${outside}`, { gateCount: 2 }), 404, 'NOT_FOUND');
    expectError(await otherAdmin.patch(`/api/schools/${outside}`, { gateCount: 2 }), 404, 'NOT_FOUND');
  });

  it('rejects bad changes and leaves the school and the trail untouched', async () => {
    const school = await newSchool({ enrollment: 100, boardingStudents: 50 });
    const before = await snapshot();
    const url = `/api/schools/${school.id}`;
    const merged = expectError(await admin.patch(url, { enrollment: 10 }), 400, 'VALIDATION_FAILED');
    expect(merged.details).toEqual([{ path: 'boardingStudents', message: '住校学生数不能超过在校学生数' }]);
    expectError(await admin.patch(url, { boardingStudents: 101 }), 400, 'VALIDATION_FAILED');
    expectError(await admin.patch(url, { code: 'YJT0101' }), 409, 'DUPLICATE');
    const parent = expectError(await admin.patch(url, { parentId: await idOfSchool(t.db, 'YJT0101') }), 400, 'VALIDATION_FAILED');
    expect(parent.details).toEqual([{ path: 'parentId', message: '所属单位无效' }]);
    expectError(await admin.patch(url, {}), 400, 'VALIDATION_FAILED');
    expectError(await admin.patch(url, { isActive: false }), 400, 'VALIDATION_FAILED');
    expectError(await admin.patch('/api/schools/00000000-0000-4000-8000-000000000000', { phone: '1' }), 404, 'NOT_FOUND');
    expect(await get(admin, school.id)).toEqual(school);
    const same = await admin.patch(url, { name: school.name, enrollment: 100 });
    expect(same.statusCode).toBe(200);
    expect(await snapshot()).toEqual(before);
  });
});

describe('access control', () => {
  it('answers 401 on every school endpoint without a session', async () => {
    const anon = t.anonymous();
    const schoolId = await idOfSchool(t.db, 'YJT0101');
    const calls = [
      anon.get('/api/schools'),
      anon.get(`/api/schools/${schoolId}`),
      anon.post('/api/schools', freshInput()),
      anon.patch(`/api/schools/${schoolId}`, { phone: '1' }),
      anon.get('/api/schools/export'),
      anon.get('/api/schools/import-template'),
      anon.upload('/api/schools/import', Buffer.from('x')),
    ];
    for (const res of await Promise.all(calls)) expectError(res, 401, 'UNAUTHENTICATED');
  });

  it('rejects writes without the CSRF token and changes nothing', async () => {
    const before = await snapshot();
    const schoolId = await idOfSchool(t.db, 'YJT0101');
    const current = (await admin.get(`/api/schools/${schoolId}`)).json();
    const noToken = (method: 'POST' | 'PATCH', url: string, payload: object) => t.server.inject({ method, url, payload, headers: { cookie: admin.cookie } });
    expectError(await noToken('POST', '/api/schools', freshInput()), 403, 'CSRF_REJECTED');
    expectError(await noToken('PATCH', `/api/schools/${schoolId}`, { phone: '023-1' }), 403, 'CSRF_REJECTED');
    const wrong = { 'x-csrf-token': principal.csrfToken };
    expectError(await admin.request({ method: 'PATCH', url: `/api/schools/${schoolId}`, payload: { phone: '023-2' }, headers: wrong }), 403, 'CSRF_REJECTED');
    expect((await admin.get(`/api/schools/${schoolId}`)).json()).toEqual(current);
    expect(await snapshot()).toEqual(before);
  });
});
