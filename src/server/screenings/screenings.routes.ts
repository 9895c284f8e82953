import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { createScreeningSchema } from '../../domain/screening.js';
import { pageQuery } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { createScreening, listScreenings } from './screenings.service.js';

const TAG = '排查报告';

export const screeningRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/screenings',
    operationId: 'listScreenings',
    tag: TAG,
    summary: '排查报告（矛盾纠纷排查、扫黑除恶线索排查、社区排查等；含零报告）：权限范围内各单位的报告、发现的问题和由此立的案件',
    access: 'user',
    query: z.object({
      ...pageQuery,
      unitId: z.uuid('单位无效').optional(),
      screeningType: z
        .string()
        .trim()
        .regex(/^[a-z][a-z0-9_]{0,39}$/, '排查类别无效')
        .optional(),
      from: isoDay().optional(),
      to: isoDay().optional(),
    }),
    handler: ({ actor, app, query }) => listScreenings(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/screenings',
    operationId: 'createScreening',
    tag: TAG,
    summary: '填报本单位排查报告：逐条写明发现的问题（可同时立案），或零报告（未发现）',
    access: 'user',
    body: createScreeningSchema,
    handler: async ({ actor, app, body, reply }) => {
      const r = await createScreening(app, actor, body);
      reply.status(201);
      return r;
    },
  }),
];
