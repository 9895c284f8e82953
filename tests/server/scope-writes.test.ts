import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { act, inDays, planBody, registerHazard, uploadPhoto } from '../support/hazard-helpers.js';

/**
 * Every role × the writes on hazards, inspections and notices, at a school inside every demo
 * account's read scope (YJT0101). Expectations are the table in docs/ARCHITECTURE.md "Scope"
 * (what each role may write), written out here, not derived from the code.
 */
let t: TestApp;
const c = new Map<string, Client>();
let schoolId = '';
let marketUnit = '';

const accounts: { username: string; role: Role }[] = [
  { username: 'admin', role: 'district_admin' },
  { username: 'leader', role: 'commission_leader' },
  { username: 'inspector', role: 'responsible_inspector' },
  { username: 'dept_officer', role: 'department_officer' },
  { username: 'centre_officer', role: 'centre_officer' },
  { username: 'police', role: 'police_officer' },
  { username: 'joint_inspector', role: 'joint_inspector' },
  { username: 'principal', role: 'principal' },
  { username: 'school_officer', role: 'school_safety_officer' },
  { username: 'staff', role: 'staff' },
];
const client = (u: string) => c.get(u) as Client;

beforeAll(async () => {
  t = await createTestApp();
  for (const a of accounts) c.set(a.username, await t.login(a.username));
  schoolId = await idOfSchool(t.db, 'YJT0101');
  const units = (await client('admin').get('/api/org-units?kind=department')).json().items as { id: string; name: string }[];
  marketUnit = (units.find((u) => u.name === '区市场监督管理局') as { id: string }).id;
});
afterAll(() => t.close());

const sourceOf: Record<Role, string> = {
  district_admin: 'district',
  commission_leader: 'leader',
  responsible_inspector: 'inspector',
  department_officer: 'department',
  centre_officer: 'centre',
  police_officer: 'police',
  joint_inspector: 'joint',
  principal: 'school_self',
  school_safety_officer: 'school_self',
  staff: 'school_self',
};
const found = (by: string) => registerHazard(client(by), schoolId, { source: sourceOf[accounts.find((a) => a.username === by)?.role as Role] });

