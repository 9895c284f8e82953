import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../src/domain/outbound.js';
import { notifyUsers } from '../../src/server/notifications/notifications.service.js';
import { setSmsProvider } from '../../src/server/outbound/outbound.senders.js';
import { deliverDue } from '../../src/server/outbound/outbound.worker.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';

/**
 * Outbound channels (issue 13) against a local receiver on 127.0.0.1 — nothing leaves the
 * machine. The receiver checks each platform's signature; it can fail on purpose, so the test
 * sees the retry, the dead letter and its manual retry, and that no delivery arrives twice.
 */
type Received = { path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: string; ok: boolean };
let received: Received[] = [];
let failNext = 0; // answer this many requests with HTTP 500
let server: http.Server;
let base = '';
const WEBHOOK_SECRET = 'whsec-0123456789abcdef';
const DING_SECRET = 'SECding-secret-value';
const WECOM_KEY = 'wecom-key-123';

function verify(r: { path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: string }): boolean {
  if (r.path.startsWith('/hook')) {
    const ts = String(r.headers['x-huxiao-timestamp']);
    const want = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${ts}.${r.body}`).digest('hex')}`;
    return r.headers['x-huxiao-signature'] === want && Boolean(r.headers['x-huxiao-delivery']);
  }
  if (r.path.startsWith('/ding')) {
    const ts = r.query.get('timestamp') ?? '';
    const want = createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64');
    return r.query.get('access_token') === 'tok' && r.query.get('sign') === want && Math.abs(Date.now() - Number(ts)) < 3600_000;
  }
  if (r.path.startsWith('/wecom')) return r.query.get('key') === WECOM_KEY && JSON.parse(r.body).msgtype === 'text';
  return false;
}

let t: TestApp;
let admin: Client, principal: Client, centre: Client, other: Client;
let district = '';
let principalId = '';
let officerId = '';
const sms: { phone: string; text: string; key: string }[] = [];

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const r = { path: u.pathname, query: u.searchParams, headers: req.headers, body };
      const ok = verify(r);
      received.push({ ...r, ok });
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end('busy');
        return;
      }
      if (!ok) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestApp();
  [admin, principal, centre, other] = await t.loginAll(['admin', 'principal', 'centre_officer', 'other_admin'] as const);
  principalId = await idOfUser(t.db, 'principal');
  officerId = await idOfUser(t.db, 'school_officer');
  district = (await t.db.selectFrom('app_user').select('district_id').where('id', '=', principalId).executeTakeFirstOrThrow()).district_id;
}, 180_000); // a loaded CI machine can take over a minute to copy the template and sign users in

afterAll(async () => {
  setSmsProvider(null);
  await t?.close();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  received = [];
  failNext = 0;
});

const deliveries = () => t.db.selectFrom('outbound_delivery').selectAll().where('district_id', '=', district).orderBy('created_at').execute();
/** A notification to the first school's two managers, as any feature writes one. */
const notify = (kind: 'urged' | 'overdue' | 'safety_chase', title: string) =>
  t.db
    .transaction()
    .execute((trx) =>
      notifyUsers(trx, district, [principalId, officerId], { kind, title, body: '请尽快处理', entityType: 'hazard', entityId: crypto.randomUUID() }),
    );
const later = (minutes: number) => () => new Date(Date.now() + minutes * 60_000);

