import { notificationKindLabel } from '../../domain/notification-kinds.js';
import { type ChannelKind, dingTalkBody, eventName, type OutboundMessage, smsText, weComBody } from '../../domain/outbound.js';
import { dingTalkUrl, webhookSignature, weComUrl } from '../../domain/outbound-sign.js';

/**
 * The channel layer: one `send` per channel kind behind the same signature. A send resolves when
 * the other side accepted the message and throws (with a Chinese reason) when it did not; the
 * worker decides about retries. No provider of SMS is bundled: a deployment registers one.
 */
export type ChannelConfig = { kind: ChannelKind; url: string; secret: string };
export type Delivery = {
  idempotencyKey: string;
  districtId: string;
  eventKind: string;
  recipient: string;
  message: OutboundMessage;
  entityType: string;
  entityId: string;
  occurredAt: Date;
};

/** An SMS gateway (运营商/云短信). `idempotencyKey` lets a gateway that supports it drop a repeat. */
export interface SmsProvider {
  readonly name: string;
  send(phone: string, text: string, idempotencyKey: string): Promise<void>;
}

let smsProvider: SmsProvider | null = null;
/** Registers the deployment's SMS gateway (tests register a double); null removes it. */
export const setSmsProvider = (p: SmsProvider | null) => {
  smsProvider = p;
};
export const hasSmsProvider = () => smsProvider !== null;

const TIMEOUT_MS = 10_000;

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'huxiao-outbound/1', ...headers },
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new Error(`连接失败：${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new Error(`对方返回 HTTP ${res.status}${text ? `：${text.slice(0, 200)}` : ''}`);
  return text;
}

/** WeCom and DingTalk answer 200 with `errcode` 0 when they took the message. */
function expectErrcodeZero(text: string) {
  let r: { errcode?: number; errmsg?: string };
  try {
    r = JSON.parse(text);
  } catch {
    throw new Error(`对方回复无法识别：${text.slice(0, 200)}`);
  }
  if (r.errcode !== 0) throw new Error(`机器人拒收：errcode ${r.errcode ?? '无'} ${r.errmsg ?? ''}`.trim());
}

export async function sendOne(channel: ChannelConfig, d: Delivery, now = new Date()): Promise<void> {
  switch (channel.kind) {
    case 'wecom':
      return expectErrcodeZero(await post(weComUrl(channel.url, channel.secret), JSON.stringify(weComBody(d.message))));
    case 'dingtalk':
      return expectErrcodeZero(await post(dingTalkUrl(channel.url, channel.secret, now.getTime()), JSON.stringify(dingTalkBody(d.message))));
    case 'webhook':
      return sendWebhook(channel, d, now);
    case 'sms':
      if (!smsProvider) throw new Error('本平台未接入短信服务商，短信无法发送');
      return smsProvider.send(d.recipient, smsText(d.message), d.idempotencyKey);
  }
}

/** An integrator's webhook: a JSON event, signed over timestamp and body, with the delivery's idempotency key. */
async function sendWebhook(channel: ChannelConfig, d: Delivery, now: Date) {
  const body = JSON.stringify({
    id: d.idempotencyKey,
    event: eventName(d.eventKind),
    occurredAt: d.occurredAt.toISOString(),
    districtId: d.districtId,
    data: {
      kind: d.eventKind,
      kindLabel: d.eventKind === 'channel_test' ? '测试消息' : notificationKindLabel(d.eventKind),
      title: d.message.title,
      body: d.message.body,
      entityType: d.entityType,
      entityId: d.entityId,
      link: d.message.link,
    },
  });
  const timestamp = String(Math.floor(now.getTime() / 1000));
  await post(channel.url, body, {
    'x-huxiao-event': eventName(d.eventKind),
    'x-huxiao-delivery': d.idempotencyKey,
    'x-huxiao-timestamp': timestamp,
    'x-huxiao-signature': webhookSignature(channel.secret, timestamp, body),
  });
}