describe('hazards', () => {
  it('every role may report a hazard at a school it reads; staff only as a school self-check, never 重大', async () => {
    for (const a of accounts) {
      const res = await client(a.username).post('/api/hazards', {
        schoolId,
        title: '楼梯扶手松动',
        place: '教学楼',
        category: 'facility',
        source: sourceOf[a.role],
      });
      expect(res.statusCode, `${a.username}: ${res.body}`).toBe(201);
    }
    const major = await client('staff').post('/api/hazards', {
      schoolId,
      title: '围墙开裂',
      place: '围墙',
      category: 'facility',
      source: 'school_self',
      level: 'major',
    });
    expect(major.statusCode).toBe(403);
  });

  /** Supervisors of the school, its managers; a department and the joint group only for what they found. */
  const managesOthersFinding = new Set(['admin', 'leader', 'inspector', 'centre_officer', 'police', 'principal', 'school_officer']);

  it('editing and assessing a hazard the district found: supervisors and school managers, not the department, the joint group or staff', async () => {
    for (const a of accounts) {
      const h = await found('admin');
      const edit = await client(a.username).patch(`/api/hazards/${h.id}`, { description: `由 ${a.username} 修改` });
      expect(edit.statusCode, `edit ${a.username}: ${edit.body}`).toBe(managesOthersFinding.has(a.username) ? 200 : 403);
      const assess = await act(client(a.username), h.id, 'assess', { level: 'general', category: 'fire' });
      expect(assess.statusCode, `assess ${a.username}: ${assess.body}`).toBe(managesOthersFinding.has(a.username) ? 200 : 403);
    }
  });

  it('a department and the joint group act on the hazards their own unit found, not on each other’s', async () => {
    for (const finder of ['dept_officer', 'joint_inspector']) {
      const other = finder === 'dept_officer' ? 'joint_inspector' : 'dept_officer';
      const h = await found(finder);
      expect((await act(client(other), h.id, 'assess', { level: 'general', category: 'fire' })).statusCode).toBe(403);
      expect((await client(other).patch(`/api/hazards/${h.id}`, { description: '他人修改' })).statusCode).toBe(403);
      const detail = (await client(finder).get(`/api/hazards/${h.id}`)).json();
      expect(detail.availableActions.map((x: { action: string }) => x.action)).toContain('assess');
      expect((await client(finder).patch(`/api/hazards/${h.id}`, { description: '本单位修改' })).statusCode).toBe(200);
      expect((await act(client(finder), h.id, 'assess', { level: 'general', category: 'fire' })).statusCode).toBe(200);
      expect((await act(client(finder), h.id, 'plan', planBody())).statusCode).toBe(200);
    }
  });

  it('a hazard handed over to a department: that department plans and submits it; the joint group and staff cannot', async () => {
    const h = await found('admin');
    expect((await act(client('admin'), h.id, 'assess', { level: 'general', category: 'food' })).statusCode).toBe(200);
    expect((await act(client('admin'), h.id, 'hand_over', { unitId: marketUnit, deadline: inDays(10) })).statusCode).toBe(200);
    for (const u of ['joint_inspector', 'staff', 'dept_officer']) {
      const res = await act(client(u), h.id, 'plan', planBody());
      expect(res.statusCode, `${u}: ${res.body}`).toBe(u === 'dept_officer' ? 200 : 403);
    }
    const submitBody = { explanation: '已整改', attachmentIds: [await uploadPhoto(client('dept_officer'), schoolId)] };
    expect((await act(client('joint_inspector'), h.id, 'submit', submitBody)).statusCode).toBe(403);
    const submit = await act(client('dept_officer'), h.id, 'submit', submitBody);
    expect(submit.statusCode, submit.body).toBe(200);
    // The side that rectified does not verify its own work.
    expect((await act(client('dept_officer'), h.id, 'verify_pass', { note: '合格' })).statusCode).toBe(403);
    expect((await act(client('admin'), h.id, 'verify_pass', { note: '合格' })).statusCode).toBe(200);
  });

  it('staff take no management action on any hazard, even one they reported', async () => {
    const h = await found('staff');
    for (const [action, body] of [
      ['assess', { level: 'general', category: 'fire' }],
      ['plan', planBody()],
    ] as const) {
      expect((await act(client('staff'), h.id, action, body)).statusCode).toBe(action === 'assess' ? 403 : 409);
    }
    expect((await client('staff').get(`/api/hazards/${h.id}`)).json().availableActions).toEqual([]);
  });
});

describe('inspections', () => {
  const levelOf: Record<string, [string, string]> = {
    admin: ['canteen', 'district'],
    leader: ['canteen', 'leader'],
    inspector: ['canteen', 'inspector'],
    dept_officer: ['canteen', 'department'],
    centre_officer: ['canteen', 'centre'],
    police: ['sanfang', 'police'],
    joint_inspector: ['canteen', 'joint'],
    principal: ['weekly_check', 'school_self'],
    school_officer: ['weekly_check', 'school_self'],
    staff: ['daily_patrol', 'school_self'],
  };
  const draft = (templateCode: string, level: string) => ({
    clientId: randomUUID(),
    schoolId,
    templateCode,
    level,
    inspectedAt: new Date().toISOString(),
    submit: false,
  });

  it('every role starts an inspection at its own level; staff keep only the daily patrol', async () => {
    for (const a of accounts) {
      const [tpl, level] = levelOf[a.username] as [string, string];
      const res = await client(a.username).post('/api/inspections', draft(tpl, level));
      expect(res.statusCode, `${a.username}: ${res.body}`).toBe(201);
    }
    const weekly = await client('staff').post('/api/inspections', draft('weekly_check', 'school_self'));
    expect(weekly.statusCode).toBe(403);
    expect(weekly.json().error.message).toContain('日巡查');
    // Nobody inspects at another role's level.
    expect((await client('dept_officer').post('/api/inspections', draft('canteen', 'district'))).statusCode).toBe(403);
    expect((await client('staff').post('/api/inspections', draft('canteen', 'district'))).statusCode).toBe(403);
  });
});

