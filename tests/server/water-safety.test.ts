import type { LightMyRequestResponse } from 'fastify';
import geodesic from 'geographiclib-geodesic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { inYearlySpan } from '../../src/domain/surroundings.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * Dangerous waters (issue 11): signs, barriers and patrols of a water premise; validation, who
 * writes (district, police, the supervising department; patrols also the centre over a school near
 * the water), scope (a school reads only waters near it, another district nothing), flags and a flag
 * turned into a 防溺水 hazard for a school near the water, once.
 */
let t: TestApp;
let admin: Client, principal: Client, police: Client, dept: Client, centre: Client, other: Client;
let school = ''; // YJT0101, moved to a remote point
const home = { lat: 29.05, lng: 106.05 };
const today = shanghaiDay(new Date());
let water = '';
let cafe = '';

const wgs84 = geodesic.Geodesic.WGS84;
const at = (p: { lat: number; lng: number }, metres: number, azimuth = 70) => {
  const r = wgs84.Direct(p.lat, p.lng, azimuth, metres);
  return { latitude: r.lat2 as number, longitude: r.lon2 as number };
};

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}

const facilities = (over: Record<string, unknown> = {}) => ({
  signCount: 4,
  signCondition: 'good',
  barrier: 'none',
  barrierNote: '北岸 80 米无护栏',
  responsibleName: '王村长',
  responsiblePhone: '13900000000',
  version: 0,
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, police, dept, centre, other] = await t.loginAll([
    'admin',
    'principal',
    'police',
    'dept_officer',
    'centre_officer',
    'other_admin',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  expect((await admin.patch(`/api/schools/${school}`, { latitude: home.lat, longitude: home.lng })).statusCode).toBe(200);
  const w = await admin.post('/api/premises', { typeCode: 'dangerous_water', name: '石桥河坑塘', address: '石桥村 3 组', ...at(home, 300) });
  expect(w.statusCode, w.body).toBe(201);
  water = w.json().premise.id;
  const c = await admin.post('/api/premises', { typeCode: 'rental', name: '出租屋', ...at(home, 150) });
  cafe = c.json().premise.id;
});
afterAll(() => t.close());

describe('dangerous waters', () => {
  it('starts unrecorded, with the season and the pack frequency', async () => {
    const res = await admin.get(`/api/premises/${water}/water`);
    expect(res.statusCode, res.body).toBe(200);
    const w = res.json();
    expect(w.facilities).toBeNull();
    expect(w.season).toMatchObject({ from: '04-01', to: '10-31', patrol: { everyDays: 7, certainty: 'M' } });
    expect(w.patrol.inSeason).toBe(inYearlySpan(today, { from: '04-01', to: '10-31' }));
    expect(w.flags.map((f: { code: string }) => f.code)).toContain('not_recorded');
    if (!w.patrol.inSeason) expect(w.patrol.overdue).toBe(false); // outside the drowning season nothing is due
    expect(w.schools.map((s: { schoolId: string }) => s.schoolId)).toContain(school);
    expectError(await admin.get(`/api/premises/${cafe}/water`), 409, 'CONFLICT');
  });

  it('refuses bad input with 400', async () => {
    for (const body of [
      facilities({ signCount: -1 }),
      facilities({ signCondition: 'none', signCount: 3 }),
      facilities({ signCondition: 'good', signCount: 0 }),
      facilities({ barrier: 'fence' }),
      facilities({ extra: true }),
      facilities({ version: 'x' }),
    ]) {
      const res = await admin.put(`/api/premises/${water}/water`, body);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const patrol = { patrolledOn: today, patrollerName: '巡河员', findings: '', problem: false };
    expectError(await admin.post(`/api/premises/${water}/water/patrols`, { ...patrol, problem: true }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/premises/${water}/water/patrols`, { ...patrol, timeOfDay: '25:00' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/premises/${water}/water/patrols`, { ...patrol, patrolledOn: addDays(today, 1) }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/premises/${water}/water/patrols`, { ...patrol, patrollerName: '' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/premises/${water}/water/hazards`, { schoolId: school, code: 'ugly' }), 400, 'VALIDATION_FAILED');
  });

  it('records signs and barriers with a version, audited; only premise writers may', async () => {
    expectError(await principal.put(`/api/premises/${water}/water`, facilities()), 403, 'FORBIDDEN');
    expectError(await dept.put(`/api/premises/${water}/water`, facilities()), 403, 'FORBIDDEN'); // market supervision does not supervise waters
    expectError(await centre.put(`/api/premises/${water}/water`, facilities()), 403, 'FORBIDDEN');
    expectError(await other.put(`/api/premises/${water}/water`, facilities()), 404, 'NOT_FOUND');
    const res = await admin.put(`/api/premises/${water}/water`, facilities());
    expect(res.statusCode, res.body).toBe(200);
    const w = res.json();
    expect(w.facilities).toMatchObject({ signCount: 4, signCondition: 'good', barrier: 'none', version: 1 });
    expect(w.flags.map((f: { code: string }) => f.code)).toContain('no_barrier');
    expect(w.flags.map((f: { code: string }) => f.code)).not.toContain('not_recorded');
    expectError(await police.put(`/api/premises/${water}/water`, facilities()), 409, 'CONFLICT'); // version 0 again
    const second = await police.put(`/api/premises/${water}/water`, facilities({ version: 1, signCondition: 'damaged' }));
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().flags.map((f: { code: string }) => f.code)).toContain('sign_damaged');
    expect((await auditEventsFor(t.db, water)).filter((a) => a.action === 'premise.water_facilities')).toHaveLength(2);
  });

  it('records patrols (who, when, what was found) by writers and the centre over a school near the water', async () => {
    const patrol = { patrolledOn: today, timeOfDay: '17:30', patrollerName: '龙洲湾中心 刘老师', findings: '岸边有学生逗留，已劝离', problem: true };
    expectError(await principal.post(`/api/premises/${water}/water/patrols`, patrol), 403, 'FORBIDDEN');
    expectError(await other.post(`/api/premises/${water}/water/patrols`, patrol), 404, 'NOT_FOUND');
    const res = await centre.post(`/api/premises/${water}/water/patrols`, patrol);
    expect(res.statusCode, res.body).toBe(201);
    const w = res.json().water;
    expect(w.patrols[0]).toMatchObject({ patrolledOn: today, timeOfDay: '17:30', problem: true, findings: '岸边有学生逗留，已劝离' });
    expect(w.patrol.lastPatrol).toBe(today);
    expect(w.patrol.overdue).toBe(false);
    expect(w.flags.map((f: { code: string }) => f.code)).not.toContain('patrol_overdue');
    expect((await auditEventsFor(t.db, water)).some((a) => a.action === 'premise.water_patrol')).toBe(true);
    // The school near the water reads it (its 周边), not another district.
    expect((await principal.get(`/api/premises/${water}/water`)).statusCode).toBe(200);
    expectError(await other.get(`/api/premises/${water}/water`), 404, 'NOT_FOUND');
  });

  it('turns a flag into a 防溺水 hazard for a school near the water, once', async () => {
    expectError(await principal.post(`/api/premises/${water}/water/hazards`, { schoolId: school, code: 'no_barrier' }), 403, 'FORBIDDEN');
    expectError(await admin.post(`/api/premises/${water}/water/hazards`, { schoolId: school, code: 'patrol_overdue' }), 409, 'CONFLICT'); // not flagged
    const far = await idOfSchool(t.db, 'YJT0201');
    expectError(await admin.post(`/api/premises/${water}/water/hazards`, { schoolId: far, code: 'no_barrier' }), 404, 'NOT_FOUND'); // not near
    const res = await admin.post(`/api/premises/${water}/water/hazards`, { schoolId: school, code: 'no_barrier' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().hazard).toMatchObject({ schoolId: school, category: 'drowning', state: 'assessed', level: 'general', place: '周边' });
    expectError(await police.post(`/api/premises/${water}/water/hazards`, { schoolId: school, code: 'no_barrier' }), 409, 'CONFLICT');
    expectError(await other.post(`/api/premises/${water}/water/hazards`, { schoolId: school, code: 'no_sign' }), 404, 'NOT_FOUND');
    const w = (await admin.get(`/api/premises/${water}/water`)).json();
    expect(w.flags.find((f: { code: string }) => f.code === 'no_barrier').hazards[0].code).toBe(res.json().hazard.code);
  });
});
