import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { notificationKindLabels, notificationKinds } from '../../domain/notification-kinds.js';
import {
  type ChannelKind,
  channelKindLabels,
  type DeliveryState,
  deliveryStateLabels,
  maskUrl,
  type SaveChannelInput,
  saveChannelInput,
} from '../../domain/outbound.js';
import { validationError } from '../../domain/validation.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import * as repo from './outbound.repository.js';
import { hasSmsProvider } from './outbound.senders.js';
import { deliverNow } from './outbound.worker.js';

/**
 * The district's outbound channels and their deliveries. Only the district admin configures them;
 * a channel's secret and the keys in its URL never leave the server (the list shows them masked).
 */
function assertAdmin(actor: Actor) {
  if (actor.role !== 'district_admin') throw forbidden('外发通道由区教委管理员配置');
}

const channelView = (c: repo.ChannelRow) => ({
  id: c.id,
  name: c.name,
  kind: c.kind,
  kindLabel: channelKindLabels[c.kind as ChannelKind],
  unitId: c.unit_id,
  url: maskUrl(c.url),
  secretSet: c.secret.length > 0,
  eventKinds: c.event_kinds,
  isActive: c.is_active,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});

export async function listChannels(db: Db, actor: Actor) {
  assertAdmin(actor);
  return {
    items: (await repo.findChannels(db, actor.districtId)).map(channelView),
    eventKinds: notificationKinds.map((k) => ({ code: k, label: notificationKindLabels[k] })),
    smsProvider: hasSmsProvider(),
  };
}

/** What each kind needs: an address for robots and webhooks; a signing secret for webhooks. */
function checkComplete(kind: ChannelKind, url: string, secret: string) {
  if (kind !== 'sms' && !url) throw new AppError('VALIDATION_FAILED', '请填写机器人或 Webhook 地址', [{ path: 'url', message: '请填写地址' }]);
  if (kind === 'webhook' && secret.length < 16)
    throw new AppError('VALIDATION_FAILED', 'Webhook 须设置至少 16 位的签名密钥', [{ path: 'secret', message: '密钥至少 16 位' }]);
  if (kind === 'wecom' && !secret && !/[?&]key=/.test(url))
    throw new AppError('VALIDATION_FAILED', '企业微信机器人须提供 key（可粘贴完整 Webhook 地址）', [{ path: 'secret', message: '请填写 key' }]);
}

/** Creates a channel, or updates one (`id`): an omitted URL or secret keeps the stored one. */
export async function saveChannel(db: Db, actor: Actor, raw: SaveChannelInput, now = new Date()) {
  assertAdmin(actor);
  const parsed = saveChannelInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  if (input.unitId) {
    if (!(await repo.unitExists(db, actor.districtId, input.unitId)))
      throw new AppError('VALIDATION_FAILED', '所属单位不存在', [{ path: 'unitId', message: '单位无效' }]);
  }
  const before = input.id ? await repo.findChannel(db, actor.districtId, input.id) : undefined;
  if (input.id && !before) throw notFound('外发通道');
  if (before && before.kind !== input.kind)
    throw new AppError('VALIDATION_FAILED', '通道类型不能修改，请新建通道', [{ path: 'kind', message: '类型不能修改' }]);
  const url = input.url ?? before?.url ?? '';
  const secret = input.secret ?? before?.secret ?? '';
  checkComplete(input.kind, url, secret);
  const values = {
    name: input.name,
    kind: input.kind,
    unit_id: input.unitId,
    url,
    secret,
    event_kinds: [...new Set(input.eventKinds)],
    is_active: input.isActive,
    updated_at: now,
  };
  const id = await db.transaction().execute(async (trx) => {
    const id = before ? before.id : await repo.insertChannel(trx, { district_id: actor.districtId, ...values, created_at: now });
    if (before) await repo.updateChannel(trx, actor.districtId, id, values);
    // The audit trail gets what the list shows: never the secret nor the URL's key.
    const shown = (v: { name: string; unit_id: string | null; url: string; secret: string; event_kinds: string[]; is_active: boolean }) => ({
      name: v.name,
      unitId: v.unit_id,
      url: maskUrl(v.url),
      secretChanged: before ? v.secret !== before.secret : v.secret.length > 0,
      eventKinds: v.event_kinds,
      isActive: v.is_active,
    });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: before ? 'outbound_channel.update' : 'outbound_channel.create',
      entityType: 'outbound_channel',
      entityId: id,
      orgUnitId: input.unitId ?? actor.orgUnitId,
      summary: `${before ? '修改' : '新增'}外发通道「${input.name}」（${channelKindLabels[input.kind]}）`,
      ...(before && { before: { ...shown(before), secretChanged: false } }),
      after: shown(values),
    });
    return id;
  });
  return channelView((await repo.findChannel(db, actor.districtId, id)) as repo.ChannelRow);
}