describe('notices', () => {
  const issuers = new Set(['admin', 'inspector', 'centre_officer', 'police', 'joint_inspector']);

  it('issuers issue 整改通知书 in their unit’s name (the joint group too); the others get 403', async () => {
    for (const a of accounts) {
      const h = await found(issuers.has(a.username) ? a.username : 'admin');
      const res = await client(a.username).post('/api/notices', { schoolId, hazardIds: [h.id], deadline: inDays(10), requirements: '限期整改' });
      expect(res.statusCode, `${a.username}: ${res.body}`).toBe(issuers.has(a.username) ? 201 : 403);
    }
  });

  it('the joint group’s notice lists only hazards it found', async () => {
    const h = await found('admin');
    const res = await client('joint_inspector').post('/api/notices', { schoolId, hazardIds: [h.id], deadline: inDays(10), requirements: '限期整改' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ path: 'hazardIds.0' });
  });

  it('the joint group issues in its own name and series, and notice statistics count it as its own issuer', async () => {
    const stats = async () => (await client('admin').get('/api/notices/stats')).json();
    const before = await stats();
    const h = await found('joint_inspector');
    const res = await client('joint_inspector').post('/api/notices', { schoolId, hazardIds: [h.id], deadline: inDays(10), requirements: '限期整改' });
    expect(res.statusCode, res.body).toBe(201);
    const { notice } = res.json();
    expect(notice).toMatchObject({ issuerKind: 'joint', issuerKindLabel: '联合督检组', issuerUnitName: '区校园安全联合督检组' });
    expect(notice.number).not.toMatch(/^云教安整/);
    const after = await stats();
    expect(after.byIssuerKind.joint).toBe(before.byIssuerKind.joint + 1);
    expect(after.byIssuerKind.district).toBe(before.byIssuerKind.district);
    expect(after.notices).toBe(before.notices + 1);
    const listed = (await client('admin').get('/api/notices?pageSize=100')).json();
    expect(listed.items.filter((n: { issuerKind: string }) => n.issuerKind === 'joint')).toHaveLength(after.byIssuerKind.joint);
  });

  it('acknowledging and replying: only the school’s principal and safety officer', async () => {
    const h = await found('admin');
    const issued = await client('admin').post('/api/notices', { schoolId, hazardIds: [h.id], deadline: inDays(10), requirements: '限期整改' });
    const { notice } = issued.json();
    for (const a of accounts.filter((x) => x.username !== 'principal' && x.username !== 'school_officer')) {
      const res = await client(a.username).post(`/api/notices/${notice.id}/acknowledge`, {});
      expect(res.statusCode, `${a.username}: ${res.body}`).toBe(403);
    }
    expect((await client('school_officer').post(`/api/notices/${notice.id}/acknowledge`, {})).statusCode).toBe(200);
  });
});

describe('premises (周边场所)', () => {
  // The district, police (every kind) and a department for the kinds it supervises (区市场监管局: lottery, tobacco, markets).
  const writes: Record<string, { game_hall: boolean; lottery: boolean }> = {
    admin: { game_hall: true, lottery: true },
    leader: { game_hall: false, lottery: false },
    inspector: { game_hall: false, lottery: false },
    dept_officer: { game_hall: false, lottery: true },
    centre_officer: { game_hall: false, lottery: false },
    police: { game_hall: true, lottery: true },
    joint_inspector: { game_hall: false, lottery: false },
    principal: { game_hall: false, lottery: false },
    school_officer: { game_hall: false, lottery: false },
    staff: { game_hall: false, lottery: false },
  };

  it('createPremise and updatePremise: only the district, police and the supervising department', async () => {
    const base = { name: '写权限测试场所', latitude: 29.7, longitude: 106.7 };
    const seed = (await client('admin').post('/api/premises', { ...base, typeCode: 'lottery' })).json().premise;
    for (const a of accounts) {
      for (const typeCode of ['game_hall', 'lottery'] as const) {
        const res = await client(a.username).post('/api/premises', { ...base, typeCode });
        expect(res.statusCode, `${a.username} ${typeCode}: ${res.body}`).toBe(writes[a.username]?.[typeCode] ? 201 : 403);
      }
      const current = (await client('admin').get(`/api/premises/${seed.id}`)).json().premise;
      const upd = await client(a.username).put(`/api/premises/${seed.id}`, { ...base, typeCode: 'lottery', version: current.version });
      expect(upd.statusCode, `${a.username} update: ${upd.body}`).toBe(writes[a.username]?.lottery ? 200 : 403);
    }
  });
});
