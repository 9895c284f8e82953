import type { LightMyRequestResponse } from 'fastify';
import geodesic from 'geographiclib-geodesic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * Key persons (重点人员, issue 11): police only. Every role of the test fixtures against every
 * key-person endpoint; a police officer sees their station's persons and those whose nearest
 * school is in their precinct; every read writes one audit row and a refused one writes none;
 * ID numbers masked in lists; no count reaches the district's trail, workbench or dashboard.
 */
let t: TestApp;
let police: Client, police2: Client, admin: Client, principal: Client;
let school = ''; // YJT0101: precinct of D-PS01 (police)
let otherSchool = ''; // YJC0501: precinct of another station (police2)
const home = { lat: 28.3, lng: 105.3 };
const away = { lat: 28.9, lng: 105.9 };
const wgs84 = geodesic.Geodesic.WGS84;
const at = (p: { lat: number; lng: number }, metres: number, azimuth: number) => {
  const r = wgs84.Direct(p.lat, p.lng, azimuth, metres);
  return { latitude: r.lat2 as number, longitude: r.lon2 as number };
};
const ID = '500113198001011234';
const person = (over: Record<string, unknown> = {}) => ({
  name: '李某某',
  idNumber: ID,
  categoryCode: 'mental_disorder',
  address: '龙洲湾街道滨江路 8 号',
  riskLevel: 'high',
  controlMeasures: '监护人落实看管责任，社区网格员每日见面',
  ...at(home, 300, 45),
  ...over,
});

const ALL_USERS = [
  'admin',
  'leader',
  'inspector',
  'dept_officer',
  'centre_officer',
  'police',
  'joint_inspector',
  'principal',
  'school_officer',
  'staff',
  'other_admin',
] as const;

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}

const auditCount = async (action?: string) => {
  let q = t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<string>().as('n'));
  if (action) q = q.where('action', '=', action);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

let created: { id: string; version: number } = { id: '', version: 0 };

beforeAll(async () => {
  t = await createTestApp();
  [police, admin, principal] = await t.loginAll(['police', 'admin', 'principal'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
  for (const [id, p] of [
    [school, home],
    [otherSchool, away],
  ] as const) {
    expect((await admin.patch(`/api/schools/${id}`, { latitude: p.lat, longitude: p.lng })).statusCode).toBe(200);
  }
  const station = await t.db
    .selectFrom('assignment')
    .select('subject_id')
    .where('kind', '=', 'precinct_school')
    .where('target_id', '=', otherSchool)
    .executeTakeFirstOrThrow();
  const user = await admin.post('/api/users', {
    username: 'police2',
    displayName: '何建军',
    role: 'police_officer',
    orgUnitId: station.subject_id,
    phone: '13800000002',
    password: 'Initial2026',
  });
  expect(user.statusCode, user.body).toBe(201);
  await t.db.updateTable('app_user').set({ must_change_password: false }).where('username', '=', 'police2').execute();
  police2 = await t.login('police2', 'Initial2026');
  const r = await police.post('/api/key-persons', person());
  expect(r.statusCode, r.body).toBe(201);
  created = r.json().keyPerson;
}, 180_000);
afterAll(() => t.close());

describe('every role against every key-person endpoint', () => {
  it('only the police get through; every other role of the fixtures gets 403 and nothing is written', async () => {
    const follow = { date: '2026-11-01', content: '入户走访，情绪稳定' };
    for (const username of ALL_USERS) {
      const c = username === 'police' ? police : await t.login(username);
      const before = await auditCount();
      const answers = [
        await c.get('/api/key-persons'),
        await c.get('/api/key-persons?overdue=true&mine=true'),
        await c.get(`/api/key-persons/${created.id}`),
        await c.post('/api/key-persons', person()),
        await c.put(`/api/key-persons/${created.id}`, { ...person(), version: 99 }),
        await c.post(`/api/key-persons/${created.id}/follow-ups`, follow),
      ];
      if (username === 'police') {
        expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 201, 409, 201]);
        continue;
      }
      for (const a of answers) expectError(a, 403, 'FORBIDDEN');
      expect(await auditCount(), username).toBe(before);
      expect(answers[0]?.body).not.toContain(ID.slice(-4));
    }
  }, 180_000);

  it('a police officer of another precinct gets 404 for a person near a school outside it, and nothing is written', async () => {
    const before = await auditCount();
    const list = await police2.get('/api/key-persons');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(created.id);
    const after = await auditCount();
    expect(after).toBe(before + 1); // the list read itself is audited
    expectError(await police2.get(`/api/key-persons/${created.id}`), 404, 'NOT_FOUND');
    expectError(await police2.put(`/api/key-persons/${created.id}`, { ...person(), version: 1 }), 404, 'NOT_FOUND');
    expectError(await police2.post(`/api/key-persons/${created.id}/follow-ups`, { date: '2026-11-01', content: '走访' }), 404, 'NOT_FOUND');
    expect(await auditCount()).toBe(after);
  });

  it('a person registered by another station whose nearest school is in my precinct is mine to see', async () => {
    const r = await police2.post(
      '/api/key-persons',
      person({ name: '赵某', idNumber: '500113198502025678', categoryCode: 'drug_user', ...at(home, 150, 200) }),
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().keyPerson).toMatchObject({ nearestSchoolId: school, stationName: expect.any(String) });
    expect((await police.get(`/api/key-persons/${r.json().keyPerson.id}`)).statusCode).toBe(200);
    const far = await police2.post('/api/key-persons', person({ name: '钱某', idNumber: '500113198502029999', ...at(away, 200, 10) }));
    expect(far.json().keyPerson.nearestSchoolId).toBe(otherSchool);
    expectError(await police.get(`/api/key-persons/${far.json().keyPerson.id}`), 404, 'NOT_FOUND');
  });
});

