import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSchools, demoUnits } from '../../src/server/demo/demo-data.js';
import { auditEventsFor, type Client, countRows, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';

type Unit = {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  code: string;
  departmentType: string | null;
  sortOrder: number;
  isActive: boolean;
};
const KINDS = ['district', 'township', 'centre', 'school', 'department'];
const t1Codes = demoSchools(demoUnits())
  .filter((s) => s.unitCode === 'T01')
  .map((s) => s.code);

let t: TestApp;
let admin: Client;
let principal: Client;
let centre: Client;
let otherAdmin: Client;
type Key = 'YJ' | 'T01' | 'T05' | 'C09' | 'D-MARKET' | 'D-PS01' | 'LC' | 'lcTown';
const id = {} as Record<Key, string>;

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
const unitsOf = async (districtId: string) => t.db.selectFrom('org_unit').select(['id', 'kind']).where('district_id', '=', districtId).execute();

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  return res.json().error as { message: string; details?: { path?: string; message: string }[] };
}
const snapshot = async () => ({
  units: await countRows(t.db, 'org_unit'),
  assignments: await countRows(t.db, 'assignment'),
  audit: await countRows(t.db, 'audit_event'),
});
const listUnits = async (c: Client, query = '') => {
  const res = await c.get(`/api/org-units${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Unit[];
};

let seq = 0;
async function newUnit(over: Record<string, unknown> = {}): Promise<Unit> {
  seq += 1;
  const res = await admin.post('/api/org-units', { parentId: id.YJ, kind: 'township', name: `测试机构${seq}`, code: `TO-${seq}`, ...over });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const lastAudit = async (entityId: string) => (await auditEventsFor(t.db, entityId))[0];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  principal = await t.login('principal');
  centre = await t.login('centre_officer');
  otherAdmin = await t.login('other_admin');
  for (const c of ['YJ', 'T01', 'T05', 'C09', 'D-MARKET', 'D-PS01'] as const) id[c] = await unitId(c);
  id.LC = await unitId('LC', 'LC');
  id.lcTown = await unitId('T01', 'LC');
});
afterAll(() => t.close());

describe('GET /api/org-units', () => {
  it('shows the admin every unit of the district and nothing of another', async () => {
    const items = await listUnits(admin);
    const own = await unitsOf(id.YJ);
    expect(items.map((u) => u.id).sort()).toEqual(own.map((u) => u.id).sort());
    expect(new Set(items.map((u) => u.kind))).toEqual(new Set(KINDS));
    expect(items.filter((u) => u.kind === 'school').length).toBeGreaterThanOrEqual(270);
    const foreign = new Set((await unitsOf(id.LC)).map((u) => u.id));
    expect(foreign.size).toBe(3);
    expect(items.some((u) => foreign.has(u.id))).toBe(false);
    const theirs = await listUnits(otherAdmin);
    expect(theirs.map((u) => u.id).sort()).toEqual([...foreign].sort());
  });

  it('filters by one or several kinds', async () => {
    const own = await unitsOf(id.YJ);
    const towns = await listUnits(admin, '?kind=township');
    expect(towns.length).toBe(own.filter((u) => u.kind === 'township').length);
    expect(towns.every((u) => u.kind === 'township')).toBe(true);
    const both = await listUnits(admin, '?kind=township&kind=centre');
    expect(both.length).toBe(own.filter((u) => u.kind === 'township' || u.kind === 'centre').length);
    expect(new Set(both.map((u) => u.kind))).toEqual(new Set(['township', 'centre']));
    expectError(await admin.get('/api/org-units?kind=galaxy'), 400, 'VALIDATION_FAILED');
  });

  it('shows a principal the own school and its ancestors only', async () => {
    const items = await listUnits(principal);
    const school = await idOfSchool(t.db, 'YJT0101');
    expect(items.map((u) => u.id).sort()).toEqual([id.YJ, id.T01, school].sort());
    expect((await listUnits(principal, '?kind=school')).map((u) => u.id)).toEqual([school]);
  });

  it('shows a centre officer its unit, its schools and the district', async () => {
    const items = await listUnits(centre);
    expect(items.filter((u) => u.kind === 'school').map((u) => u.code)).toEqual(t1Codes);
    expect(
      items
        .filter((u) => u.kind !== 'school')
        .map((u) => u.id)
        .sort(),
    ).toEqual([id.YJ, id.T01].sort());
  });
});

describe('POST /api/org-units', () => {
  it('creates townships, centres and departments, each audited', async () => {
    const town = await newUnit();
    expect(town).toMatchObject({ parentId: id.YJ, kind: 'township', departmentType: null, sortOrder: 0, isActive: true });
    const centreUnit = await newUnit({ kind: 'centre', sortOrder: 7 });
    expect(centreUnit).toMatchObject({ kind: 'centre', sortOrder: 7 });
    const dept = await newUnit({ kind: 'department', departmentType: 'health' });
    expect(dept).toMatchObject({ kind: 'department', departmentType: 'health' });
    const sub = await newUnit({ kind: 'department', departmentType: 'community', parentId: dept.id });
    expect(sub.parentId).toBe(dept.id);
    for (const u of [town, centreUnit, dept, sub]) {
      const events = await auditEventsFor(t.db, u.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'org_unit.create', entity_type: 'org_unit', actor_role: 'district_admin', after: u });
    }
    expect((await listUnits(admin, '?kind=department')).map((u) => u.id)).toContain(sub.id);
  });

  it('rejects invalid units with details and writes nothing', async () => {
    const before = await snapshot();
    const base = { parentId: id.YJ, name: '无效机构', code: 'TO-BAD' };
    const typeRule = [{ path: 'departmentType', message: '部门必须选择部门类型，其他机构不能选择' }];
    expect(expectError(await admin.post('/api/org-units', { ...base, kind: 'department' }), 400, 'VALIDATION_FAILED').details).toEqual(typeRule);
    expect(expectError(await admin.post('/api/org-units', { ...base, kind: 'township', departmentType: 'health' }), 400, 'VALIDATION_FAILED').details).toEqual(
      typeRule,
    );
    for (const [kind, parentId] of [
      ['township', id.T01],
      ['centre', await idOfSchool(t.db, 'YJT0101')],
      ['department', await idOfSchool(t.db, 'YJT0101')],
      ['township', id.LC],
      ['township', '00000000-0000-4000-8000-000000000000'],
    ]) {
      const body = { ...base, kind, parentId, ...(kind === 'department' && { departmentType: 'health' }) };
      expect(expectError(await admin.post('/api/org-units', body), 400, 'VALIDATION_FAILED').details).toEqual([{ path: 'parentId', message: '上级单位无效' }]);
    }
    expectError(await admin.post('/api/org-units', { ...base, kind: 'school' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/org-units', { ...base, kind: 'township', code: 'a b' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/org-units', { ...base, kind: 'township', code: 'T05' }), 409, 'DUPLICATE');
    expectError(await admin.post('/api/org-units', { ...base, kind: 'township', code: 'YJT0101' }), 409, 'DUPLICATE');
    expect(await snapshot()).toEqual(before);
  });

  it('is for the district admin only', async () => {
    const before = await snapshot();
    const body = { parentId: id.YJ, kind: 'township', name: '越权街道', code: 'TO-NO' };
    for (const c of [principal, centre, await t.login('leader')]) expectError(await c.post('/api/org-units', body), 403, 'FORBIDDEN');
    expect(await snapshot()).toEqual({ ...before, audit: before.audit + 1 }); // the leader's login
  });
});

describe('PATCH /api/org-units/:id', () => {
  it('renames and recodes a unit, auditing only the changes', async () => {
    const unit = await newUnit();
    const res = await admin.patch(`/api/org-units/${unit.id}`, { name: '改名后街道', code: `${unit.code}-R`, sortOrder: unit.sortOrder });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ...unit, name: '改名后街道', code: `${unit.code}-R` });
    const event = await lastAudit(unit.id);
    expect(event).toMatchObject({
      action: 'org_unit.update',
      before: { name: unit.name, code: unit.code },
      after: { name: '改名后街道', code: `${unit.code}-R` },
    });
    expect(Object.keys(event?.after as object).sort()).toEqual(['code', 'name']);
    const events = (await auditEventsFor(t.db, unit.id)).length;
    expect((await admin.patch(`/api/org-units/${unit.id}`, { name: '改名后街道' })).statusCode).toBe(200);
    expect(await auditEventsFor(t.db, unit.id)).toHaveLength(events);
  });

  it('refuses to deactivate a unit that still has schools, but deactivates an empty one', async () => {
    const before = await snapshot();
    expectError(await admin.patch(`/api/org-units/${id.T05}`, { isActive: false }), 409, 'CONFLICT');
    expect(await snapshot()).toEqual(before);
    expect((await listUnits(admin, '?kind=township')).find((u) => u.id === id.T05)?.isActive).toBe(true);
    const empty = await newUnit();
    const res = await admin.patch(`/api/org-units/${empty.id}`, { isActive: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().isActive).toBe(false);
    expect(await lastAudit(empty.id)).toMatchObject({ before: { isActive: true }, after: { isActive: false } });
    const school = { name: '停用街道小学', code: `TO-S${seq}`, parentId: empty.id, schoolType: 'primary' };
    expectError(await admin.post('/api/schools', school), 400, 'VALIDATION_FAILED');
  });

  it('refuses to put a unit under an inactive department', async () => {
    const dept = await newUnit({ kind: 'department', departmentType: 'community' });
    const other = await newUnit({ kind: 'department', departmentType: 'community' });
    expect((await admin.patch(`/api/org-units/${dept.id}`, { isActive: false })).statusCode).toBe(200);
    const before = await snapshot();
    const body = { parentId: dept.id, kind: 'department', departmentType: 'community', name: '停用部门下属', code: 'TO-UNDER' };
    expect(expectError(await admin.post('/api/org-units', body), 400, 'VALIDATION_FAILED').details).toEqual([{ path: 'parentId', message: '上级单位无效' }]);
    expectError(await admin.patch(`/api/org-units/${other.id}`, { parentId: dept.id }), 400, 'VALIDATION_FAILED');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to move or deactivate the district, or to edit a school here', async () => {
    const before = await snapshot();
    expectError(await admin.patch(`/api/org-units/${id.YJ}`, { parentId: id.T01 }), 400, 'BAD_REQUEST');
    expectError(await admin.patch(`/api/org-units/${id.YJ}`, { isActive: false }), 400, 'BAD_REQUEST');
    expectError(await admin.patch(`/api/org-units/${await idOfSchool(t.db, 'YJT0101')}`, { name: '改名学校' }), 400, 'BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
  });

  it('rejects invalid changes', async () => {
    const unit = await newUnit();
    const dept = await newUnit({ kind: 'department', departmentType: 'justice' });
    const child = await newUnit({ kind: 'department', departmentType: 'justice', parentId: dept.id });
    const before = await snapshot();
    const url = `/api/org-units/${unit.id}`;
    expect(expectError(await admin.patch(url, { departmentType: 'health' }), 400, 'VALIDATION_FAILED').details?.[0]?.path).toBe('departmentType');
    expect(expectError(await admin.patch(url, { parentId: id.T01 }), 400, 'VALIDATION_FAILED').details?.[0]?.path).toBe('parentId');
    expectError(await admin.patch(`/api/org-units/${dept.id}`, { parentId: dept.id }), 400, 'VALIDATION_FAILED');
    const cycle = expectError(await admin.patch(`/api/org-units/${dept.id}`, { parentId: child.id }), 400, 'VALIDATION_FAILED');
    expect(cycle.details).toEqual([{ path: 'parentId', message: '上级单位不能是自身的下级单位' }]);
    expect(expectError(await admin.patch(url, { code: 'T05' }), 409, 'DUPLICATE').details?.[0]).toMatchObject({ path: 'code' });
    expectError(await admin.patch(url, {}), 400, 'VALIDATION_FAILED');
    expectError(await admin.patch(url, { kind: 'centre' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.patch('/api/org-units/00000000-0000-4000-8000-000000000000', { name: '不存在' }), 404, 'NOT_FOUND');
    expectError(await admin.patch(`/api/org-units/${id.lcTown}`, { name: '外区街道' }), 404, 'NOT_FOUND');
    expectError(await centre.patch(`/api/org-units/${id.T01}`, { name: '越权改名' }), 403, 'FORBIDDEN');
    expect(await snapshot()).toEqual(before);
    const moved = await admin.patch(`/api/org-units/${child.id}`, { parentId: id.YJ, departmentType: 'health' });
    expect(moved.json()).toMatchObject({ parentId: id.YJ, departmentType: 'health' });
    expect(await lastAudit(child.id)).toMatchObject({
      before: { parentId: dept.id, departmentType: 'justice' },
      after: { parentId: id.YJ, departmentType: 'health' },
    });
  });
});

describe('assignments', () => {
  const assignment = (kind: string, subjectId: string, targetId: string) => ({ kind, subjectId, targetId });
  const count = async (kind: 'inspector_school' | 'leader_area' | 'precinct_school') =>
    Number(
      (
        await t.db
          .selectFrom('assignment')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('district_id', '=', id.YJ)
          .where('kind', '=', kind)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('lists by kind and subject, with names', async () => {
    for (const kind of ['inspector_school', 'leader_area', 'precinct_school'] as const) {
      const res = await admin.get(`/api/assignments?kind=${kind}`);
      expect(res.statusCode).toBe(200);
      const { items } = res.json();
      expect(items).toHaveLength(await count(kind));
      expect(items.every((a: { kind: string; subjectName: string; targetName: string }) => a.kind === kind && a.subjectName && a.targetName)).toBe(true);
    }
    const inspector = await idOfUser(t.db, 'inspector');
    const { items } = (await admin.get(`/api/assignments?kind=inspector_school&subjectId=${inspector}`)).json();
    const targets = await Promise.all(t1Codes.map((c) => idOfSchool(t.db, c)));
    expect(items.map((a: { targetId: string }) => a.targetId).sort()).toEqual(targets.sort());
    expect(items[0].subjectName).toBe('陈晓梅');
    expectError(await admin.get('/api/assignments?kind=everything'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/assignments?subjectId=nope'), 400, 'VALIDATION_FAILED');
  });

  it('grants and revokes an inspector’s access to a school', async () => {
    const inspector = await t.login('inspector03');
    const subjectId = await idOfUser(t.db, 'inspector03');
    const targetId = await idOfSchool(t.db, 'YJC0501');
    expectError(await inspector.get(`/api/schools/${targetId}`), 404, 'NOT_FOUND');
    const res = await admin.post('/api/assignments', assignment('inspector_school', subjectId, targetId));
    expect(res.statusCode, res.body).toBe(201);
    const dto = res.json();
    expect(dto).toMatchObject({ kind: 'inspector_school', subjectId, targetId, targetName: expect.any(String), subjectName: expect.any(String) });
    expect(await lastAudit(dto.id)).toMatchObject({ action: 'assignment.create', org_unit_id: targetId, after: dto });
    expect((await inspector.get(`/api/schools/${targetId}`)).statusCode).toBe(200);
    expect((await inspector.get('/api/schools')).json().total).toBe(15);

    const del = await admin.delete(`/api/assignments/${dto.id}`);
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    expect(await lastAudit(dto.id)).toMatchObject({ action: 'assignment.delete', before: { kind: 'inspector_school', subjectId, targetId } });
    expectError(await inspector.get(`/api/schools/${targetId}`), 404, 'NOT_FOUND');
    expect((await inspector.get('/api/schools')).json().total).toBe(14);
    expectError(await admin.delete(`/api/assignments/${dto.id}`), 404, 'NOT_FOUND');
    expectError(await admin.delete('/api/assignments/nope'), 400, 'VALIDATION_FAILED');
  });

  it('grants a leader an area and a police station a school', async () => {
    const leader = await t.login('leader');
    const police = await t.login('police');
    expect((await leader.get(`/api/schools?parentId=${id.C09}`)).json().total).toBe(0);
    const area = await admin.post('/api/assignments', assignment('leader_area', await idOfUser(t.db, 'leader'), id.C09));
    expect(area.statusCode, area.body).toBe(201);
    expect((await leader.get(`/api/schools?parentId=${id.C09}`)).json().total).toBe(13);
    const school = await idOfSchool(t.db, 'YJC0905');
    expectError(await police.get(`/api/schools/${school}`), 404, 'NOT_FOUND');
    const precinct = await admin.post('/api/assignments', assignment('precinct_school', id['D-PS01'], school));
    expect(precinct.statusCode, precinct.body).toBe(201);
    expect(precinct.json().subjectName).toBe('龙洲湾派出所');
    expect((await police.get(`/api/schools/${school}`)).statusCode).toBe(200);
    expect(await lastAudit(precinct.json().id)).toMatchObject({ action: 'assignment.create', after: precinct.json() });
  });

  it('rejects subjects of the wrong role, bad targets and duplicates', async () => {
    const before = await snapshot();
    const school = await idOfSchool(t.db, 'YJC0502');
    const users = {
      leader: await idOfUser(t.db, 'leader'),
      principal: await idOfUser(t.db, 'principal'),
      other: await idOfUser(t.db, 'other_admin'),
      inspector: await idOfUser(t.db, 'inspector'),
    };
    const subjectCases: [string, string, string][] = [
      ['inspector_school', users.leader, '请选择责任督学'],
      ['inspector_school', users.principal, '请选择责任督学'],
      ['inspector_school', users.other, '请选择责任督学'],
      ['leader_area', users.inspector, '请选择委领导'],
      ['precinct_school', id['D-MARKET'], '请选择派出所'],
      ['precinct_school', users.inspector, '请选择派出所'],
    ];
    for (const [kind, subjectId, message] of subjectCases) {
      const target = kind === 'leader_area' ? id.T05 : school;
      const error = expectError(await admin.post('/api/assignments', assignment(kind, subjectId, target)), 400, 'VALIDATION_FAILED');
      expect(error.details).toEqual([{ path: 'subjectId', message }]);
    }
    const targetCases: [string, string, string][] = [
      ['inspector_school', users.inspector, id.T05],
      ['inspector_school', users.inspector, await idOfSchool(t.db, 'LCT0101')],
      ['leader_area', users.leader, school],
    ];
    for (const [kind, subjectId, targetId] of targetCases) {
      const error = expectError(await admin.post('/api/assignments', assignment(kind, subjectId, targetId)), 400, 'VALIDATION_FAILED');
      expect(error.details).toEqual([{ path: 'targetId', message: '目标单位无效' }]);
    }
    const dup = await admin.post('/api/assignments', assignment('inspector_school', users.inspector, await idOfSchool(t.db, 'YJT0101')));
    expectError(dup, 409, 'DUPLICATE');
    expectError(await admin.post('/api/assignments', { ...assignment('inspector_school', users.inspector, school), extra: 1 }), 400, 'VALIDATION_FAILED');
    expect(await snapshot()).toEqual(before);
  });

  it('is for the district admin only', async () => {
    const inspector = await idOfUser(t.db, 'inspector');
    const { items } = (await admin.get(`/api/assignments?kind=inspector_school&subjectId=${inspector}`)).json();
    const before = await snapshot();
    const body = assignment('inspector_school', inspector, await idOfSchool(t.db, 'YJT0201'));
    for (const c of [principal, centre]) {
      expectError(await c.post('/api/assignments', body), 403, 'FORBIDDEN');
      expectError(await c.delete(`/api/assignments/${items[0].id}`), 403, 'FORBIDDEN');
    }
    expectError(await otherAdmin.delete(`/api/assignments/${items[0].id}`), 404, 'NOT_FOUND');
    const noToken = await t.server.inject({ method: 'DELETE', url: `/api/assignments/${items[0].id}`, headers: { cookie: admin.cookie } });
    expectError(noToken, 403, 'CSRF_REJECTED');
    expect(await snapshot()).toEqual(before);
  });
});
