import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginPolicy } from '../../src/domain/password-policy.js';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-accounts.js';
import { auditEventsFor, createTestApp, idOfUser, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let ipSeq = 0;
/** A fresh client address, so one test's failures do not spend another's address allowance. */
const freshIp = () => `10.9.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

const attempt = (username: string, password: string, ip = freshIp(), cookie = '') =>
  t.server.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip, headers: cookie ? { cookie } : {} });

const deviceCookieOf = (res: Awaited<ReturnType<typeof attempt>>) => {
  const c = res.cookies.find((x) => x.name === 'hx_device');
  if (!c) throw new Error('no device cookie');
  return `hx_device=${c.value}`;
};

const counterOf = async (username: string) =>
  t.db.selectFrom('app_user').select(['failed_login_count', 'locked_until']).where('username', '=', username).executeTakeFirstOrThrow();

const tally = (codes: number[]) => {
  const m: Record<number, number> = {};
  for (const c of codes) m[c] = (m[c] ?? 0) + 1;
  return m;
};

describe('parallel bursts', () => {
  it('100 wrong passwords at once with the right one last: 5 guesses, then locked, and the right one does not sign in', async () => {
    const passwords = [...Array.from({ length: 99 }, (_, i) => `wrong-pass-${i}`), DEMO_PASSWORD];
    const res = await Promise.all(passwords.map((p) => attempt('inspector02', p)));
    const codes = tally(res.map((r) => r.statusCode));
    expect(codes[200]).toBeUndefined();
    expect(codes[401]).toBe(loginPolicy.maxFailures - 1);
    expect(codes[423]).toBe(100 - (loginPolicy.maxFailures - 1));
    expect(res.every((r) => r.cookies.length === 0)).toBe(true);
    const c = await counterOf('inspector02');
    expect(c.failed_login_count).toBe(loginPolicy.maxFailures);
    expect(c.locked_until?.getTime()).toBeGreaterThan(Date.now());
    expect((await attempt('inspector02', DEMO_PASSWORD)).statusCode).toBe(423);
    const events = await auditEventsFor(t.db, await idOfUser(t.db, 'inspector02'));
    expect(events.filter((e) => e.action === 'auth.lockout')).toHaveLength(1);
  });

  it('a burst with the right password among the first guesses signs in at most once and never beyond the allowance', async () => {
    const passwords = Array.from({ length: 60 }, (_, i) => (i === 1 ? DEMO_PASSWORD : `wrong-pass-${i}`));
    const res = await Promise.all(passwords.map((p) => attempt('inspector03', p)));
    const codes = tally(res.map((r) => r.statusCode));
    expect(codes[200] ?? 0).toBeLessThanOrEqual(1);
    // Every guess that reached the password check was counted: at most the allowance before a lock,
    // plus the allowance again if the right one reset the counter midway.
    expect(codes[401] ?? 0).toBeLessThanOrEqual(2 * loginPolicy.maxFailures);
    expect((codes[401] ?? 0) + (codes[423] ?? 0) + (codes[200] ?? 0)).toBe(60);
  });
});

describe('the same answer for a wrong password and an unknown name', () => {
  it('status, body and lock behave the same', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    const bodies: string[][] = [[], []];
    for (let i = 0; i < loginPolicy.maxFailures + 1; i++) {
      const a = await attempt('inspector04', 'wrong-pass-1');
      const b = await attempt('no-such-user-77', 'wrong-pass-1');
      known.push(a.statusCode);
      unknown.push(b.statusCode);
      bodies[0]?.push(a.body.replace(/\d\d:\d\d/, 'HH:MM'));
      bodies[1]?.push(b.body.replace(/\d\d:\d\d/, 'HH:MM'));
    }
    expect(known).toEqual([401, 401, 401, 401, 423, 423]);
    expect(unknown).toEqual(known);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(JSON.parse(bodies[0]?.[0] ?? '')).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' } });
  });

  it('takes the same time: every refusal waits for the floor, an unknown name still runs a password hash', async () => {
    const time = async (username: string) => {
      const started = performance.now();
      const r = await attempt(username, 'wrong-pass-2');
      expect(r.statusCode).toBe(401);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time('inspector05'));
      unknown.push(await time(`nobody-${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] as number;
    expect(Math.min(...known, ...unknown)).toBeGreaterThanOrEqual(loginPolicy.failureFloorMs - 5);
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(150);
  });
});

