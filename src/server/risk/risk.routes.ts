import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import {
  acknowledgeRiskAlertSchema,
  alertTargetSchema,
  reviewRiskPointSchema,
  riskAlertKinds,
  riskColours,
  riskPointStatuses,
  saveRiskPointSchema,
  sendRiskAlertSchema,
  updateRiskPointSchema,
} from '../../domain/risk.js';
import { idParams, oneOrMany, optionalText, pageQuery, queryBoolean } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { acknowledgeRiskAlert, chaseRiskAlert, getRiskAlert, listRiskAlerts, previewRiskAlertTargets, sendRiskAlert } from './risk-alerts.service.js';
import { getEarlyWarnings, getRepeatHazards, getSelfCheckMisses } from './risk-analytics.service.js';
import { createRiskPoint, getRiskMap, getRiskPoint, listRiskPoints, reviewRiskPoint, updateRiskPoint } from './risk-points.service.js';

const TAG = '风险分级管控与风险提示';
const code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '风险源类别无效');
const rangeQuery = {
  from: isoDay('开始日期格式应为 YYYY-MM-DD').optional(),
  to: isoDay('结束日期格式应为 YYYY-MM-DD').optional(),
  schoolId: z.uuid('学校无效').optional(),
};

export const riskRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/risk-points',
    operationId: 'listRiskPoints',
    tag: TAG,
    summary: '风险清单：本人范围内的风险点（学校只看本校），按四色等级和分值排序；含各色数量和政策包的评估口径',
    access: 'user',
    query: z.object({
      ...pageQuery,
      schoolId: z.uuid('学校无效').optional(),
      districtLevel: queryBoolean.optional(),
      colour: oneOrMany(z.enum(riskColours, { error: '风险等级无效' })).optional(),
      sourceCode: oneOrMany(code).optional(),
      status: z.enum(riskPointStatuses, { error: '状态无效' }).optional(),
      overdue: queryBoolean.optional(),
      keyword: optionalText,
    }),
    handler: ({ actor, app, query }) => listRiskPoints(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/risk-points',
    operationId: 'saveRiskPoint',
    tag: TAG,
    summary: '登记风险点（学校、教管中心登记本范围学校的，区教委可登记区级风险点）：LS 或 LEC 评估，自动算分、定色和下次复评日期',
    access: 'user',
    body: saveRiskPointSchema,
    handler: async ({ actor, app, body, reply }) => {
      const r = await createRiskPoint(app, actor, body);
      reply.status(201);
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/risk-points/:id',
    operationId: 'getRiskPoint',
    tag: TAG,
    summary: '风险点详情：管控措施、管控层级、历次评估记录',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getRiskPoint(app, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/risk-points/:id',
    operationId: 'updateRiskPoint',
    tag: TAG,
    summary: '修改风险点（带版本号）；评估因子或日期变化时记一次评估',
    access: 'user',
    params: idParams,
    body: updateRiskPointSchema,
    handler: ({ actor, app, params, body }) => updateRiskPoint(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/risk-points/:id/reviews',
    operationId: 'reviewRiskPoint',
    tag: TAG,
    summary: '风险点复评：新的评估记入历史，更新等级和下次复评日期',
    access: 'user',
    params: idParams,
    body: reviewRiskPointSchema,
    handler: async ({ actor, app, params, body, reply }) => {
      const r = await reviewRiskPoint(app, actor, params.id, body);
      reply.status(201);
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/risk-map',
    operationId: 'getRiskMap',
    tag: TAG,
    summary: '四色风险分布图：范围内每所学校的坐标、最高风险等级和各色风险点数',
    access: 'user',
    handler: ({ actor, app }) => getRiskMap(app, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/risk-alerts',
    operationId: 'listRiskAlerts',
    tag: TAG,
    summary: '风险提示列表：学校看发给本校的，教管中心看本范围学校的，区教委看全部；含签收情况',
    access: 'user',
    query: z.object({
      ...pageQuery,
      pending: queryBoolean.optional(),
      kind: z.enum(riskAlertKinds, { error: '提示类别无效' }).optional(),
      schoolId: z.uuid('学校无效').optional(),
    }),
    handler: ({ actor, app, query }) => listRiskAlerts(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/risk-alerts/targets',
    operationId: 'previewRiskAlertTargets',
    tag: TAG,
    summary: '风险提示发送范围预览：按学校类型、区域、风险等级或类别匹配到的学校',
    access: 'user',
    body: z.object({ target: alertTargetSchema }).strict(),
    handler: ({ actor, app, body }) => previewRiskAlertTargets(app, actor, body.target),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/risk-alerts',
    operationId: 'sendRiskAlert',
    tag: TAG,
    summary: '发送风险提示（区教委、教管中心）：标题、内容、类别、落实期限和发送范围；通知各校校长和安全干部',
    access: 'user',
    body: sendRiskAlertSchema,
    handler: async ({ actor, app, body, reply }) => {
      const r = await sendRiskAlert(app, actor, body);
      reply.status(201);
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/risk-alerts/:id',
    operationId: 'getRiskAlert',
    tag: TAG,
    summary: '风险提示详情与签收看板：各校签收时间、落实措施、催办次数',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getRiskAlert(app, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/risk-alerts/:id/acknowledge',
    operationId: 'acknowledgeRiskAlert',
    tag: TAG,
    summary: '学校签收风险提示并填报已落实的措施（校长、安全干部）',
    access: 'user',
    params: idParams,
    body: acknowledgeRiskAlertSchema,
    handler: ({ actor, app, params, body }) => acknowledgeRiskAlert(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/risk-alerts/:id/chase',
    operationId: 'chaseRiskAlert',
    tag: TAG,
    summary: '一键催办未签收的学校（站内消息）',
    access: 'user',
    params: idParams,
    body: z.object({ schoolIds: z.array(z.uuid('学校无效')).max(2000).optional() }).strict(),
    handler: ({ actor, app, params, body }) => chaseRiskAlert(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/risk-analytics/repeat-hazards',
    operationId: 'getRepeatHazards',
    tag: TAG,
    summary: '重复隐患：同校同部位同类别销号后又发现的，以及多校反复出现的隐患类别；附明细',
    access: 'user',
    query: z.object(rangeQuery),
    handler: ({ actor, app, query }) => getRepeatHazards(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/risk-analytics/self-check-misses',
    operationId: 'getSelfCheckMisses',
    tag: TAG,
    summary: '自查漏报：督查或公安发现的隐患，该校此前 N 周自查同一检查项却填“合格”；按学校、按检查项，附明细',
    access: 'user',
    query: z.object({ ...rangeQuery, weeks: z.coerce.number().int('周数应为整数').min(1, '至少 1 周').max(26, '不超过 26 周').optional() }),
    handler: ({ actor, app, query }) => getSelfCheckMisses(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/risk-analytics/early-warnings',
    operationId: 'getEarlyWarnings',
    tag: TAG,
    summary: '预警：逾期未整改隐患或漏做的义务周期连续 N 个月上升的学校，附每期数字和引发预警的隐患或漏做周期，可一键转为风险提示',
    access: 'user',
    query: z.object({ schoolId: z.uuid('学校无效').optional() }),
    handler: ({ actor, app, query }) => getEarlyWarnings(app, actor, query),
  }),
];
