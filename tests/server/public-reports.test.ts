import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReceipt, newReceipt } from '../../src/domain/public-report.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * Public reports (issue 12): the public page without a session under abuse (burst, a text file
 * named .jpg, a 30 MB upload, a wrong or reused challenge) with nothing written, the status
 * look-up that shows only state and reply, and the triage queue's scope and its three outcomes.
 */
let t: TestApp;
let admin: Client, centre: Client, principal: Client, inspector: Client, police: Client, staff: Client, other: Client;
let school = ''; // YJT0101 (龙洲湾街道, the centre officer's)
let farSchool = ''; // YJT0201, another township
let district = '';
let ipNo = 1;
/** Each test its own client address, so the per-address limit of one test does not spill into another. */
const freshIp = () => `10.0.${Math.floor(ipNo / 250)}.${(ipNo++ % 250) + 1}`;

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF fake photo body')]);
const photo = (data: Buffer, fileName = '现场.jpg') => ({ fileName, data: data.toString('base64') });

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}

const anon = (opts: { method: 'GET' | 'POST'; url: string; payload?: unknown; ip?: string; headers?: Record<string, string> }) =>
  t.server.inject({ method: opts.method, url: opts.url, remoteAddress: opts.ip ?? freshIp(), payload: opts.payload as object, headers: opts.headers });

/** A challenge and its answer (the sum is in the signed token's payload, as a script would find it). */
async function challenge(ip: string) {
  const r = await anon({ method: 'GET', url: '/api/public/report-challenge', ip });
  expect(r.statusCode, r.body).toBe(200);
  const token = r.json().token as string;
  const claims = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString('utf8'));
  return { challengeToken: token, challengeAnswer: claims.s as number };
}

async function submit(body: Record<string, unknown>, ip = freshIp()) {
  const c = await challenge(ip);
  return anon({ method: 'POST', url: '/api/public/reports', ip, payload: { unitId: school, description: '校门口护栏松动，学生放学时容易倒', ...c, ...body } });
}

const counts = async () => {
  const n = async (table: 'public_report' | 'public_report_photo' | 'audit_event') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const dir = path.join(t.ctx.config.dataDir, 'files');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).includes('public-')).length : 0;
  return { reports: await n('public_report'), photos: await n('public_report_photo'), audit: await n('audit_event'), files };
};

