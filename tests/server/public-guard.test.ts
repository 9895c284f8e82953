import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { AppContext } from '../../src/server/context.js';
import { pruneGuardRows, takeSubmitAttempt } from '../../src/server/public-reports/public-guard.js';
import { createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * The public page's anti-abuse state lives in the database (migration 0038): two server
 * processes on one database — here two app instances with their own memory — share the
 * per-address limits and the spent challenges, and so does a server started later (a restart).
 * Expired rows are deleted.
 */
let t: TestApp;
let second: FastifyInstance;
let secondCtx: AppContext;
let school = '';
let ipNo = 1;
const freshIp = () => `10.9.${Math.floor(ipNo / 250)}.${(ipNo++ % 250) + 1}`;

const HOUR = 3600_000;

beforeAll(async () => {
  t = await createTestApp();
  t.ctx.config.publicReports.minFillMs = 0;
  t.ctx.config.publicReports.perIpHour = 3;
  t.ctx.config.publicReports.perSchoolHour = 1000;
  // Another server of the same deployment: the same database and configuration, its own process memory.
  secondCtx = { ...t.ctx, startedAt: new Date() };
  second = await buildApp(secondCtx, { logger: false, serveWeb: false });
  await second.ready();
  school = await idOfSchool(t.db, 'YJT0101');
}, 60_000);
afterAll(async () => {
  await second?.close();
  await t?.close();
});

type Server = { inject: FastifyInstance['inject'] };
const servers = (): Server[] => [t.server, second];

async function challenge(server: Server, ip: string) {
  const r = await server.inject({ method: 'GET', url: '/api/public/report-challenge', remoteAddress: ip });
  expect(r.statusCode, r.body).toBe(200);
  const token = r.json().token as string;
  const claims = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString('utf8'));
  return { challengeToken: token, challengeAnswer: claims.s as number };
}

async function submit(server: Server, ip: string, c?: { challengeToken: string; challengeAnswer: number }): Promise<LightMyRequestResponse> {
  const answer = c ?? (await challenge(server, ip));
  return server.inject({
    method: 'POST',
    url: '/api/public/reports',
    remoteAddress: ip,
    payload: { unitId: school, description: '校门口护栏松动，学生放学时容易倒', ...answer },
  });
}

const reportCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('public_report')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the per-address limit across servers', () => {
  it('lets one address through only perIpHour times in all, whichever server it reaches', async () => {
    const ip = freshIp();
    const before = await reportCount();
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await submit(servers()[i % 2] as Server, ip)).statusCode);
    expect(codes).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
    expect(await reportCount()).toBe(before + 3);
    // Another address is not affected, on either server.
    expect((await submit(second, freshIp())).statusCode).toBe(201);
    expect((await submit(t.server, freshIp())).statusCode).toBe(201);
  });

  it('holds for a burst sent to both servers at once', async () => {
    const ip = freshIp();
    const answers = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const server = servers()[i % 2] as Server;
        return submit(server, ip, await challenge(server, freshIp()));
      }),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(7);
    const refused = answers.find((a) => a.statusCode === 429);
    expect(refused?.json().error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused?.json().error.message).toMatch(/提交过于频繁/);
  });

  it('survives a restart: a server started later still refuses the address', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await submit(t.server, ip)).statusCode).toBe(201);
    const restarted = await buildApp({ ...t.ctx, startedAt: new Date() }, { logger: false, serveWeb: false });
    try {
      await restarted.ready();
      const r = await submit(restarted, ip);
      expect(r.statusCode, r.body).toBe(429);
    } finally {
      await restarted.close();
    }
  });

  it('limits the read routes (challenges, status look-ups) per address across servers: 120 in 10 minutes', async () => {
    const ip = freshIp();
    const codes: number[] = [];
    for (let i = 0; i < 121; i++) {
      const server = servers()[i % 2] as Server;
      codes.push((await server.inject({ method: 'GET', url: '/api/public/reports/ABCD-EFGH-JKMN-P', remoteAddress: ip })).statusCode);
    }
    expect(codes.slice(0, 120).every((c) => c !== 429)).toBe(true);
    expect(codes[120]).toBe(429);
    // The submit allowance is a separate count.
    expect((await submit(t.server, ip, { challengeToken: 'x.y', challengeAnswer: 1 })).statusCode).toBe(400);
  });

  it('stores no client address, only a keyed hash', async () => {
    const rows = await t.db.selectFrom('public_guard_counter').select(['client_key']).execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/10\.9\./);
  });
});

