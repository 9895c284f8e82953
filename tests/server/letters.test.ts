import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { loadDemoLetters } from '../../src/server/demo/demo-letters.js';
import { dutySource } from '../../src/server/duty/duty.registry.js';
import { packForDistrict } from '../../src/server/policy/policy.service.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';
import { uploadPhoto } from '../support/hazard-helpers.js';

let t: TestApp;
let admin: Client, police: Client, centre: Client, principal: Client, officer: Client, staff: Client, inspector: Client;
let school = ''; // YJT0101
let otherSchool = ''; // YJC0501: outside the centre's, the police station's and the school's scope
let district = '';
const today = shanghaiDay(new Date());
const year = Number(today.slice(0, 4));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}
type Holder = { id: string; postCode: string; name: string; userId: string | null; letter: null | { id: string; pdfUrl: string }; canSign: boolean };
const letters = async (c: Client, id = school) =>
  (await c.get(`/api/schools/${id}/responsibility-letters?year=${year}`)).json() as {
    holders: Holder[];
    counts: { holders: number; signed: number };
    canManage: boolean;
  };

beforeAll(async () => {
  t = await createTestApp();
  const names = ['admin', 'police', 'centre_officer', 'principal', 'school_officer', 'staff', 'inspector'] as const;
  [admin, police, centre, principal, officer, staff, inspector] = (await Promise.all(names.map((u) => t.login(u)))) as [
    Client,
    Client,
    Client,
    Client,
    Client,
    Client,
    Client,
  ];
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
  district = (await admin.get('/api/auth/me')).json().orgUnitId;
});
afterAll(() => t.close());

