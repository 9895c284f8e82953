import { z } from 'zod';
import { createDrillSchema, drillStatuses, guidanceKindLabels, updateDrillSchema } from '../../domain/drill.js';
import { hazardLevels } from '../../domain/hazard.js';
import { isoDay } from '../../domain/input-dates.js';
import { contentDisposition, idParams, pageQuery, XLSX } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { packOf } from '../policy/policy.service.js';
import { createHazardFromDrillProblem } from './drill-hazards.service.js';
import { exportDrills } from './drills.excel.js';
import { createDrill, getDrill, listDrills, submitDrill, updateDrill } from './drills.service.js';

const TAG = '应急演练';

const filterQuery = {
  schoolId: z.uuid('学校无效').optional(),
  parentId: z.uuid('街道/教管中心无效').optional(),
  type: z.string().trim().max(40, '演练类型无效').optional(),
  status: z.enum(drillStatuses, { error: '状态无效' }).optional(),
  from: isoDay('开始日期格式应为 YYYY-MM-DD').optional(),
  to: isoDay('结束日期格式应为 YYYY-MM-DD').optional(),
};

const problemParams = z.object({ id: z.uuid('编号无效'), no: z.coerce.number().int('问题序号无效').min(1, '问题序号无效').max(30, '问题序号无效') });

const hazardOverrides = z
  .object({
    title: z.string().trim().min(1).max(100, '隐患标题不超过 100 个字').optional(),
    description: z.string().trim().max(2000).optional(),
    level: z.enum(hazardLevels, { error: '隐患等级应为一般或重大' }).optional(),
    place: z.string().trim().min(1).max(40).optional(),
  })
  .strict();

export const drillRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/drill-options',
    operationId: 'getDrillOptions',
    tag: TAG,
    summary: '演练表单的选项：本区政策包的演练类型、疏散用时目标、指导单位类别、隐患类别',
    access: 'user',
    handler: async ({ actor, app }) => {
      const pack = await packOf(app, actor.districtId);
      return {
        types: pack.vocab.drillTypes.map(({ code, label, description }) => ({ code, label, description })),
        evacuation: pack.drillEvacuation,
        guidanceKinds: Object.entries(guidanceKindLabels).map(([code, label]) => ({ code, label })),
        hazardCategories: pack.hazardCategories.map(({ code, label }) => ({ code, label })),
        semesters: pack.calendar.semesters,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/drills',
    operationId: 'listDrills',
    tag: TAG,
    summary: '应急演练记录（按权限范围；草稿只有本校可见）',
    access: 'user',
    query: z.object({ ...pageQuery, ...filterQuery }),
    handler: ({ actor, app, query }) => listDrills(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/drills/export',
    operationId: 'exportDrills',
    tag: TAG,
    summary: '导出应急演练台账（Excel，筛选条件和权限范围同列表）',
    access: 'user',
    query: z.object(filterQuery),
    produces: { contentType: XLSX, description: '应急演练台账-日期.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const file = await exportDrills(app, actor, query);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(file.filename)).send(file.buffer);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/drills',
    operationId: 'createDrill',
    tag: TAG,
    summary: '记录应急演练（可直接提交）。clientId 由手机生成：同一 clientId 重复同步不会产生第二条记录',
    access: 'user',
    body: createDrillSchema,
    handler: async ({ actor, app, body, reply }) => {
      const r = await createDrill(app, actor, body);
      reply.status(r.created ? 201 : 200);
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/drills/:id',
    operationId: 'getDrill',
    tag: TAG,
    summary: '演练详情：各楼疏散用时与目标（超时标红）、发现的问题和转成的隐患、照片、预案',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getDrill(app, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/drills/:id',
    operationId: 'updateDrill',
    tag: TAG,
    summary: '保存演练草稿（本校校长或安全干部；baseVersion 防止覆盖别处的保存）',
    access: 'user',
    params: idParams,
    body: updateDrillSchema,
    handler: ({ actor, app, params, body }) => updateDrill(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/drills/:id/submit',
    operationId: 'submitDrill',
    tag: TAG,
    summary: '提交演练：情景、组织者、参演人数、各楼疏散用时、总结须填写；标记“转为隐患”的问题同时登记为隐患',
    access: 'user',
    params: idParams,
    body: z.object({ baseVersion: z.number({ error: '缺少版本号' }).int().min(1).max(2_147_483_647, '版本号无效') }).strict(),
    handler: ({ actor, app, params, body }) => submitDrill(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/drills/:id/problems/:no/hazard',
    operationId: 'createHazardFromDrillProblem',
    tag: TAG,
    summary: '把已提交演练中发现的问题一键转为隐患（预填学校、部位、类别、等级、描述，与演练互相关联）',
    access: 'user',
    params: problemParams,
    body: hazardOverrides,
    successStatus: 201,
    handler: ({ actor, app, params, body }) => createHazardFromDrillProblem(app, actor, params.id, params.no, body),
  }),
];