/** Sends a test message through the channel now (through the outbox, so it is listed like any delivery). */
export async function testChannel(app: AppContext, actor: Actor, id: string, now = new Date()) {
  assertAdmin(actor);
  const db = app.db;
  const c = await repo.findChannel(db, actor.districtId, id);
  if (!c) throw notFound('外发通道');
  if (!c.is_active) throw new AppError('CONFLICT', '通道已停用，请先启用再测试');
  let recipient = '';
  if (c.kind === 'sms') {
    recipient = (await repo.findUsers(db, actor.districtId, [actor.userId]))[0]?.phone ?? '';
    if (!recipient) throw new AppError('VALIDATION_FAILED', '短信测试发到您本人的手机：请先在用户资料中填写手机号');
  }
  const deliveryId = await db.transaction().execute(async (trx) => {
    const created = await repo.insertDelivery(trx, {
      district_id: actor.districtId,
      channel_id: c.id,
      idempotency_key: `test:${crypto.randomUUID()}`,
      event_kind: 'channel_test',
      title: '外发通道测试',
      body: `这是「${c.name}」的测试消息，由 ${actor.displayName} 发送。收到即表示通道配置正确。`,
      recipient,
      next_attempt_at: now,
      created_at: now,
    });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'outbound_channel.test',
      entityType: 'outbound_channel',
      entityId: c.id,
      orgUnitId: actor.orgUnitId,
      summary: `测试外发通道「${c.name}」`,
    });
    return created;
  });
  await deliverNow(db, actor.districtId, deliveryId, { baseUrl: app.config.publicBaseUrl });
  return deliveryView((await repo.findDelivery(db, actor.districtId, deliveryId)) as DeliveryRow);
}

type DeliveryRow = NonNullable<Awaited<ReturnType<typeof repo.findDelivery>>>;

const deliveryView = (d: DeliveryRow) => ({
  id: d.id,
  channelId: d.channel_id,
  channelName: d.channel_name,
  channelKind: d.channel_kind,
  eventKind: d.event_kind,
  eventLabel: d.event_kind === 'channel_test' ? '测试消息' : (notificationKindLabels[d.event_kind as keyof typeof notificationKindLabels] ?? d.event_kind),
  idempotencyKey: d.idempotency_key,
  title: d.title,
  recipient: d.recipient ? `${d.recipient.slice(0, 3)}****${d.recipient.slice(-4)}` : '',
  state: d.state,
  stateLabel: deliveryStateLabels[d.state as DeliveryState],
  attempts: d.attempts,
  nextAttemptAt: d.next_attempt_at,
  lastError: d.last_error,
  sentAt: d.sent_at,
  createdAt: d.created_at,
});

export async function listDeliveries(
  db: Db,
  actor: Actor,
  q: { state?: DeliveryState | undefined; channelId?: string | undefined; page: number; pageSize: number },
) {
  assertAdmin(actor);
  const r = await repo.findDeliveries(db, actor.districtId, { state: q.state, channelId: q.channelId, offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: r.rows.map(deliveryView), total: r.total, byState: r.byState, page: q.page, pageSize: q.pageSize };
}

/** 死信重发: a dead letter back in the queue with the same idempotency key (the worker sends it on its next round). */
export async function retryDelivery(db: Db, actor: Actor, id: string, now = new Date()) {
  assertAdmin(actor);
  const d = await repo.findDelivery(db, actor.districtId, id);
  if (!d) throw notFound('外发记录');
  await db.transaction().execute(async (trx) => {
    if (!(await repo.requeueDead(trx, actor.districtId, id, now))) throw new AppError('CONFLICT', '只有死信可以重新发送');
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'outbound_delivery.retry',
      entityType: 'outbound_delivery',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `死信重新发送：${d.channel_name}「${d.title}」`,
      before: { state: 'dead', attempts: d.attempts },
      after: { state: 'pending', attempts: 0 },
    });
  });
  return deliveryView((await repo.findDelivery(db, actor.districtId, id)) as DeliveryRow);
}
