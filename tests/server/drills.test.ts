import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dutySource } from '../../src/server/duty/duty.registry.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { uploadPhoto } from '../support/hazard-helpers.js';

let t: TestApp;
let officer: Client; // school_safety_officer of YJT0101
let principal: Client;
let staff: Client;
let centre: Client; // T01's centre: sees YJT0101 read-only
let admin: Client;
let other: Client; // admin of the second district
let officerB: Client; // school_safety_officer of YJT0102
let school = '';
let schoolB = '';
let districtId = '';

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString();

const body = (over: Record<string, unknown> = {}) => ({
  clientId: randomUUID(),
  schoolId: school,
  type: 'fire',
  startedAt: yesterday(),
  scenario: '教学楼二楼化学实验室起火，全校紧急疏散',
  organiser: '黄国平',
  guidance: [{ kind: 'fire', unit: '区消防救援支队' }],
  studentParticipants: 400,
  staffParticipants: 40,
  buildings: [
    { name: '教学楼', floors: 4, seconds: 95 },
    { name: '实验楼', floors: 3, seconds: 150 },
    { name: '综合楼', floors: 6, seconds: 170 },
  ],
  assemblyPoint: '操场',
  problems: [{ description: '实验楼东侧楼梯口堆放桌椅，疏散拥堵', place: '实验楼', category: 'fire', raiseHazard: true }],
  summary: '全校有序疏散，实验楼超时',
  evaluation: '总体良好',
  submit: true,
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  [officer, principal, staff, centre, admin, other] = await t.loginAll([
    'school_officer',
    'principal',
    'staff',
    'centre_officer',
    'admin',
    'other_admin',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  schoolB = await idOfSchool(t.db, 'YJT0102');
  await sql`update school set enrollment = 800, staff_count = 60 where id = ${school}`.execute(t.db);
  districtId = (await t.db.selectFrom('org_unit').select('district_id').where('id', '=', school).executeTakeFirstOrThrow()).district_id;
  const created = await admin.post('/api/users', {
    username: 'drill_officer_b',
    displayName: '乙校安全干部',
    role: 'school_safety_officer',
    orgUnitId: schoolB,
    phone: '13800000001',
    password: 'Initial2026',
  });
  expect(created.statusCode, created.body).toBe(201);
  const first = await t.login('drill_officer_b', 'Initial2026');
  expect((await first.post('/api/auth/password', { currentPassword: 'Initial2026', newPassword: 'Changed2026' })).statusCode).toBe(204);
  officerB = await t.login('drill_officer_b', 'Changed2026');
});
afterAll(() => t.close());

describe('recording a drill', () => {
  it('creates and submits in one step: slow buildings flagged against the pack target, the problem becomes a linked hazard, audit written', async () => {
    const photo = await uploadPhoto(officer, school, 'drill');
    const res = await officer.post('/api/drills', body({ photoIds: [photo] }));
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json().drill;
    expect(d).toMatchObject({
      status: 'submitted',
      type: 'fire',
      typeLabel: '消防疏散演练',
      participants: 440,
      enrollmentBase: 800,
      staffBase: 60,
      slowCount: 1,
      hazardCount: 1,
    });
    expect(d.code).toMatch(/^YL\d{4}\d{6}$/);
    expect(d.buildings).toEqual([
      { name: '教学楼', floors: 4, seconds: 95, targetSeconds: 120, ownTarget: false, slow: false },
      { name: '实验楼', floors: 3, seconds: 150, targetSeconds: 120, ownTarget: false, slow: true },
      // Six floors: the pack's taller-building target (180 s), not the 2 minutes of YJ-02.
      { name: '综合楼', floors: 6, seconds: 170, targetSeconds: 180, ownTarget: false, slow: false },
    ]);
    expect(d.photos).toHaveLength(1);
    const hazard = d.problems[0].hazard;
    expect(hazard).toMatchObject({ state: 'reported' });
    const h = await t.db.selectFrom('hazard').select(['drill_id', 'school_id', 'category', 'source']).where('id', '=', hazard.id).executeTakeFirstOrThrow();
    expect(h).toEqual({ drill_id: d.id, school_id: school, category: 'fire', source: 'school_self' });
    const hazardPage = (await officer.get(`/api/hazards/${hazard.id}`)).json();
    expect(hazardPage.hazard).toMatchObject({ drillId: d.id, description: expect.stringContaining(d.code) });
    const events = await auditEventsFor(t.db, d.id);
    expect(events.map((e) => e.action)).toEqual(['drill.submit']);
    expect((await auditEventsFor(t.db, hazard.id)).map((e) => e.action)).toContain('hazard.report');
  });

  it('flags a tall building against its own target and the slow count follows', async () => {
    const res = await officer.post('/api/drills', body({ buildings: [{ name: '综合楼', floors: 6, seconds: 170, targetSeconds: 150 }], problems: [] }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().drill.buildings[0]).toMatchObject({ targetSeconds: 150, ownTarget: true, slow: true });
    expect(res.json().drill.slowCount).toBe(1);
  });

  it('keeps a draft, saves it with a version, then submits; a repeated sync of the same clientId answers the same drill', async () => {
    const b = body({ submit: false, summary: '', problems: [] });
    const created = await officer.post('/api/drills', b);
    expect(created.statusCode, created.body).toBe(201);
    const d = created.json().drill;
    expect(d.status).toBe('draft');
    const again = await officer.post('/api/drills', b);
    expect(again.statusCode).toBe(200);
    expect(again.json().drill.id).toBe(d.id);
    // A draft is not counted and not visible to the supervisor.
    expect((await centre.get(`/api/drills/${d.id}`)).statusCode).toBe(404);
    expect((await principal.get(`/api/drills/${d.id}`)).statusCode).toBe(200);
    const early = await officer.post(`/api/drills/${d.id}/submit`, { baseVersion: 2 });
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'summary' }] });
    const { clientId: _c, schoolId: _s, submit: _x, ...content } = b;
    const saved = await officer.put(`/api/drills/${d.id}`, { ...content, baseVersion: 2, summary: '补写总结' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await officer.put(`/api/drills/${d.id}`, { ...content, baseVersion: 2 })).json().error.code).toBe('CONFLICT');
    const submitted = await officer.post(`/api/drills/${d.id}/submit`, { baseVersion: 3 });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('submitted');
    expect((await officer.put(`/api/drills/${d.id}`, { ...content, baseVersion: 4 })).statusCode).toBe(409);
    expect((await auditEventsFor(t.db, d.id)).map((e) => e.action)).toEqual(['drill.submit', 'drill.save', 'drill.save', 'drill.create']);
  });

  it('turns a problem into a hazard afterwards, once', async () => {
    const res = await officer.post('/api/drills', body({ problems: [{ description: '广播听不清', place: '操场', category: 'facility', raiseHazard: false }] }));
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json().drill;
    expect(d.problems[0].hazard).toBeNull();
    expect((await centre.post(`/api/drills/${d.id}/problems/1/hazard`, {})).statusCode).toBe(403);
    expect((await officer.post(`/api/drills/${d.id}/problems/1/hazard`, { level: 'major' })).statusCode).toBe(403);
    const made = await officer.post(`/api/drills/${d.id}/problems/1/hazard`, {});
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().hazard).toMatchObject({ title: '广播听不清', place: '操场' });
    expect((await officer.post(`/api/drills/${d.id}/problems/1/hazard`, {})).json().error.code).toBe('CONFLICT');
    expect((await officer.post(`/api/drills/${d.id}/problems/9/hazard`, {})).statusCode).toBe(404);
    const after = (await officer.get(`/api/drills/${d.id}`)).json();
    expect(after.hazardCount).toBe(1);
    expect(after.problems[0].hazard.id).toBe(made.json().hazard.id);
    expect((await auditEventsFor(t.db, d.id)).map((e) => e.action)).toEqual(['drill.problem_hazard', 'drill.submit']);
  });
});

