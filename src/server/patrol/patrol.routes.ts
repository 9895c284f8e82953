import { z } from 'zod';
import { hazardLevels } from '../../domain/hazard.js';
import { isoDay } from '../../domain/input-dates.js';
import { createPatrolLogSchema, saveDutyRosterSchema } from '../../domain/patrol.js';
import { contentDisposition, idParams, pageQuery, queryBoolean, XLSX } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { createPatrolLog, getPatrolLog, listPatrolLogs } from './patrol.service.js';
import { exportPatrolLogs } from './patrol-export.service.js';
import { createHazardFromFinding } from './patrol-hazards.service.js';
import { exportDutyRoster, getDutyRoster, saveDutyRoster } from './roster.service.js';

const TAG = '巡查与值班';

const filterQuery = {
  schoolId: z.uuid('学校无效').optional(),
  route: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, '巡查路线无效')
    .optional(),
  from: isoDay('开始日期格式应为 YYYY-MM-DD').optional(),
  to: isoDay('结束日期格式应为 YYYY-MM-DD').optional(),
  withFindings: queryBoolean.optional(),
};

const rosterQuery = z.object({
  schoolId: z.uuid('学校无效'),
  from: isoDay('开始日期格式应为 YYYY-MM-DD'),
  to: isoDay('结束日期格式应为 YYYY-MM-DD'),
});

export const patrolRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/patrol-logs',
    operationId: 'listPatrolLogs',
    tag: TAG,
    summary: '巡查记录（按权限范围）；附各路线条数和政策包规定的每日次数（如有）',
    access: 'user',
    query: z.object({ ...pageQuery, ...filterQuery }),
    handler: ({ actor, app, query }) => listPatrolLogs(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/patrol-logs',
    operationId: 'createPatrolLog',
    tag: TAG,
    summary: '登记一次巡查（本校教职工、安全干部、校长）。clientId 由手机生成，重复发送同一条不会产生第二条；发现的问题可同时转为隐患',
    access: 'user',
    body: createPatrolLogSchema,
    handler: async ({ actor, app, body, reply }) => {
      const r = await createPatrolLog(app, actor, body);
      reply.status(r.created ? 201 : 200);
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/patrol-logs/export',
    operationId: 'exportPatrolLogs',
    tag: TAG,
    summary: '导出巡查记录（Excel，筛选条件和权限范围同列表）',
    access: 'user',
    query: z.object(filterQuery),
    produces: { contentType: XLSX, description: '巡查记录-日期.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const r = await exportPatrolLogs(app, actor, query);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(r.filename)).send(r.file);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/patrol-logs/:id',
    operationId: 'getPatrolLog',
    tag: TAG,
    summary: '巡查记录详情：巡查点、发现的问题及转成的隐患、照片',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getPatrolLog(app, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/patrol-logs/:id/findings/:position/hazard',
    operationId: 'createHazardFromPatrolFinding',
    tag: TAG,
    summary: '把巡查发现的问题一键转为隐患（本校；来源为学校自查，预填学校、部位和描述）',
    access: 'user',
    params: z.object({ id: z.uuid('编号无效'), position: z.coerce.number().int('序号无效').min(0, '序号无效').max(19, '序号无效') }),
    body: z
      .object({
        category: z
          .string({ error: '请选择隐患类别' })
          .trim()
          .regex(/^[a-z][a-z0-9_]{0,39}$/, '隐患类别无效'),
        level: z.enum(hazardLevels, { error: '隐患等级应为一般或重大' }).optional(),
        title: z.string().trim().min(1).max(100, '隐患标题不超过 100 个字').optional(),
        place: z.string().trim().min(1).max(40, '部位不超过 40 个字').optional(),
      })
      .strict(),
    successStatus: 201,
    handler: ({ actor, app, params, body }) => createHazardFromFinding(app, actor, params.id, params.position, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/duty-roster',
    operationId: 'getDutyRoster',
    tag: TAG,
    summary: '学校值班表（一段日期内每天的值班领导、寄宿制学校夜间值班）',
    access: 'user',
    query: rosterQuery,
    handler: ({ actor, app, query }) => getDutyRoster(app, actor, query),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/duty-roster',
    operationId: 'saveDutyRoster',
    tag: TAG,
    summary: '保存值班表（本校校长或安全干部）：逐日写入；值班领导和夜间值班都为空的日期被清空',
    access: 'user',
    body: saveDutyRosterSchema,
    handler: ({ actor, app, body }) => saveDutyRoster(app, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/duty-roster/export',
    operationId: 'exportDutyRoster',
    tag: TAG,
    summary: '导出值班表（Excel，日期范围内每天一行）',
    access: 'user',
    query: rosterQuery,
    produces: { contentType: XLSX, description: '值班表-学校-日期.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const r = await exportDutyRoster(app, actor, query);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(r.filename)).send(r.file);
    },
  }),
];