describe('per-address limit', () => {
  it('counts failures only, is not cleared by another account signing in, and a known device still passes', async () => {
    const ip = freshIp();
    const device = deviceCookieOf(await attempt('leader', DEMO_PASSWORD, freshIp()));
    const ghosts = await Promise.all(Array.from({ length: loginPolicy.maxFailuresPerIp - 1 }, (_, i) => attempt(`ghost-${i}`, 'wrong-pass-3', ip)));
    expect(ghosts.every((r) => r.statusCode === 401)).toBe(true);
    // A success from the same address gives back its own attempt only.
    expect((await attempt('police', DEMO_PASSWORD, ip)).statusCode).toBe(200);
    expect((await attempt('ghost-last', 'wrong-pass-3', ip)).statusCode).toBe(401);
    const blocked = await attempt('principal', DEMO_PASSWORD, ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    expect((await attempt('leader', DEMO_PASSWORD, ip, device)).statusCode).toBe(200);
  });

  it('a parallel burst from one address gets exactly the address allowance', async () => {
    const ip = freshIp();
    const res = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt(`spray-${i}`, 'wrong-pass-6', ip)));
    expect(tally(res.map((r) => r.statusCode))).toEqual({ 401: loginPolicy.maxFailuresPerIp, 429: 50 - loginPolicy.maxFailuresPerIp });
  });
});

describe('a known device passes a lock that strangers caused', () => {
  it('the owner signs in from a device used before while the account is locked for everyone else', async () => {
    const device = deviceCookieOf(await attempt('inspector06', DEMO_PASSWORD));
    await Promise.all(Array.from({ length: 20 }, () => attempt('inspector06', 'wrong-pass-4')));
    expect((await attempt('inspector06', DEMO_PASSWORD)).statusCode).toBe(423);
    const owner = await attempt('inspector06', DEMO_PASSWORD, freshIp(), device);
    expect(owner.statusCode).toBe(200);
    // The strangers' failures stay on the account: the owner's success cleared only the device's counter.
    expect((await counterOf('inspector06')).failed_login_count).toBeGreaterThanOrEqual(loginPolicy.maxFailures);
    expect((await attempt('inspector06', DEMO_PASSWORD)).statusCode).toBe(423);
  });

  it('a known device has its own allowance: guessing from it locks that device only', async () => {
    const device = deviceCookieOf(await attempt('inspector07', DEMO_PASSWORD));
    const res = await Promise.all(Array.from({ length: 20 }, () => attempt('inspector07', 'wrong-pass-5', freshIp(), device)));
    expect(tally(res.map((r) => r.statusCode))).toEqual({ 401: loginPolicy.maxFailures - 1, 423: 20 - loginPolicy.maxFailures + 1 });
    expect((await attempt('inspector07', DEMO_PASSWORD, freshIp(), device)).statusCode).toBe(423);
    expect((await attempt('inspector07', DEMO_PASSWORD)).statusCode).toBe(200);
  });
});

describe('current password on a password change', () => {
  it('a burst of wrong current passwords gets the same allowance, then the right one is refused too', async () => {
    const c = await t.login('inspector08');
    const noDevice = c.cookie
      .split('; ')
      .filter((x) => !x.startsWith('hx_device='))
      .join('; ');
    const change = (currentPassword: string) =>
      t.server.inject({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword, newPassword: 'NewPass2026x' },
        headers: { cookie: noDevice, 'x-csrf-token': c.csrfToken },
        remoteAddress: freshIp(),
      });
    const res = await Promise.all(Array.from({ length: 30 }, (_, i) => change(`wrong-current-${i}`)));
    expect(tally(res.map((r) => r.statusCode))).toEqual({ 401: loginPolicy.maxFailures - 1, 423: 30 - loginPolicy.maxFailures + 1 });
    expect((await change(DEMO_PASSWORD)).statusCode).toBe(423);
    expect((await counterOf('inspector08')).failed_login_count).toBe(loginPolicy.maxFailures);
  });
});