let hookId = '';
describe('configuring channels', () => {
  it('refuses bad input and non-admins; another district gets 404', async () => {
    const ok = { name: '集成方', kind: 'webhook', url: `${base}/hook`, secret: WEBHOOK_SECRET, eventKinds: ['urged'] };
    expectError(await admin.post('/api/outbound/channels', { ...ok, url: 'ftp://x/y' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/outbound/channels', { ...ok, secret: 'short' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/outbound/channels', { ...ok, eventKinds: ['nope'] }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/outbound/channels', { ...ok, kind: 'wecom', secret: undefined, url: `${base}/wecom` }), 400, 'VALIDATION_FAILED');
    expectError(await principal.post('/api/outbound/channels', ok), 403, 'FORBIDDEN');
    expectError(await centre.post('/api/outbound/channels', ok), 403, 'FORBIDDEN');
    expectError(await principal.get('/api/outbound/channels'), 403, 'FORBIDDEN');
    expectError(await principal.get('/api/outbound/deliveries'), 403, 'FORBIDDEN');
    expect((await t.db.selectFrom('outbound_channel').selectAll().execute()).length).toBe(0);
  });

  it('saves a webhook; the list never shows its secret', async () => {
    const r = await admin.post('/api/outbound/channels', {
      name: '集成方',
      kind: 'webhook',
      url: `${base}/hook?token=abc`,
      secret: WEBHOOK_SECRET,
      eventKinds: ['urged', 'safety_chase'],
    });
    expect(r.statusCode, r.body).toBe(200);
    hookId = r.json().id;
    const list = await admin.get('/api/outbound/channels');
    expect(list.body).not.toContain(WEBHOOK_SECRET);
    expect(list.body).not.toContain('token=abc');
    expect(list.json().items[0]).toMatchObject({ kind: 'webhook', secretSet: true, url: `${base}/hook?token=****` });
    const [ev] = await auditEventsFor(t.db, hookId);
    expect(ev?.action).toBe('outbound_channel.create');
    expect(JSON.stringify(ev)).not.toContain(WEBHOOK_SECRET);
    // An update without URL or secret keeps both.
    const u = await admin.post('/api/outbound/channels', { id: hookId, name: '集成方（改）', kind: 'webhook', eventKinds: ['urged', 'safety_chase'] });
    expect(u.statusCode, u.body).toBe(200);
    const row = await t.db.selectFrom('outbound_channel').select(['url', 'secret', 'name']).where('id', '=', hookId).executeTakeFirstOrThrow();
    expect(row).toEqual({ url: `${base}/hook?token=abc`, secret: WEBHOOK_SECRET, name: '集成方（改）' });
    expectError(await other.post('/api/outbound/channels', { id: hookId, name: 'x', kind: 'webhook', eventKinds: [] }), 404, 'NOT_FOUND');
    expectError(await other.post(`/api/outbound/channels/${hookId}/test`), 404, 'NOT_FOUND');
  });
});

describe('the outbox and the worker', () => {
  it('writes one delivery per event with the notification, and none when the change rolls back', async () => {
    await notify('urged', '隐患催办 A');
    await notify('overdue', '不转发的事件');
    const rows = await deliveries();
    expect(rows).toHaveLength(1); // two users, one event; `overdue` is not routed
    expect(rows[0]).toMatchObject({ state: 'pending', event_kind: 'urged', title: '隐患催办 A', channel_id: hookId });
    await expect(
      t.db.transaction().execute(async (trx) => {
        await notifyUsers(trx, district, [principalId], { kind: 'urged', title: '回滚', entityType: 'hazard', entityId: crypto.randomUUID() });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await deliveries()).toHaveLength(1);
  });

  it('retries after a failure and sends each delivery once', async () => {
    failNext = 1;
    expect(await deliverDue(t.db)).toEqual({ sent: 0, retry: 1, dead: 0 });
    let [row] = await deliveries();
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row?.last_error).toContain('500');
    // Not due yet: nothing is sent.
    expect(await deliverDue(t.db)).toEqual({ sent: 0, retry: 0, dead: 0 });
    expect(await deliverDue(t.db, { now: later(5) })).toEqual({ sent: 1, retry: 0, dead: 0 });
    expect(await deliverDue(t.db, { now: later(60) })).toEqual({ sent: 0, retry: 0, dead: 0 });
    [row] = await deliveries();
    expect(row).toMatchObject({ state: 'sent', attempts: 2, last_error: '' });
    expect(received).toHaveLength(2);
    expect(received.every((r) => r.ok)).toBe(true);
    // Both attempts carried the same idempotency key; one was accepted.
    expect(new Set(received.map((r) => r.headers['x-huxiao-delivery']))).toEqual(new Set([row?.idempotency_key]));
    const event = JSON.parse(received[1]?.body ?? '{}');
    expect(event).toMatchObject({ event: 'notification.urged', data: { title: '隐患催办 A', kindLabel: '隐患催办' } });
  });

  it('two workers at once never send the same delivery', async () => {
    for (let i = 0; i < 6; i++) await notify('urged', `并发 ${i}`);
    const results = await Promise.all([deliverDue(t.db), deliverDue(t.db), deliverDue(t.db)]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(6);
    const keys = received.map((r) => r.headers['x-huxiao-delivery']);
    expect(keys).toHaveLength(6);
    expect(new Set(keys).size).toBe(6);
  });

  it('becomes a dead letter after the last attempt; the admin sees it and sends it again', async () => {
    await notify('urged', '一直失败');
    failNext = 1000;
    for (let i = 0; i < MAX_ATTEMPTS; i++) await deliverDue(t.db, { now: later(120 * (i + 1)) });
    const dead = (await admin.get('/api/outbound/deliveries?state=dead')).json();
    expect(dead.items).toHaveLength(1);
    expect(dead.items[0]).toMatchObject({ title: '一直失败', attempts: MAX_ATTEMPTS, state: 'dead', channelName: '集成方（改）' });
    expect(received).toHaveLength(MAX_ATTEMPTS);
    failNext = 0;
    expectError(await principal.post(`/api/outbound/deliveries/${dead.items[0].id}/retry`), 403, 'FORBIDDEN');
    expectError(await other.post(`/api/outbound/deliveries/${dead.items[0].id}/retry`), 404, 'NOT_FOUND');
    const r = await admin.post(`/api/outbound/deliveries/${dead.items[0].id}/retry`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'pending', attempts: 0 });
    expectError(await admin.post(`/api/outbound/deliveries/${dead.items[0].id}/retry`), 409, 'CONFLICT');
    expect((await deliverDue(t.db)).sent).toBe(1);
    const after = (await admin.get(`/api/outbound/deliveries?channelId=${hookId}`)).json();
    expect(after.byState.dead ?? 0).toBe(0);
    expect(new Set(received.map((r) => r.headers['x-huxiao-delivery'])).size).toBe(1);
    const [ev] = await auditEventsFor(t.db, dead.items[0].id);
    expect(ev?.action).toBe('outbound_delivery.retry');
  });
});

describe('group robots and SMS', () => {
  it('signs DingTalk requests and keys WeCom ones; a test message goes through the outbox', async () => {
    const ding = await admin.post('/api/outbound/channels', {
      name: '钉钉安稳群',
      kind: 'dingtalk',
      url: `${base}/ding?access_token=tok`,
      secret: DING_SECRET,
      eventKinds: ['overdue'],
    });
    const wecom = await admin.post('/api/outbound/channels', {
      name: '企业微信群',
      kind: 'wecom',
      url: `${base}/wecom`,
      secret: WECOM_KEY,
      eventKinds: ['overdue'],
    });
    expect(ding.statusCode, ding.body).toBe(200);
    expect(wecom.statusCode, wecom.body).toBe(200);
    for (const c of [ding, wecom]) {
      const r = await admin.post(`/api/outbound/channels/${c.json().id}/test`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ state: 'sent', eventKind: 'channel_test', lastError: '' });
    }
    expect(received.map((r) => [r.path, r.ok])).toEqual([
      ['/ding', true],
      ['/wecom', true],
    ]);
    expect(JSON.parse(received[0]?.body ?? '{}').text.content).toContain('【护校安园】外发通道测试');
    // A wrong DingTalk secret: the robot refuses (errcode), the delivery waits for a retry.
    await admin.post('/api/outbound/channels', { id: ding.json().id, name: '钉钉安稳群', kind: 'dingtalk', secret: 'SECwrong', eventKinds: ['overdue'] });
    const bad = await admin.post(`/api/outbound/channels/${ding.json().id}/test`);
    expect(bad.json()).toMatchObject({ state: 'pending', attempts: 1 });
    expect(bad.json().lastError).toContain('310000');
  });

  it('sends SMS through the registered provider, one per recipient with a phone; no provider, no send', async () => {
    await t.db.updateTable('app_user').set({ phone: '13800138000' }).where('id', '=', principalId).execute();
    await t.db.updateTable('app_user').set({ phone: '' }).where('id', '=', officerId).execute();
    const school = await idOfSchool(t.db, 'YJT0101');
    const c = await admin.post('/api/outbound/channels', { name: '校长短信', kind: 'sms', unitId: school, eventKinds: ['safety_chase'] });
    expect(c.statusCode, c.body).toBe(200);
    await t.db.deleteFrom('outbound_delivery').where('state', '<>', 'sent').execute();
    await notify('safety_chase', '请报平安');
    const rows = (await deliveries()).filter((d) => d.channel_id === c.json().id);
    expect(rows.map((r) => r.recipient)).toEqual(['13800138000']);
    setSmsProvider(null);
    await deliverDue(t.db);
    const waiting = (await deliveries()).find((d) => d.channel_id === c.json().id);
    expect(waiting?.last_error).toContain('未接入短信服务商');
    setSmsProvider({ name: 'test double', send: async (phone, text, key) => void sms.push({ phone, text, key }) });
    await deliverDue(t.db, { now: later(10) });
    expect(sms).toEqual([{ phone: '13800138000', text: '【护校安园】请报平安：请尽快处理', key: rows[0]?.idempotency_key }]);
    const list = (await admin.get(`/api/outbound/deliveries?channelId=${c.json().id}`)).json();
    expect(list.items[0].recipient).toBe('138****8000');
  });

  it('a channel of a unit forwards only events of people under it', async () => {
    const farSchool = await idOfSchool(t.db, 'YJT0201');
    const c = await admin.post('/api/outbound/channels', {
      name: '别校群',
      kind: 'webhook',
      url: `${base}/hook`,
      secret: WEBHOOK_SECRET,
      unitId: farSchool,
      eventKinds: ['urged'],
    });
    await notify('urged', '只给第一所学校');
    const rows = (await deliveries()).filter((d) => d.channel_id === c.json().id);
    expect(rows).toHaveLength(0);
  });
});
