import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { queryBoolean } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { cancelInspectionPlan, createInspectionPlan, createPlanSchema, listInspectionPlans } from './plans.service.js';

const TAG = '督查覆盖';

export const planRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/inspection-plans',
    operationId: 'listInspectionPlans',
    tag: TAG,
    summary: '督检安排（联合督检等）：日期、学校、完成情况（按安排或当天同层级检查计入）',
    access: 'user',
    query: z.object({
      from: isoDay('日期格式应为 YYYY-MM-DD').optional(),
      to: isoDay('日期格式应为 YYYY-MM-DD').optional(),
      active: queryBoolean.optional(),
    }),
    handler: ({ actor, app, query }) => listInspectionPlans(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/inspection-plans',
    operationId: 'createInspectionPlan',
    tag: TAG,
    summary: '安排督检（区教委）：日期、层级、学校、参加单位；联合督检组收到通知',
    access: 'user',
    body: createPlanSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createInspectionPlan(app, actor, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/inspection-plans/:id/cancel',
    operationId: 'cancelInspectionPlan',
    tag: TAG,
    summary: '取消督检安排（区教委）',
    access: 'user',
    params: z.object({ id: z.uuid('编号无效') }),
    handler: ({ actor, app, params }) => cancelInspectionPlan(app, actor, params.id),
  }),
];
