import zlib from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import geodesic from 'geographiclib-geodesic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * Premises near schools (issue 11): validation, who reads and writes, the breach computed through
 * the API at 199/201 m and 49/51 m (points placed with GeographicLib's Direct from the school's own
 * point, for schools without gates; tests/server/gates.test.ts covers gates), recomputation, and a breach turned into a hazard.
 */
let t: TestApp;
let admin: Client, principal: Client, staff: Client, police: Client, dept: Client, centre: Client, leader: Client;
let school = ''; // YJT0101, moved to a remote point so no other school is near
let otherSchool = ''; // YJC0501
let marketUnit = '';
const home = { lat: 29.1, lng: 106.1 };
const away = { lat: 29.4, lng: 106.6 };

const wgs84 = geodesic.Geodesic.WGS84;
const at = (p: { lat: number; lng: number }, metres: number, azimuth = 40) => {
  const r = wgs84.Direct(p.lat, p.lng, azimuth, metres);
  return { latitude: r.lat2 as number, longitude: r.lon2 as number };
};

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}

// YJT0101 is a kindergarten: the internet-café rule (中小学) does not protect it, the game-hall rule does.
const premise = (over: Record<string, unknown> = {}) => ({ typeCode: 'game_hall', name: '极速网咖', address: '云江路 12 号', ...at(home, 120), ...over });

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, staff, police, dept, centre, leader] = await t.loginAll([
    'admin',
    'principal',
    'staff',
    'police',
    'dept_officer',
    'centre_officer',
    'leader',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
  for (const [id, p] of [
    [school, home],
    [otherSchool, away],
  ] as const) {
    const res = await admin.patch(`/api/schools/${id}`, { latitude: p.lat, longitude: p.lng });
    expect(res.statusCode, res.body).toBe(200);
  }
  const units = (await admin.get('/api/org-units?kind=department')).json().items as { id: string; name: string }[];
  marketUnit = (units.find((u) => u.name === '区市场监督管理局') as { id: string }).id;
});
afterAll(() => t.close());

