import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsFor, type Client, countRows, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';

let t: TestApp;
let admin: Client;
let centre: Client;
let principal: Client;
let homeSchool = '';
let otherSchool = '';
let townshipT01 = '';

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  centre = await t.login('centre_officer');
  principal = await t.login('principal');
  homeSchool = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
  townshipT01 = (await centre.get('/api/auth/me')).json().orgUnitId;
});
afterAll(() => t.close());

const newUser = (over: Record<string, unknown> = {}) => ({
  username: `u${Math.random().toString(36).slice(2, 10)}`,
  displayName: '测试用户',
  role: 'staff',
  orgUnitId: homeSchool,
  phone: '13800000000',
  password: 'Initial2026',
  ...over,
});

describe('createUser', () => {
  it('creates a user who must change the initial password before anything else, with an audit row', async () => {
    const body = newUser();
    const res = await admin.post('/api/users', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: body.username, role: 'staff', orgUnitId: homeSchool, mustChangePassword: true });
    const events = await auditEventsFor(t.db, res.json().id);
    expect(events[0]).toMatchObject({ action: 'user.create' });
    expect(JSON.stringify(events[0]?.after)).not.toContain('Initial2026');
    const u = await t.login(body.username, 'Initial2026');
    expect((await u.get('/api/schools')).statusCode).toBe(403);
    expect((await u.post('/api/auth/password', { currentPassword: 'Initial2026', newPassword: 'Changed2026' })).statusCode).toBe(204);
    expect((await u.get('/api/schools')).statusCode).toBe(200);
  });

  it('validates input and writes nothing on failure', async () => {
    const before = await countRows(t.db, 'app_user');
    const cases = [
      newUser({ username: '1bad' }),
      newUser({ password: 'short' }),
      newUser({ role: 'emperor' }),
      newUser({ orgUnitId: 'not-a-uuid' }),
      { ...newUser(), extra: true },
      newUser({ role: 'principal', orgUnitId: townshipT01 }), // a principal belongs to a school
      newUser({ role: 'police_officer', orgUnitId: homeSchool }),
    ];
    for (const body of cases) {
      const res = await admin.post('/api/users', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await countRows(t.db, 'app_user')).toBe(before);
  });

  it('refuses a taken username, case-insensitively', async () => {
    const res = await admin.post('/api/users', newUser({ username: 'ADMIN' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('DUPLICATE');
  });

  it('never lets an admin grant a role or scope beyond their own', async () => {
    expect((await centre.post('/api/users', newUser({ role: 'district_admin', orgUnitId: townshipT01 }))).statusCode).toBe(403);
    expect((await centre.post('/api/users', newUser({ orgUnitId: otherSchool }))).statusCode).toBe(403);
    expect((await centre.post('/api/users', newUser())).statusCode).toBe(201);
    expect((await principal.post('/api/users', newUser({ role: 'principal' }))).statusCode).toBe(403);
    expect((await principal.post('/api/users', newUser({ orgUnitId: otherSchool }))).statusCode).toBe(403);
    expect((await principal.post('/api/users', newUser({ role: 'school_safety_officer' }))).statusCode).toBe(201);
    const inspector = await t.login('inspector');
    expect((await inspector.post('/api/users', newUser())).statusCode).toBe(403);
  });
});

describe('updateUser and getUser', () => {
  it('updates fields, audits before and after, and ends sessions on role change', async () => {
    const created = (await admin.post('/api/users', newUser({ role: 'school_safety_officer' }))).json();
    await admin.patch(`/api/users/${created.id}`, { password: 'Another2026' });
    const session = await t.login(created.username, 'Another2026');
    const res = await admin.patch(`/api/users/${created.id}`, { role: 'staff', phone: '023-66668888' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'staff', phone: '023-66668888' });
    expect((await session.get('/api/auth/me')).statusCode).toBe(401);
    const [event] = await auditEventsFor(t.db, created.id);
    expect(event).toMatchObject({
      action: 'user.update',
      before: { role: 'school_safety_officer', phone: '13800000000' },
      after: { role: 'staff', phone: '023-66668888' },
    });
  });

  it('resets a password from the list: a temporary one to change at sign-in, old sessions end, its own audit entry', async () => {
    const created = (await admin.post('/api/users', newUser())).json();
    await admin.patch(`/api/users/${created.id}`, { password: 'Another2026' });
    const session = await t.login(created.username, 'Another2026');
    const res = await centre.patch(`/api/users/${created.id}`, { password: 'Temp2026ab' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mustChangePassword: true });
    expect((await session.get('/api/auth/me')).statusCode).toBe(401);
    const again = await t.anonymous().post('/api/auth/login', { username: created.username, password: 'Temp2026ab' });
    expect(again.statusCode).toBe(200);
    expect(again.json().user.mustChangePassword).toBe(true);
    const event = (await auditEventsFor(t.db, created.id)).find((e) => e.action === 'user.password_reset');
    expect(event).toMatchObject({ actor_name: '李文斌', after: { password: '（已重置）' } });
    expect(JSON.stringify(event)).not.toContain('Temp2026ab');
    // Outside the manager's scope, or a role the manager cannot grant: no reset.
    expect((await principal.patch(`/api/users/${created.id}`, { password: 'Temp2026ab' })).statusCode).toBe(200);
    expect((await centre.patch(`/api/users/${await idOfUser(t.db, 'admin')}`, { password: 'Temp2026ab' })).statusCode).toBe(404);
    expect((await principal.patch(`/api/users/${await idOfUser(t.db, 'centre_officer')}`, { password: 'Temp2026ab' })).statusCode).toBe(404);
  });

  it('disabling an account stops its sign-in', async () => {
    const created = (await admin.post('/api/users', newUser())).json();
    expect((await admin.patch(`/api/users/${created.id}`, { isActive: false })).statusCode).toBe(200);
    const res = await t.anonymous().post('/api/auth/login', { username: created.username, password: 'Initial2026' });
    expect(res.statusCode).toBe(401);
  });

  it('keeps users outside the manager’s scope invisible', async () => {
    const adminId = await idOfUser(t.db, 'admin');
    expect((await centre.get(`/api/users/${adminId}`)).statusCode).toBe(404);
    expect((await centre.patch(`/api/users/${adminId}`, { phone: '1' })).statusCode).toBe(404);
    expect((await principal.patch(`/api/users/${await idOfUser(t.db, 'centre_officer')}`, { phone: '1' })).statusCode).toBe(404);
    const otherAdmin = await idOfUser(t.db, 'other_admin');
    expect((await admin.get(`/api/users/${otherAdmin}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/users/${await idOfUser(t.db, 'staff')}`)).statusCode).toBe(200);
  });

  it('does not let a manager demote or disable themselves', async () => {
    const me = await idOfUser(t.db, 'admin');
    expect((await admin.patch(`/api/users/${me}`, { isActive: false })).statusCode).toBe(403);
    expect((await admin.patch(`/api/users/${me}`, { role: 'staff' })).statusCode).toBe(403);
  });

  it('requires a session and the CSRF token', async () => {
    const staffId = await idOfUser(t.db, 'staff');
    expect((await t.anonymous().get('/api/users')).statusCode).toBe(401);
    expect((await t.anonymous().get(`/api/users/${staffId}`)).statusCode).toBe(401);
    expect((await t.anonymous().post('/api/users', newUser())).statusCode).toBe(401);
    const noCsrf = await t.server.inject({ method: 'PATCH', url: `/api/users/${staffId}`, payload: { phone: '1' }, headers: { cookie: admin.cookie } });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('lists with filters and paging', async () => {
    const res = await admin.get('/api/users?role=responsible_inspector&pageSize=5&page=2');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(20);
    expect(res.json().items).toHaveLength(5);
    expect((await admin.get('/api/users?pageSize=500')).statusCode).toBe(400);
    expect((await admin.get('/api/users?keyword=陈晓梅')).json().items.map((u: { username: string }) => u.username)).toEqual(['inspector']);
  });
});
