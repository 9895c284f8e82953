import { z } from 'zod';
import { notificationKinds } from '../../domain/notification-kinds.js';
import { deliveryStates, optOutChannels, saveChannelInput } from '../../domain/outbound.js';
import { idParams, pageQuery } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { listChannels, listDeliveries, retryDelivery, saveChannel, testChannel } from './outbound.service.js';
import { getMyOutboundPreferences, saveMyOutboundPreferences } from './outbound-preferences.service.js';

const tag = '外发通道';

export const outboundRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/me/outbound-preferences',
    operationId: 'getMyOutboundPreferences',
    tag,
    summary: '本人的外发通知设置：哪些事件不通过短信、企业微信群、钉钉群发给本人（站内消息始终接收）',
    access: 'user',
    handler: ({ actor, app }) => getMyOutboundPreferences(app.db, actor),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/me/outbound-preferences',
    operationId: 'saveMyOutboundPreferences',
    tag,
    summary: '保存本人的外发通知设置（整体替换不接收的通道和事件）',
    access: 'user',
    body: z
      .object({
        optOuts: z
          .array(
            z
              .object({
                channel: z.enum(optOutChannels, { error: '通道应为 sms、wecom 或 dingtalk' }),
                kind: z.enum(notificationKinds, { error: '事件类型无效' }),
              })
              .strict(),
          )
          .max(optOutChannels.length * notificationKinds.length, '设置项过多'),
      })
      .strict(),
    handler: ({ actor, app, body }) => saveMyOutboundPreferences(app.db, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/outbound/channels',
    operationId: 'listChannels',
    tag,
    summary: '外发通道（企业微信/钉钉群机器人、短信、Webhook）及各自转发的事件；密钥和地址中的 key 不返回',
    access: 'user',
    handler: ({ actor, app }) => listChannels(app.db, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/outbound/channels',
    operationId: 'saveChannel',
    tag,
    summary: '新增或修改（带 id）外发通道；修改时不填地址或密钥即保留原值',
    access: 'user',
    body: saveChannelInput,
    handler: ({ actor, app, body }) => saveChannel(app.db, actor, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/outbound/channels/:id/test',
    operationId: 'testChannel',
    tag,
    summary: '立即发送一条测试消息（经发件箱，结果见外发记录）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => testChannel(app, actor, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/outbound/deliveries',
    operationId: 'listDeliveries',
    tag,
    summary: '外发记录（发件箱）：待发送、已发送、死信，可按通道筛选',
    access: 'user',
    query: z.object({ state: z.enum(deliveryStates, { error: '状态无效' }).optional(), channelId: z.uuid('通道无效').optional(), ...pageQuery }),
    handler: ({ actor, app, query }) => listDeliveries(app.db, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/outbound/deliveries/:id/retry',
    operationId: 'retryDelivery',
    tag,
    summary: '死信重新发送（同一幂等键，下一轮发送）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => retryDelivery(app.db, actor, params.id),
  }),
];
