import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { openSafetyPeriodInput, submitCheckInInput } from '../../domain/safety-check-in.js';
import { contentDisposition, idParams, queryBoolean, XLSX } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { exportSafetyCheckInBoard } from './safety.export.js';
import { closeSafetyPeriod, getSafetyPeriod, listSafetyPeriods, openSafetyPeriod } from './safety.service.js';
import { chaseSafetyCheckIns, getSafetyCheckInBoard, submitSafetyCheckIn } from './safety-check-in.service.js';

const tag = '报平安';
const dayQuery = z.object({ day: isoDay().optional() });

export const safetyRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/safety-periods',
    operationId: 'listSafetyPeriods',
    tag,
    summary: '报平安时段（学校：本校参与的时段及今日状态；区教委/教管中心：覆盖本辖区学校的时段）',
    access: 'user',
    query: z.object({ active: queryBoolean.optional() }),
    handler: ({ actor, app, query }) => listSafetyPeriods(app.db, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/safety-periods',
    operationId: 'openSafetyPeriod',
    tag,
    summary: '开启报平安时段（敏感时期）：日期、每日截止时间（北京时间）、学校范围（类型/街道或全部）',
    access: 'user',
    body: openSafetyPeriodInput,
    successStatus: 201,
    handler: ({ actor, app, body }) => openSafetyPeriod(app.db, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/safety-periods/:id',
    operationId: 'getSafetyPeriod',
    tag,
    summary: '一个报平安时段',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getSafetyPeriod(app.db, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/safety-periods/:id/close',
    operationId: 'closeSafetyPeriod',
    tag,
    summary: '提前结束报平安时段（开启单位）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => closeSafetyPeriod(app.db, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/safety-periods/:id/check-ins',
    operationId: 'submitSafetyCheckIn',
    tag,
    summary: '学校报平安（今日一次）：平安，或异常（同时登记案件）',
    access: 'user',
    params: idParams,
    body: submitCheckInInput,
    successStatus: 201,
    handler: ({ actor, app, params, body }) => submitSafetyCheckIn(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/safety-periods/:id/board',
    operationId: 'getSafetyCheckInBoard',
    tag,
    summary: '报平安看板：某日（默认今天）各校报送情况，未报在前；含本时段迟报、未报天数',
    access: 'user',
    params: idParams,
    query: dayQuery,
    handler: ({ actor, app, params, query }) => getSafetyCheckInBoard(app.db, actor, params.id, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/safety-periods/:id/board.xlsx',
    operationId: 'exportSafetyCheckInBoard',
    tag,
    summary: '导出报平安看板（Excel）',
    access: 'user',
    params: idParams,
    query: dayQuery,
    produces: { contentType: XLSX, description: '报平安-<时段>-<日期>.xlsx' },
    handler: async ({ actor, app, params, query, reply }) => {
      const { file, fileName } = await exportSafetyCheckInBoard(app.db, actor, params.id, query);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(fileName)).send(file);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/safety-periods/:id/chase',
    operationId: 'chaseSafetyCheckIns',
    tag,
    summary: '一键催报：给今天尚未报平安的本辖区学校发提醒（同一学校每小时一次）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => chaseSafetyCheckIns(app.db, actor, params.id),
  }),
];