describe('the challenge across servers', () => {
  it('is good once: a token spent on one server is refused on the other, with nothing written', async () => {
    const c = await challenge(t.server, freshIp());
    expect((await submit(t.server, freshIp(), c)).statusCode).toBe(201);
    const before = await reportCount();
    const again = await submit(second, freshIp(), c);
    expect(again.statusCode, again.body).toBe(400);
    expect(again.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '该验证题已使用，请换一题' });
    expect(await reportCount()).toBe(before);
  });

  it('lets only one of two servers racing with the same token through', async () => {
    const c = await challenge(second, freshIp());
    const [a, b] = await Promise.all([submit(t.server, freshIp(), c), submit(second, freshIp(), c)]);
    expect([a?.statusCode, b?.statusCode].sort()).toEqual([201, 400]);
  });
});

describe('the sliding window and expiry', () => {
  // The guard with a clock of the test's own, far from the requests above.
  const base = Math.floor(Date.UTC(2030, 0, 1) / HOUR) * HOUR;

  it('does not let a burst at a window boundary through twice', async () => {
    const ip = freshIp();
    const take = (at: number) =>
      takeSubmitAttempt(t.ctx, ip, at).then(
        () => 'ok',
        () => 'refused',
      );
    const endOfWindow = base + 0.95 * HOUR;
    expect([await take(endOfWindow), await take(endOfWindow), await take(endOfWindow), await take(endOfWindow)]).toEqual(['ok', 'ok', 'ok', 'refused']);
    // The next hour has begun, but the last hour's three still fall inside the sliding hour.
    expect(await take(base + HOUR + 60_000)).toBe('refused');
    // Half way: 1.5 of them still count; one more is allowed (on the other server too), then none.
    expect(await take(base + 1.5 * HOUR)).toBe('ok');
    await expect(takeSubmitAttempt(secondCtx, ip, base + 1.5 * HOUR + 1)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // Two hours on, the address starts afresh.
    expect(await take(base + 3 * HOUR)).toBe('ok');
  });

  it('deletes counters and spent challenges past their expiry, and keeps the rest', async () => {
    const ip = freshIp();
    await takeSubmitAttempt(t.ctx, ip, base + 10 * HOUR);
    await t.db
      .insertInto('public_challenge_spent')
      .values([
        { nonce: 'old-nonce', expires_at: new Date(base + 12 * HOUR) },
        { nonce: 'live-nonce', expires_at: new Date(base + 20 * HOUR) },
      ])
      .execute();
    const counters = () =>
      t.db
        .selectFrom('public_guard_counter')
        .select('window_start')
        .where('window_start', '=', new Date(base + 10 * HOUR))
        .execute();
    expect(await counters()).toHaveLength(1);
    // Within its two windows the counter stays; after them it goes, with the expired challenge.
    await pruneGuardRows(t.ctx, new Date(base + 11.5 * HOUR));
    expect(await counters()).toHaveLength(1);
    const removed = await pruneGuardRows(t.ctx, new Date(base + 12 * HOUR + 1));
    expect(removed.counters).toBeGreaterThanOrEqual(1);
    expect(removed.challenges).toBeGreaterThanOrEqual(1);
    expect(await counters()).toHaveLength(0);
    const nonces = (await t.db.selectFrom('public_challenge_spent').select('nonce').where('nonce', 'in', ['old-nonce', 'live-nonce']).execute()).map(
      (r) => r.nonce,
    );
    expect(nonces).toEqual(['live-nonce']);
  });
});