describe('premises', () => {
  it('refuses bad input with 400 and a Chinese message', async () => {
    expectError(await admin.post('/api/premises', premise({ name: '' })), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/premises', premise({ latitude: 91 })), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/premises', premise({ longitude: 'east' })), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/premises', premise({ licenceExpiry: '2026-02-30' })), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/premises', premise({ extra: 1 })), 400, 'VALIDATION_FAILED');
    const unknownType = await admin.post('/api/premises', premise({ typeCode: 'casino' }));
    expectError(unknownType, 400, 'VALIDATION_FAILED');
    expect(unknownType.json().error.message).toContain('不在本区政策包中');
    expectError(await admin.post('/api/premises', premise({ departmentUnitId: school })), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/premises?breach=maybe'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/premises?typeCode=Bad Type'), 400, 'VALIDATION_FAILED');
  });

  it('flags a game hall at 199 m and not at 201 m from the school, through the API; audited', async () => {
    const near = await admin.post('/api/premises', premise({ name: '199米网吧', ...at(home, 199) }));
    expect(near.statusCode, near.body).toBe(201);
    const name = near.json().premise.near[0].schoolName;
    expect(near.json().breaches).toEqual([`游戏厅（电子游戏娱乐场所）距${name}（学校位置） 199 米，违反 200 米内禁设规定`]);
    const p = near.json().premise;
    expect(p.near[0]).toMatchObject({ schoolId: school, gateName: '学校位置', fromSchoolPoint: true, breach: true, zoneCode: 'safety_zone', radiusM: 200 });
    expect(p.near[0].distanceM).toBeCloseTo(199, 0);
    expect(p.breachCount).toBe(1);
    const far = await admin.post('/api/premises', premise({ name: '201米网吧', ...at(home, 201) }));
    expect(far.statusCode).toBe(201);
    expect(far.json().breaches).toEqual([]);
    expect(far.json().premise.near[0]).toMatchObject({ schoolId: school, breach: false });
    const events = await auditEventsFor(t.db, p.id);
    expect(events.map((e) => e.action)).toEqual(['premise.create']);
    // An internet café 100 m from a kindergarten: listed with its distance, not a breach (the rule protects 中小学).
    const cafe = await admin.post('/api/premises', premise({ typeCode: 'internet_cafe', name: '幼儿园旁网吧', ...at(home, 100) }));
    expect(cafe.json().breaches).toEqual([]);
    expect(cafe.json().premise.near[0]).toMatchObject({ schoolId: school, breach: false });
  });

  it('a tobacco shop breaks the 50 m rule at 49 m, not at 51 m; a closed premise breaks nothing', async () => {
    const a = await police.post('/api/premises', premise({ typeCode: 'tobacco_alcohol', name: '49米烟酒店', ...at(home, 49, 200) }));
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json().breaches[0]).toContain('违反 50 米内禁设规定');
    const b = await police.post('/api/premises', premise({ typeCode: 'tobacco_alcohol', name: '51米烟酒店', ...at(home, 51, 200) }));
    expect(b.json().breaches).toEqual([]);
    const c = await police.post('/api/premises', premise({ name: '已关停网吧', status: 'closed', ...at(home, 60) }));
    expect(c.json().breaches).toEqual([]);
    expect(c.json().premise.near[0]).toMatchObject({ schoolId: school, breach: false });
  });

  it('an update moves a premise: recomputed, version-guarded, audited', async () => {
    const created = (await admin.post('/api/premises', premise({ name: '移动网吧', ...at(home, 300) }))).json().premise;
    expect(created.breachCount).toBe(0);
    const body = { ...premise({ name: '移动网吧', ...at(home, 150) }), version: created.version };
    const moved = await admin.put(`/api/premises/${created.id}`, body);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().breaches).toHaveLength(1);
    expect(moved.json().premise.version).toBe(created.version + 1);
    expectError(await admin.put(`/api/premises/${created.id}`, body), 409, 'CONFLICT');
    expectError(await admin.put(`/api/premises/${created.id}`, premise()), 400, 'VALIDATION_FAILED'); // no version
    expect((await auditEventsFor(t.db, created.id)).map((e) => e.action)).toContain('premise.update');
  });

  it('scope: school roles read only their own school’s surroundings and write nothing; department officers write only their kinds', async () => {
    await admin.post('/api/premises', premise({ name: '别校附近网吧', ...at(away, 100) }));
    expectError(await principal.get('/api/premises'), 403, 'FORBIDDEN');
    expectError(await staff.get('/api/premises'), 403, 'FORBIDDEN');
    const own = await principal.get(`/api/schools/${school}/surroundings`);
    expect(own.statusCode, own.body).toBe(200);
    const names = own.json().items.map((i: { name: string }) => i.name);
    expect(names).toContain('199米网吧');
    expect(names).not.toContain('别校附近网吧');
    expect(own.json().breachCount).toBeGreaterThan(0);
    expectError(await principal.get(`/api/schools/${otherSchool}/surroundings`), 404, 'NOT_FOUND');
    expectError(await staff.get(`/api/schools/${otherSchool}/surroundings`), 404, 'NOT_FOUND');
    expectError(await principal.post('/api/premises', premise()), 403, 'FORBIDDEN');
    expectError(await staff.post('/api/premises', premise()), 403, 'FORBIDDEN');
    expectError(await centre.post('/api/premises', premise()), 403, 'FORBIDDEN');
    expectError(await leader.post('/api/premises', premise()), 403, 'FORBIDDEN');
    // 区市场监管局 supervises lottery, tobacco and markets, not game halls.
    expectError(await dept.post('/api/premises', premise()), 403, 'FORBIDDEN');
    const lottery = await dept.post('/api/premises', premise({ typeCode: 'lottery', name: '体彩店', departmentUnitId: marketUnit }));
    expect(lottery.statusCode, lottery.body).toBe(201);
    expect(lottery.json().premise.canEdit).toBe(true);
    const cafe = (await admin.get('/api/premises?typeCode=game_hall&pageSize=200')).json().items[0];
    expectError(await dept.put(`/api/premises/${cafe.id}`, { ...premise(), version: cafe.version }), 403, 'FORBIDDEN');
    expectError(await dept.put(`/api/premises/${lottery.json().premise.id}`, { ...premise(), version: 1 }), 403, 'FORBIDDEN'); // to a kind not theirs
    // Readers above the school see the district's premises.
    for (const c of [leader, centre, police, dept]) {
      const res = await c.get('/api/premises?pageSize=200');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items.map((i: { name: string }) => i.name)).toContain('别校附近网吧');
    }
  });

  it('lists filter by type and breach; the map lists schools in scope', async () => {
    const breaching = (await admin.get('/api/premises?breach=true&pageSize=200')).json();
    expect(breaching.items.length).toBeGreaterThan(0);
    expect(breaching.items.every((i: { breachCount: number }) => i.breachCount > 0)).toBe(true);
    const clean = (await admin.get('/api/premises?breach=false&pageSize=200')).json();
    expect(clean.items.every((i: { breachCount: number }) => i.breachCount === 0)).toBe(true);
    expect(breaching.total + clean.total).toBe((await admin.get('/api/premises')).json().total);
    const tobacco = (await admin.get('/api/premises?typeCode=tobacco_alcohol')).json();
    expect(tobacco.items.every((i: { typeCode: string }) => i.typeCode === 'tobacco_alcohol')).toBe(true);
    expect(tobacco.zones.map((z: { radiusM: number }) => z.radiusM)).toEqual([200, 50]);
    const map = (await police.get('/api/premises/map')).json();
    expect(map.schools.map((s: { id: string }) => s.id)).toContain(school);
    expect(map.schools.map((s: { id: string }) => s.id)).not.toContain(otherSchool); // not in the precinct
    expectError(await principal.get('/api/premises/map'), 403, 'FORBIDDEN');
  });

  it('a school that moves is measured again in its own save; the manual recompute is for the district admin only', async () => {
    const created = (await admin.post('/api/premises', premise({ name: '重算网吧', ...at(away, 250, 90) }))).json().premise;
    expect(created.breachCount).toBe(0);
    expect(
      (
        await admin.patch(`/api/schools/${otherSchool}`, {
          ...(() => {
            const p = at(away, 100, 90);
            return { latitude: p.latitude, longitude: p.longitude };
          })(),
        })
      ).statusCode,
    ).toBe(200);
    expect((await admin.get(`/api/premises/${created.id}`)).json().premise.breachCount).toBe(1);
    expectError(await principal.post('/api/premises/recompute'), 403, 'FORBIDDEN');
    const r = await admin.post('/api/premises/recompute');
    expect(r.statusCode, r.body).toBe(200);
    expect((await admin.get(`/api/premises/${created.id}`)).json().premise.breachCount).toBe(1);
  });
});