describe('police use', () => {
  it('the detail has the full ID number, nearest schools and distances; one audit row per read', async () => {
    const before = await auditCount('key_person.read');
    const r = await police.get(`/api/key-persons/${created.id}`);
    expect(r.statusCode).toBe(200);
    const k = r.json().keyPerson;
    expect(k).toMatchObject({ idNumber: ID, idNumberMasked: '**************1234', categoryLabel: '严重精神障碍患者（易肇事肇祸）', riskLevel: 'high' });
    expect(k.near[0]).toMatchObject({ schoolId: school, gateName: '学校位置', fromSchoolPoint: true });
    expect(k.near[0].distanceM).toBeCloseTo(300, 0);
    expect(await auditCount('key_person.read')).toBe(before + 1);
    const row = await t.db.selectFrom('audit_event').selectAll().where('action', '=', 'key_person.read').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(row.summary).not.toContain(ID);
    expect(row.summary).not.toContain('李某某');
  });

  it('the list masks ID numbers (last 4) and never carries the full number', async () => {
    const before = await auditCount('key_person.list');
    const r = await police.get('/api/key-persons?categoryCode=mental_disorder');
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain(ID);
    const item = r.json().items.find((i: { id: string }) => i.id === created.id);
    expect(item.idNumberMasked).toBe('**************1234');
    expect(item.idNumber).toBeUndefined();
    expect(r.json().categories.length).toBeGreaterThanOrEqual(6);
    expect(await auditCount('key_person.list')).toBe(before + 1);
  });

  it('refuses bad input with 400: unknown category, bad ID number, an officer of another station; a 4xx read writes no audit row', async () => {
    const before = await auditCount();
    expectError(await police.post('/api/key-persons', person({ categoryCode: 'spy' })), 400, 'VALIDATION_FAILED');
    expectError(await police.post('/api/key-persons', person({ idNumber: '12345' })), 400, 'VALIDATION_FAILED');
    expectError(await police.post('/api/key-persons', person({ latitude: null })), 400, 'VALIDATION_FAILED');
    const other = await t.db.selectFrom('app_user').select('id').where('username', '=', 'police2').executeTakeFirstOrThrow();
    expectError(await police.post('/api/key-persons', person({ officerUserId: other.id })), 400, 'VALIDATION_FAILED');
    expectError(await police.get('/api/key-persons?riskLevel=extreme'), 400, 'VALIDATION_FAILED');
    expectError(await police.get('/api/key-persons?page=0'), 400, 'VALIDATION_FAILED');
    expectError(await police.get('/api/key-persons/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectError(await police.get('/api/key-persons/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expect(await auditCount()).toBe(before);
  });

  it("an overdue follow-up is a to-do on the responsible officer's workbench, counted like the list, without an audit row", async () => {
    const f = await police.post(`/api/key-persons/${created.id}/follow-ups`, { date: '2026-10-01', content: '走访未见本人', nextDue: '2026-10-08' });
    expect(f.statusCode, f.body).toBe(201);
    // An older follow-up does not move the due date: the earlier one in this file (2026-11-01) is later.
    const k = f.json().keyPerson;
    expect(k.followUps.length).toBeGreaterThanOrEqual(2);
    const late = await police.post(`/api/key-persons/${created.id}/follow-ups`, {
      date: '2026-11-20',
      content: '走访，家属称已外出务工',
      nextDue: '2026-11-27',
    });
    expect(late.json().keyPerson).toMatchObject({ nextFollowUpDue: '2026-11-27', overdue: true });
    const before = await auditCount();
    const wb = (await police.get('/api/workbench')).json();
    expect(await auditCount()).toBe(before);
    const item = JSON.stringify(wb).match(/"key":"key_persons\.overdue"[^}]*"count":(\d+)/);
    expect(item).not.toBeNull();
    const list = (await police.get('/api/key-persons?overdue=true&mine=true')).json();
    expect(Number(item?.[1])).toBe(list.total);
    expect(list.items.map((i: { id: string }) => i.id)).toContain(created.id);
  });

  it("a school's new gate near the person rewrites the person's distances in the same save", async () => {
    const gate = at(home, 280, 45);
    expect((await principal.put(`/api/schools/${school}/gates`, { gates: [{ name: '东门', isMain: true, ...gate }] })).statusCode).toBe(200);
    const k = (await police.get(`/api/key-persons/${created.id}`)).json().keyPerson;
    expect(k.near[0]).toMatchObject({ schoolId: school, gateName: '东门', fromSchoolPoint: false });
    expect(k.near[0].distanceM).toBeCloseTo(20, 0);
  });

  it('updates with the version; a stale version is a conflict', async () => {
    const k = (await police.get(`/api/key-persons/${created.id}`)).json().keyPerson;
    const r = await police.put(`/api/key-persons/${created.id}`, { ...person(), riskLevel: 'medium', version: k.version });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().keyPerson.riskLevel).toBe('medium');
    expectError(await police.put(`/api/key-persons/${created.id}`, { ...person(), version: k.version }), 409, 'CONFLICT');
  });
});

