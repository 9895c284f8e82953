import { z } from 'zod';
import { hazardLevels } from '../../domain/hazard.js';
import { isoDay } from '../../domain/input-dates.js';
import { createInspectionSchema, inspectionStatuses, updateInspectionSchema } from '../../domain/inspection.js';
import { inspectionLevels } from '../../domain/policy/pack-schema.js';
import { int4Max } from '../../domain/validation.js';
import { pageQuery, queryBoolean } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { createHazardFromItem } from './inspection-hazards.service.js';
import { createInspection, getInspection, listInspections, reportInspection, submitInspection, updateInspection } from './inspections.service.js';

const TAG = '安全检查';
const idParams = z.object({ id: z.uuid('编号无效') });
const itemParams = z.object({ id: z.uuid('编号无效'), code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '检查项编码无效') });

const listQuery = z.object({
  ...pageQuery,
  schoolId: z.uuid('学校无效').optional(),
  parentId: z.uuid('街道/教管中心无效').optional(),
  level: z.enum(inspectionLevels, { error: '督查层级无效' }).optional(),
  templateCode: z.string().trim().max(40).optional(),
  status: z.enum(inspectionStatuses, { error: '状态无效' }).optional(),
  from: isoDay('开始日期格式应为 YYYY-MM-DD').optional(),
  to: isoDay('结束日期格式应为 YYYY-MM-DD').optional(),
  mine: queryBoolean.optional(),
  campaignId: z.uuid('专项行动无效').optional(),
});

const hazardOverrides = z
  .object({
    title: z.string().trim().min(1).max(100, '隐患标题不超过 100 个字').optional(),
    description: z.string().trim().max(2000).optional(),
    level: z.enum(hazardLevels, { error: '隐患等级应为一般或重大' }).optional(),
    place: z.string().trim().min(1).max(40).optional(),
    category: z.string().trim().min(1).max(40).optional(),
  })
  .strict();

export const inspectionRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/inspections',
    operationId: 'listInspections',
    tag: TAG,
    summary: '检查记录（按权限范围；草稿只有检查人本人可见）',
    access: 'user',
    query: listQuery,
    handler: ({ actor, app, query }) => listInspections(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/inspections',
    operationId: 'createInspection',
    tag: TAG,
    summary: '新建检查（可直接提交）。clientId 由手机生成：同一 clientId 重复同步不会产生第二条记录，已提交且内容不同则返回冲突',
    access: 'user',
    body: createInspectionSchema,
    handler: async ({ actor, app, body, reply }) => {
      const r = await createInspection(app, actor, body);
      reply.status(r.created ? 201 : 200);
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/inspections/:id',
    operationId: 'getInspection',
    tag: TAG,
    summary: '检查详情：逐项结果、照片、签名、转成的隐患、上报情况',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getInspection(app, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/inspections/:id',
    operationId: 'updateInspection',
    tag: TAG,
    summary: '保存检查草稿（检查人本人；baseVersion 防止覆盖别处的保存）',
    access: 'user',
    params: idParams,
    body: updateInspectionSchema,
    handler: ({ actor, app, params, body }) => updateInspection(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/inspections/:id/submit',
    operationId: 'submitInspection',
    tag: TAG,
    summary: '提交检查：逐项填写完整、不合格项按要求附照片、检查人签名；标记“转为隐患”的不合格项同时登记为隐患',
    access: 'user',
    params: idParams,
    body: z.object({ baseVersion: z.number({ error: '缺少版本号' }).int().min(1).max(int4Max, '版本号无效') }).strict(),
    handler: ({ actor, app, params, body }) => submitInspection(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/inspections/:id/items/:code/hazard',
    operationId: 'createHazardFromItem',
    tag: TAG,
    summary: '把已提交检查中的不合格项一键转为隐患（预填学校、部位、类别、等级、描述，来源为检查层级，与检查项互相关联）',
    access: 'user',
    params: itemParams,
    body: hazardOverrides,
    successStatus: 201,
    handler: ({ actor, app, params, body }) => createHazardFromItem(app, actor, params.id, params.code, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/inspections/:id/report',
    operationId: 'reportInspection',
    tag: TAG,
    summary: '法定代表人（校长）签字上报需上报的检查（如学期消防安全自查，自查后 5 日内）；逾期上报会被标记',
    access: 'user',
    params: idParams,
    body: z.object({ signatureAttachmentId: z.uuid('请先签名'), note: z.string().trim().max(500).default('') }).strict(),
    handler: ({ actor, app, params, body }) => reportInspection(app, actor, params.id, body),
  }),
];