describe('a breach becomes a hazard', () => {
  it('police raise it once; the hazard is 周边环境 at the breached school, linked to the premise; a second time is a conflict', async () => {
    const p = (await police.post('/api/premises', premise({ name: '转隐患网吧', ...at(home, 80, 300) }))).json().premise;
    expectError(await police.post(`/api/premises/${p.id}/hazards`, { schoolId: otherSchool }), 404, 'NOT_FOUND'); // not in the precinct
    const r = await police.post(`/api/premises/${p.id}/hazards`, { schoolId: school });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().hazard).toMatchObject({ schoolId: school, category: 'surroundings', source: 'police', state: 'reported' });
    expect(r.json().handedOver).toBe(false);
    expectError(await police.post(`/api/premises/${p.id}/hazards`, { schoolId: school }), 409, 'CONFLICT');
    expectError(await admin.post(`/api/premises/${p.id}/hazards`, { schoolId: school }), 409, 'CONFLICT');
    const again = (await admin.get(`/api/premises/${p.id}`)).json().premise;
    expect(again.near[0].openHazard.id).toBe(r.json().hazard.id);
    expectError(await principal.post(`/api/premises/${p.id}/hazards`, { schoolId: school }), 403, 'FORBIDDEN');
    expectError(await police.post(`/api/premises/${p.id}/hazards`, { schoolId: 'x' }), 400, 'VALIDATION_FAILED');
  });

  it('no breach, no hazard', async () => {
    const p = (await admin.post('/api/premises', premise({ name: '远处网吧', ...at(home, 400) }))).json().premise;
    expectError(await admin.post(`/api/premises/${p.id}/hazards`, { schoolId: school }), 409, 'CONFLICT');
  });

  it('the district admin raises it and hands it over to the supervising department in the same step', async () => {
    const p = (await admin.post('/api/premises', premise({ typeCode: 'lottery', name: '彩票店', departmentUnitId: marketUnit, ...at(home, 90, 120) }))).json()
      .premise;
    const r = await admin.post(`/api/premises/${p.id}/hazards`, { schoolId: school });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ handedOver: true, hazard: { state: 'assessed', level: 'general', handedOverTo: marketUnit, category: 'surroundings' } });
    expect(r.json().hazard.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const timeline = (await admin.get(`/api/hazards/${r.json().hazard.id}`)).json().timeline.map((e: { action: string }) => e.action);
    expect(timeline).toEqual(expect.arrayContaining(['report', 'assess', 'hand_over']));
    // The department sees what was handed to it.
    expect((await dept.get(`/api/hazards/${r.json().hazard.id}`)).statusCode).toBe(200);
  });
});