describe('nothing reaches other roles', () => {
  it("the district admin's trail, workbench, dashboard and school file show no key person and no count", async () => {
    expect(await auditCount('key_person.read')).toBeGreaterThan(0);
    const trail = await admin.get('/api/audit-events?pageSize=100');
    expect(trail.statusCode).toBe(200);
    expect(trail.body).not.toContain('重点人员');
    const filtered = await admin.get('/api/audit-events?entityType=key_person');
    expect(filtered.statusCode).toBe(200);
    expect(filtered.json().total).toBe(0);
    const listed = await admin.get(`/api/audit-events?entityId=${created.id}`);
    expect(listed.json().total).toBe(0);
    for (const [c, urls] of [
      [admin, ['/api/workbench', '/api/dashboard', `/api/schools/${school}/surroundings`, `/api/schools/${school}/file`]],
      [principal, ['/api/workbench', `/api/schools/${school}/surroundings`, `/api/schools/${school}/file`]],
    ] as const) {
      for (const url of urls) {
        const r = await c.get(url);
        expect(r.statusCode, `${url} ${r.body.slice(0, 200)}`).toBeLessThan(500);
        expect(r.body, url).not.toContain('重点人员');
        expect(r.body, url).not.toContain('key_person');
        expect(r.body, url).not.toContain(created.id);
      }
    }
  });
});
