import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { createTestApp, type TestApp } from '../support/harness.js';

// A small built bundle as vite writes it: index.html, sw.js, hashed assets, and the .gz/.br
// siblings of the precompress step.
const INDEX = '<!doctype html><html><head><title>护校安园</title></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

let t: TestApp;
let web: FastifyInstance;
let root: string;
beforeAll(async () => {
  t = await createTestApp();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-web-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), INDEX);
  fs.writeFileSync(path.join(root, 'index.html.gz'), gzipSync(INDEX));
  fs.writeFileSync(path.join(root, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  fs.writeFileSync(path.join(root, 'assets/index-AbC123.js'), SCRIPT);
  fs.writeFileSync(path.join(root, 'assets/index-AbC123.js.gz'), gzipSync(SCRIPT));
  web = await buildApp(t.ctx, { logger: false, webRoot: root });
  await web.ready();
});
afterAll(async () => {
  await web.close();
  await t.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => web.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });

describe('a full page load', () => {
  it.each(['/', '/hazards', '/coverage', '/hazards/0b9c2d4e-1111-4222-8333-444455556666', '/login?next=%2Fcoverage'])(
    'of %s answers the app, never JSON',
    async (url) => {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toBe(INDEX);
      expect(res.headers['cache-control']).toBe('no-cache');
    },
  );

  it('keeps unknown API paths, other methods and missing assets as the JSON 404', async () => {
    for (const res of [await get('/api/nope'), await get('/assets/gone-123.js'), await web.inject({ method: 'POST', url: '/hazards' })]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    }
  });

  it('still answers the API', async () => {
    const res = await get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });
});

describe('static files', () => {
  it('sends the precompressed file to a browser that accepts it, and the plain one otherwise', async () => {
    const zipped = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toContain('javascript');
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(zipped.rawPayload.length).toBeLessThan(SCRIPT.length / 10);
    const plain = await get('/assets/index-AbC123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    const page = await get('/hazards', { 'accept-encoding': 'gzip' });
    expect(page.headers['content-encoding']).toBe('gzip');
  });

  it('caches hashed assets for a year and never index.html or the service worker', async () => {
    expect((await get('/assets/index-AbC123.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip' })).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/index.html')).headers['cache-control']).toBe('no-cache');
    expect((await get('/sw.js')).headers['cache-control']).toBe('no-cache');
  });
});
