import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { idParams } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { getComplianceCalendar, getCoverage, listObligations } from './coverage.service.js';

const TAG = '督查覆盖';
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

export const coverageRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/coverage',
    operationId: 'getCoverage',
    tag: TAG,
    summary: '义务完成网格：学校（或部门）× 周期，任一类别的义务；按街镇、学校类型、责任督学的完成率，未完成学校',
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
    summary:
      '安全工作义务（检查、演练、安全教育、培训、责任书、巡查、值班等各类）：本周期和上一周期应完成、已完成、进行中、已逾期（学校用户为本校；区县用户含联合督检天数和部门职责）',
    access: 'user',
    query: z.object({ day: isoDay('日期格式应为 YYYY-MM-DD').optional(), schoolId: z.uuid('学校无效').optional() }),
    handler: ({ actor, app, query }) => listObligations(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/schools/:id/compliance-calendar',
    operationId: 'getComplianceCalendar',
    tag: TAG,
    summary: '合规日历：一所学校本周、本月或本学期应完成的各类安全工作（检查、演练、安全教育、培训、责任书、巡查、值班），完成情况和记录入口',
    access: 'user',
    params: idParams,
    query: z.object({ range: z.enum(['week', 'month', 'semester'], { error: '范围应为 week、month 或 semester' }).default('week') }),
    handler: ({ actor, app, params, query }) => getComplianceCalendar(app, actor, params.id, query.range),
  }),
];
