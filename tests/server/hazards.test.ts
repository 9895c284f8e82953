import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { act, inDays, planBody, registerHazard, uploadPhoto } from '../support/hazard-helpers.js';

let t: TestApp;
let admin: Client;
let officer: Client; // school_safety_officer of YJT0101
let principal: Client;
let staff: Client;
let inspector: Client; // covers YJT0101
let school = '';
let otherSchool = '';

beforeAll(async () => {
  t = await createTestApp();
  [admin, officer, principal, staff, inspector] = await t.loginAll(['admin', 'school_officer', 'principal', 'staff', 'inspector'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
});
afterAll(() => t.close());

const get = async (id: string, c: Client = admin) => {
  const res = await c.get(`/api/hazards/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const versionOf = async (id: string) => (await get(id)).hazard.version as number;

describe('createHazard', () => {
  it('registers a hazard with a photo, a readable code, a timeline entry and an audit row', async () => {
    const photo = await uploadPhoto(officer, school);
    const h = await registerHazard(officer, school, { attachmentIds: [photo] });
    expect(h).toMatchObject({ state: 'reported', level: null, schoolId: school, source: 'school_self', reportedByName: '黄国平' });
    expect(h.code).toMatch(/^YH\d{4}\d{6}$/);
    const detail = await get(h.id, officer);
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(['report']);
    expect(detail.attachments.map((a: { id: string }) => a.id)).toEqual([photo]);
    expect((await auditEventsFor(t.db, h.id))[0]).toMatchObject({ action: 'hazard.report' });
  });

  it('lets staff report, and keeps school users to self-check and general hazards', async () => {
    expect(
      (await staff.post('/api/hazards', { schoolId: school, title: '楼梯扶手松动', place: '教学楼', category: 'building', source: 'school_self' })).statusCode,
    ).toBe(201);
    const police = await officer.post('/api/hazards', { schoolId: school, title: 'x隐患', place: '校门', category: 'traffic', source: 'police' });
    expect(police.statusCode).toBe(400);
    const major = await officer.post('/api/hazards', {
      schoolId: school,
      title: '重大隐患',
      place: '校门',
      category: 'traffic',
      source: 'school_self',
      level: 'major',
    });
    expect(major.statusCode).toBe(403);
  });

  it('rejects bad input and other schools, writing nothing', async () => {
    const count = async () => Number((await sql<{ n: number }>`select count(*) as n from hazard`.execute(t.db)).rows[0]?.n);
    const before = await count();
    const bad = [
      { schoolId: school, place: '校门', category: 'fire', source: 'school_self' },
      { schoolId: school, title: 't'.repeat(101), place: '校门', category: 'fire', source: 'school_self' },
      { schoolId: school, title: '标题', place: '校门', category: 'nonsense', source: 'school_self' },
      { schoolId: school, title: '标题', place: '校门', category: 'fire', source: 'school_self', foundAt: '2999-01-01T00:00:00+08:00' },
      { schoolId: school, title: '标题', place: '校门', category: 'fire', source: 'school_self', attachmentIds: ['00000000-0000-4000-8000-000000000000'] },
    ];
    for (const body of bad) {
      const res = await officer.post('/api/hazards', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(
      (await officer.post('/api/hazards', { schoolId: otherSchool, title: '别校', place: '校门', category: 'fire', source: 'school_self' })).statusCode,
    ).toBe(404);
    expect((await t.anonymous().post('/api/hazards', bad[0])).statusCode).toBe(401);
    expect(await count()).toBe(before);
  });
});

describe('the closed loop', () => {
  it('assess → plan → submit → rejected → submit → accepted, with who and when at every step', async () => {
    const h = await registerHazard(officer, school);
    expect((await act(inspector, h.id, 'assess', { level: 'general', category: 'fire', note: '立即整改' })).statusCode).toBe(200);
    const planned = await act(officer, h.id, 'plan', planBody());
    expect(planned.statusCode, planned.body).toBe(200);
    expect(planned.json().hazard).toMatchObject({ state: 'rectifying', deadline: inDays(7), plan: { responsiblePerson: '黄国平', funds: '500元' } });
    const after1 = await uploadPhoto(officer, school, 'rectification');
    expect((await act(officer, h.id, 'submit', { explanation: '已清理', attachmentIds: [after1] })).statusCode).toBe(200);
    const rejected = await act(inspector, h.id, 'verify_fail', { reason: '标识未设置' });
    expect(rejected.json().hazard).toMatchObject({ state: 'rectifying', verificationFailures: 1 });
    const after2 = await uploadPhoto(officer, school, 'rectification');
    expect((await act(officer, h.id, 'submit', { explanation: '已设置标识', attachmentIds: [after2] })).statusCode).toBe(200);
    const accepted = await act(inspector, h.id, 'verify_pass', { note: '验收合格' });
    expect(accepted.statusCode).toBe(200);
    const d = accepted.json();
    expect(d.hazard).toMatchObject({ state: 'closed', closedOnTime: true, overdue: false });
    expect(d.timeline.map((e: { action: string }) => e.action)).toEqual(['report', 'assess', 'plan', 'submit', 'verify_fail', 'submit', 'verify_pass']);
    expect(d.timeline[3].attachments.map((a: { id: string }) => a.id)).toEqual([after1]);
    expect(d.timeline[6]).toMatchObject({ actorName: '陈晓梅', actorRole: 'responsible_inspector', toState: 'closed', note: '验收合格' });
    expect(d.availableActions.map((a: { action: string }) => a.action)).toEqual(['reopen']);
    const audit = (await auditEventsFor(t.db, h.id)).map((e) => e.action);
    expect(audit.filter((a) => a.startsWith('hazard.'))).toHaveLength(7);
    const inbox = (await officer.get('/api/notifications?pageSize=50')).json().items as { kind: string; entityId: string }[];
    expect(inbox.filter((n) => n.entityId === h.id && n.kind === 'verification_result')).toHaveLength(2);
  });

  it('refuses wrong states, wrong roles and incomplete plans, and changes nothing', async () => {
    const h = await registerHazard(officer, school);
    const v = await versionOf(h.id);
    expect((await act(officer, h.id, 'submit', { explanation: 'x', attachmentIds: [await uploadPhoto(officer, school)] })).statusCode).toBe(409);
    expect((await act(officer, h.id, 'assess', { level: 'major', category: 'fire' })).statusCode).toBe(403);
    expect((await act(staff, h.id, 'assess', { level: 'general', category: 'fire' })).statusCode).toBe(403);
    expect((await act(officer, h.id, 'dance', {})).statusCode).toBe(400);
    expect(await versionOf(h.id)).toBe(v);
    await act(inspector, h.id, 'assess', { level: 'major', category: 'fire' });
    const v2 = await versionOf(h.id);
    const noControl = await act(officer, h.id, 'plan', planBody());
    expect(noControl.statusCode).toBe(400);
    expect(noControl.json().error.details).toEqual([{ path: 'interimControl', message: '重大隐患必须填写临时管控措施' }]);
    expect((await act(officer, h.id, 'plan', planBody({ interimControl: '封闭通道', deadline: inDays(-1) }))).statusCode).toBe(400);
    expect((await act(officer, h.id, 'plan', planBody({ measures: '' }))).statusCode).toBe(400);
    expect(await versionOf(h.id)).toBe(v2);
    expect((await act(staff, h.id, 'plan', planBody({ interimControl: '封闭' }))).statusCode).toBe(403);
    expect((await act(officer, h.id, 'plan', planBody({ interimControl: '封闭通道' }))).statusCode).toBe(200);
    expect((await act(officer, h.id, 'submit', { explanation: '已整改', attachmentIds: [] })).statusCode).toBe(400);
    await act(officer, h.id, 'submit', { explanation: '已整改', attachmentIds: [await uploadPhoto(officer, school)] });
    // The school never verifies its own major hazard; the inspector does.
    expect((await act(principal, h.id, 'verify_pass', { note: '自验' })).statusCode).toBe(403);
    expect((await act(officer, h.id, 'verify_pass', { note: '自验' })).statusCode).toBe(403);
    expect((await act(inspector, h.id, 'verify_pass', { note: '合格' })).json().hazard.state).toBe('closed');
  });

  it('lets the principal sign off the school’s own general hazard', async () => {
    const h = await registerHazard(officer, school);
    await act(principal, h.id, 'assess', { level: 'general', category: 'fire' });
    await act(officer, h.id, 'plan', planBody());
    await act(officer, h.id, 'submit', { explanation: '已整改', attachmentIds: [await uploadPhoto(officer, school)] });
    expect((await act(officer, h.id, 'verify_pass', { note: '自验' })).statusCode).toBe(403);
    expect((await act(principal, h.id, 'verify_pass', { note: '校长验收' })).json().hazard.state).toBe('closed');
  });

  it('hides another school’s hazard from a school and answers 404', async () => {
    const h = await registerHazard(admin, otherSchool, { source: 'inspector' });
    expect((await officer.get(`/api/hazards/${h.id}`)).statusCode).toBe(404);
    expect((await act(officer, h.id, 'assess', { level: 'general', category: 'fire' })).statusCode).toBe(404);
    expect((await officer.patch(`/api/hazards/${h.id}`, { title: '改' })).statusCode).toBe(404);
    const list = (await officer.get('/api/hazards?pageSize=200')).json();
    expect(list.items.every((x: { schoolId: string }) => x.schoolId === school)).toBe(true);
    const other = await t.login('other_admin');
    expect((await other.get(`/api/hazards/${h.id}`)).statusCode).toBe(404);
    expect((await other.get('/api/hazards')).json().total).toBe(0);
  });
});

describe('hand-over, extension, supervision listing, reopen', () => {
  it('hands a hazard to a department, which then rectifies it while the school watches', async () => {
    const h = await registerHazard(admin, school, { source: 'inspector', title: '校门外道路坑洼', place: '周边', category: 'traffic' });
    await act(inspector, h.id, 'assess', { level: 'general', category: 'traffic' });
    const market = (await admin.get('/api/org-units?kind=department')).json().items.find((u: { code: string }) => u.code === 'D-MARKET').id;
    expect((await act(officer, h.id, 'hand_over', { unitId: market, deadline: inDays(10) })).statusCode).toBe(403);
    expect((await act(inspector, h.id, 'hand_over', { unitId: school, deadline: inDays(10) })).statusCode).toBe(400);
    const office = (await admin.get('/api/org-units?kind=department')).json().items.find((u: { code: string }) => u.code === 'D-OFFICE').id;
    expect((await act(inspector, h.id, 'hand_over', { unitId: office, deadline: inDays(10) })).statusCode).toBe(400);
    const handed = await act(inspector, h.id, 'hand_over', { unitId: market, deadline: inDays(10), note: '请市场监管处理' });
    expect(handed.json().hazard).toMatchObject({ handedOverTo: market, responsibleUnitId: market, deadline: inDays(10) });
    const dept = await t.login('dept_officer');
    expect(
      (await dept.get('/api/notifications')).json().items.some((n: { entityId: string; kind: string }) => n.entityId === h.id && n.kind === 'assigned'),
    ).toBe(true);
    expect((await act(officer, h.id, 'plan', planBody())).statusCode).toBe(403);
    expect((await act(dept, h.id, 'plan', planBody({ deadline: inDays(10) }))).statusCode).toBe(200);
    expect((await get(h.id, officer)).hazard.state).toBe('rectifying');
  });

  it('changes the deadline only when an extension is approved', async () => {
    const h = await registerHazard(officer, school);
    await act(inspector, h.id, 'assess', { level: 'general', category: 'fire' });
    await act(officer, h.id, 'plan', planBody());
    expect((await act(officer, h.id, 'request_extension', { requestedDeadline: inDays(3), reason: '材料未到' })).statusCode).toBe(400);
    expect((await act(officer, h.id, 'request_extension', { requestedDeadline: inDays(20), reason: '材料未到' })).json().hazard.extension).toEqual({
      requestedDeadline: inDays(20),
      reason: '材料未到',
    });
    expect((await act(officer, h.id, 'request_extension', { requestedDeadline: inDays(30), reason: '再延' })).statusCode).toBe(409);
    expect((await act(officer, h.id, 'decide_extension', { approve: true })).statusCode).toBe(403);
    expect((await get(h.id)).hazard.deadline).toBe(inDays(7));
    const refused = await act(inspector, h.id, 'decide_extension', { approve: false, note: '不予延期' });
    expect(refused.json().hazard).toMatchObject({ deadline: inDays(7), extension: null });
    await act(officer, h.id, 'request_extension', { requestedDeadline: inDays(14), reason: '施工队排期' });
    const approved = await act(inspector, h.id, 'decide_extension', { approve: true, note: '同意' });
    expect(approved.json().hazard).toMatchObject({ deadline: inDays(14), extension: null });
  });

  it('lists an open major hazard for supervision until it is verified', async () => {
    const h = await registerHazard(officer, school);
    await act(inspector, h.id, 'assess', { level: 'general', category: 'fire' });
    expect((await act(admin, h.id, 'list_supervision', {})).statusCode).toBe(409);
    const m = await registerHazard(officer, school, { title: '教学楼外墙开裂' });
    await act(inspector, m.id, 'assess', { level: 'major', category: 'building' });
    expect((await act(inspector, m.id, 'list_supervision', {})).statusCode).toBe(403);
    expect((await act(admin, m.id, 'list_supervision', { note: '区级挂牌' })).json().hazard.supervisionListed).toBe(true);
    expect((await act(admin, m.id, 'list_supervision', {})).statusCode).toBe(409);
    expect((await admin.get('/api/hazards?supervisionListed=true')).json().items.map((x: { id: string }) => x.id)).toContain(m.id);
    await act(officer, m.id, 'plan', planBody({ interimControl: '设置围挡' }));
    await act(officer, m.id, 'submit', { explanation: '已加固', attachmentIds: [await uploadPhoto(officer, school)] });
    expect((await act(admin, m.id, 'verify_pass', { note: '合格' })).json().hazard).toMatchObject({ state: 'closed', supervisionListed: false });
  });

  it('reopens a recurring hazard as a new one linked to the first', async () => {
    const h = await registerHazard(officer, school);
    await act(principal, h.id, 'assess', { level: 'general', category: 'fire' });
    await act(officer, h.id, 'plan', planBody());
    await act(officer, h.id, 'submit', { explanation: '已整改', attachmentIds: [await uploadPhoto(officer, school)] });
    await act(principal, h.id, 'verify_pass', { note: '合格' });
    const reopened = await act(inspector, h.id, 'reopen', { reason: '杂物再次堆放' });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json().hazard).toMatchObject({ recurrenceOf: h.id, state: 'reported', title: '消防通道堆放杂物' });
    const old = await get(h.id);
    expect(old.hazard.state).toBe('closed');
    expect(old.timeline.at(-1)).toMatchObject({ action: 'recurred', data: { newHazardId: reopened.json().hazard.id } });
  });
});

describe('ledger list', () => {
  it('counts total, open, overdue, closed and the on-time rate over the filter', async () => {
    const h = await registerHazard(officer, school, { title: '逾期测试' });
    await act(inspector, h.id, 'assess', { level: 'general', category: 'fire' });
    await act(officer, h.id, 'plan', planBody());
    await sql`update hazard set deadline = ${inDays(-2)} where id = ${h.id}`.execute(t.db);
    const res = (await admin.get(`/api/hazards?schoolId=${school}&pageSize=200`)).json();
    const items = res.items as { state: string; overdue: boolean; closedOnTime: boolean | null }[];
    expect(res.counts.total).toBe(items.length);
    expect(res.counts.open).toBe(items.filter((x) => x.state !== 'closed').length);
    expect(res.counts.closed).toBe(items.filter((x) => x.state === 'closed').length);
    expect(res.counts.overdue).toBe(items.filter((x) => x.overdue).length);
    expect(res.counts.overdue).toBeGreaterThanOrEqual(1);
    const overdue = (await admin.get(`/api/hazards?overdue=true&schoolId=${school}`)).json();
    expect(overdue.items.map((x: { id: string }) => x.id)).toContain(h.id);
    expect((await admin.get('/api/hazards?state=bogus')).statusCode).toBe(400);
    expect((await admin.get('/api/hazards?from=2026-13-01')).statusCode).toBe(400);
  });
});
