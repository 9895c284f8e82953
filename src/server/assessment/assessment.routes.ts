import { z } from 'zod';
import { assessorScoreInput, createRoundInput, importMeasureQuery, selfAssessmentInput } from '../../domain/assessment/assessment-inputs.js';
import { sendFile } from '../http/file-reply.js';
import { idParams, queryBoolean, XLSX } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { exportAssessment } from './assessment.export.js';
import { getImportedTemplate, importMeasureValues, listImportedSources, listImportedValues } from './imported.service.js';
import { createAssessmentRound, getAssessmentRound, listAssessmentRounds, publishAssessmentRound, recomputeAssessmentRound } from './rounds.service.js';
import { getRubric, listRubrics } from './rubrics.service.js';
import { getAssessment, saveAssessorScore, saveSelfAssessment } from './scores.service.js';

const tag = '考核';
const rubricParams = z.object({
  code: z.string('考核细则编码无效').regex(/^[a-z][a-z0-9_]{0,47}$/, '考核细则编码无效'),
  version: z.string('版本无效').regex(/^[0-9A-Za-z._-]{1,20}$/, '版本无效'),
});
const unitParams = z.object({ id: z.uuid('考核编号无效'), unitId: z.uuid('单位编号无效') });

export const assessmentRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/assessment/rubrics',
    operationId: 'listRubrics',
    tag,
    summary: '本区政策包中的考核细则（各版本及生效日期）',
    access: 'user',
    handler: ({ actor, app }) => listRubrics(app, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/assessment/rubrics/:code/:version',
    operationId: 'getRubric',
    tag,
    summary: '一个版本的考核细则：维度、指标、评分标准、加分项和一票否决项',
    access: 'user',
    params: rubricParams,
    handler: ({ actor, app, params }) => getRubric(app, actor, params.code, params.version),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/assessment/rounds',
    operationId: 'listAssessmentRounds',
    tag,
    summary: '考核列表',
    access: 'user',
    handler: ({ actor, app }) => listAssessmentRounds(app, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/assessment/rounds',
    operationId: 'createAssessmentRound',
    tag,
    summary: '发起考核（区教委）：按期间开始日生效的细则版本，计算每个单位的自动评分项',
    access: 'user',
    body: createRoundInput,
    successStatus: 201,
    handler: ({ actor, app, body }) => createAssessmentRound(app, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/assessment/rounds/:id',
    operationId: 'getAssessmentRound',
    tag,
    summary: '一次考核：各单位总分和排名（学校只看到本校，公布后才有分数）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getAssessmentRound(app, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/assessment/rounds/:id/recompute',
    operationId: 'recomputeAssessmentRound',
    tag,
    summary: '按平台最新数据重新计算自动评分项（公布前）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => recomputeAssessmentRound(app, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/assessment/rounds/:id/publish',
    operationId: 'publishAssessmentRound',
    tag,
    summary: '公布考核结果：冻结总分，按学校类型和街镇排名；有未评定的人工项时须确认按 0 分计（confirmPending）',
    access: 'user',
    params: idParams,
    body: z.object({ confirmPending: z.boolean('确认项应为是或否').default(false) }).strict(),
    handler: ({ actor, app, params, body }) => publishAssessmentRound(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/assessment/rounds/:id/export',
    operationId: 'exportAssessment',
    tag,
    summary: '导出考核结果：Excel（排名和评分明细）或一个单位的 A4 PDF 报告',
    access: 'user',
    params: idParams,
    query: z.object({ format: z.enum(['xlsx', 'pdf'], { error: '格式应为 xlsx 或 pdf' }).default('xlsx'), unitId: z.uuid('单位编号无效').optional() }),
    produces: { contentType: XLSX, description: '考核结果.xlsx，或 format=pdf&unitId=… 时为 application/pdf' },
    handler: async ({ actor, app, params, query, reply }) => {
      const f = await exportAssessment(app, actor, params.id, query);
      return sendFile(reply, f.fileName, f.body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/assessment/rounds/:id/units/:unitId',
    operationId: 'getAssessment',
    tag,
    summary: '一个单位的考核：每项的数据、依据明细、自评、考评和得分',
    access: 'user',
    params: unitParams,
    handler: ({ actor, app, params }) => getAssessment(app, actor, params.id, params.unitId),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/assessment/rounds/:id/units/:unitId/self',
    operationId: 'saveSelfAssessment',
    tag,
    summary: '学校自评人工评分项（分数、说明、佐证附件）',
    access: 'user',
    params: unitParams,
    body: selfAssessmentInput,
    handler: ({ actor, app, params, body }) => saveSelfAssessment(app, actor, params.id, params.unitId, body),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/assessment/rounds/:id/units/:unitId/score',
    operationId: 'saveAssessorScore',
    tag,
    summary: '考评：评定人工项，或写明理由调整自动项；一票否决项认定是否否决',
    access: 'user',
    params: unitParams,
    body: assessorScoreInput,
    handler: ({ actor, app, params, body }) => saveAssessorScore(app, actor, params.id, params.unitId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/assessment/imported/sources',
    operationId: 'listImportedSources',
    tag,
    summary: '考核细则中需要导入的外部平台数据（来源、期间、使用它的指标、已导入的单位数）',
    access: 'user',
    handler: ({ actor, app }) => listImportedSources(app, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/assessment/imported/template',
    operationId: 'getImportedTemplate',
    tag,
    summary: '下载外部平台数据导入模板（Excel：每个被考核单位一行，已导入的数值预填）',
    access: 'user',
    query: importMeasureQuery,
    produces: { contentType: XLSX, description: '外部平台数据导入模板.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const file = await getImportedTemplate(app, actor, query);
      return sendFile(reply, `外部平台数据导入模板-${query.source}-${query.period}.xlsx`, file);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/assessment/imported',
    operationId: 'importMeasureValues',
    tag,
    summary: '导入外部平台数据（如安全教育平台完成率，Excel：单位代码/单位名称、数值）：先校验全部行，有错误则不导入并逐行报告',
    access: 'user',
    query: importMeasureQuery.extend({ dryRun: queryBoolean.default(false) }),
    rawBody: { contentTypes: [XLSX, 'application/octet-stream'], description: '.xlsx 文件' },
    handler: ({ actor, app, query, body }) => importMeasureValues(app, actor, body as unknown as Buffer, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/assessment/imported',
    operationId: 'listImportedValues',
    tag,
    summary: '已导入的外部平台数据（一个来源、一个期间）',
    access: 'user',
    query: importMeasureQuery,
    handler: ({ actor, app, query }) => listImportedValues(app, actor, query),
  }),
];
