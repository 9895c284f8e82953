import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNoticePdf } from '../../scripts/check-notice-pdf.js';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

let t: TestApp;
let admin: Client, joint: Client, centre: Client, principal: Client, officer: Client, staff: Client, police: Client, otherAdmin: Client;
let school = ''; // YJT0101, the principal's, under the centre
let otherSchool = ''; // YJC0501, another centre's
const today = shanghaiDay(new Date());

beforeAll(async () => {
  t = await createTestApp();
  [admin, joint, centre, principal, officer, staff, police, otherAdmin] = await t.loginAll([
    'admin',
    'joint_inspector',
    'centre_officer',
    'principal',
    'school_officer',
    'staff',
    'police',
    'other_admin',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
});
afterAll(() => t.close());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}

async function hazard(schoolId = school) {
  const res = await admin.post('/api/hazards', { schoolId, title: '围墙破损未修复', place: '东侧围墙', category: 'facility', source: 'district' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const body = (over: Record<string, unknown> = {}) => ({
  kind: 'summons',
  unitId: school,
  title: '隐患整改迟缓约谈',
  reason: '多项隐患逾期未整改，整改进度明显滞后',
  requirements: '一周内制定整改方案',
  respondBy: addDays(today, 7),
  ...over,
});

async function issue(c: Client, over: Record<string, unknown> = {}) {
  const res = await c.post('/api/bulletins', body(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('issuing a bulletin', () => {
  it('numbers it, keeps the linked hazards and the ledger figures, notifies the school and audits it', async () => {
    const h = await hazard();
    const r = await issue(admin, { hazardIds: [h] });
    const b = r.bulletin;
    expect(b).toMatchObject({ kind: 'summons', kindLabel: '约谈', unitId: school, state: 'issued', overdue: false });
    expect(b.number).toMatch(/约谈〔\d{4}〕\d+号$/);
    expect(r.links).toEqual([expect.objectContaining({ refType: 'hazard', refId: h })]);
    const ledger = (await admin.get(`/api/hazards?schoolId=${school}&open=true&pageSize=1`)).json();
    const overdue = (await admin.get(`/api/hazards?schoolId=${school}&overdue=true&pageSize=1`)).json();
    expect(b.triggerData).toMatchObject({ asOf: today, open: ledger.total, overdue: overdue.total });
    expect(r.actions).toEqual(['follow_up', 'revoke']);
    const audit = await auditEventsFor(t.db, b.id);
    expect(audit.map((e) => e.action)).toEqual(['bulletin.issue']);
    const inbox = (await principal.get('/api/notifications?unreadOnly=true')).json().items as { kind: string; entityId: string }[];
    expect(inbox.some((n) => n.kind === 'bulletin_issued' && n.entityId === b.id)).toBe(true);
    const wb = (await principal.get('/api/workbench')).json();
    const todo = wb.sections
      .flatMap((s: { items: { key: string; count: number }[] }) => s.items)
      .find((i: { key: string }) => i.key === 'bulletins.to_acknowledge');
    expect(todo.count).toBeGreaterThanOrEqual(1);
  });

  it('refuses bad input with every problem, and a hazard of another school', async () => {
    expectError(await admin.post('/api/bulletins', { ...body(), kind: 'shout' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/bulletins', { ...body(), title: '' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/bulletins', { ...body(), respondBy: '2020-01-01' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/bulletins', { ...body(), hazardIds: ['not-a-uuid'] }), 400, 'VALIDATION_FAILED');
    const other = await hazard(otherSchool);
    const res = await admin.post('/api/bulletins', body({ hazardIds: [other] }));
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.json().error.details[0].path).toBe('hazardIds.0');
    expectError(await admin.post('/api/bulletins', body({ unitId: '00000000-0000-4000-8000-000000000000' })), 404, 'NOT_FOUND');
  });

  it('is issued by the district, the joint group and a centre for its own schools only', async () => {
    await issue(joint, { kind: 'listed', title: '挂牌督办' });
    await issue(centre, { kind: 'criticism', title: '通报批评' });
    expectError(await centre.post('/api/bulletins', body({ unitId: otherSchool })), 404, 'NOT_FOUND');
    expectError(await principal.post('/api/bulletins', body()), 403, 'FORBIDDEN');
    expectError(await police.post('/api/bulletins', body()), 403, 'FORBIDDEN');
    expectError(await otherAdmin.post('/api/bulletins', body()), 404, 'NOT_FOUND');
  });
});

describe('following a bulletin up', () => {
  it('runs issued → acknowledged (the response) → returned → acknowledged → closed, by the right sides', async () => {
    const { bulletin: b } = await issue(admin);
    expectError(await admin.post(`/api/bulletins/${b.id}/acknowledge`, { note: '代签' }), 403, 'FORBIDDEN');
    expectError(await staff.post(`/api/bulletins/${b.id}/acknowledge`, { note: '收到' }), 403, 'FORBIDDEN');
    expectError(await principal.post(`/api/bulletins/${b.id}/acknowledge`, { note: '' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/bulletins/${b.id}/close`, { note: '办结' }), 409, 'CONFLICT');
    const ack = await principal.post(`/api/bulletins/${b.id}/acknowledge`, { note: '已召开专题会，制定整改方案，责任到人' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().bulletin).toMatchObject({ state: 'acknowledged', response: '已召开专题会，制定整改方案，责任到人' });
    expectError(await principal.post(`/api/bulletins/${b.id}/acknowledge`, { note: '再签' }), 409, 'CONFLICT');
    expect((await admin.post(`/api/bulletins/${b.id}/return`, { note: '措施不具体' })).json().bulletin.state).toBe('issued');
    expect((await officer.post(`/api/bulletins/${b.id}/acknowledge`, { note: '补充：东侧围墙本月底前修复' })).json().bulletin.state).toBe('acknowledged');
    const closed = (await admin.post(`/api/bulletins/${b.id}/close`, { note: '经复查已整改到位' })).json();
    expect(closed.bulletin.state).toBe('closed');
    expect(closed.timeline.map((e: { action: string }) => e.action)).toEqual(['issue', 'acknowledge', 'return', 'acknowledge', 'close']);
    expect(closed.actions).toEqual([]);
    const audit = (await auditEventsFor(t.db, b.id)).map((e) => e.action).reverse();
    expect(audit).toEqual(['bulletin.issue', 'bulletin.acknowledge', 'bulletin.return', 'bulletin.acknowledge', 'bulletin.close']);
  });

  it('is revoked by its issuer before acknowledgement, and a revoked one does not count', async () => {
    const { bulletin: b } = await issue(centre, { kind: 'criticism' });
    const before = (await admin.get(`/api/bulletins/counts?from=${today}&to=${today}&unitId=${school}`)).json();
    expectError(await joint.post(`/api/bulletins/${b.id}/revoke`, { note: '误发' }), 403, 'FORBIDDEN');
    expect((await centre.post(`/api/bulletins/${b.id}/revoke`, { note: '误发' })).json().bulletin.state).toBe('revoked');
    const after = (await admin.get(`/api/bulletins/counts?from=${today}&to=${today}&unitId=${school}`)).json();
    expect(after.totals.criticism).toBe(before.totals.criticism - 1);
  });
});

describe('reading bulletins', () => {
  it('a school sees only those addressed to it; another district sees none', async () => {
    const { bulletin: other } = await issue(admin, { unitId: otherSchool, kind: 'criticism' });
    const mine = (await principal.get('/api/bulletins?pageSize=100')).json();
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((b: { unitId: string }) => b.unitId === school)).toBe(true);
    expectError(await principal.get(`/api/bulletins/${other.id}`), 404, 'NOT_FOUND');
    expectError(await principal.get(`/api/bulletins/${other.id}/pdf`), 404, 'NOT_FOUND');
    expectError(await centre.get(`/api/bulletins/${other.id}`), 404, 'NOT_FOUND');
    expectError(await otherAdmin.get(`/api/bulletins/${other.id}`), 404, 'NOT_FOUND');
    expect((await otherAdmin.get('/api/bulletins')).json().total).toBe(0);
    expectError(await otherAdmin.post(`/api/bulletins/${other.id}/close`, { note: 'x' }), 404, 'NOT_FOUND');
    expectError(await admin.get('/api/bulletins?state=nope'), 400, 'VALIDATION_FAILED');
  });

  it('counts per unit and kind for the period, the same figures the list shows', async () => {
    const counts = (await admin.get(`/api/bulletins/counts?from=${today}&to=${today}`)).json();
    const row = counts.items.find((r: { unitId: string }) => r.unitId === school);
    const list = (await admin.get(`/api/bulletins?unitId=${school}&from=${today}&to=${today}&pageSize=100`)).json();
    const live = list.items.filter((b: { state: string }) => b.state !== 'revoked');
    expect(row.total).toBe(live.length);
    expect(row.summons).toBe(live.filter((b: { kind: string }) => b.kind === 'summons').length);
    expect((await principal.get(`/api/bulletins/counts?from=${today}&to=${today}`)).json().items.every((r: { unitId: string }) => r.unitId === school)).toBe(
      true,
    );
  });

  it('suggests candidates from the ledger for issuers only', async () => {
    const r = await admin.get('/api/bulletins/candidates');
    expect(r.statusCode, r.body).toBe(200);
    for (const c of r.json().items) expect(c.overdue >= 3 || (c.listed > 0 && c.overdue > 0)).toBe(true);
    expectError(await principal.get('/api/bulletins/candidates'), 403, 'FORBIDDEN');
  });

  it('prints a Chinese A4 PDF', async () => {
    const { bulletin: b } = await issue(admin, { hazardIds: [await hazard()] });
    const res = await principal.get(`/api/bulletins/${b.id}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const check = checkNoticePdf(res.rawPayload, { expectText: ['约谈通知书', b.number, '隐患整改迟缓约谈', '围墙破损未修复', '整改要求'] });
    expect(check.pages).toBeGreaterThanOrEqual(1);
  });
});