/** A 1×1 RGB PNG (as in attachments.test.ts). */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, body, crc]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 0xd0, 0x30, 0x30]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('photos on premises (the attachments module, purpose premise)', () => {
  const upload = (c: Client, query: string) =>
    c.request({ method: 'POST', url: `/api/attachments?${query}`, payload: tinyPng(), headers: { 'content-type': 'image/png' } });

  it('a premise reader uploads without a school; the photo is linked on save and shown to premise readers only', async () => {
    const up = await upload(police, 'purpose=premise&fileName=网吧门面.png');
    expect(up.statusCode, up.body).toBe(201);
    const photo = up.json();
    const r = await police.post('/api/premises', premise({ name: '有照片的网吧', ...at(home, 450, 10), attachmentIds: [photo.id] }));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().premise.photos.map((p: { id: string }) => p.id)).toEqual([photo.id]);
    expect((await admin.get(`/api/attachments/${photo.id}`)).statusCode).toBe(200);
    expect((await dept.get(`/api/attachments/${photo.id}`)).statusCode).toBe(200);
    expectError(await principal.get(`/api/attachments/${photo.id}`), 404, 'NOT_FOUND');
    // Used once: another premise cannot take it.
    expectError(await police.post('/api/premises', premise({ name: '另一家', ...at(home, 460, 10), attachmentIds: [photo.id] })), 400, 'VALIDATION_FAILED');
  });

  it("school roles cannot upload premise photos; other purposes still need a school; a school's photo is not a premise's", async () => {
    expectError(await upload(principal, 'purpose=premise'), 403, 'FORBIDDEN');
    expectError(await upload(admin, 'purpose=hazard_found'), 400, 'VALIDATION_FAILED');
    const schoolPhoto = await upload(admin, `purpose=hazard_found&schoolId=${school}`);
    expect(schoolPhoto.statusCode).toBe(201);
    expectError(
      await admin.post('/api/premises', premise({ name: '借用学校照片', ...at(home, 470, 10), attachmentIds: [schoolPhoto.json().id] })),
      400,
      'VALIDATION_FAILED',
    );
  });
});
