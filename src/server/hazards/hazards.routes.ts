import { z } from 'zod';
import { hazardLevels, hazardSources, hazardStates } from '../../domain/hazard.js';
import { createHazardSchema, hazardActionInputs, updateHazardSchema } from '../../domain/hazard-inputs.js';
import { hazardActions } from '../../domain/hazard-workflow.js';
import { isoDay } from '../../domain/input-dates.js';
import { idParams, optionalText, pageQuery, queryBoolean } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { transitionHazard } from './hazard-actions.service.js';
import { hazardSorts } from './hazards.repository.js';
import { createHazard, getHazard, listHazards, updateHazard } from './hazards.service.js';

/** Ledger filters, shared by the list and the Excel export. */
export const hazardFilterQuery = {
  keyword: optionalText,
  parentId: z.uuid('街道/教管中心无效').optional(),
  schoolId: z.uuid('学校无效').optional(),
  category: z.string().trim().max(40).optional(),
  level: z.enum(hazardLevels, { error: '隐患等级无效' }).optional(),
  state: z.enum(hazardStates, { error: '隐患状态无效' }).optional(),
  source: z.enum(hazardSources, { error: '隐患来源无效' }).optional(),
  supervision: queryBoolean.optional(),
  place: z.string().trim().max(40).optional(),
  open: queryBoolean.optional(),
  overdue: queryBoolean.optional(),
  supervisionListed: queryBoolean.optional(),
  extensionPending: queryBoolean.optional(),
  responsibleUnitId: z.uuid('责任单位无效').optional(),
  verificationFailed: queryBoolean.optional(),
  extensionDecidedFrom: isoDay('延期审批日期格式应为 YYYY-MM-DD').optional(),
  from: isoDay('开始日期格式应为 YYYY-MM-DD').optional(),
  to: isoDay('结束日期格式应为 YYYY-MM-DD').optional(),
  campaignId: z.uuid('专项行动无效').optional(),
};

type FilterQuery = { [K in keyof typeof hazardFilterQuery]?: z.infer<(typeof hazardFilterQuery)[K]> };

/** Dates are Shanghai calendar days: from 00:00 of `from` to the end of `to`. */
export const toHazardFilter = (q: FilterQuery) => ({
  keyword: q.keyword || undefined,
  parentId: q.parentId,
  schoolId: q.schoolId,
  category: q.category || undefined,
  level: q.level,
  state: q.state,
  source: q.source,
  supervision: q.supervision,
  place: q.place || undefined,
  open: q.open,
  overdue: q.overdue,
  supervisionListed: q.supervisionListed,
  extensionPending: q.extensionPending,
  responsibleUnitId: q.responsibleUnitId,
  verificationFailed: q.verificationFailed,
  extensionDecidedFrom: q.extensionDecidedFrom ? new Date(`${q.extensionDecidedFrom}T00:00:00+08:00`) : undefined,
  foundFrom: q.from ? new Date(`${q.from}T00:00:00+08:00`) : undefined,
  foundTo: q.to ? new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000) : undefined,
  campaignId: q.campaignId,
});

const listQuery = z.object({
  ...pageQuery,
  ...hazardFilterQuery,
  sort: z.enum(Object.keys(hazardSorts) as [keyof typeof hazardSorts], { error: '排序字段无效' }).default('-foundAt'),
});

const actionParams = z.object({ id: z.uuid('编号无效'), action: z.enum(hazardActions, { error: '未知的隐患操作' }) });

export const hazardRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/hazards',
    operationId: 'listHazards',
    tag: '隐患台账',
    summary: '问题隐患清单：按权限范围筛选、排序、分页，顶部统计（总数、未销号、逾期、已销号、按期销号率）',
    access: 'user',
    query: listQuery,
    handler: ({ actor, app, query }) => listHazards(app.db, actor, { ...toHazardFilter(query), page: query.page, pageSize: query.pageSize, sort: query.sort }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/hazards',
    operationId: 'createHazard',
    tag: '隐患台账',
    summary: '登记隐患（学校自查、督查、群众举报），可附现场照片',
    access: 'user',
    body: createHazardSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createHazard(app, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/hazards/:id',
    operationId: 'getHazard',
    tag: '隐患台账',
    summary: '隐患详情：全过程时间线（谁、何时、做了什么、前后照片）和当前可执行的操作',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getHazard(app.db, actor, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/hazards/:id',
    operationId: 'updateHazard',
    tag: '隐患台账',
    summary: '修改登记信息（登记、研判阶段）',
    access: 'user',
    params: idParams,
    body: updateHazardSchema,
    handler: ({ actor, app, params, body }) => updateHazard(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/hazards/:id/actions/:action',
    operationId: 'transitionHazard',
    tag: '隐患台账',
    summary: '闭环操作：研判、制定整改方案、提交验收、验收通过/不通过、交办、申请/审批延期、挂牌督办、复发重开',
    description: `请求体按操作不同：${hazardActions.map((a) => a).join('、')}。允许的操作见 getHazard 返回的 availableActions。`,
    access: 'user',
    params: actionParams,
    bodyDoc: z.union(Object.values(hazardActionInputs) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]),
    handler: ({ actor, app, params, req }) => transitionHazard(app, actor, params.id, params.action, req.body),
  }),
];
