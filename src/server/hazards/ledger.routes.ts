import { z } from 'zod';
import { contentDisposition, queryBoolean, XLSX } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { hazardFilterQuery, toHazardFilter } from './hazards.routes.js';
import { ledgers } from './ledger.excel.js';
import { exportHazardLedger, getHazardImportTemplate, importHazardLedger } from './ledger.service.js';

const exportQuery = z.object({
  ledger: z.enum(ledgers, { error: '台账应为 hazards（问题隐患清单）或 measures（整改措施清单）' }).default('hazards'),
  ...hazardFilterQuery,
});

/** The hazard ledger in and out of Excel (隐患“双台账”). */
export const ledgerRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/hazards/export',
    operationId: 'exportHazardLedger',
    tag: '隐患台账',
    summary: '导出问题隐患清单或整改措施清单（Excel，筛选条件和权限范围同列表）',
    access: 'user',
    query: exportQuery,
    produces: { contentType: XLSX, description: '问题隐患清单-日期.xlsx 或 整改措施清单-日期.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const { ledger, ...filter } = query;
      const file = await exportHazardLedger(app.db, actor, ledger, toHazardFilter(filter));
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(file.filename)).send(file.stream);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/hazards/import-template',
    operationId: 'getHazardImportTemplate',
    tag: '隐患台账',
    summary: '下载隐患台账导入模板（Excel，含填写说明和可导入的学校名单）',
    access: 'user',
    produces: { contentType: XLSX, description: '隐患台账导入模板.xlsx' },
    handler: async ({ actor, app, reply }) => {
      const file = await getHazardImportTemplate(app.db, actor);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition('隐患台账导入模板.xlsx')).send(file);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/hazards/import',
    operationId: 'importHazardLedger',
    tag: '隐患台账',
    summary: '从 Excel 导入已有隐患台账（区教委、教管中心）：先校验全部行，有任何错误则不导入并逐行报告',
    access: 'user',
    query: z.object({ dryRun: queryBoolean.default(false) }),
    rawBody: { contentTypes: [XLSX, 'application/octet-stream'], description: '按模板填写的 .xlsx 文件' },
    handler: ({ actor, app, query, body }) => importHazardLedger(app.db, actor, body as unknown as Buffer, query.dryRun),
  }),
];
