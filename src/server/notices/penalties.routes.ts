import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { idParams, pageQuery } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { getPenalty, listPenalties, recordPenalty } from './penalties.service.js';

const day = (label: string) => isoDay(`${label}格式应为 YYYY-MM-DD`);

const recordPenaltyBody = z
  .object({
    schoolId: z.uuid('学校无效'),
    number: z.string('请填写处罚决定书文号').trim().min(1, '请填写处罚决定书文号').max(60, '文号不超过 60 个字'),
    decidedOn: day('处罚决定日期'),
    content: z.string('请填写处罚内容').trim().min(1, '请填写处罚内容').max(4000, '处罚内容不超过 4000 个字'),
    hazardIds: z.array(z.uuid('隐患编号无效')).max(50, '最多关联 50 项隐患').default([]),
    attachmentIds: z.array(z.uuid('附件编号无效')).max(20, '附件最多 20 个').default([]),
  })
  .strict();

const listQuery = z.object({
  ...pageQuery,
  schoolId: z.uuid('学校无效').optional(),
  parentId: z.uuid('街道/教管中心无效').optional(),
  policeUnitId: z.uuid('派出所无效').optional(),
  from: day('开始日期').optional(),
  to: day('结束日期').optional(),
});

const tag = '执法处罚书';

export const penaltyRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/penalties',
    operationId: 'listPenalties',
    tag,
    summary: '执法处罚书列表（派出所看本所的，学校看本校的，上级看辖区学校的）',
    access: 'user',
    query: listQuery,
    handler: ({ actor, app, query }) => listPenalties(app.db, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/penalties',
    operationId: 'recordPenalty',
    tag,
    summary: '登记执法处罚书（派出所民警；文号本所内唯一），可关联隐患和附件',
    access: 'user',
    body: recordPenaltyBody,
    successStatus: 201,
    handler: ({ actor, app, body }) => recordPenalty(app.db, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/penalties/:id',
    operationId: 'getPenalty',
    tag,
    summary: '执法处罚书详情：关联隐患、附件',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getPenalty(app.db, actor, params.id),
  }),
];