describe('post holders and responsibility letters', () => {
  let holders: Holder[] = [];
  it('the school names its post holders for the year (bad input 4xx; audited)', async () => {
    expectError(
      await officer.put(`/api/schools/${school}/post-holders`, { year, holders: [{ postCode: 'no_such_post', name: '张三' }] }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await officer.put(`/api/schools/${school}/post-holders`, { year: 'x', holders: [] }), 400, 'VALIDATION_FAILED');
    expectError(await officer.put(`/api/schools/${school}/post-holders`, { year, holders: [{ postCode: 'guard', name: '' }] }), 400, 'VALIDATION_FAILED');
    expectError(await staff.put(`/api/schools/${school}/post-holders`, { year, holders: [] }), 403, 'FORBIDDEN');
    expectError(await police.put(`/api/schools/${school}/post-holders`, { year, holders: [] }), 403, 'FORBIDDEN');
    expectError(await officer.put(`/api/schools/${otherSchool}/post-holders`, { year, holders: [] }), 404, 'NOT_FOUND');
    const staffId = await idOfUser(t.db, 'staff');
    const res = await officer.put(`/api/schools/${school}/post-holders`, {
      year,
      holders: [
        { postCode: 'principal', name: '王校长' },
        { postCode: 'head_teacher', name: '李老师', userId: staffId },
        { postCode: 'guard', name: '赵保安' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    holders = res.json().holders;
    expect(holders.map((h) => h.postCode)).toEqual(['principal', 'head_teacher', 'guard']);
    expect(res.json().counts).toMatchObject({ holders: 3, signed: 0, unsigned: 3 });
    const audit = await auditEventsFor(t.db, school);
    expect(audit.some((e) => e.action === 'post_holder.save')).toBe(true);
  });

  it('a holder signs on screen; again is a conflict; the staff member signs their own letter', async () => {
    const sig = await uploadPhoto(officer, school, 'signature');
    const principalHolder = holders[0] as Holder;
    expectError(
      await officer.post('/api/responsibility-letters', { holderId: principalHolder.id, method: 'pen', attachmentId: sig }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await officer.post('/api/responsibility-letters', { holderId: principalHolder.id, method: 'screen', attachmentId: sig, signedOn: '2099-01-01' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await police.post('/api/responsibility-letters', { holderId: principalHolder.id, method: 'screen', attachmentId: sig }), 403, 'FORBIDDEN');
    const res = await officer.post('/api/responsibility-letters', { holderId: principalHolder.id, method: 'screen', attachmentId: sig });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().counts).toMatchObject({ holders: 3, signed: 1 });
    const letterId = res.json().id as string;
    expectError(await officer.post('/api/responsibility-letters', { holderId: principalHolder.id, method: 'screen', attachmentId: sig }), 409, 'CONFLICT');
    const audit = await auditEventsFor(t.db, letterId);
    expect(audit.map((e) => e.action)).toContain('letter.sign');
    // The chain above the school: the principal's letter is with the school's supervising unit.
    const row = await t.db.selectFrom('responsibility_letter').select(['party_unit_id', 'school_id']).where('id', '=', letterId).executeTakeFirstOrThrow();
    expect(row.party_unit_id).not.toBe(school);

    // The staff member (linked to the head-teacher post) signs their own; not someone else's.
    const guard = holders[2] as Holder;
    const mySig = await uploadPhoto(staff, school, 'signature');
    expectError(await staff.post('/api/responsibility-letters', { holderId: guard.id, method: 'screen', attachmentId: mySig }), 403, 'FORBIDDEN');
    const own = await staff.post('/api/responsibility-letters', { holderId: (holders[1] as Holder).id, method: 'screen', attachmentId: mySig });
    expect(own.statusCode, own.body).toBe(201);

    // A scanned paper letter for the guard.
    const scan = await officer.request({
      method: 'POST',
      url: `/api/attachments?purpose=letter&schoolId=${school}&fileName=scan.pdf`,
      payload: PDF,
      headers: { 'content-type': 'application/pdf' },
    });
    expect(scan.statusCode, scan.body).toBe(201);
    const s = await officer.post('/api/responsibility-letters', { holderId: guard.id, method: 'scan', attachmentId: scan.json().id, signedOn: today });
    expect(s.statusCode, s.body).toBe(201);
    expect(s.json().counts).toMatchObject({ holders: 3, signed: 3, unsigned: 0 });
  });

  it('a signed holder cannot be removed or renamed', async () => {
    const res = await officer.put(`/api/schools/${school}/post-holders`, { year, holders: [{ id: holders[0]?.id, postCode: 'principal', name: '王校长' }] });
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('prints the letter as an A4 PDF with pages', async () => {
    const l = await letters(officer);
    const first = l.holders[0]?.letter;
    expect(first).toBeTruthy();
    const res = await principal.get(first?.pdfUrl as string);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.rawPayload.toString('latin1')).toMatch(/\/Type\s*\/Page\b/);
    expectError(await (await t.login('other_admin')).get(first?.pdfUrl as string), 404, 'NOT_FOUND');
    expectError(await officer.get('/api/responsibility-letters/00000000-0000-4000-8000-000000000000/pdf'), 404, 'NOT_FOUND');
  });

  it('甲方 signs too: the principal for the school’s posts, the supervising unit for the principal’s letter; both print', async () => {
    const l = await letters(principal);
    const [chainHolder, headTeacher] = l.holders as [Holder, Holder];
    const own = headTeacher.letter?.id as string;
    const chain = chainHolder.letter?.id as string;
    expect(l.holders[1]?.letter).toMatchObject({ partySignedAt: null, canPartySign: true });
    expect(l.holders[0]?.letter).toMatchObject({ canPartySign: false });
    const sig = await uploadPhoto(principal, school, 'signature');
    const sign = (c: Client, id: string, body: Record<string, unknown> = { attachmentId: sig }) =>
      c.post(`/api/responsibility-letters/${id}/party-signature`, body);
    expectError(await sign(officer, own), 403, 'FORBIDDEN');
    expectError(await sign(centre, own), 403, 'FORBIDDEN');
    expectError(await sign(principal, chain), 403, 'FORBIDDEN');
    expectError(await sign(principal, own, { attachmentId: 'x' }), 400, 'VALIDATION_FAILED');
    expectError(await sign(principal, own, { attachmentId: sig, extra: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await sign(principal, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectError(await sign(await t.login('other_admin'), own), 404, 'NOT_FOUND');
    const res = await sign(principal, own, { attachmentId: sig, signerName: '王校长' });
    expect(res.statusCode, res.body).toBe(200);
    const signed = (res.json().holders as { letter: { id: string; partySignerName: string; partySignedAt: string; canPartySign: boolean } | null }[]).find(
      (h) => h.letter?.id === own,
    );
    expect(signed?.letter).toMatchObject({ partySignerName: '王校长', partySignedAt: expect.any(String), canPartySign: false });
    expectError(await sign(principal, own), 409, 'CONFLICT');
    expect((await auditEventsFor(t.db, own)).map((e) => e.action)).toContain('letter.party_sign');
    // The principal's letter: the centre above the school signs it.
    const centreSig = await uploadPhoto(centre, school, 'signature');
    const byCentre = await sign(centre, chain, { attachmentId: centreSig });
    expect(byCentre.statusCode, byCentre.body).toBe(200);
    const pdf = await principal.get(`/api/responsibility-letters/${own}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Two images on the page: the holder's and 甲方's signatures.
    expect(pdf.rawPayload.toString('latin1').match(/\/Subtype\s*\/Image/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('lists signed / not signed per school within scope', async () => {
    const mine = (await officer.get(`/api/responsibility-letters?year=${year}`)).json();
    expect(mine.items.map((i: { schoolId: string }) => i.schoolId)).toEqual([school]);
    expect(mine.items[0]).toMatchObject({ holders: 3, signed: 3, principalSigned: true });
    const c = (await centre.get(`/api/responsibility-letters?year=${year}&pageSize=200`)).json();
    expect(c.items.some((i: { schoolId: string }) => i.schoolId === school)).toBe(true);
    expect(c.items.some((i: { schoolId: string }) => i.schoolId === otherSchool)).toBe(false);
    const outside = (await centre.get(`/api/responsibility-letters?year=${year}&schoolId=${otherSchool}`)).json();
    expect(outside.total).toBe(0);
    expectError(await inspector.get(`/api/schools/${otherSchool}/responsibility-letters?year=${year}`), 404, 'NOT_FOUND');
    const asPolice = (await police.get(`/api/schools/${school}/responsibility-letters?year=${year}`)).json();
    expect(asPolice.canManage).toBe(false);
    expect(asPolice.accounts).toEqual([]);
    const asOfficer = (await officer.get(`/api/schools/${school}/responsibility-letters?year=${year}`)).json();
    expect(asOfficer.accounts.map((a: { id: string }) => a.id)).toContain(await idOfUser(t.db, 'staff'));
    expectError(await officer.get('/api/responsibility-letters?year=1800'), 400, 'VALIDATION_FAILED');
    // The Excel export: the school's three holders, all signed; nothing for a school outside the scope.
    const wb = new ExcelJS.Workbook();
    const xlsx = await officer.get(`/api/responsibility-letters/export?year=${year}`);
    expect(xlsx.statusCode).toBe(200);
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).value).toBe('学校');
    expect(sheet?.rowCount).toBe(4);
    expect(sheet?.getRow(2).getCell(4).value).toBe('已签');
    const none = new ExcelJS.Workbook();
    await none.xlsx.load((await officer.get(`/api/responsibility-letters/export?year=${year}&schoolId=${otherSchool}`)).rawPayload as unknown as ArrayBuffer);
    expect(none.worksheets[0]?.rowCount).toBe(1);
  });

  it('emits letter duty facts with the school-year share', async () => {
    const facts = await dutySource('letter').loadFacts(t.db, {
      districtId: (await admin.get('/api/auth/me')).json().districtId,
      from: `${year}-01-01`,
      to: today,
      subjectIds: [school],
    });
    expect(facts).toHaveLength(3);
    expect(facts.every((f) => f.subjectId === school && f.participants === 3 && f.base === 3 && f.day === today)).toBe(true);
    const staffFact = facts.find((f) => f.type === 'head_teacher');
    expect(staffFact?.actorIds).toEqual([await idOfUser(t.db, 'staff')]);
  });
});

describe('school documents', () => {
  let versionId = '';
  let documentId = '';
  const upload = async (c: Client) => {
    const r = await c.request({
      method: 'POST',
      url: `/api/attachments?purpose=school_document&schoolId=${school}&fileName=plan.pdf`,
      payload: PDF,
      headers: { 'content-type': 'application/pdf' },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  it('the school uploads a plan version (bad input 4xx; audited)', async () => {
    const att = await upload(officer);
    const body = { schoolId: school, typeCode: 'emergency_plan_terror', title: '防范恐怖袭击应急预案', versionDate: today, summary: '首版', attachmentId: att };
    expectError(await officer.post('/api/school-documents/versions', { ...body, typeCode: 'nope' }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/school-documents/versions', { ...body, title: '' }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/school-documents/versions', { ...body, versionDate: '2026-13-01' }), 400, 'VALIDATION_FAILED');
    expectError(await police.post('/api/school-documents/versions', body), 403, 'FORBIDDEN');
    expectError(await officer.post('/api/school-documents/versions', { ...body, schoolId: otherSchool }), 404, 'NOT_FOUND');
    const res = await officer.post('/api/school-documents/versions', body);
    expect(res.statusCode, res.body).toBe(201);
    ({ versionId, documentId } = res.json());
    expect((await auditEventsFor(t.db, documentId)).map((e) => e.action)).toContain('school_document.version_create');
  });

  it('police review within scope: returned needs remarks; the school adds a version; approved', async () => {
    expectError(await officer.post(`/api/school-documents/versions/${versionId}/review`, { decision: 'approved' }), 403, 'FORBIDDEN');
    expectError(await police.post(`/api/school-documents/versions/${versionId}/review`, { decision: 'returned' }), 400, 'VALIDATION_FAILED');
    expectError(await police.post(`/api/school-documents/versions/${versionId}/review`, { decision: 'maybe' }), 400, 'VALIDATION_FAILED');
    const r = await police.post(`/api/school-documents/versions/${versionId}/review`, { decision: 'returned', remarks: '补充校门封控流程' });
    expect(r.statusCode, r.body).toBe(200);
    expectError(await police.post(`/api/school-documents/versions/${versionId}/review`, { decision: 'approved' }), 409, 'CONFLICT');
    const v2 = await officer.post('/api/school-documents/versions', {
      schoolId: school,
      documentId,
      versionDate: today,
      summary: '补充封控流程',
      attachmentId: await upload(officer),
    });
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json().versionNo).toBe(2);
    const ok = await police.post(`/api/school-documents/versions/${v2.json().versionId}/review`, { decision: 'approved', remarks: '' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await auditEventsFor(t.db, documentId)).map((e) => e.action)).toContain('school_document.review');

    const list = (await officer.get(`/api/school-documents?schoolId=${school}`)).json();
    const doc = list.items.find((d: { id: string }) => d.id === documentId);
    expect(doc.versions.map((v: { reviewState: string }) => v.reviewState)).toEqual(['approved', 'returned']);
    expect(doc.versions[1].reviewRemarks).toBe('补充校门封控流程');
    expect(list.counts.approved).toBeGreaterThanOrEqual(1);

    // Facts: the returned version does not count, the approved one does.
    const districtId = (await admin.get('/api/auth/me')).json().districtId;
    const facts = await dutySource('document').loadFacts(t.db, {
      districtId,
      from: `${year}-01-01`,
      to: today,
      subjectIds: [school],
      types: ['emergency_plan_terror'],
    });
    expect(facts.map((f) => f.id)).toEqual([v2.json().versionId]);
    expect(await dutySource('document').ownerOf(t.db, districtId, v2.json().versionId)).toMatchObject({ unitId: school });
  });

  it('exports the 制度和预案台账 with the list’s filters and scope', async () => {
    const rowsOf = async (c: Client, q = '') => {
      const res = await c.get(`/api/school-documents/export${q}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0] as ExcelJS.Worksheet;
      expect(ws.name).toBe('制度和预案台账');
      expect(ws.getRow(1).getCell(1).value).toBe('学校');
      return ws.actualRowCount - 1;
    };
    const listed = async (c: Client, q = '') => (await c.get(`/api/school-documents?pageSize=200${q ? `&${q.slice(1)}` : ''}`)).json().total as number;
    expect(await rowsOf(officer)).toBe(await listed(officer));
    expect(await rowsOf(admin, `?schoolId=${school}`)).toBe(await listed(officer));
    expect(await rowsOf(admin, '?reviewState=approved')).toBe(await listed(admin, '?reviewState=approved'));
    expect(await rowsOf(officer, `?schoolId=${otherSchool}`)).toBe(0);
    expectError(await admin.get('/api/school-documents/export?reviewState=maybe'), 400, 'VALIDATION_FAILED');
  });

  it('scope: outside schools see nothing, unknown versions are 404', async () => {
    const other = await t.login('other_admin');
    expect((await other.get('/api/school-documents')).json().items.some((d: { schoolId: string }) => d.schoolId === school)).toBe(false);
    expect((await centre.get(`/api/school-documents?schoolId=${school}`)).json().total).toBeGreaterThan(0);
    expectError(await other.post(`/api/school-documents/versions/${versionId}/review`, { decision: 'approved' }), 404, 'NOT_FOUND');
    expectError(await officer.get('/api/school-documents?reviewState=nope'), 400, 'VALIDATION_FAILED');
    expect(district).toBeTruthy();
  });
});

describe('demo letters', () => {
  it('load in bulk: holders for every demo school, most signed this year, the chain letter with the supervising unit', async () => {
    const districtId = (await admin.get('/api/auth/me')).json().districtId as string;
    const pack = await packForDistrict(t.db, t.ctx.policies, districtId);
    const started = Date.now();
    const n = await t.db.transaction().execute((trx) => loadDemoLetters(trx, pack, districtId));
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(n).toBeGreaterThan(100);
    const list = (await admin.get(`/api/responsibility-letters?year=${year}&pageSize=200`)).json();
    expect(list.counts.signed).toBeGreaterThan(0);
    expect(list.counts.unsigned).toBeGreaterThan(0);
    expect(list.counts.principalSigned).toBeGreaterThan(0);
    const lastYear = (await admin.get(`/api/responsibility-letters?year=${year - 1}&pageSize=200`)).json();
    expect(lastYear.counts.unsigned).toBe(0);
    // A paper letter prints without a signature image.
    const one = (await letters(admin, otherSchool)).holders.find((h) => h.letter);
    const pdf = await admin.get(one?.letter?.pdfUrl as string);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
