import { z } from 'zod';
import { notificationKinds } from './notification-kinds.js';

/**
 * Outbound channels (外发通道): the platform's inbox notifications forwarded to WeCom (企业微信)
 * and DingTalk group robots, SMS, or an integrator's webhook. Pure parts: the channel kinds, how
 * each request is signed and what its JSON says, the retry schedule, and masking of secrets.
 */
export const channelKinds = ['wecom', 'dingtalk', 'sms', 'webhook'] as const;
export type ChannelKind = (typeof channelKinds)[number];
export const channelKindLabels: Record<ChannelKind, string> = {
  wecom: '企业微信群机器人',
  dingtalk: '钉钉群机器人',
  sms: '短信',
  webhook: '通用 Webhook',
};

/**
 * The channels a user may opt out of per event kind (their own settings): SMS to their phone and
 * the group robots their unit's events go to. A webhook is an integrator's feed, not a person's.
 */
export const optOutChannels = ['sms', 'wecom', 'dingtalk'] as const;
export type OptOutChannel = (typeof optOutChannels)[number];
export const optOutChannelLabels: Record<OptOutChannel, string> = { sms: '短信', wecom: '企业微信群', dingtalk: '钉钉群' };
export const isOptOutChannel = (k: string): k is OptOutChannel => (optOutChannels as readonly string[]).includes(k);

export const deliveryStates = ['pending', 'sending', 'sent', 'dead'] as const;
export type DeliveryState = (typeof deliveryStates)[number];
export const deliveryStateLabels: Record<DeliveryState, string> = { pending: '待发送', sending: '发送中', sent: '已发送', dead: '死信（重试已用尽）' };

/** Attempts before a delivery becomes a dead letter (死信). */
export const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/** Wait before the next attempt after `attempts` failed ones: 30 s, 1 min, 2 min … capped at an hour. */
export const backoffMs = (attempts: number): number => Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));

/** The event name an integrator's webhook receives: `notification.<kind>`, or `channel.test`. */
export const eventName = (kind: string): string => (kind === 'channel_test' ? 'channel.test' : `notification.${kind}`);

export type OutboundMessage = { title: string; body: string; link: string };

/** Group robots show one text: the title in 【】, the body, and where to open it. */
export function robotText(m: OutboundMessage): string {
  const text = [`【护校安园】${m.title}`, m.body, m.link && `查看：${m.link}`].filter(Boolean).join('\n');
  // WeCom takes at most 2,048 bytes of text; Chinese is 3 bytes a character in UTF-8.
  return truncateBytes(text, 2000);
}

const encoder = new TextEncoder();
const utf8Bytes = (s: string): number => encoder.encode(s).length;

export function truncateBytes(s: string, max: number): string {
  if (utf8Bytes(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (utf8Bytes(`${out}${ch}…`) > max) break;
    out += ch;
  }
  return `${out}…`;
}

export const weComBody = (m: OutboundMessage) => ({ msgtype: 'text', text: { content: robotText(m) } });
export const dingTalkBody = (m: OutboundMessage) => ({ msgtype: 'text', text: { content: robotText(m) } });
/** SMS is short: the title and the body's first line. */
export const smsText = (m: OutboundMessage): string => truncateBytes(`【护校安园】${m.title}${m.body ? `：${m.body.split('\n')[0]}` : ''}`, 400);

/** A URL for the list: host and path kept, every query value (robot key, access_token) masked. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    const params = [...u.searchParams.keys()].map((k) => `${k}=****`);
    return `${u.protocol}//${u.host}${u.pathname}${params.length ? `?${params.join('&')}` : ''}`;
  } catch {
    return url ? '****' : '';
  }
}

/** The events a channel may forward: every inbox notification kind. */
export const outboundEventKinds = notificationKinds;

const httpUrl = z
  .string({ error: '请填写地址' })
  .trim()
  .max(1000, '地址不超过 1000 个字符')
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, '地址应为 http(s):// 开头的完整网址，且不含用户名和密码');

export const saveChannelInput = z
  .object({
    id: z.uuid('通道编号无效').optional(),
    name: z.string({ error: '请填写通道名称' }).trim().min(1, '请填写通道名称').max(60, '通道名称不超过 60 个字'),
    kind: z.enum(channelKinds, { error: '通道类型应为企业微信、钉钉、短信或 Webhook' }),
    unitId: z.uuid('所属单位无效').nullable().default(null),
    url: httpUrl.optional(),
    secret: z.string({ error: '密钥应为文字' }).trim().max(200, '密钥不超过 200 个字符').optional(),
    eventKinds: z
      .array(z.enum(notificationKinds, { error: '事件类型无效' }), { error: '事件应为列表' })
      .max(notificationKinds.length)
      .default([]),
    isActive: z.boolean({ error: '启用应为是或否' }).default(true),
  })
  .strict();
export type SaveChannelInput = z.input<typeof saveChannelInput>;
