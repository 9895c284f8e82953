import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { uploadPhoto } from '../support/hazard-helpers.js';

let t: TestApp;
let admin: Client, inspector: Client, police: Client, principal: Client, officer: Client, staff: Client, inspector2: Client, otherAdmin: Client;
let school = ''; // YJT0101, in the first police station's precinct
let otherSchool = ''; // YJC0501, outside it
let station = '';
const today = shanghaiDay(new Date());
const year = today.slice(0, 4);

beforeAll(async () => {
  t = await createTestApp();
  [admin, inspector, police, principal, officer, staff, inspector2, otherAdmin] = await loginAll([
    'admin',
    'inspector',
    'police',
    'principal',
    'school_officer',
    'staff',
    'inspector02',
    'other_admin',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
  station = (await police.get('/api/auth/me')).json().orgUnitId;
});
afterAll(() => t.close());

/** Signs in each user; the tuple keeps one Client per name. */
const loginAll = <N extends readonly string[]>(names: N) => Promise.all(names.map((u) => t.login(u))) as Promise<{ [K in keyof N]: Client }>;

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}
async function hazard(title = '校门口未设置防冲撞设施', c = officer, schoolId = school): Promise<string> {
  const res = await c.post('/api/hazards', { schoolId, title, place: '校门', category: 'fire', source: c === officer ? 'school_self' : 'inspector' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
const body = (over: Record<string, unknown> = {}) => ({
  schoolId: school,
  number: `龙公（治）罚决字〔${year}〕${Math.floor(Math.random() * 1e6)}号`,
  decidedOn: today,
  content: '未落实安全防范措施，责令限期改正并处警告',
  ...over,
});
const penaltyCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('penalty_decision')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('recordPenalty', () => {
  it('records the station’s decision with hazards and files, writes each hazard’s timeline and an audit row', async () => {
    const [h1, h2] = [await hazard(), await hazard('保安未持证上岗')];
    const file = await uploadPhoto(police, school, 'penalty');
    const res = await police.post('/api/penalties', body({ number: `龙公罚决字〔${year}〕1号`, hazardIds: [h1, h2], attachmentIds: [file] }));
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.penalty).toMatchObject({
      number: `龙公罚决字〔${year}〕1号`,
      policeUnitId: station,
      policeUnitName: '龙洲湾派出所',
      schoolId: school,
      decidedOn: today,
      hazardCount: 2,
    });
    expect(p.hazards.map((h: { id: string }) => h.id).sort()).toEqual([h1, h2].sort());
    expect(p.attachments.map((a: { id: string }) => a.id)).toEqual([file]);
    for (const h of [h1, h2]) {
      const timeline = (await officer.get(`/api/hazards/${h}`)).json().timeline as { action: string; data: unknown }[];
      expect(timeline.find((e) => e.action === 'penalty_recorded')?.data).toEqual({ penaltyId: p.penalty.id, number: p.penalty.number });
    }
    expect((await auditEventsFor(t.db, p.penalty.id)).map((e) => e.action)).toEqual(['penalty.record']);
  });

  it('refuses a number the station already used (409), bad input (400), other roles (403), other schools (404), no session (401)', async () => {
    const before = await penaltyCount();
    expectError(await police.post('/api/penalties', body({ number: `龙公罚决字〔${year}〕1号` })), 409, 'DUPLICATE');
    const elsewhere = await hazard('别校隐患', admin, otherSchool);
    for (const over of [
      { number: '' },
      { content: ' ' },
      { decidedOn: '2026-13-01' },
      { decidedOn: addDays(today, 1) },
      { hazardIds: [elsewhere] },
      { hazardIds: ['00000000-0000-4000-8000-000000000000'] },
      { attachmentIds: ['00000000-0000-4000-8000-000000000000'] },
      { schoolId: 'x' },
    ]) {
      expectError(await police.post('/api/penalties', body(over)), 400, 'VALIDATION_FAILED');
    }
    for (const c of [admin, inspector, principal, staff]) expectError(await c.post('/api/penalties', body()), 403, 'FORBIDDEN');
    expectError(await police.post('/api/penalties', body({ schoolId: otherSchool })), 404, 'NOT_FOUND');
    expectError(await t.anonymous().post('/api/penalties', body()), 401, 'UNAUTHENTICATED');
    expect(await penaltyCount()).toBe(before);
  });
});

describe('listPenalties and getPenalty', () => {
  it('shows the station its decisions, the school its own, supervisors their schools, nobody else', async () => {
    const res = await police.post('/api/penalties', body({ decidedOn: addDays(today, -40) }));
    const id = res.json().penalty.id;
    for (const c of [police, principal, staff, inspector, admin]) {
      const list = (await c.get('/api/penalties')).json();
      expect(list.total, c.username).toBe(2);
      expect(list.items.map((i: { id: string }) => i.id)).toContain(id);
      expect((await c.get(`/api/penalties/${id}`)).statusCode).toBe(200);
    }
    expect((await admin.get(`/api/penalties?from=${addDays(today, -10)}`)).json().total).toBe(1);
    expect((await admin.get(`/api/penalties?policeUnitId=${station}&schoolId=${school}`)).json().total).toBe(2);
    for (const c of [inspector2, otherAdmin]) {
      expect((await c.get('/api/penalties')).json().total).toBe(0);
      expectError(await c.get(`/api/penalties/${id}`), 404, 'NOT_FOUND');
    }
    expectError(await admin.get('/api/penalties?from=yesterday'), 400, 'VALIDATION_FAILED');
    expectError(await t.anonymous().get('/api/penalties'), 401, 'UNAUTHENTICATED');
  });
});

describe('getNoticeStats', () => {
  it('counts notices by issuer kind and month, and penalties by decision month, within the scope', async () => {
    const h = await hazard();
    for (const c of [police, inspector, admin]) {
      const res = await c.post('/api/notices', { schoolId: school, hazardIds: [h], deadline: addDays(today, 10), requirements: '限期整改' });
      expect(res.statusCode, res.body).toBe(201);
    }
    const from = `${addDays(today, -40).slice(0, 7)}-01`;
    const stats = (await admin.get(`/api/notices/stats?from=${from}&to=${today}`)).json();
    expect(stats).toMatchObject({ notices: 3, penalties: 2, byIssuerKind: { police: 1, inspector: 1, district: 1, centre: 0 } });
    const thisMonth = stats.byMonth.find((m: { month: string }) => m.month === today.slice(0, 7));
    const earlier = stats.byMonth.find((m: { month: string }) => m.month === addDays(today, -40).slice(0, 7));
    expect(thisMonth.notices).toBe(3);
    expect(thisMonth.penalties + earlier.penalties).toBe(2);
    expect(stats.byMonth[0].month).toBe(from.slice(0, 7));
    expect(stats.byMonth.at(-1).month).toBe(today.slice(0, 7));
    expect((await principal.get('/api/notices/stats')).json()).toMatchObject({ notices: 3, from: `${year}-01-01`, to: today });
    expect((await inspector2.get(`/api/notices/stats?from=${from}`)).json()).toMatchObject({ notices: 0, penalties: 0 });
    expect((await otherAdmin.get(`/api/notices/stats?from=${from}`)).json()).toMatchObject({ notices: 0, penalties: 0 });
    expectError(await admin.get(`/api/notices/stats?from=${today}&to=${addDays(today, -1)}`), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/notices/stats?from=2026-02-30'), 400, 'VALIDATION_FAILED');
    expectError(await t.anonymous().get('/api/notices/stats'), 401, 'UNAUTHENTICATED');
  });
});
