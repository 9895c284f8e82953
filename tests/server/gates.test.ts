import type { LightMyRequestResponse } from 'fastify';
import geodesic from 'geographiclib-geodesic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * School gates (校门, issue 11): a school with gates is measured from its nearest gate (the breach
 * names it: 「距…南门 126 米」), one without from its own point; saving gates or moving the school
 * rewrites the breaches in the same request, without the manual 重新计算. Who may edit gates.
 */
let t: TestApp;
let admin: Client, principal: Client, staff: Client, police: Client;
let school = ''; // YJT0101, moved to a remote point
let otherSchool = ''; // YJC0501
const home = { lat: 28.7, lng: 105.7 };
const wgs84 = geodesic.Geodesic.WGS84;
const at = (p: { lat: number; lng: number }, metres: number, azimuth: number) => {
  const r = wgs84.Direct(p.lat, p.lng, azimuth, metres);
  return { lat: r.lat2 as number, lng: r.lon2 as number };
};
const ll = (p: { lat: number; lng: number }) => ({ latitude: p.lat, longitude: p.lng });
const south = at(home, 250, 180);
const north = at(home, 250, 0);

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, staff, police] = await t.loginAll(['admin', 'principal', 'staff', 'police'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
  expect((await admin.patch(`/api/schools/${school}`, ll(home))).statusCode).toBe(200);
});
afterAll(() => t.close());

let premiseIdOf = '';
const hallPoint = at(south, 126, 180);