describe('bad input', () => {
  it('answers 4xx with a code and writes nothing', async () => {
    const before = Number((await sql<{ n: number }>`select count(*)::int as n from drill`.execute(t.db)).rows[0]?.n);
    const cases: [Record<string, unknown>, number, string, string?][] = [
      [body({ type: 'volcano' }), 400, 'VALIDATION_FAILED', 'type'],
      [body({ startedAt: 'yesterday' }), 400, 'VALIDATION_FAILED', 'startedAt'],
      [body({ startedAt: new Date(Date.now() + 86_400_000).toISOString() }), 400, 'VALIDATION_FAILED', 'startedAt'],
      [body({ studentParticipants: -1 }), 400, 'VALIDATION_FAILED', 'studentParticipants'],
      [body({ studentParticipants: 5000 }), 400, 'VALIDATION_FAILED', 'studentParticipants'],
      [body({ buildings: [{ name: '教学楼', floors: 0, seconds: 10 }] }), 400, 'VALIDATION_FAILED'],
      [body({ buildings: [{ name: '教学楼', floors: 3, seconds: null }] }), 400, 'VALIDATION_FAILED', 'buildings.0.seconds'],
      [body({ problems: [{ description: '', category: 'fire' }] }), 400, 'VALIDATION_FAILED'],
      [body({ problems: [{ description: '问题', category: 'no_such' }] }), 400, 'VALIDATION_FAILED', 'problems.0.category'],
      [body({ scenario: 'x'.repeat(1001) }), 400, 'VALIDATION_FAILED'],
      [body({ extra: 1 }), 400, 'VALIDATION_FAILED'],
      [body({ photoIds: [randomUUID()] }), 400, 'VALIDATION_FAILED', 'attachmentIds'],
      [body({ schoolId: randomUUID() }), 404, 'NOT_FOUND'],
    ];
    for (const [b, status, code, path] of cases) {
      const res = await officer.post('/api/drills', b);
      expect(res.statusCode, `${JSON.stringify(b).slice(0, 200)} → ${res.body}`).toBe(status);
      expect(res.json().error.code).toBe(code);
      if (path) expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await officer.get('/api/drills?from=2026-13-01')).statusCode).toBe(400);
    expect((await officer.get('/api/drills/not-a-uuid')).statusCode).toBe(400);
    expect((await officer.get(`/api/drills/${randomUUID()}`)).statusCode).toBe(404);
    const after = Number((await sql<{ n: number }>`select count(*)::int as n from drill`.execute(t.db)).rows[0]?.n);
    expect(after).toBe(before);
  });
});

