import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-accounts.js';
import { createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';

// Session and scope come from a short-lived cache (auth/session-cache.ts). These tests warm it
// first, then check that each change that must end or narrow a session holds on the next request.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const me = async (c: { get: (u: string) => Promise<{ statusCode: number }> }) => (await c.get('/api/auth/me')).statusCode;

describe('session cache', () => {
  it('serves a warm session without reading it again (a row removed behind its back is still seen within the TTL)', async () => {
    const c = await t.login('staff');
    expect(await me(c)).toBe(200);
    await t.db
      .deleteFrom('user_session')
      .where('user_id', '=', await idOfUser(t.db, 'staff'))
      .execute();
    expect(await me(c)).toBe(200); // from the cache: no database read decided this
  });

  it('ends a session at once on logout, and leaves other sessions of the user alone', async () => {
    const [a, b] = await t.loginAll(['principal', 'principal'] as const);
    expect(await me(a)).toBe(200);
    expect(await me(b)).toBe(200);
    expect((await a.post('/api/auth/logout')).statusCode).toBe(204);
    expect(await me(a)).toBe(401);
    expect(await me(b)).toBe(200);
  });

  it('ends the other sessions at once on a password change', async () => {
    const [a, b] = await t.loginAll(['police', 'police'] as const);
    expect(await me(a)).toBe(200);
    expect(await me(b)).toBe(200);
    const res = await a.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Changed2026x' });
    expect(res.statusCode).toBe(204);
    expect(await me(b)).toBe(401);
    expect(await me(a)).toBe(200);
  });

  it('applies a role change and a scope change on the very next request', async () => {
    const admin = await t.login('admin');
    const created = (
      await admin.post('/api/users', {
        username: 'cache_officer',
        displayName: '缓存测试',
        role: 'school_safety_officer',
        orgUnitId: await idOfSchool(t.db, 'YJC0101'),
        phone: '13800000000',
        password: 'Initial2026',
      })
    ).json();
    expect(created.id, JSON.stringify(created)).toBeTruthy();
    await admin.patch(`/api/users/${created.id}`, { password: 'Another2026' });
    const officer = await t.login('cache_officer', 'Another2026');
    expect(await me(officer)).toBe(200);
    expect((await admin.patch(`/api/users/${created.id}`, { role: 'staff' })).statusCode).toBe(200);
    expect(await me(officer)).toBe(401); // a role change ends the sessions of that account

    // A scope change that keeps the session: an inspector assigned one more school sees it at once.
    const inspector = await t.login('inspector03');
    const school = await idOfSchool(t.db, 'YJC0501');
    expect((await inspector.get(`/api/schools/${school}`)).statusCode).toBe(404);
    const grant = await admin.post('/api/assignments', { kind: 'inspector_school', subjectId: await idOfUser(t.db, 'inspector03'), targetId: school });
    expect(grant.statusCode).toBe(201);
    expect((await inspector.get(`/api/schools/${school}`)).statusCode).toBe(200);
    expect((await admin.delete(`/api/assignments/${grant.json().id}`)).statusCode).toBe(204);
    expect((await inspector.get(`/api/schools/${school}`)).statusCode).toBe(404);
  });

  it('does not look up a session on public routes', async () => {
    const c = await t.login('centre_officer'); // a real session, not in the cache yet
    const db = t.ctx.db;
    // Any database use in this request would throw and answer 500.
    t.ctx.db = new Proxy(db, {
      get() {
        throw new Error('the database was used');
      },
    });
    try {
      expect((await c.get('/api/openapi.json')).statusCode).toBe(200);
      expect((await c.get('/api/auth/me')).statusCode).toBe(500); // the proxy does bite on a user route
    } finally {
      t.ctx.db = db;
    }
  });
});