describe('school gates', () => {
  let premiseId = '';
  let schoolName = '';

  it('before gates, a game hall 126 m beyond where the south gate will be is measured from the school point: no breach', async () => {
    const r = await admin.post('/api/premises', { typeCode: 'game_hall', name: '南门外电玩城', ...ll(at(south, 126, 180)) });
    expect(r.statusCode, r.body).toBe(201);
    const p = r.json().premise;
    premiseId = p.id;
    premiseIdOf = p.id;
    schoolName = p.near[0].schoolName;
    expect(p.near[0]).toMatchObject({ schoolId: school, gateName: '学校位置', fromSchoolPoint: true, breach: false });
    expect(p.near[0].distanceM).toBeCloseTo(376, 0);
  });

  it('the principal saves 南门 and 北门: the breach is computed in the same request from the nearest gate, and audited', async () => {
    const r = await principal.put(`/api/schools/${school}/gates`, {
      gates: [
        { name: '北门', ...ll(north) },
        { name: '南门', isMain: true, ...ll(south) },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().gates.map((g: { name: string }) => g.name)).toEqual(['北门', '南门']);
    expect(r.json().breachesNearby).toBe(1);
    const p = (await admin.get(`/api/premises/${premiseId}`)).json().premise;
    expect(p.near[0]).toMatchObject({ schoolId: school, gateName: '南门', fromSchoolPoint: false, breach: true });
    expect(p.near[0].message).toBe(`游戏厅（电子游戏娱乐场所）距${schoolName}南门 126 米，违反 200 米内禁设规定`);
    const audit = await auditEventsFor(t.db, school);
    expect(audit[0]).toMatchObject({ action: 'school.gates', actor_name: expect.any(String) });
    const surroundings = (await principal.get(`/api/schools/${school}/surroundings`)).json();
    expect(surroundings.gates).toHaveLength(2);
    expect(surroundings.canEditGates).toBe(true);
    expect(surroundings.items[0]).toMatchObject({ gateName: '南门', breach: true });
  });

  it('moving the school does not matter while it has gates; removing the gates goes back to the school point', async () => {
    expect((await admin.patch(`/api/schools/${school}`, ll(at(home, 30, 90)))).statusCode).toBe(200);
    expect((await admin.get(`/api/premises/${premiseId}`)).json().premise.near[0]).toMatchObject({ gateName: '南门', breach: true });
    const r = await admin.put(`/api/schools/${school}/gates`, { gates: [] });
    expect(r.statusCode, r.body).toBe(200);
    expect((await admin.get(`/api/premises/${premiseId}`)).json().premise.near[0]).toMatchObject({ gateName: '学校位置', breach: false });
  });

  it('a school moved next to a premise breaches in its own save (no manual recompute)', async () => {
    expect((await admin.patch(`/api/schools/${school}`, ll(at(south, 60, 180)))).statusCode).toBe(200);
    const p = (await admin.get(`/api/premises/${premiseId}`)).json().premise;
    expect(p.near[0]).toMatchObject({ gateName: '学校位置', breach: true });
    expect(p.near[0].distanceM).toBeCloseTo(66, 0);
  });

  it('who may edit gates: the school and the district (write scope); read-only roles 403, other schools 404; bad input 400', async () => {
    const gates = { gates: [{ name: '正门', isMain: true, ...ll(home) }] };
    expectError(await staff.put(`/api/schools/${school}/gates`, gates), 403, 'FORBIDDEN');
    expectError(await police.put(`/api/schools/${school}/gates`, gates), 403, 'FORBIDDEN');
    expectError(await principal.put(`/api/schools/${otherSchool}/gates`, gates), 404, 'NOT_FOUND');
    expectError(await admin.put(`/api/schools/${school}/gates`, { gates: [gates.gates[0], gates.gates[0]] }), 400, 'VALIDATION_FAILED');
    expectError(
      await admin.put(`/api/schools/${school}/gates`, { gates: [{ name: '正门', isMain: true, latitude: 91, longitude: 1 }] }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await admin.put(`/api/schools/${school}/gates`, { gates: [{ name: '', isMain: true, ...ll(home) }] }), 400, 'VALIDATION_FAILED');
    expectError(await admin.put(`/api/schools/${school}/gates`, { gates: [{ name: '侧门', ...ll(home) }] }), 400, 'VALIDATION_FAILED'); // no 正门
    const before = (await auditEventsFor(t.db, school)).length;
    expectError(await staff.put(`/api/schools/${school}/gates`, gates), 403, 'FORBIDDEN');
    expect((await auditEventsFor(t.db, school)).length).toBe(before);
  });
});

describe('gates in the school profile form (PATCH /api/schools/:id with gates)', () => {
  const patch = (c: Client, id: string, body: Record<string, unknown>) => c.patch(`/api/schools/${id}`, body);

  it('saves the gates with the profile in one request: audited in the school update, the distances measured from them', async () => {
    // The school stands 60 m south of where 南门 was; a gate 126 m north of the game hall puts it back in the zone.
    const p0 = (await admin.get(`/api/premises/${premiseIdOf}`)).json().premise;
    expect(p0.near[0]).toMatchObject({ gateName: '学校位置' });
    const gate = at(hallPoint, 150, 0);
    const r = await patch(principal, school, {
      staffCount: 88,
      gates: [
        { name: '南门', isMain: true, ...ll(gate) },
        { name: '西门', ...ll(at(gate, 40, 270)) },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().gates).toEqual([
      { name: '南门', isMain: true, ...ll(gate) },
      { name: '西门', isMain: false, ...ll(at(gate, 40, 270)) },
    ]);
    expect((await principal.get(`/api/schools/${school}`)).json().gates).toHaveLength(2);
    const near = (await admin.get(`/api/premises/${premiseIdOf}`)).json().premise.near[0];
    expect(near).toMatchObject({ gateName: '南门', fromSchoolPoint: false, breach: true });
    expect(near.distanceM).toBeCloseTo(150, 0);
    const [event] = await auditEventsFor(t.db, school);
    expect(event).toMatchObject({ action: 'school.update' });
    expect(event?.before).toMatchObject({ gates: [] });
    expect(event?.after).toMatchObject({
      staffCount: 88,
      gates: [
        { name: '南门', isMain: true },
        { name: '西门', isMain: false },
      ],
    });
    // The same list again changes nothing (no event).
    const n = (await auditEventsFor(t.db, school)).length;
    expect((await patch(principal, school, { gates: r.json().gates })).statusCode).toBe(200);
    expect((await auditEventsFor(t.db, school)).length).toBe(n);
  });

  it('refuses gates without a 正门, out of range, far from the school, or named twice (400, nothing written)', async () => {
    const n = (await auditEventsFor(t.db, school)).length;
    const g = { name: '北门', ...ll(at(hallPoint, 300, 0)) };
    const noMain = await patch(admin, school, { gates: [g] });
    expectError(noMain, 400, 'VALIDATION_FAILED');
    expect(noMain.json().error.message).toMatch(/正门/);
    expectError(await patch(admin, school, { gates: [{ ...g, isMain: true, latitude: 60 }] }), 400, 'VALIDATION_FAILED');
    expectError(await patch(admin, school, { gates: [{ ...g, isMain: true, longitude: 200 }] }), 400, 'VALIDATION_FAILED');
    expectError(await patch(admin, school, { gates: [{ ...g, isMain: true, latitude: 'x' }] }), 400, 'VALIDATION_FAILED');
    expectError(
      await patch(admin, school, {
        gates: [
          { ...g, isMain: true },
          { ...g, isMain: true },
        ],
      }),
      400,
      'VALIDATION_FAILED',
    );
    const far = await patch(admin, school, { gates: [{ ...g, isMain: true, ...ll(at(hallPoint, 5000, 90)) }] });
    expectError(far, 400, 'VALIDATION_FAILED');
    expect(far.json().error.details[0]).toMatchObject({ path: 'gates.0.latitude', message: expect.stringMatching(/距学校位置 \d+ 米/) });
    expect((await auditEventsFor(t.db, school)).length).toBe(n);
    expect((await admin.get(`/api/schools/${school}`)).json().gates.map((x: { name: string }) => x.name)).toEqual(['南门', '西门']);
  });

  it('scope: read-only roles 403, another school 404; an empty list removes the gates', async () => {
    const gates = [{ name: '正门', isMain: true, ...ll(at(hallPoint, 150, 0)) }];
    expectError(await patch(staff, school, { gates }), 403, 'FORBIDDEN');
    expectError(await patch(police, school, { gates }), 403, 'FORBIDDEN');
    expectError(await patch(principal, otherSchool, { gates }), 404, 'NOT_FOUND');
    const r = await patch(admin, school, { gates: [] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().gates).toEqual([]);
    expect((await admin.get(`/api/premises/${premiseIdOf}`)).json().premise.near[0]).toMatchObject({ gateName: '学校位置' });
  });
});
