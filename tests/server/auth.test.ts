import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-accounts.js';
import { auditEventsFor, createTestApp, idOfUser, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string) => t.anonymous().post('/api/auth/login', { username, password });

describe('login', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and returns the user and CSRF token', async () => {
    const res = await login('admin', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    const session = res.cookies.find((c) => c.name === 'hx_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(res.json().user).toMatchObject({ username: 'admin', role: 'district_admin', districtName: '云江区教育委员会' });
    expect(res.json().csrfToken).toMatch(/^[\w-]{20,}$/);
    const events = await auditEventsFor(t.db, await idOfUser(t.db, 'admin'));
    expect(events.some((e) => e.action === 'auth.login')).toBe(true);
  });

  it('rejects a wrong password and an unknown user with the same message', async () => {
    const wrong = await login('principal', 'wrong-password1');
    const unknown = await login('nobody-here', 'wrong-password1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' } });
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.cookies).toHaveLength(0);
  });

  it('validates the body', async () => {
    const res = await t.anonymous().post('/api/auth/login', { username: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    const notJson = await t.anonymous().request({ method: 'POST', url: '/api/auth/login', payload: '{bad', headers: { 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('BAD_REQUEST');
  });

  it('locks the account after 5 consecutive failures, even for the right password, and audits it', async () => {
    for (let i = 0; i < 4; i++) expect((await login('staff', 'bad-password-1')).statusCode).toBe(401);
    const fifth = await login('staff', 'bad-password-1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    const right = await login('staff', DEMO_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.message).toMatch(/锁定/);
    const events = await auditEventsFor(t.db, await idOfUser(t.db, 'staff'));
    expect(events.some((e) => e.action === 'auth.lockout')).toBe(true);
  });

  it('resets the failure count after a successful login', async () => {
    for (let i = 0; i < 4; i++) await login('joint_inspector', 'bad-password-1');
    expect((await login('joint_inspector', DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await login('joint_inspector', 'bad-password-1')).statusCode).toBe(401);
  });
});

describe('sessions and CSRF', () => {
  it('answers 401 without a session and with a forged one', async () => {
    expect((await t.anonymous().get('/api/auth/me')).statusCode).toBe(401);
    const forged = await t.anonymous().request({ method: 'GET', url: '/api/auth/me', headers: { cookie: 'hx_session=forged' } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a state-changing request without the CSRF header, and with a wrong one', async () => {
    const c = await t.login('admin');
    const noHeader = await t.server.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie } });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().error.code).toBe('CSRF_REJECTED');
    const wrong = await t.server.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie, 'x-csrf-token': 'x' } });
    expect(wrong.statusCode).toBe(403);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('logout ends the session and is audited', async () => {
    const c = await t.login('leader');
    expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
    const events = await auditEventsFor(t.db, await idOfUser(t.db, 'leader'));
    expect(events[0]?.action).toBe('auth.logout');
  });
});

describe('password change', () => {
  it('enforces the policy and the current password', async () => {
    const c = await t.login('police');
    const short = await c.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'abc1' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toContain('至少 8 位');
    const noDigit = await c.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'abcdefghij' });
    expect(noDigit.statusCode).toBe(400);
    const badCurrent = await c.post('/api/auth/password', { currentPassword: 'nope-nope-1', newPassword: 'NewPass2026' });
    expect(badCurrent.statusCode).toBe(401);
    expect((await t.anonymous().post('/api/auth/login', { username: 'police', password: DEMO_PASSWORD })).statusCode).toBe(200);
  });

  it('changes the password, keeps this session, ends the others, and audits', async () => {
    const a = await t.login('dept_officer');
    const b = await t.login('dept_officer');
    const res = await a.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'NewPass2026' });
    expect(res.statusCode).toBe(204);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    expect((await login('dept_officer', DEMO_PASSWORD)).statusCode).toBe(401);
    expect((await login('dept_officer', 'NewPass2026')).statusCode).toBe(200);
    const events = await auditEventsFor(t.db, await idOfUser(t.db, 'dept_officer'));
    expect(events.some((e) => e.action === 'user.password_change')).toBe(true);
  });
});
