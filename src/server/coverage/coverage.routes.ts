import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { defineRoute } from '../http/route.js';
import { getCoverage, listObligations } from './coverage.service.js';

const TAG = '督查覆盖';
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

export const coverageRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/coverage',
    operationId: 'getCoverage',
    tag: TAG,
    summary: '督查覆盖：学校 × 月（督查全覆盖）或学校 × 周（自查）网格，按街镇、责任督学的覆盖率，未覆盖学校',
    access: 'user',
    query: z.object({
      view: z.enum(['month', 'week'], { error: '视图应为 month 或 week' }).default('month'),
      from: month.optional(),
      to: month.optional(),
      parentId: z.uuid('街道/教管中心无效').optional(),
      obligation: z
        .string()
        .regex(/^[a-z][a-z0-9_]{0,39}$/, '检查义务编码无效')
        .optional(),
      schoolId: z.uuid('学校无效').optional(),
    }),
    handler: ({ actor, app, query }) => getCoverage(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/obligations',
    operationId: 'listObligations',
    tag: TAG,
    summary: '检查义务：本周期和上一周期应完成、已完成、进行中、已逾期（学校用户为本校；区县用户含联合督检天数）',
    access: 'user',
    query: z.object({ day: isoDay('日期格式应为 YYYY-MM-DD').optional(), schoolId: z.uuid('学校无效').optional() }),
    handler: ({ actor, app, query }) => listObligations(app, actor, query),
  }),
];
