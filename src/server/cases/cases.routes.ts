import { z } from 'zod';
import { caseActionParam, caseActionSchema, createCaseSchema } from '../../domain/case-inputs.js';
import { queryDate } from '../../domain/input-dates.js';
import { caseSteps, incidentLevelCodes } from '../../domain/policy/cases-schema.js';
import { contentDisposition, idParams, oneOrMany, optionalText, pageQuery, queryBoolean, XLSX } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { transitionCase } from './case-actions.service.js';
import { exportCases, getCaseStats } from './case-stats.service.js';
import { caseFilterOf, createCase, getCase, listCases, listCaseTypes } from './cases.service.js';

const TAG = '案件（信访、纠纷、举报、事故）';
const code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '案件类型无效');

/** The list's filter, read by the list, the workbench's links and the export alike. */
export const caseFilterQuery = {
  typeCode: oneOrMany(code).optional(),
  state: oneOrMany(z.enum(caseSteps, { error: '环节无效' })).optional(),
  open: queryBoolean.optional(),
  overdue: queryBoolean.optional(),
  dueSoon: queryBoolean.optional(),
  waiting: queryBoolean.optional(),
  upwardPending: queryBoolean.optional(),
  schoolId: z.uuid('学校无效').optional(),
  /** The cases about the schools of one 教管中心/街道. */
  parentId: z.uuid('教管中心无效').optional(),
  assignedUnitId: z.uuid('承办单位无效').optional(),
  level: z.enum(incidentLevelCodes, { error: '事故等级无效' }).optional(),
  keyword: optionalText,
  from: queryDate('开始时间无效').optional(),
  to: queryDate('结束时间无效').optional(),
};
export const caseListQuery = z.object({ ...pageQuery, ...caseFilterQuery });
export type CaseListQuery = z.infer<typeof caseListQuery>;

export const toCaseFilterInput = (q: Omit<CaseListQuery, 'page' | 'pageSize'>) => {
  const { typeCode, state, ...rest } = q;
  return { ...rest, typeCodes: typeCode, states: state };
};

export const caseRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/case-types',
    operationId: 'listCaseTypes',
    tag: TAG,
    summary: '案件类型（政策包 cases.yaml）：各环节时限、延期、复查复核、即时上报、保密级别，以及事故等级与报告时限',
    access: 'user',
    handler: ({ actor, app }) => listCaseTypes(app, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/cases',
    operationId: 'listCases',
    tag: TAG,
    summary: '案件列表（承办单位及其上级可见；欺凌案件只有本案单位可见）：按类型、环节、时限状态、学校、承办单位筛选',
    access: 'user',
    query: caseListQuery,
    handler: ({ actor, app, query }) => {
      const { page, pageSize, ...filter } = query;
      return listCases(app, actor, { ...toCaseFilterInput(filter), page, pageSize });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/cases/export',
    operationId: 'exportCases',
    tag: TAG,
    summary: '导出案件台账和统计（Excel，筛选条件和权限范围同列表）',
    access: 'user',
    query: z.object(caseFilterQuery),
    produces: { contentType: XLSX, description: '案件台账-日期.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const now = new Date();
      const file = await exportCases(app, actor, caseFilterOf(actor, toCaseFilterInput(query), now), now);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(file.fileName)).send(file.buffer);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/cases/stats',
    operationId: 'getCaseStats',
    tag: TAG,
    summary: '案件统计：按类型、环节、承办单位、月份；各环节按时率；超时清单；事故按等级',
    access: 'user',
    query: z.object({
      from: queryDate('开始时间无效').optional(),
      to: queryDate('结束时间无效').optional(),
      schoolId: z.uuid('学校无效').optional(),
      parentId: z.uuid('教管中心无效').optional(),
    }),
    handler: ({ actor, app, query }) => getCaseStats(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/cases',
    operationId: 'createCase',
    tag: TAG,
    summary: '登记案件（签收登记）；扬言报复和达到等级的事故即时通知区教委和派出所',
    access: 'user',
    body: createCaseSchema,
    handler: async ({ actor, app, body, reply }) => {
      const r = await createCase(app, actor, body);
      reply.status(201);
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/cases/:id',
    operationId: 'getCase',
    tag: TAG,
    summary: '案件详情：时间线、文件、相关学校和隐患、时限状态、可执行的操作（保密案件的每次查阅记入操作日志）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getCase(app, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/actions/:action',
    operationId: 'transitionCase',
    tag: TAG,
    summary: '案件流转：分办、签收、退回、上报结果、督查、答复、归档、延期、复查复核、确认收到、事故报告与处置（带版本号）',
    access: 'user',
    params: z.object({ id: z.uuid('编号无效'), action: caseActionParam }),
    body: caseActionSchema,
    handler: ({ actor, app, params, body }) => transitionCase(app, actor, params.id, params.action, body),
  }),
];