beforeAll(async () => {
  t = await createTestApp();
  t.ctx.config.publicReports.minFillMs = 0;
  t.ctx.config.publicReports.perIpHour = 1000;
  t.ctx.config.publicReports.perSchoolHour = 1000;
  [admin, centre, principal, inspector, police, staff, other] = await t.loginAll([
    'admin',
    'centre_officer',
    'principal',
    'inspector',
    'police',
    'staff',
    'other_admin',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  farSchool = await idOfSchool(t.db, 'YJT0201');
  district = (await t.db.selectFrom('org_unit').select('district_id').where('id', '=', school).executeTakeFirstOrThrow()).district_id;
}, 60_000);
afterAll(() => t?.close());

describe('the public page without a session', () => {
  it('names the school of a QR code, lists the schools on the district page, and knows no other unit', async () => {
    const s = await anon({ method: 'GET', url: `/api/public/report-targets/${school}` });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({ kind: 'school', schools: [] });
    const d = await anon({ method: 'GET', url: `/api/public/report-targets/${district}` });
    expect(d.json().kind).toBe('district');
    expect(d.json().schools.length).toBeGreaterThan(200);
    expect(Object.keys(d.json().schools[0]).sort()).toEqual(['id', 'name']);
    expectError(await anon({ method: 'GET', url: '/api/public/report-targets/00000000-0000-4000-8000-000000000000' }), 404, 'NOT_FOUND');
    expectError(await anon({ method: 'GET', url: '/api/public/report-targets/abc' }), 400, 'VALIDATION_FAILED');
  });

  it('takes a report with a photo, gives a receipt, and the status shows only state and reply', async () => {
    const before = await counts();
    const r = await submit({ photos: [photo(JPEG)], contactName: '王女士', contactPhone: '139 0000 1111', place: '东门' });
    expect(r.statusCode, r.body).toBe(201);
    const { receipt } = r.json();
    expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
    const after = await counts();
    expect(after).toEqual({ reports: before.reports + 1, photos: before.photos + 1, audit: before.audit + 1, files: before.files + 1 });
    const row = await t.db.selectFrom('public_report').selectAll().where('receipt', '=', receipt.replace(/-/g, '')).executeTakeFirstOrThrow();
    expect(row.handling_unit_id).not.toBe(district); // the school's 教管中心
    const [audit] = await auditEventsFor(t.db, row.id);
    expect(audit?.action).toBe('public_report.submit');
    expect(JSON.stringify(audit)).not.toMatch(/王女士|1111|10\.0\./);

    const s = await anon({ method: 'GET', url: `/api/public/reports/${receipt.toLowerCase()}` });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({ status: 'received', statusLabel: '已收到，待处理', reply: null });
    expect(Object.keys(s.json()).sort()).toEqual(['receipt', 'reply', 'schoolName', 'status', 'statusLabel', 'submittedAt', 'updatedAt']);
  });

  it('refuses bad input with nothing written', async () => {
    const before = await counts();
    const ip = freshIp();
    const c = await challenge(ip);
    const post = (payload: unknown) => anon({ method: 'POST', url: '/api/public/reports', ip, payload });
    expectError(
      await post({ unitId: school, description: '护栏松动了', challengeToken: c.challengeToken, challengeAnswer: c.challengeAnswer + 1 }),
      400,
      'VALIDATION_FAILED',
    );
    // The token was spent by the wrong answer: the right one does not pass on it any more.
    expectError(await post({ unitId: school, description: '护栏松动了', ...c }), 400, 'VALIDATION_FAILED');
    expectError(await post({ unitId: school, description: '护栏松动了', challengeToken: 'x.y', challengeAnswer: 3 }), 400, 'VALIDATION_FAILED');
    expectError(await submit({ description: '短' }), 400, 'VALIDATION_FAILED');
    expectError(await submit({ contactPhone: 'call me <script>' }), 400, 'VALIDATION_FAILED');
    expectError(await submit({ photos: [photo(JPEG), photo(JPEG), photo(JPEG), photo(JPEG)] }), 400, 'VALIDATION_FAILED');
    expectError(await submit({ photos: [{ fileName: 'a.jpg', data: '%%%not base64' }] }), 400, 'VALIDATION_FAILED');
    expectError(await submit({ schoolId: farSchool }), 400, 'VALIDATION_FAILED'); // not the QR code's school
    const lc = await idOfSchool(t.db, 'LCT0101');
    expectError(await submit({ unitId: district, schoolId: lc }), 400, 'VALIDATION_FAILED'); // another district's school
    expectError(await submit({ unitId: '00000000-0000-4000-8000-000000000000' }), 404, 'NOT_FOUND');
    // A sensitive thing must not be sent as text/plain either.
    expectError(
      await anon({ method: 'POST', url: '/api/public/reports', payload: 'x', headers: { 'content-type': 'text/plain' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a text file named .jpg, a photo over the limit and a 30 MB upload, with nothing written', async () => {
    const before = await counts();
    const textFile = Buffer.from('这不是照片，是一个文本文件\n'.repeat(20));
    expectError(await submit({ photos: [photo(JPEG), photo(textFile, '现场.jpg')] }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const sixMb = Buffer.concat([JPEG, Buffer.alloc(6 * 1024 * 1024)]);
    expectError(await submit({ photos: [photo(sixMb)] }), 413, 'PAYLOAD_TOO_LARGE');
    const thirtyMb = Buffer.concat([JPEG, Buffer.alloc(30 * 1024 * 1024)]);
    expectError(await submit({ photos: [photo(thirtyMb)] }), 413, 'PAYLOAD_TOO_LARGE');
    expect(await counts()).toEqual(before);
  });

  it('throttles a burst from one address (per hour, from config) before reading the body', async () => {
    t.ctx.config.publicReports.perIpHour = 3;
    try {
      const ip = freshIp();
      const before = await counts();
      const answers = [];
      for (let i = 0; i < 8; i++) answers.push(await submit({ description: `第 ${i} 条刷屏内容内容` }, ip));
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
      expect(answers[3]?.json().error.code).toBe('RATE_LIMITED');
      expect((await counts()).reports).toBe(before.reports + 3);
      // Another address is not affected.
      expect((await submit({})).statusCode).toBe(201);
    } finally {
      t.ctx.config.publicReports.perIpHour = 1000;
    }
  });

  it('limits the reports per school per hour (from config)', async () => {
    const yjt3 = await idOfSchool(t.db, 'YJT0301');
    t.ctx.config.publicReports.perSchoolHour = 2;
    try {
      expect((await submit({ unitId: yjt3 })).statusCode).toBe(201);
      expect((await submit({ unitId: yjt3 })).statusCode).toBe(201);
      expectError(await submit({ unitId: yjt3 }), 429, 'RATE_LIMITED');
      expect((await submit({ unitId: await idOfSchool(t.db, 'YJT0302') })).statusCode).toBe(201); // another school
    } finally {
      t.ctx.config.publicReports.perSchoolHour = 1000;
    }
  });

  it('refuses a report sent sooner than the minimum fill time after its challenge', async () => {
    t.ctx.config.publicReports.minFillMs = 60_000;
    try {
      expectError(await submit({}), 400, 'VALIDATION_FAILED');
    } finally {
      t.ctx.config.publicReports.minFillMs = 0;
    }
  });

  it('checks the receipt number: a typo fails its check symbol, an unknown one is 404', async () => {
    const good = newReceipt();
    const typo = good.slice(0, 3) + (good[3] === 'A' ? 'B' : 'A') + good.slice(4);
    expectError(await anon({ method: 'GET', url: `/api/public/reports/${typo}` }), 400, 'VALIDATION_FAILED');
    expectError(await anon({ method: 'GET', url: `/api/public/reports/${formatReceipt(good)}` }), 404, 'NOT_FOUND');
    expectError(await anon({ method: 'GET', url: '/api/public/reports/x' }), 400, 'VALIDATION_FAILED');
  });
});

describe('triage', () => {
  let reportId = '';
  let receipt = '';
  beforeAll(async () => {
    const r = await submit({ photos: [photo(JPEG)], contactName: '李先生', contactPhone: '13800001111' });
    receipt = r.json().receipt;
    reportId = (await t.db.selectFrom('public_report').select('id').where('receipt', '=', receipt.replace(/-/g, '')).executeTakeFirstOrThrow()).id;
  });

  it('shows the queue with contact details to the handling unit only', async () => {
    const a = await admin.get('/api/public-reports?status=pending&pageSize=200');
    expect(a.statusCode, a.body).toBe(200);
    const mine = a.json().items.find((i: { id: string }) => i.id === reportId);
    expect(mine).toMatchObject({ contactName: '李先生', contactPhone: '13800001111', outcome: null, school: { id: school } });
    expect(mine.photos).toHaveLength(1);
    const c = await centre.get('/api/public-reports?pageSize=200');
    expect(c.statusCode).toBe(200);
    expect(c.json().items.some((i: { id: string }) => i.id === reportId)).toBe(true);
    expect(c.json().items.every((i: { handlingUnit: { id: string } }) => i.handlingUnit.id === c.json().items[0].handlingUnit.id)).toBe(true);
    const photoRes = await centre.get(`/api/public-reports/${reportId}/photos/1`);
    expect(photoRes.statusCode).toBe(200);
    expect(photoRes.headers['content-type']).toBe('image/jpeg');
    for (const u of [principal, inspector, police, staff]) {
      expectError(await u.get('/api/public-reports'), 403, 'FORBIDDEN');
      expectError(await u.get(`/api/public-reports/${reportId}`), 403, 'FORBIDDEN');
      expectError(await u.post(`/api/public-reports/${reportId}/triage`, { outcome: 'rejected', publicReply: '不属于学校管理范围' }), 403, 'FORBIDDEN');
    }
    expectError(await other.get(`/api/public-reports/${reportId}`), 404, 'NOT_FOUND');
    expect((await other.get('/api/public-reports?status=all')).json().total).toBe(0);
    expectError(await anon({ method: 'GET', url: '/api/public-reports' }), 401, 'UNAUTHENTICATED');
  });

  it('a centre officer cannot see a report of a school outside its centre', async () => {
    const far = await submit({ unitId: farSchool });
    const id = (await t.db.selectFrom('public_report').select('id').where('receipt', '=', far.json().receipt.replace(/-/g, '')).executeTakeFirstOrThrow()).id;
    expectError(await centre.get(`/api/public-reports/${id}`), 404, 'NOT_FOUND');
    expectError(await centre.post(`/api/public-reports/${id}/triage`, { outcome: 'rejected', publicReply: '不属实' }), 404, 'NOT_FOUND');
  });

  it('refuses bad triage input', async () => {
    expectError(await admin.post(`/api/public-reports/${reportId}/triage`, { outcome: 'rejected' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/public-reports/${reportId}/triage`, { outcome: 'case' }), 400, 'VALIDATION_FAILED');
    expectError(
      await admin.post(`/api/public-reports/${reportId}/triage`, {
        outcome: 'hazard',
        schoolId: school,
        title: '护栏松动',
        category: 'nonsense',
        place: '校门',
      }),
      400,
      'VALIDATION_FAILED',
    );
    const lc = await idOfSchool(t.db, 'LCT0101');
    expectError(
      await admin.post(`/api/public-reports/${reportId}/triage`, { outcome: 'hazard', schoolId: lc, title: '护栏松动', category: 'facility', place: '校门' }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await admin.post(`/api/public-reports/${reportId}/triage`, { outcome: 'merged', hazardId: '00000000-0000-4000-8000-000000000000' }),
      404,
      'NOT_FOUND',
    );
  });

  it('turns a report into a hazard with its photo as evidence; the public status follows the hazard', async () => {
    const before = await counts();
    const r = await centre.post(`/api/public-reports/${reportId}/triage`, {
      outcome: 'hazard',
      schoolId: school,
      title: '校门护栏松动',
      category: 'facility',
      place: '校门',
      publicReply: '已转学校整改',
      note: '内部：请学校三日内加固',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ outcome: 'hazard', publicStatus: 'accepted' });
    const hazardId = r.json().hazard.id;
    const h = await t.db.selectFrom('hazard').selectAll().where('id', '=', hazardId).executeTakeFirstOrThrow();
    expect(h.source).toBe('public');
    expect(h.description).not.toMatch(/李先生|13800001111/);
    const files = await t.db.selectFrom('attachment').selectAll().where('owner_id', '=', hazardId).execute();
    expect(files).toHaveLength(1);
    expect(files[0]?.purpose).toBe('hazard_found');
    expect((await principal.get(`/api/attachments/${files[0]?.id}`)).statusCode).toBe(200); // the school sees the evidence
    const audit = await auditEventsFor(t.db, reportId);
    expect(audit[0]?.action).toBe('public_report.triage');
    expect((await counts()).audit).toBeGreaterThanOrEqual(before.audit + 2); // the triage and the hazard's own

    const status = async () => (await anon({ method: 'GET', url: `/api/public/reports/${receipt}` })).json();
    expect(await status()).toMatchObject({ status: 'accepted', statusLabel: '已受理', reply: '已转学校整改' });
    expect(JSON.stringify(await status())).not.toMatch(/内部|centre|教管中心|龙洲湾街道/);
    await t.db.updateTable('hazard').set({ state: 'rectifying' }).where('id', '=', hazardId).execute();
    expect((await status()).statusLabel).toBe('整改中');
    await t.db.updateTable('hazard').set({ state: 'closed', closed_at: new Date() }).where('id', '=', hazardId).execute();
    expect((await status()).statusLabel).toBe('已办结');

    expectError(await admin.post(`/api/public-reports/${reportId}/triage`, { outcome: 'rejected', publicReply: '重复' }), 409, 'CONFLICT');
  });

  it('merges into an open hazard (not a closed one) and rejects with a reason the reporter reads', async () => {
    const a = (await submit({})).json().receipt;
    const b = (await submit({})).json().receipt;
    const idOf = async (rc: string) =>
      (await t.db.selectFrom('public_report').select('id').where('receipt', '=', rc.replace(/-/g, '')).executeTakeFirstOrThrow()).id;
    const newHazard = async (title: string) => {
      const r = await admin.post('/api/hazards', { schoolId: school, title, place: '校门', category: 'facility', source: 'district' });
      expect(r.statusCode, r.body).toBe(201);
      return { id: r.json().id as string };
    };
    const open = await newHazard('校门护栏待加固');
    const closed = await newHazard('已整改的围墙裂缝');
    await t.db.updateTable('hazard').set({ state: 'closed', closed_at: new Date() }).where('id', '=', closed.id).execute();
    expectError(await admin.post(`/api/public-reports/${await idOf(a)}/triage`, { outcome: 'merged', hazardId: closed.id }), 409, 'CONFLICT');
    const m = await admin.post(`/api/public-reports/${await idOf(a)}/triage`, { outcome: 'merged', hazardId: open.id });
    expect(m.statusCode, m.body).toBe(200);
    expect(m.json().hazard.id).toBe(open.id);
    const rej = await admin.post(`/api/public-reports/${await idOf(b)}/triage`, {
      outcome: 'rejected',
      publicReply: '经核实不属于学校安全隐患，已转交属地街道',
      note: '重复投诉',
    });
    expect(rej.statusCode, rej.body).toBe(200);
    const s = (await anon({ method: 'GET', url: `/api/public/reports/${b}` })).json();
    expect(s).toMatchObject({ status: 'rejected', statusLabel: '未受理', reply: '经核实不属于学校安全隐患，已转交属地街道' });
    expect(JSON.stringify(s)).not.toMatch(/重复投诉/);
    const audit = await auditEventsFor(t.db, await idOf(b));
    expect(audit[0]).toMatchObject({ action: 'public_report.triage', actor_role: 'district_admin' });
  });

  it('accepts a report as a case in one transaction: the case keeps the reporter masked, the reporter reads 已受理', async () => {
    const rc = (await submit({ photos: [photo(JPEG)], contactName: '王女士', contactPhone: '13900002222', place: '东门' })).json().receipt as string;
    const id = (await t.db.selectFrom('public_report').select('id').where('receipt', '=', rc.replace(/-/g, '')).executeTakeFirstOrThrow()).id;
    const caseCount = async () =>
      Number(
        (
          await t.db
            .selectFrom('case_file')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await caseCount();
    // Bad input: no type, a type the pack does not have, a school outside the pack's scope — nothing written.
    expectError(await admin.post(`/api/public-reports/${id}/triage`, { outcome: 'case', title: '有人在校门口放贷' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/public-reports/${id}/triage`, { outcome: 'case', typeCode: 'nonsense', title: '有人放贷' }), 400, 'VALIDATION_FAILED');
    const lc = await idOfSchool(t.db, 'LCT0101');
    expectError(
      await admin.post(`/api/public-reports/${id}/triage`, { outcome: 'case', typeCode: 'public_report', title: '放贷', schoolId: lc }),
      404,
      'NOT_FOUND',
    );
    expectError(await principal.post(`/api/public-reports/${id}/triage`, { outcome: 'case', typeCode: 'public_report', title: '放贷' }), 403, 'FORBIDDEN');
    expect(await caseCount()).toBe(before);
    expect((await t.db.selectFrom('public_report').select('outcome').where('id', '=', id).executeTakeFirstOrThrow()).outcome).toBeNull();

    const r = await centre.post(`/api/public-reports/${id}/triage`, {
      outcome: 'case',
      typeCode: 'public_report',
      title: '校门口有人向学生放贷',
      publicReply: '已受理，正在核查',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ outcome: 'case', outcomeLabel: '受理为案件', publicStatus: 'accepted' });
    const caseId = r.json().case.id as string;
    expect(r.json().case.code).toMatch(/^JB\d{4}-\d{4}$/);
    expect(await caseCount()).toBe(before + 1);
    const c = await t.db.selectFrom('case_file').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ source: 'public_report', school_id: school, reporter_name: '王女士', reporter_phone: '13900002222', type_code: 'public_report' });
    expect(c.description).toContain('东门');
    expect(await t.db.selectFrom('attachment').select('purpose').where('owner_id', '=', caseId).execute()).toEqual([{ purpose: 'other' }]);
    // The handling centre sees the reporter; the school sees the case with the reporter masked.
    const mine = (await centre.get(`/api/cases/${caseId}`)).json();
    expect(JSON.stringify(mine)).toContain('13900002222');
    const atSchool = await principal.get(`/api/cases/${caseId}`);
    if (atSchool.statusCode === 200) expect(JSON.stringify(atSchool.json())).not.toContain('13900002222');
    else expect(atSchool.statusCode).toBe(404);
    const audit = await auditEventsFor(t.db, id);
    expect(audit[0]).toMatchObject({ action: 'public_report.triage' });
    expect((await auditEventsFor(t.db, caseId)).some((e) => e.action === 'case.create')).toBe(true);

    const status = async () => (await anon({ method: 'GET', url: `/api/public/reports/${rc}` })).json();
    expect(await status()).toMatchObject({ status: 'accepted', statusLabel: '已受理', reply: '已受理，正在核查' });
    expect(JSON.stringify(await status())).not.toMatch(/JB\d|王女士|教管中心/);
    await t.db.updateTable('case_file').set({ state: 'archived', archived_at: new Date() }).where('id', '=', caseId).execute();
    expect((await status()).statusLabel).toBe('已办结');
    expectError(await admin.post(`/api/public-reports/${id}/triage`, { outcome: 'rejected', publicReply: '重复' }), 409, 'CONFLICT');
  });

  it('merges a report into an open case the triaging unit sees: text and photos on the timeline, the receipt follows the case', async () => {
    const rc = (
      await submit({ photos: [photo(JPEG)], contactName: '李先生', contactPhone: '13900003333', place: '南门', description: '南门外又有人向学生推销网络贷款' })
    ).json().receipt as string;
    const id = (await t.db.selectFrom('public_report').select('id').where('receipt', '=', rc.replace(/-/g, '')).executeTakeFirstOrThrow()).id;
    const newCase = async (schoolId: string, title: string) => {
      const c = await admin.post('/api/cases', { typeCode: 'public_report', source: 'phone', title, schoolId });
      expect(c.statusCode, c.body).toBe(201);
      const assigned = await admin.post(`/api/cases/${c.json().id}/actions/assign`, { version: c.json().version, unitId: schoolId });
      expect(assigned.statusCode, assigned.body).toBe(200);
      return c.json().id as string;
    };
    const target = await newCase(school, '校门口有人向学生推销网贷');
    const far = await newCase(farSchool, '另一街道学校的举报');
    const archived = await newCase(school, '已归档的举报');
    await t.db.updateTable('case_file').set({ state: 'archived', archived_at: new Date() }).where('id', '=', archived).execute();
    const events = async (caseId: string) => (await t.db.selectFrom('case_event').select('seq').where('case_id', '=', caseId).execute()).length;
    const before = await events(target);

    const triage = (c: Client, body: Record<string, unknown>) => c.post(`/api/public-reports/${id}/triage`, { outcome: 'merged_case', ...body });
    expectError(await triage(centre, {}), 400, 'VALIDATION_FAILED');
    expectError(await triage(centre, { caseId: 'not-a-case' }), 400, 'VALIDATION_FAILED');
    expectError(await triage(centre, { caseId: target, note: 'x'.repeat(1001) }), 400, 'VALIDATION_FAILED');
    expectError(await triage(principal, { caseId: target }), 403, 'FORBIDDEN');
    expectError(await triage(other, { caseId: target }), 404, 'NOT_FOUND'); // another district's admin: no such report
    expectError(await triage(centre, { caseId: far }), 404, 'NOT_FOUND'); // a case the centre does not see
    expectError(await triage(centre, { caseId: '00000000-0000-4000-8000-000000000000' }), 404, 'NOT_FOUND');
    expectError(await triage(centre, { caseId: archived }), 409, 'CONFLICT');
    expect(await events(target)).toBe(before);
    expect((await t.db.selectFrom('public_report').select('outcome').where('id', '=', id).executeTakeFirstOrThrow()).outcome).toBeNull();
    expect(await t.db.selectFrom('attachment').select('id').where('owner_id', '=', target).execute()).toEqual([]);

    const r = await triage(centre, { caseId: target, publicReply: '已并入正在办理的案件' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ outcome: 'merged_case', outcomeLabel: '并入已有案件', publicStatus: 'accepted', case: { id: target } });
    const detail = (await admin.get(`/api/cases/${target}`)).json();
    const last = detail.timeline[detail.timeline.length - 1];
    expect(last).toMatchObject({ action: 'note', unitName: expect.any(String) });
    expect(last.note).toContain('南门外又有人向学生推销网络贷款');
    expect(last.note).toContain(rc);
    expect(last.attachmentIds).toHaveLength(1);
    expect(await t.db.selectFrom('attachment').select('purpose').where('owner_id', '=', target).execute()).toEqual([{ purpose: 'other' }]);
    expect((await auditEventsFor(t.db, target)).some((e) => e.action === 'case.note' && e.summary?.includes(rc))).toBe(true);
    expect((await auditEventsFor(t.db, id))[0]).toMatchObject({ action: 'public_report.triage' });
    expectError(await triage(centre, { caseId: target }), 409, 'CONFLICT');

    const status = async () => (await anon({ method: 'GET', url: `/api/public/reports/${rc}` })).json();
    expect(await status()).toMatchObject({ status: 'accepted', reply: '已并入正在办理的案件' });
    expect(JSON.stringify(await status())).not.toMatch(/JB\d|李先生/);
    await t.db.updateTable('case_file').set({ state: 'archived', archived_at: new Date() }).where('id', '=', target).execute();
    expect((await status()).statusLabel).toBe('已办结');
  });

  it('counts the pending queue on the workbench of the district admin and the centre', async () => {
    for (const u of [admin, centre]) {
      const wb = (await u.get('/api/workbench')).json();
      const items = wb.sections.flatMap((s: { items: { key: string; count: number }[] }) => s.items);
      const item = items.find((i: { key: string }) => i.key === 'public_reports.pending');
      const total = (await u.get('/api/public-reports?status=pending')).json().total;
      expect(total).toBeGreaterThan(0);
      expect(item?.count).toBe(total);
    }
    const wb = (await principal.get('/api/workbench')).json();
    expect(JSON.stringify(wb)).not.toMatch(/public_reports/);
  });
});

describe('QR poster', () => {
  it('prints the district poster for the district admin and a school poster for the school and its centre', async () => {
    const d = await admin.get(`/api/public-reports/qr?unitId=${district}`);
    expect(d.statusCode, d.body.slice(0, 200)).toBe(200);
    expect(d.headers['content-type']).toBe('application/pdf');
    expect(d.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    for (const u of [principal, centre, admin]) expect((await u.get(`/api/public-reports/qr?unitId=${school}`)).statusCode).toBe(200);
    expectError(await principal.get(`/api/public-reports/qr?unitId=${district}`), 404, 'NOT_FOUND');
    expectError(await centre.get(`/api/public-reports/qr?unitId=${district}`), 404, 'NOT_FOUND');
    expectError(await staff.get(`/api/public-reports/qr?unitId=${school}`), 403, 'FORBIDDEN');
    expectError(await principal.get(`/api/public-reports/qr?unitId=${farSchool}`), 404, 'NOT_FOUND');
    expectError(await other.get(`/api/public-reports/qr?unitId=${school}`), 404, 'NOT_FOUND');
  });
});
