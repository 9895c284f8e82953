import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyUsers } from '../../src/server/notifications/notifications.service.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';

/**
 * A user's own outbound settings (issue 13 leftover): per channel (短信, 企业微信群, 钉钉群) and
 * event kind, "do not send me this". The outbox writer respects them in the notifying transaction:
 * no SMS to that user, and no group message when every recipient in the channel's unit opted out.
 * Nothing is sent anywhere: the test reads the outbox rows (the worker is not run).
 */
let t: TestApp;
let admin: Client, principal: Client, officer: Client;
let district = '';
let principalId = '';
let officerId = '';
let smsId = '';
let wecomId = '';
let hookId = '';

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}

const notify = (kind: 'urged' | 'safety_chase', title: string) =>
  t.db
    .transaction()
    .execute((trx) =>
      notifyUsers(trx, district, [principalId, officerId], { kind, title, body: '请尽快处理', entityType: 'hazard', entityId: crypto.randomUUID() }),
    );
const deliveriesOf = async (channelId: string, title: string) =>
  t.db.selectFrom('outbound_delivery').select(['recipient', 'event_kind']).where('channel_id', '=', channelId).where('title', '=', title).execute();

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, officer] = await t.loginAll(['admin', 'principal', 'school_officer'] as const);
  principalId = await idOfUser(t.db, 'principal');
  officerId = await idOfUser(t.db, 'school_officer');
  district = (await t.db.selectFrom('app_user').select('district_id').where('id', '=', principalId).executeTakeFirstOrThrow()).district_id;
  await t.db.updateTable('app_user').set({ phone: '13800138000' }).where('id', '=', principalId).execute();
  await t.db.updateTable('app_user').set({ phone: '13900139000' }).where('id', '=', officerId).execute();
  const school = await idOfSchool(t.db, 'YJT0101');
  const kinds = ['urged', 'safety_chase'];
  const ch = async (body: Record<string, unknown>) => {
    const r = await admin.post('/api/outbound/channels', { unitId: school, eventKinds: kinds, ...body });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().id as string;
  };
  smsId = await ch({ name: '学校短信', kind: 'sms' });
  // Never delivered here (the worker is not run): a closed local port.
  wecomId = await ch({ name: '学校企业微信群', kind: 'wecom', url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=k' });
  hookId = await ch({ name: '集成方', kind: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'whsec-0123456789abcdef' });
}, 120_000);
afterAll(() => t?.close());

describe("a user's outbound opt-outs", () => {
  it('starts with everything received; lists the channels and kinds in Chinese', async () => {
    const r = await principal.get('/api/me/outbound-preferences');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().optOuts).toEqual([]);
    expect(r.json().channels.map((c: { label: string }) => c.label)).toEqual(['短信', '企业微信群', '钉钉群']);
    expect(r.json().kinds.find((k: { code: string }) => k.code === 'urged').label).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('refuses bad input with a Chinese message', async () => {
    expectError(await principal.put('/api/me/outbound-preferences', { optOuts: [{ channel: 'webhook', kind: 'urged' }] }), 400, 'VALIDATION_FAILED');
    expectError(await principal.put('/api/me/outbound-preferences', { optOuts: [{ channel: 'sms', kind: 'nope' }] }), 400, 'VALIDATION_FAILED');
    expectError(await principal.put('/api/me/outbound-preferences', { optOuts: 'all' }), 400, 'VALIDATION_FAILED');
    expectError(await principal.put('/api/me/outbound-preferences', { optOuts: [], userId: officerId }), 400, 'VALIDATION_FAILED');
  });

  it("the principal's opt-out stops their SMS and, with the officer's too, the group message; the webhook still gets it", async () => {
    const put = await principal.put('/api/me/outbound-preferences', {
      optOuts: [
        { channel: 'sms', kind: 'urged' },
        { channel: 'wecom', kind: 'urged' },
        { channel: 'sms', kind: 'urged' },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().optOuts).toEqual([
      { channel: 'sms', kind: 'urged' },
      { channel: 'wecom', kind: 'urged' },
    ]);
    expect((await officer.get('/api/me/outbound-preferences')).json().optOuts).toEqual([]); // one's own settings only
    expect((await auditEventsFor(t.db, principalId)).map((a) => a.action)).toContain('user.outbound_preferences');

    await notify('urged', '催办一');
    expect((await deliveriesOf(smsId, '催办一')).map((d) => d.recipient)).toEqual(['13900139000']);
    expect(await deliveriesOf(wecomId, '催办一')).toHaveLength(1); // the officer still wants the group message
    expect(await deliveriesOf(hookId, '催办一')).toHaveLength(1);

    await notify('safety_chase', '报平安一'); // another kind: both still get it
    expect((await deliveriesOf(smsId, '报平安一')).map((d) => d.recipient).sort()).toEqual(['13800138000', '13900139000']);

    expect((await officer.put('/api/me/outbound-preferences', { optOuts: [{ channel: 'wecom', kind: 'urged' }] })).statusCode).toBe(200);
    await notify('urged', '催办二');
    expect(await deliveriesOf(wecomId, '催办二')).toHaveLength(0);
    expect((await deliveriesOf(smsId, '催办二')).map((d) => d.recipient)).toEqual(['13900139000']);
    expect(await deliveriesOf(hookId, '催办二')).toHaveLength(1);
    // Inbox notifications are never opted out of.
    const inbox = await t.db.selectFrom('notification').select('user_id').where('title', '=', '催办二').execute();
    expect(inbox).toHaveLength(2);
  });

  it('clearing the settings receives everything again', async () => {
    expect((await principal.put('/api/me/outbound-preferences', { optOuts: [] })).json().optOuts).toEqual([]);
    await notify('urged', '催办三');
    expect((await deliveriesOf(smsId, '催办三')).map((d) => d.recipient).sort()).toEqual(['13800138000', '13900139000']);
  });
});
