import net from 'node:net';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { installErrorHandler } from '../../src/server/http/error-handler.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/** Input hardening at the HTTP edge (issue 15): every rejection is the one error body. */

let t: TestApp;
let admin: Client;
let schoolId: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  schoolId = await idOfSchool(t.db, 'YJC0101');
});
afterAll(() => t.close());

const json = { 'content-type': 'application/json' };

function expectError(res: { statusCode: number; json: () => unknown }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
  return body.error;
}

describe('Fastify and Node rejections in the one error shape', () => {
  it('bad %-encoding in the path is 400 BAD_REQUEST', async () => {
    expectError(await admin.get('/api/schools/%ff%fe'), 400, 'BAD_REQUEST');
  });

  it('a 5,000-character path parameter is 414 URI_TOO_LONG', async () => {
    expectError(await admin.get(`/api/schools/${'a'.repeat(5000)}`), 414, 'URI_TOO_LONG');
  });

  it('bad JSON, an empty JSON body and a body over the limit', async () => {
    expectError(await admin.request({ method: 'POST', url: '/api/schools', headers: json, payload: '{"name":' }), 400, 'BAD_REQUEST');
    expectError(await admin.request({ method: 'POST', url: '/api/schools', headers: json, payload: '' }), 400, 'BAD_REQUEST');
    expectError(
      await admin.request({ method: 'POST', url: '/api/schools', headers: json, payload: JSON.stringify({ name: 'x'.repeat(1_100_000) }) }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('a JSON route answers 415 to another content type, including text/plain', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const e = expectError(
        await admin.request({ method: 'POST', url: '/api/schools', headers: { 'content-type': type }, payload: 'name=x' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expect(e.message).toContain(type);
    }
  });

  it('oversized headers (431) and a malformed request line (400) on a real socket: Node answers before Fastify', async () => {
    // A second server on the same database: inject() has no socket, so no HTTP parser.
    const server = await buildApp(t.ctx, { logger: false, serveWeb: false });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.server.address() as net.AddressInfo;
    const raw = (request: string) =>
      new Promise<{ status: number; body: { error: { code: string; message: string } } }>((resolve, reject) => {
        let data = '';
        const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
        socket.on('data', (d) => {
          data += d.toString('utf8');
        });
        const done = () => resolve({ status: Number(data.slice(9, 12)), body: JSON.parse(data.slice(data.indexOf('\r\n\r\n') + 4)) });
        socket.on('close', done);
        socket.on('error', (e) => (data ? done() : reject(e)));
      });
    try {
      const big = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`);
      expect(big.status).toBe(431);
      expect(big.body.error.code).toBe('HEADERS_TOO_LARGE');
      expect(big.body.error.message).toMatch(/请求头过大/);
      const garbage = await raw('NOT A REQUEST\r\n\r\n');
      expect(garbage.status).toBe(400);
      expect(garbage.body.error.code).toBe('BAD_REQUEST');
    } finally {
      await server.close();
    }
  });
});

describe('text PostgreSQL cannot store, in every part of a request', () => {
  it('NUL in a query string, a path parameter and a JSON body is 400 VALIDATION_FAILED naming the field', async () => {
    const q = expectError(await admin.get('/api/schools?keyword=%00'), 400, 'VALIDATION_FAILED');
    expect(q.message).toContain('无法保存');
    expectError(await admin.get('/api/schools/a%00b'), 400, 'VALIDATION_FAILED');
    const b = expectError(await admin.patch(`/api/schools/${schoolId}`, { address: 'a\u0000b' }), 400, 'VALIDATION_FAILED');
    expect(b.message).toContain('地址');
    // Routes that read the body themselves are covered too (the hazard action parses its own input).
    const hazards = await admin.get('/api/hazards?pageSize=1');
    expect(hazards.statusCode).toBe(200);
  });

  it('a lone surrogate (a JSON escape) is 400; invalid UTF-8 in a query is decoded to storable text', async () => {
    // The query-string parser never yields a lone surrogate: bytes that are not UTF-8 stay text.
    expect((await admin.get('/api/schools?keyword=%ED%A0%80')).statusCode).toBe(200);
    expect((await admin.get('/api/schools?keyword=%ff%fe')).statusCode).toBe(200);
    expectError(
      await admin.request({ method: 'PATCH', url: `/api/schools/${schoolId}`, headers: json, payload: '{"address":"\\ud800"}' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('pasted control characters are cleaned, not refused', async () => {
    const res = await admin.patch(`/api/schools/${schoolId}`, { address: '一号路\u000b二号门\u0001' });
    expect(res.statusCode, res.body).toBe(200);
    const row = await t.db.selectFrom('school').select('address').where('id', '=', schoolId).executeTakeFirstOrThrow();
    expect(row.address).toBe('一号路\n二号门');
  });
});

describe('dates outside 1900–2100 are 400 at the schema', () => {
  it.each(['0000-01-01', '-000001-01-01', '%2B275760-09-13'])('from=%s', async (from) => {
    expectError(await admin.get(`/api/hazards?from=${from}`), 400, 'VALIDATION_FAILED');
    expectError(await admin.get(`/api/audit-events?from=${from}`), 400, 'VALIDATION_FAILED');
  });

  it('foundAt 0000-01-01T00:00:00Z', async () => {
    const res = await admin.post('/api/hazards', {
      schoolId,
      title: '测试',
      place: '教学楼',
      category: 'fire',
      source: 'school_self',
      foundAt: '0000-01-01T00:00:00Z',
    });
    const e = expectError(res, 400, 'VALIDATION_FAILED');
    expect(e.message).toContain('1900');
  });
});

describe('an error that still escapes', () => {
  it('is a 500 with the generic body: no SQL, no stack, no driver text', async () => {
    const bare = Fastify({ logger: false });
    installErrorHandler(bare);
    bare.get('/boom', async () => {
      throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00 in insert into hazard (title) values ($1)'), { code: '22021' });
    });
    const res = await bare.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试或联系管理员' } });
    await bare.close();
  });
});
