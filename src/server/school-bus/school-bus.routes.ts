import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { busCheckKinds, busStatuses, createBusCheckSchema, saveSchoolBusSchema, updateSchoolBusSchema } from '../../domain/school-bus.js';
import { contentDisposition, idParams, optionalText, pageQuery, queryBoolean, XLSX } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { createBusCheck, createHazardFromBusFlag, listBusChecks } from './bus-checks.service.js';
import { exportSchoolBuses } from './school-bus.excel.js';
import { createSchoolBus, getSchoolBus, getSchoolBuses, listSchoolBuses, updateSchoolBus } from './school-bus.service.js';

const TAG = '校车';

const filterQuery = {
  schoolId: z.uuid('学校无效').optional(),
  parentId: z.uuid('街道/教管中心无效').optional(),
  status: z.enum(busStatuses, { error: '状态无效' }).optional(),
  keyword: optionalText,
  flagged: queryBoolean.optional(),
};

export const schoolBusRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/school-buses',
    operationId: 'listSchoolBuses',
    tag: TAG,
    summary: '校车台账（权限范围内）：车辆、驾驶员、照管人员、线路，证照和检验到期情况；各校档案校车数与在用登记车辆对照',
    access: 'user',
    query: z.object(filterQuery),
    handler: ({ actor, app, query }) => listSchoolBuses(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/school-buses/export',
    operationId: 'exportSchoolBuses',
    tag: TAG,
    summary: '导出校车台账（Excel，筛选条件和权限范围同列表）',
    access: 'user',
    query: z.object(filterQuery),
    produces: { contentType: XLSX, description: '校车台账-日期.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const file = await exportSchoolBuses(app, actor, query);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(file.filename)).send(file.buffer);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/school-buses',
    operationId: 'saveSchoolBus',
    tag: TAG,
    summary: '登记校车（本校校长、安全干部）：车辆及其驾驶员、照管人员、线路一并保存',
    access: 'user',
    body: saveSchoolBusSchema,
    handler: async ({ actor, app, body, reply }) => {
      const r = await createSchoolBus(app, actor, body);
      reply.status(201);
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/school-buses/:id',
    operationId: 'getSchoolBus',
    tag: TAG,
    summary: '一辆校车：驾驶员、照管人员、线路和到期情况',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getSchoolBus(app, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/school-buses/:id',
    operationId: 'updateSchoolBus',
    tag: TAG,
    summary: '修改校车（带版本号）：驾驶员、照管人员、线路按表单整体替换',
    access: 'user',
    params: idParams,
    body: updateSchoolBusSchema,
    handler: ({ actor, app, params, body }) => updateSchoolBus(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/school-buses/:id/hazards',
    operationId: 'createHazardFromBusFlag',
    tag: TAG,
    summary: '把校车已过期或不符合要求的事项转为隐患（类别校车，学校负责整改；能研判的角色同时研判为一般隐患）；同一事项未销号前只能转一次',
    access: 'user',
    params: idParams,
    body: z.object({ flagKey: z.string({ error: '请选择问题' }).trim().min(1, '请选择问题').max(120, '问题无效') }).strict(),
    handler: async ({ actor, app, params, body, reply }) => {
      const r = await createHazardFromBusFlag(app, actor, params.id, body);
      reply.status(201);
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/schools/:id/school-buses',
    operationId: 'getSchoolBuses',
    tag: TAG,
    summary: '一所学校的校车：档案校车数、在用车辆、到期情况、最近专项检查和安全学习',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getSchoolBuses(app, actor, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/school-bus-checks',
    operationId: 'listBusChecks',
    tag: TAG,
    summary: '校车专项检查和驾驶员安全学习记录（权限范围内）',
    access: 'user',
    query: z.object({
      ...pageQuery,
      schoolId: z.uuid('学校无效').optional(),
      kind: z.enum(busCheckKinds, { error: '检查类别无效' }).optional(),
      from: isoDay('开始日期格式应为 YYYY-MM-DD').optional(),
      to: isoDay('结束日期格式应为 YYYY-MM-DD').optional(),
    }),
    handler: ({ actor, app, query }) => listBusChecks(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/school-bus-checks',
    operationId: 'createBusCheck',
    tag: TAG,
    summary: '登记校车每月专项检查（区教委、教管中心、公安/交警）或驾驶员每周安全学习（本校）',
    access: 'user',
    body: createBusCheckSchema,
    handler: async ({ actor, app, body, reply }) => {
      const r = await createBusCheck(app, actor, body);
      reply.status(201);
      return r;
    },
  }),
];
