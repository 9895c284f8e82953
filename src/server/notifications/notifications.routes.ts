import { z } from 'zod';
import { idParams, pageQuery, queryBoolean } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from './notifications.service.js';

export const notificationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/notifications',
    operationId: 'listNotifications',
    tag: '消息',
    summary: '我的消息（最新在前，含未读数）',
    access: 'user',
    query: z.object({ ...pageQuery, unreadOnly: queryBoolean.default(false) }),
    handler: ({ actor, app, query }) => listNotifications(app.db, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notifications/read-all',
    operationId: 'markAllNotificationsRead',
    tag: '消息',
    summary: '全部标为已读',
    access: 'user',
    handler: ({ actor, app }) => markAllNotificationsRead(app.db, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notifications/:id/read',
    operationId: 'markNotificationRead',
    tag: '消息',
    summary: '标为已读（重复调用保留首次阅读时间）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => markNotificationRead(app.db, actor, params.id),
  }),
];
