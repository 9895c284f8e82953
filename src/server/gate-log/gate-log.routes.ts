import { z } from 'zod';
import { createGateLogSchema, markGateLogLeftSchema } from '../../domain/gate-log.js';
import { isoDay } from '../../domain/input-dates.js';
import { idParams } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { createGateLogEntry, getGateLogSummary, listGateLog, markGateLogLeft } from './gate-log.service.js';

const tag = '门卫登记';

export const gateLogRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/gate-log',
    operationId: 'listGateLog',
    tag,
    summary: '本校门卫登记（某日的来访人员和车辆，及尚未离校的）与近期来访（一键再登记）；仅本校人员可见',
    access: 'user',
    query: z.object({ schoolId: z.uuid('学校无效'), day: isoDay('日期格式应为 YYYY-MM-DD').optional() }),
    handler: ({ actor, app, query }) => listGateLog(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/gate-log',
    operationId: 'createGateLogEntry',
    tag,
    summary: '登记来访人员或车辆进校（本校人员）',
    access: 'user',
    body: createGateLogSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createGateLogEntry(app, actor, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/gate-log/:id/leave',
    operationId: 'markGateLogLeft',
    tag,
    summary: '登记离校（可带手机记录的离校时间；已登记离校的再次提交不改变任何内容，返回原记录）',
    access: 'user',
    params: idParams,
    body: markGateLogLeftSchema,
    handler: ({ actor, app, params, body }) => markGateLogLeft(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/gate-log/summary',
    operationId: 'getGateLogSummary',
    tag,
    summary: '各校门卫登记情况（有登记的天数、登记数、车辆数、未离校数）；不含来访人员信息',
    access: 'user',
    query: z.object({
      from: isoDay('开始日期格式应为 YYYY-MM-DD').optional(),
      to: isoDay('结束日期格式应为 YYYY-MM-DD').optional(),
      orgUnitId: z.uuid('单位无效').optional(),
    }),
    handler: ({ actor, app, query }) => getGateLogSummary(app, actor, query),
  }),
];
