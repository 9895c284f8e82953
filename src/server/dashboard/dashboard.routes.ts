import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { inspectionLevels } from '../../domain/policy/pack-schema.js';
import { contentDisposition, XLSX } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { getDashboard } from './dashboard.service.js';
import { periodKinds } from './dashboard.view.js';
import { exportSupervisionSummary, getSupervisionSummary } from './supervision-summary.service.js';

const TAG = '数据看板与统计';
const day = (label: string) => isoDay(`${label}格式应为 YYYY-MM-DD`);
const orgUnitId = z.uuid('单位无效').optional();

const summaryQuery = z.object({
  from: day('开始日期'),
  to: day('结束日期'),
  level: z.enum(inspectionLevels, { error: `督查层级应为 ${inspectionLevels.join('、')} 之一` }).optional(),
  orgUnitId,
});

export const dashboardRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/dashboard',
    operationId: 'getDashboard',
    tag: TAG,
    summary: '数据看板：隐患概况、整改率与按期销号率、月度趋势、类别与部位、街镇排名、督查覆盖、自查完成、通知书与处罚、督查汇总、学校地图',
    description:
      '按权限范围统计，可用 orgUnitId 缩小到一个街道/教管中心或学校。period=month|semester|year 以 date（默认今天）所在的周期为准，custom 用 from、to。每个数字附带 link：打开同一筛选条件的清单。',
    access: 'user',
    query: z.object({
      period: z.enum(periodKinds, { error: '周期应为 month、semester、year 或 custom' }).default('month'),
      date: day('日期').optional(),
      from: day('开始日期').optional(),
      to: day('结束日期').optional(),
      orgUnitId,
    }),
    handler: ({ actor, app, query }) => getDashboard(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/statistics/supervision-summary',
    operationId: 'getSupervisionSummary',
    tag: TAG,
    summary: '督查汇总：范围内学校数、督查学校数、发现隐患学校数、已全部整改学校数、正在整改学校数、发现/销号/未销号/逾期隐患数、整改通知书数、处罚书数',
    description:
      '隐患和学校数为该层级督查在期间内发现的隐患（不指定 level 时为除学校自查外的各级督查）；整改通知书和处罚书为期间内任何层级下达的。按权限范围统计，orgUnitId 可缩小到街道/教管中心或学校。',
    access: 'user',
    query: summaryQuery,
    handler: ({ actor, app, query }) => getSupervisionSummary(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/statistics/supervision-summary/export',
    operationId: 'exportSupervisionSummary',
    tag: TAG,
    summary: '督查汇总 Excel：与 getSupervisionSummary 相同的数字，并按街道/教管中心分列',
    access: 'user',
    query: summaryQuery,
    produces: { contentType: XLSX, description: '督查汇总-YYYY-MM-DD-YYYY-MM-DD.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const file = await exportSupervisionSummary(app, actor, query);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('cache-control', 'private, no-store')
        .send(file.body);
    },
  }),
];
