import { z } from 'zod';
import { createEducationSessionSchema, createTrainingSchema } from '../../domain/education.js';
import { isoDay } from '../../domain/input-dates.js';
import { contentDisposition, idParams, pageQuery, queryBoolean, shanghaiDate, XLSX } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { createEducationSession, getEducationHours, getEducationOptions, getEducationSession, listEducationSessions } from './education.service.js';
import { exportEducationSessions, getEducationImportTemplate, importEducationSessions } from './education.transfer.service.js';
import { createTraining, exportTrainings, getTraining, listTrainings } from './trainings.service.js';

const day = (label: string) => isoDay(`${label}格式应为 YYYY-MM-DD`);
const code = (label: string) => z.string().trim().max(40, `${label}无效`).optional();

const sessionFilter = {
  schoolId: z.uuid('学校无效').optional(),
  topic: code('教育主题'),
  occasion: code('特殊时点'),
  audience: z.string().trim().max(20, '班级无效').optional(),
  from: day('开始日期').optional(),
  to: day('结束日期').optional(),
};
const trainingFilter = {
  schoolId: z.uuid('学校无效').optional(),
  kind: code('培训类别'),
  from: day('开始日期').optional(),
  to: day('结束日期').optional(),
};
const blankToUndefined = <T extends Record<string, unknown>>(q: T) => Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v === '' ? undefined : v])) as T;

const tag = '安全教育和培训';

export const educationRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/education/options',
    operationId: 'getEducationOptions',
    tag,
    summary: '安全教育和培训表单的选项：本区教育主题、特殊时点、培训类别、授课人类型，学校用户另有本校教职工名单',
    access: 'user',
    handler: ({ actor, app }) => getEducationOptions(app, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/education-sessions',
    operationId: 'listEducationSessions',
    tag,
    summary: '安全教育记录（按权限范围；按学校、主题、特殊时点、班级、日期筛选），顶部合计节数和课时',
    access: 'user',
    query: z.object({ ...pageQuery, ...sessionFilter }),
    handler: ({ actor, app, query }) => listEducationSessions(app, actor, blankToUndefined(query)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/education-sessions/hours',
    operationId: 'getEducationHours',
    tag,
    summary: '各班安全教育课时（本班、本年级和全校的课时合计；默认本学期；按学校、年级、课时不足筛选，分页）',
    access: 'user',
    query: z.object({
      ...pageQuery,
      schoolId: z.uuid('学校无效').optional(),
      from: day('开始日期').optional(),
      to: day('结束日期').optional(),
      grade: z.coerce.number().int('年级应为整数').min(1, '年级为 1–12').max(12, '年级为 1–12').optional(),
      belowHours: z.coerce.number().min(0, '课时不能为负').max(1000, '课时过大').optional(),
    }),
    handler: ({ actor, app, query }) => getEducationHours(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/education-sessions/export',
    operationId: 'exportEducationSessions',
    tag,
    summary: '导出安全教育记录（Excel，筛选条件同列表）',
    access: 'user',
    query: z.object(sessionFilter),
    produces: { contentType: XLSX, description: '安全教育记录.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const file = await exportEducationSessions(app, actor, blankToUndefined(query));
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', contentDisposition(`安全教育记录-${shanghaiDate()}.xlsx`))
        .send(file);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/education-sessions/import-template',
    operationId: 'getEducationImportTemplate',
    tag,
    summary: '下载安全教育课表导入模板（Excel，含填写说明和本区主题）',
    access: 'user',
    produces: { contentType: XLSX, description: '安全教育课表导入模板.xlsx' },
    handler: async ({ actor, app, reply }) => {
      const file = await getEducationImportTemplate(app, actor);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition('安全教育课表导入模板.xlsx')).send(file);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/education-sessions/import',
    operationId: 'importEducationSessions',
    tag,
    summary: '从 Excel 导入本校一学期的安全教育课表：先校验全部行，有任何错误则不导入并逐行报告',
    access: 'user',
    query: z.object({ dryRun: queryBoolean.default(false) }),
    rawBody: { contentTypes: [XLSX, 'application/octet-stream'], description: '按模板填写的 .xlsx 文件' },
    handler: ({ actor, app, query, body }) => importEducationSessions(app, actor, body as unknown as Buffer, query.dryRun),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/education-sessions/:id',
    operationId: 'getEducationSession',
    tag,
    summary: '一条安全教育记录（含照片）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getEducationSession(app, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/education-sessions',
    operationId: 'createEducationSession',
    tag,
    summary: '登记安全教育（学校校长、安全干部）：全校、整个年级，或一个年级的若干班一次登记',
    access: 'user',
    body: createEducationSessionSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createEducationSession(app, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/trainings',
    operationId: 'listTrainings',
    tag,
    summary: '教职工培训记录（按权限范围；按学校、类别、日期筛选），顶部合计次数和参训人次',
    access: 'user',
    query: z.object({ ...pageQuery, ...trainingFilter }),
    handler: ({ actor, app, query }) => listTrainings(app, actor, blankToUndefined(query)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/trainings/export',
    operationId: 'exportTrainings',
    tag,
    summary: '导出教职工培训记录（Excel，筛选条件同列表）',
    access: 'user',
    query: z.object(trainingFilter),
    produces: { contentType: XLSX, description: '教职工培训记录.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const file = await exportTrainings(app, actor, blankToUndefined(query));
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', contentDisposition(`教职工培训记录-${shanghaiDate()}.xlsx`))
        .send(file);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/trainings/:id',
    operationId: 'getTraining',
    tag,
    summary: '一条教职工培训记录（含参训人员、证书和照片）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getTraining(app, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/trainings',
    operationId: 'createTraining',
    tag,
    summary: '登记教职工培训（学校校长、安全干部）：类别、培训人或机构、参训人员或人数、学时',
    access: 'user',
    body: createTrainingSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createTraining(app, actor, body),
  }),
];
