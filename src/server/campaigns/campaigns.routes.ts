import { z } from 'zod';
import { createCampaignSchema, updateCampaignSchema } from '../../domain/campaign.js';
import { contentDisposition, idParams, queryBoolean, XLSX } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { exportCampaignProgress } from './campaigns.excel.js';
import { closeCampaign, createCampaign, getCampaign, getCampaignProgress, listCampaigns, listCampaignTemplates, updateCampaign } from './campaigns.service.js';

const TAG = '专项行动';
const year = z.coerce.number({ error: '年度无效' }).int('年度无效').min(2000, '年度无效').max(2100, '年度无效');

export const campaignRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/campaign-templates',
    operationId: 'listCampaignTemplates',
    tag: TAG,
    summary: '专项行动模板（政策包 campaigns.yaml 和周边集中整治）：按年度生成的阶段日期和任务，作为发起行动的初稿',
    access: 'user',
    query: z.object({ year }),
    handler: ({ actor, app, query }) => listCampaignTemplates(app, actor, query.year),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/campaigns',
    operationId: 'listCampaigns',
    tag: TAG,
    summary: '专项行动列表（学校只看到本校参与的行动）',
    access: 'user',
    query: z.object({ status: z.enum(['open', 'closed'], { error: '状态无效' }).optional(), year: year.optional(), running: queryBoolean.optional() }),
    handler: ({ actor, app, query }) => listCampaigns(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/campaigns',
    operationId: 'createCampaign',
    tag: TAG,
    summary: '发起专项行动（区教委）：阶段及日期、参与学校（类型、街道/教管中心）和部门、各阶段任务与目标',
    access: 'user',
    body: createCampaignSchema,
    handler: async ({ actor, app, body, reply }) => {
      const r = await createCampaign(app, actor, body);
      reply.status(201);
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/campaigns/:id',
    operationId: 'getCampaign',
    tag: TAG,
    summary: '一项专项行动：阶段、任务、目标和参与单位',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getCampaign(app, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/campaigns/:id',
    operationId: 'updateCampaign',
    tag: TAG,
    summary: '修改专项行动（区教委，带版本号；已结束的不能改）',
    access: 'user',
    params: idParams,
    body: updateCampaignSchema,
    handler: ({ actor, app, params, body }) => updateCampaign(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/campaigns/:id/close',
    operationId: 'closeCampaign',
    tag: TAG,
    summary: '结束专项行动（区教委）：结束后不能再标记隐患和检查',
    access: 'user',
    params: idParams,
    body: z.object({ baseVersion: z.number({ error: '缺少版本号' }).int().min(1).max(2_147_483_647, '版本号无效') }).strict(),
    handler: ({ actor, app, params, body }) => closeCampaign(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/campaigns/:id/progress',
    operationId: 'getCampaignProgress',
    tag: TAG,
    summary: '专项行动进度：各阶段任务完成率、隐患销号目标、各街道/教管中心和各校情况、滞后单位（权限范围内）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getCampaignProgress(app, actor, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/campaigns/:id/progress/export',
    operationId: 'exportCampaignProgress',
    tag: TAG,
    summary: '导出专项行动进度（Excel：各阶段汇总、各校明细、滞后单位）',
    access: 'user',
    params: idParams,
    produces: { contentType: XLSX, description: '专项行动进度-行动名称-日期.xlsx' },
    handler: async ({ actor, app, params, reply }) => {
      const file = await exportCampaignProgress(app, actor, params.id);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(file.filename)).send(file.buffer);
    },
  }),
];
