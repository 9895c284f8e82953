import { z } from 'zod';
import { queryDate } from '../../domain/input-dates.js';
import { optionalText, pageQuery } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { listAuditEvents } from './audit.service.js';

const shortText = z.string().trim().max(64).optional();

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/audit-events',
    operationId: 'listAuditEvents',
    tag: '操作日志',
    summary: '操作日志：谁在何时改了什么（含修改前后），可筛选',
    access: 'user',
    query: z
      .object({
        ...pageQuery,
        keyword: optionalText,
        action: shortText,
        entityType: shortText,
        entityId: shortText,
        actorId: z.uuid('操作人无效').optional(),
        from: queryDate('开始时间无效').optional(),
        to: queryDate('结束时间无效').optional(),
      })
      .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始时间不能晚于结束时间', path: ['from'] }),
    handler: ({ actor, app, query }) => listAuditEvents(app.db, actor, { ...query, keyword: query.keyword || undefined }),
  }),
];
