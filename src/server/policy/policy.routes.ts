import { z } from 'zod';
import { int4Max } from '../../domain/validation.js';
import { defineRoute } from '../http/route.js';
import { packOf, policyPackDto } from './policy.service.js';
import { getChecklistTemplate, listChecklistTemplates, saveChecklistTemplate, saveTemplateSchema } from './templates.service.js';

const codeParams = z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '检查表编码无效') });
const versionQuery = z.object({ version: z.coerce.number().int('版本号必须是整数').min(1, '版本号从 1 开始').max(int4Max, '版本号无效').optional() });

export const policyRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/policy-pack',
    operationId: 'getPolicyPack',
    tag: '政策包与检查表',
    summary: '本区县适用的政策包（国家默认包 + 区县覆盖）：隐患类别、督查层级、检查义务、检查表，每条规则注明来源包和文件',
    access: 'user',
    handler: async ({ actor, app }) => policyPackDto(await packOf(app, actor.districtId)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/checklist-templates',
    operationId: 'listChecklistTemplates',
    tag: '政策包与检查表',
    summary: '检查表模板（每个模板的最新版本）',
    access: 'user',
    handler: ({ actor, app }) => listChecklistTemplates(app, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/checklist-templates/:code',
    operationId: 'getChecklistTemplate',
    tag: '政策包与检查表',
    summary: '检查表模板详情（检查项、检查方法、版本历史）；可指定版本',
    access: 'user',
    params: codeParams,
    query: versionQuery,
    handler: ({ actor, app, params, query }) => getChecklistTemplate(app, actor, params.code, query.version),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/checklist-templates/:code',
    operationId: 'saveChecklistTemplate',
    tag: '政策包与检查表',
    summary: '修改检查表（增加、排序、停用检查项），保存为新版本；已完成的检查保留原版本',
    access: 'user',
    params: codeParams,
    body: saveTemplateSchema,
    handler: ({ actor, app, params, body }) => saveChecklistTemplate(app, actor, params.code, body),
  }),
];
