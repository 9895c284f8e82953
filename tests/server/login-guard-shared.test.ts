import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginPolicy } from '../../src/domain/password-policy.js';
import { buildApp } from '../../src/server/app.js';
import { pruneLoginGuardRows, reserveAddress } from '../../src/server/auth/login-guard.js';
import type { AppContext } from '../../src/server/context.js';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-accounts.js';
import { createTestApp, type TestApp } from '../support/harness.js';

/**
 * Sign-in protection is deployment-wide (migration 0045): two server processes on one database —
 * here two app instances with their own memory — share the per-address limit and the counters of
 * unknown names, so spreading guesses over servers (or waiting for a restart) buys nothing.
 */
let t: TestApp;
let second: FastifyInstance;
let secondCtx: AppContext;

beforeAll(async () => {
  t = await createTestApp();
  // Another server of the same deployment: the same database and configuration, its own process memory.
  secondCtx = { ...t.ctx, startedAt: new Date() };
  second = await buildApp(secondCtx, { logger: false, serveWeb: false });
  await second.ready();
}, 60_000);
afterAll(async () => {
  await second?.close();
  await t?.close();
});

let ipSeq = 0;
const freshIp = () => `10.7.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

type Server = { inject: FastifyInstance['inject'] };
const attempt = (server: Server, username: string, password: string, ip: string) =>
  server.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

describe('the per-address limit across servers', () => {
  it('one address gets maxFailuresPerIp failures in all, alternating between two servers, then 429 on both', async () => {
    const ip = freshIp();
    const codes: number[] = [];
    for (let i = 0; i < loginPolicy.maxFailuresPerIp + 4; i++)
      codes.push((await attempt(i % 2 ? second : t.server, `ghost-${i}`, 'wrong-pass-1', ip)).statusCode);
    expect(codes.slice(0, loginPolicy.maxFailuresPerIp).every((c) => c === 401)).toBe(true);
    expect(codes.slice(loginPolicy.maxFailuresPerIp)).toEqual([429, 429, 429, 429]);
    // The right password from that address is refused on either server too; another address is not affected.
    expect((await attempt(t.server, 'principal', DEMO_PASSWORD, ip)).statusCode).toBe(429);
    expect((await attempt(second, 'principal', DEMO_PASSWORD, ip)).statusCode).toBe(429);
    expect((await attempt(second, 'principal', DEMO_PASSWORD, freshIp())).statusCode).toBe(200);
  });

  it('a parallel burst split over two servers gets exactly the allowance', async () => {
    const ip = freshIp();
    const res = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt(i % 2 ? second : t.server, `spray-${i}`, 'wrong-pass-2', ip)));
    const codes = res.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(loginPolicy.maxFailuresPerIp);
    expect(codes.filter((c) => c === 429)).toHaveLength(50 - loginPolicy.maxFailuresPerIp);
  });

  it('a success on one server gives back only its own reservation', async () => {
    const ip = freshIp();
    for (let i = 0; i < loginPolicy.maxFailuresPerIp - 1; i++)
      expect((await attempt(i % 2 ? second : t.server, `g-${i}`, 'wrong-pass-3', ip)).statusCode).toBe(401);
    expect((await attempt(second, 'police', DEMO_PASSWORD, ip)).statusCode).toBe(200);
    expect((await attempt(t.server, 'g-last', 'wrong-pass-3', ip)).statusCode).toBe(401);
    expect((await attempt(second, 'leader', DEMO_PASSWORD, ip)).statusCode).toBe(429);
  });

  it('stores only a keyed hash of the address', async () => {
    const ip = '10.250.1.1';
    await attempt(t.server, 'ghost-hash', 'wrong-pass-4', ip);
    const rows = await t.db.selectFrom('login_address_counter').select(['client_key']).execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.client_key.includes('10.250'))).toBe(false);
  });
});

describe('unknown names across servers', () => {
  it('locks after the same number of failures as an account, whichever server each guess reaches', async () => {
    const codes: number[] = [];
    for (let i = 0; i < loginPolicy.maxFailures + 1; i++)
      codes.push((await attempt(i % 2 ? second : t.server, 'No-Such-User-41', 'wrong-pass-5', freshIp())).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 423, 423]);
    // Names are compared ignoring case, and the typed name is not stored.
    expect((await attempt(second, 'no-such-user-41', 'wrong-pass-5', freshIp())).statusCode).toBe(423);
    const names = await t.db.selectFrom('login_unknown_name').select('name_key').execute();
    expect(names.some((r) => r.name_key.toLowerCase().includes('no-such'))).toBe(false);
  });

  it('a parallel burst on one unknown name split over two servers gets the same allowance as an account', async () => {
    const res = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(i % 2 ? second : t.server, 'nobody-burst', `wrong-pass-${i}`, freshIp())));
    const codes = res.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(loginPolicy.maxFailures - 1);
    expect(codes.filter((c) => c === 423)).toHaveLength(40 - loginPolicy.maxFailures + 1);
  });
});

describe('old rows are pruned', () => {
  it('deletes ended address windows and long-unused unlocked names, and keeps the rest', async () => {
    const now = new Date();
    // The current window first: a reservation may prune on its own clock, which would take the old one.
    await reserveAddress(t.ctx, '10.251.0.2', now);
    await reserveAddress(t.ctx, '10.251.0.1', new Date(now.getTime() - (loginPolicy.ipWindowMinutes + 1) * 60_000));
    const old = new Date(now.getTime() - (loginPolicy.unknownNameDays + 1) * 86_400_000);
    await t.db
      .insertInto('login_unknown_name')
      .values([
        { name_key: 'old-unlocked', failed_login_count: 2, locked_until: null, last_attempt_at: old },
        { name_key: 'old-locked', failed_login_count: 9, locked_until: new Date(now.getTime() + 60_000), last_attempt_at: old },
        { name_key: 'recent', failed_login_count: 1, locked_until: null, last_attempt_at: now },
      ])
      .execute();
    const before = await t.db.selectFrom('login_address_counter').select('client_key').execute();
    const pruned = await pruneLoginGuardRows(t.ctx, now);
    expect(pruned.addresses).toBeGreaterThanOrEqual(1);
    const after = await t.db.selectFrom('login_address_counter').select('client_key').execute();
    expect(after.length).toBe(before.length - pruned.addresses);
    const names = (
      await t.db.selectFrom('login_unknown_name').select('name_key').where('name_key', 'in', ['old-unlocked', 'old-locked', 'recent']).execute()
    ).map((r) => r.name_key);
    expect(names.sort()).toEqual(['old-locked', 'recent']);
  });
});