describe('scope', () => {
  let drillA = '';
  let drillB = '';
  beforeAll(async () => {
    drillA = (await officer.post('/api/drills', body({ type: 'earthquake', problems: [] }))).json().drill.id;
    const b = await officerB.post(
      '/api/drills',
      body({ schoolId: schoolB, type: 'earthquake', problems: [], studentParticipants: 0, staffParticipants: 10, buildings: [] }),
    );
    expect(b.statusCode, b.body).toBe(201);
    drillB = b.json().drill.id;
  });

  it('school A cannot see or write school B, and the other way round', async () => {
    expect((await officer.get(`/api/drills/${drillB}`)).statusCode).toBe(404);
    expect((await officerB.get(`/api/drills/${drillA}`)).statusCode).toBe(404);
    expect((await officer.post('/api/drills', body({ schoolId: schoolB }))).statusCode).toBe(404);
    const listed = (await officer.get('/api/drills?pageSize=200')).json().items as { schoolId: string }[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((d) => d.schoolId === school)).toBe(true);
    expect(((await officerB.get('/api/drills?pageSize=200')).json().items as { id: string }[]).map((d) => d.id)).toEqual([drillB]);
  });

  it('supervisors read within their scope and cannot write; staff read only; another district sees nothing', async () => {
    expect((await centre.get(`/api/drills/${drillA}`)).statusCode).toBe(200);
    expect((await centre.get(`/api/drills?schoolId=${school}`)).json().total).toBeGreaterThan(0);
    expect((await admin.get(`/api/drills/${drillB}`)).statusCode).toBe(200);
    for (const c of [centre, admin, staff]) {
      const res = await c.post('/api/drills', body());
      expect(res.statusCode, c.username).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await staff.get(`/api/drills/${drillA}`)).statusCode).toBe(200);
    expect((await other.get(`/api/drills/${drillA}`)).statusCode).toBe(404);
    expect((await other.get('/api/drills')).json().total).toBe(0);
  });

  it('filters by type, date and township, and exports the same rows with Chinese headers', async () => {
    const quake = (await admin.get('/api/drills?type=earthquake&pageSize=200')).json();
    expect(quake.items.map((d: { id: string }) => d.id).sort()).toEqual([drillA, drillB].sort());
    expect((await admin.get('/api/drills?from=2000-01-01&to=2000-12-31')).json().total).toBe(0);
    const res = await admin.get('/api/drills/export?type=earthquake');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('filename*=');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.getRow(1).getCell(1).value).toBe('演练编号');
    expect(ws?.getRow(1).getCell(4).value).toBe('演练类型');
    expect((ws?.rowCount ?? 0) - 1).toBe(2);
    const otherExport = await other.get('/api/drills/export');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(otherExport.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]?.rowCount).toBe(1);
  });
});

describe('the duty source', () => {
  it('counts submitted drills only, with participants and the base stored at the time', async () => {
    const draft = (await officer.post('/api/drills', body({ type: 'drowning', submit: false }))).json().drill;
    const done = (await officer.post('/api/drills', body({ type: 'drowning', problems: [] }))).json().drill;
    const facts = await dutySource('drill').loadFacts(t.db, { districtId, from: '2000-01-01', to: '2100-01-01', subjectIds: [school], types: ['drowning'] });
    expect(facts.map((f) => f.id)).toEqual([done.id]);
    expect(facts[0]).toMatchObject({ kind: 'drill', subjectId: school, schoolId: school, type: 'drowning', participants: 440, base: 860, day: done.drilledOn });
    expect(facts[0]?.actorIds).toHaveLength(1);
    expect(facts.some((f) => f.id === draft.id)).toBe(false);
    expect(await dutySource('drill').ownerOf(t.db, districtId, done.id)).toMatchObject({ unitId: school });
  });
});

describe('the one-school file', () => {
  it("shows this semester's drills by type; every figure equals the list it links to", async () => {
    const file = (await centre.get(`/api/schools/${school}/file`)).json();
    const panel = file.panels.find((p: { key: string }) => p.key === 'drills');
    expect(panel.title).toBe('应急演练');
    const counts = panel.counts as { key: string; value: number; list: { path: string; query: Record<string, string> } }[];
    expect(counts.map((c) => c.key)).toEqual(expect.arrayContaining(['semester', 'type_fire', 'type_earthquake']));
    expect(counts[0]?.value).toBeGreaterThan(0);
    for (const c of counts) {
      const res = await centre.get(`${c.list.path}?${new URLSearchParams({ ...c.list.query, pageSize: '1' })}`);
      expect(res.json().total, c.key).toBe(c.value);
    }
    expect(panel.detail.byType.find((x: { code: string }) => x.code === 'fire').count).toBe(counts.find((c) => c.key === 'type_fire')?.value);
  });
});
