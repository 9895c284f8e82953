import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { createTestApp, type TestApp } from '../support/harness.js';

// The bounded queue in front of the API (http/admission.ts), with tiny limits and a slow route.
let t: TestApp;
let server: FastifyInstance;
beforeAll(async () => {
  t = await createTestApp();
  server = await buildApp(t.ctx, { logger: false, serveWeb: false, admission: { maxActive: 1, maxQueued: 1, maxWaitMs: 150 } });
  server.get('/api/test/slow', async (req) => {
    await new Promise((r) => setTimeout(r, Number((req.query as { ms?: string }).ms ?? 100)));
    return { ok: true };
  });
  await server.ready();
});
afterAll(async () => {
  await server.close();
  await t.close();
});

const slow = (ms: number) => server.inject({ method: 'GET', url: `/api/test/slow?ms=${ms}` });

describe('admission queue', () => {
  it('queues within its bounds and answers 503 SERVICE_BUSY in the error shape beyond them', async () => {
    const [a, b, c] = await Promise.all([slow(80), slow(10), slow(10)]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200); // waited behind a
    expect(c.statusCode).toBe(503); // the queue (1) was full
    expect(c.json()).toEqual({ error: { code: 'SERVICE_BUSY', message: expect.stringContaining('繁忙') } });
    expect(c.headers['retry-after']).toBe('5');
  });

  it('answers 503 to a request that waited longer than the limit, then serves again', async () => {
    const t0 = performance.now();
    const [a, b] = await Promise.all([slow(400), slow(10)]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(503);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect((await slow(1)).statusCode).toBe(200); // every slot was given back
  });

  it('lets the health check through while the API is saturated', async () => {
    const busy = Promise.all([slow(200), slow(200)]);
    await new Promise((r) => setTimeout(r, 20));
    expect((await server.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    await busy;
  });
});
