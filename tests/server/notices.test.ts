import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNoticePdf } from '../../scripts/check-notice-pdf.js';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { noticeCounterName } from '../../src/domain/notice-number.js';
import type { Actor } from '../../src/server/auth/actor.js';
import { authenticate } from '../../src/server/auth/auth.service.js';
import { issueNotice } from '../../src/server/notices/notice-issue.service.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';
import { uploadPhoto } from '../support/hazard-helpers.js';

let t: TestApp;
let admin: Client,
  inspector: Client,
  police: Client,
  centre: Client,
  principal: Client,
  officer: Client,
  staff: Client,
  leader: Client,
  dept: Client,
  otherAdmin: Client,
  inspector2: Client;
let school = ''; // YJT0101: the principal's school, in the inspector's, centre's and police station's scope
let otherSchool = ''; // YJC0501: outside the inspector's and the police station's scope
let station = '';
let district = '';
const today = shanghaiDay(new Date());
const year = Number(today.slice(0, 4));
const deadline = addDays(today, 30);

beforeAll(async () => {
  t = await createTestApp();
  [admin, inspector, police, centre, principal, officer, staff, leader, dept, otherAdmin, inspector2] = await loginAll([
    'admin',
    'inspector',
    'police',
    'centre_officer',
    'principal',
    'school_officer',
    'staff',
    'leader',
    'dept_officer',
    'other_admin',
    'inspector02',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
  station = (await police.get('/api/auth/me')).json().orgUnitId;
  district = (await admin.get('/api/auth/me')).json().orgUnitId;
});
afterAll(() => t.close());

/** Signs in each user; the tuple keeps one Client per name. */
const loginAll = <N extends readonly string[]>(names: N) => Promise.all(names.map((u) => t.login(u))) as Promise<{ [K in keyof N]: Client }>;

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}
async function hazard(title = '消防通道堆放杂物', c = officer, schoolId = school): Promise<string> {
  const res = await c.post('/api/hazards', { schoolId, title, place: '教学楼一楼', category: 'fire', source: c === officer ? 'school_self' : 'inspector' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
async function issue(c: Client, hazardIds: string[], over: Record<string, unknown> = {}) {
  const res = await c.post('/api/notices', { schoolId: school, hazardIds, deadline, requirements: '立即清理，设置禁止堆放标识', ...over });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().notice as { id: string; number: string; seq: number; deadline: string; state: string; issuerKind: string };
}
const count = async (table: 'rectification_notice' | 'notice_hazard' | 'hazard_event' | 'counter') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const timeline = async (id: string) => (await officer.get(`/api/hazards/${id}`)).json().timeline as { action: string; data: Record<string, unknown> }[];
const putFormat = (c: Client, unitId: string, format: unknown) =>
  c.request({ method: 'PUT', url: `/api/notice-number-formats/${unitId}`, payload: { format } });

describe('issueNotice', () => {
  it('numbers the notice, lists the hazards, sets their deadline and timeline, notifies the school and audits', async () => {
    const [h1, h2] = [await hazard(), await hazard('灭火器过期')];
    const n = await issue(inspector, [h1, h2]);
    expect(n).toMatchObject({ number: `云教安整〔${year}〕第1号`, seq: 1, issuerKind: 'inspector', deadline, state: 'unacknowledged' });
    const detail = (await principal.get(`/api/notices/${n.id}`)).json();
    expect(detail.hazards.map((h: { id: string; code: string; state: string }) => h.id).sort()).toEqual([h1, h2].sort());
    expect(detail.hazards[0]).toMatchObject({ state: 'reported', code: expect.stringMatching(/^YH/) });
    expect(detail).toMatchObject({ canAcknowledge: true, canReply: false, notice: { schoolName: expect.any(String), hazardCount: 2 } });
    for (const h of [h1, h2]) {
      expect((await officer.get(`/api/hazards/${h}`)).json().hazard.deadline).toBe(deadline);
      expect((await timeline(h)).find((e) => e.action === 'notice_issued')?.data).toEqual({ noticeId: n.id, number: n.number });
    }
    expect((await auditEventsFor(t.db, n.id)).map((e) => e.action)).toEqual(['notice.issue']);
    const notified = await t.db.selectFrom('notification').select(['user_id', 'kind']).where('entity_id', '=', n.id).execute();
    expect(notified.map((r) => r.user_id).sort()).toEqual([await idOfUser(t.db, 'principal'), await idOfUser(t.db, 'school_officer')].sort());
    expect(new Set(notified.map((r) => r.kind))).toEqual(new Set(['notice_issued']));
  });

  it('keeps an earlier hazard deadline, and every issuer kind issues from its own unit', async () => {
    const h = await hazard();
    await issue(police, [h], { deadline: addDays(today, 5) });
    const later = await issue(centre, [h], { deadline: addDays(today, 20) });
    expect((await officer.get(`/api/hazards/${h}`)).json().hazard.deadline).toBe(addDays(today, 5));
    expect((await timeline(h)).filter((e) => e.action === 'notice_issued')).toHaveLength(2);
    expect(later.issuerKind).toBe('centre');
    expect(later.number).toMatch(new RegExp(`整改〔${year}〕1号$`));
    const byAdmin = await issue(admin, [h], { deadline: today });
    expect(byAdmin).toMatchObject({ issuerKind: 'district', number: `云教安整〔${year}〕第2号` }); // one series for the district unit
  });

  it('rejects bad input with 400 and writes nothing', async () => {
    const closed = await hazard('已销号隐患');
    await t.db.updateTable('hazard').set({ state: 'closed', closed_at: new Date() }).where('id', '=', closed).execute();
    const elsewhere = await hazard('别校隐患', admin, otherSchool);
    const ok = await hazard();
    const before = await Promise.all([count('rectification_notice'), count('notice_hazard'), count('hazard_event'), count('counter')]);
    const bad: Record<string, unknown>[] = [
      { hazardIds: [] },
      { hazardIds: Array.from({ length: 51 }, () => ok) },
      { hazardIds: ['not-a-uuid'] },
      { deadline: '2026/12/01' },
      { deadline: addDays(today, -1) },
      { requirements: '   ' },
      { hazardIds: [ok, closed] },
      { hazardIds: [ok, elsewhere] },
      { hazardIds: ['00000000-0000-4000-8000-000000000000'] },
      { extra: 1 },
    ];
    for (const over of bad) {
      const res = await inspector.post('/api/notices', { schoolId: school, hazardIds: [ok], deadline, requirements: '整改', ...over });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const mixed = await admin.post('/api/notices', { schoolId: school, hazardIds: [closed, elsewhere], deadline, requirements: '整改' });
    expect(mixed.json().error.details.map((d: { path: string }) => d.path)).toEqual(['hazardIds.0', 'hazardIds.1']);
    expect(await Promise.all([count('rectification_notice'), count('notice_hazard'), count('hazard_event'), count('counter')])).toEqual(before);
  });

  it('answers 403 for roles that do not issue, 404 outside the scope, 401 without a session', async () => {
    const h = await hazard();
    const body = { schoolId: school, hazardIds: [h], deadline, requirements: '整改' };
    for (const c of [principal, officer, staff, leader, dept]) expectError(await c.post('/api/notices', body), 403, 'FORBIDDEN');
    for (const c of [inspector2, otherAdmin]) expectError(await c.post('/api/notices', body), 404, 'NOT_FOUND');
    const other = await hazard('别校', admin, otherSchool);
    for (const c of [inspector, police]) expectError(await c.post('/api/notices', { ...body, schoolId: otherSchool, hazardIds: [other] }), 404, 'NOT_FOUND');
    expectError(await t.anonymous().post('/api/notices', body), 401, 'UNAUTHENTICATED');
  });
});

describe('numbering and formats', () => {
  it('increments per issuer unit and restarts each year', async () => {
    await t.db
      .insertInto('counter')
      .values({ district_id: (await actorOf(police)).districtId, name: noticeCounterName(station, year - 1), value: 41 })
      .execute();
    const [a, b] = [await issue(police, [await hazard()]), await issue(police, [await hazard()])];
    expect(b.seq).toBe(a.seq + 1);
    expect(b.number).toBe(`龙洲湾派出所整改〔${year}〕${b.seq}号`);
    const nextYear = await issueNotice(
      t.db,
      await actorOf(police),
      { schoolId: school, hazardIds: [await hazard()], deadline: `${year + 1}-03-01`, requirements: '整改' },
      new Date(`${year + 1}-01-05T09:00:00+08:00`),
    );
    expect(nextYear.notice).toMatchObject({ seq: 1, number: `龙洲湾派出所整改〔${year + 1}〕1号`, year: year + 1 });
    expect((await issue(police, [await hazard()])).seq).toBe(b.seq + 1);
  });

  it('applies the unit format, validated; the admin sets any unit, police only their station', async () => {
    const got = (await admin.get(`/api/notice-number-formats/${district}`)).json();
    expect(got).toMatchObject({ format: '云教安整〔{year}〕第{seq}号', isDefault: true, example: `云教安整〔${year}〕第1号` });
    const set = await putFormat(police, station, '{issuer}罚整〔{year}〕{seq3}号');
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ isDefault: false, example: `龙洲湾派出所罚整〔${year}〕001号` });
    const n = await issue(police, [await hazard()]);
    expect(n.number).toBe(`龙洲湾派出所罚整〔${year}〕${String(n.seq).padStart(3, '0')}号`);
    expect((await auditEventsFor(t.db, station)).find((e) => e.action === 'notice_number_format.update')).toMatchObject({
      after: { format: '{issuer}罚整〔{year}〕{seq3}号' },
    });
    for (const bad of ['云教安整〔{year}〕', '整〔{year}〕{seq}{foo}号', '', 'x'.repeat(61), 42])
      expectError(await putFormat(admin, station, bad), 400, 'VALIDATION_FAILED');
    expect((await police.get(`/api/notice-number-formats/${station}`)).json().format).toBe('{issuer}罚整〔{year}〕{seq3}号');
    expectError(await putFormat(police, district, '{seq}'), 403, 'FORBIDDEN');
    expectError(await putFormat(inspector, district, '{seq}'), 403, 'FORBIDDEN');
    expectError(await putFormat(principal, station, '{seq}'), 403, 'FORBIDDEN');
    expectError(await putFormat(otherAdmin, station, '{seq}'), 404, 'NOT_FOUND');
    expect(
      (await admin.request({ method: 'PUT', url: `/api/notice-number-formats/${district}`, payload: { format: '云教整〔{year}〕{seq}号' } })).statusCode,
    ).toBe(200);
    expect((await issue(admin, [await hazard()])).number).toMatch(new RegExp(`^云教整〔${year}〕\\d+号$`));
  });
});

async function actorOf(c: Client): Promise<Actor> {
  return (await authenticate(t.ctx, /hx_session=([^;]+)/.exec(c.cookie)?.[1] as string, '127.0.0.1')) as Actor;
}

describe('acknowledge and reply', () => {
  it('lets the school sign once, then reply once, notifying the issuer; each step audited', async () => {
    const n = await issue(inspector, [await hazard()]);
    expectError(await officer.post(`/api/notices/${n.id}/reply`, { text: '已整改' }), 409, 'CONFLICT');
    for (const c of [staff, inspector, admin]) expectError(await c.post(`/api/notices/${n.id}/acknowledge`), 403, 'FORBIDDEN');
    expectError(await otherAdmin.post(`/api/notices/${n.id}/acknowledge`), 404, 'NOT_FOUND');
    expectError(await t.anonymous().post(`/api/notices/${n.id}/acknowledge`), 401, 'UNAUTHENTICATED');
    const ack = await principal.post(`/api/notices/${n.id}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ notice: { state: 'acknowledged', acknowledgedByName: '孙丽华' }, canAcknowledge: false, canReply: true });
    expectError(await officer.post(`/api/notices/${n.id}/acknowledge`), 409, 'CONFLICT');
    expectError(await officer.post(`/api/notices/${n.id}/reply`, { text: '' }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post(`/api/notices/${n.id}/reply`, { text: '已整改' }), 403, 'FORBIDDEN');
    const photo = await uploadPhoto(officer, school, 'notice_reply');
    const reply = await officer.post(`/api/notices/${n.id}/reply`, { text: '已清理完毕并设置标识', attachmentIds: [photo] });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({ notice: { state: 'replied', replyText: '已清理完毕并设置标识', repliedByName: '黄国平' }, canReply: false });
    expect(reply.json().attachments.map((a: { id: string }) => a.id)).toEqual([photo]);
    expectError(await officer.post(`/api/notices/${n.id}/reply`, { text: '再回执' }), 409, 'CONFLICT');
    expect((await auditEventsFor(t.db, n.id)).map((e) => e.action)).toEqual(['notice.reply', 'notice.acknowledge', 'notice.issue']);
    const toIssuer = await t.db.selectFrom('notification').selectAll().where('entity_id', '=', n.id).where('kind', '=', 'notice_replied').execute();
    expect(toIssuer.map((r) => r.user_id)).toEqual([await idOfUser(t.db, 'inspector')]);
  });
});

describe('listNotices and getNotice', () => {
  it('shows a school its notices, issuers theirs, supervisors their schools; with state filters and counts', async () => {
    const n = await issue(police, [await hazard()]);
    await t.db.updateTable('rectification_notice').set({ deadline: '2020-01-01' }).where('id', '=', n.id).execute();
    const mine = (await principal.get('/api/notices?pageSize=200')).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toContain(n.id);
    expect(mine.counts).toMatchObject({ total: mine.total, replied: 1, overdue: 1 });
    const overdue = (await principal.get('/api/notices?state=overdue')).json();
    expect(overdue.items.map((i: { id: string; overdue: boolean }) => [i.id, i.overdue])).toEqual([[n.id, true]]);
    expect((await principal.get('/api/notices?state=replied')).json().total).toBe(1);
    const unack = (await principal.get('/api/notices?state=unacknowledged')).json();
    expect(unack.total).toBe(mine.counts.unacknowledged);
    const byStation = (await admin.get(`/api/notices?issuerUnitId=${station}&pageSize=200`)).json();
    expect(byStation.items.every((i: { issuerUnitId: string; issuerKind: string }) => i.issuerUnitId === station && i.issuerKind === 'police')).toBe(true);
    for (const c of [staff, police, centre, leader, dept, admin]) expect((await c.get(`/api/notices/${n.id}`)).statusCode).toBe(200);
    for (const c of [inspector2, otherAdmin]) {
      expect((await c.get('/api/notices')).json().total).toBe(0);
      expectError(await c.get(`/api/notices/${n.id}`), 404, 'NOT_FOUND');
      expectError(await c.get(`/api/notices/${n.id}/pdf`), 404, 'NOT_FOUND');
    }
    expectError(await principal.get('/api/notices?state=lost'), 400, 'VALIDATION_FAILED');
    expectError(await principal.get('/api/notices/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectError(await t.anonymous().get('/api/notices'), 401, 'UNAUTHENTICATED');
    expectError(await t.anonymous().get(`/api/notices/${n.id}`), 401, 'UNAUTHENTICATED');
  });
});

describe('getNoticePdf', () => {
  it('prints an A4 notice that poppler renders and reads back', async () => {
    const n = await issue(inspector, [await hazard('消防通道堆放杂物'), await hazard('一键报警装置未联网')]);
    const res = await staff.get(`/api/notices/${n.id}/pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`整改通知书-${n.number}.pdf`)}`);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const schoolName = (await admin.get(`/api/schools/${school}`)).json().name as string;
    const check = checkNoticePdf(res.rawPayload, {
      expectText: ['整改通知书', schoolName, n.number, '一键报警装置未联网', '签收人'],
      pngPrefix: '/tmp/notice-test',
    });
    expect(check.pages).toBeGreaterThanOrEqual(1);
    expectError(await t.anonymous().get(`/api/notices/${n.id}/pdf`), 401, 'UNAUTHENTICATED');
  });
});
