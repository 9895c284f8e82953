import { z } from 'zod';
import { reportStates } from '../../domain/reports.js';
import { contentDisposition, idParams, pageQuery, XLSX } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { discardReportDraft, saveReportDraft } from './report-draft.service.js';
import { exportReportExcel, exportReportPdf } from './report-export.js';
import { getReportStatus } from './report-status.service.js';
import { returnReport, submitReport } from './report-submit.service.js';
import { getReportDraft, listReports, listReportTypes } from './reports.service.js';

const tag = '报表报送';
const typeCode = z.string('请选择报表类型').regex(/^[a-z][a-z0-9_]{0,39}$/, '报表类型编码无效');
const periodKey = z
  .string('周期编码无效')
  .trim()
  .regex(/^(\d{4}(-\d{2}(-\d{2})?|-W\d{2})?|once)$/, '周期编码无效，如 2026-11（月）、2026（年）、2026-W49（周）、2026-12-06（日）');
const draftQuery = z.object({ typeCode, periodKey: periodKey.optional(), unitId: z.uuid('单位无效').optional() });

const cell = z
  .object({
    key: z.string('统计项无效').min(1).max(60),
    value: z.number('数值应为数字').min(0, '数值不能为负').max(1e9, '数值过大').nullable(),
    note: z.string().trim().max(500, '说明不超过 500 个字').optional(),
  })
  .strict();
const submitBody = z
  .object({
    typeCode,
    periodKey,
    unitId: z.uuid('单位无效').optional(),
    zeroReport: z.boolean('零报告应为是或否').default(false),
    cells: z.array(cell).max(100, '统计项过多').default([]),
    fields: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '栏目编码无效'), z.string().trim().max(20000, '内容不超过 20000 个字')).default({}),
    attachmentIds: z.array(z.uuid('附件编号无效')).max(20, '附件最多 20 个').default([]),
  })
  .strict();

const saveDraftBody = z
  .object({
    typeCode,
    periodKey,
    unitId: z.uuid('单位无效').optional(),
    version: z.number('草稿版本无效').int('草稿版本无效').min(1, '草稿版本无效').nullable().default(null),
    zeroReport: z.boolean('零报告应为是或否').default(false),
    cells: z.array(cell).max(100, '统计项过多').default([]),
    fields: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '栏目编码无效'), z.string().max(20000, '内容不超过 20000 个字')).default({}),
  })
  .strict();

export const reportRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/report-types',
    operationId: 'listReportTypes',
    tag,
    summary: '报表类型（政策包 reports.yaml）：填报单位、报送对象、周期、截止规则、当前应报周期',
    access: 'user',
    handler: ({ actor, app }) => listReportTypes(app, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reports',
    operationId: 'listReports',
    tag,
    summary: '已报送/已退回的报表（权限范围内），可按类型、周期、单位（含下属）、状态筛选',
    access: 'user',
    query: z.object({
      ...pageQuery,
      typeCode: typeCode.optional(),
      periodKey: periodKey.optional(),
      unitId: z.uuid('单位无效').optional(),
      state: z.enum(reportStates, { error: '状态无效' }).optional(),
    }),
    handler: ({ actor, app, query }) => listReports(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reports/draft',
    operationId: 'getReportDraft',
    tag,
    summary: '一个单位某周期的报表：平台数据预填的统计表、填写栏目、已报送的各版本；教管中心另见所属学校的汇总和未报名单',
    access: 'user',
    query: draftQuery,
    handler: ({ actor, app, query }) => getReportDraft(app, actor, query),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/reports/draft',
    operationId: 'saveReportDraft',
    tag,
    summary: '保存未完成的报表草稿（改动的数字和说明、文字栏目、零报告），下次打开接着填；仅本单位填报人',
    access: 'user',
    body: saveDraftBody,
    handler: ({ actor, app, body }) => saveReportDraft(app, actor, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/reports/draft',
    operationId: 'discardReportDraft',
    tag,
    summary: '删除已保存的报表草稿，恢复平台预填的数字',
    access: 'user',
    query: z.object({ typeCode, periodKey, unitId: z.uuid('单位无效').optional() }),
    handler: ({ actor, app, query }) => discardReportDraft(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/reports',
    operationId: 'submitReport',
    tag,
    summary: '报送报表（或零报告）；改动平台预填数字须说明原因；被退回的报表重报为新版本',
    access: 'user',
    body: submitBody,
    successStatus: 201,
    handler: ({ actor, app, body }) => submitReport(app, actor, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/reports/:id/return',
    operationId: 'returnReport',
    tag,
    summary: '退回报表要求更正（须写明原因），填报单位收到站内消息',
    access: 'user',
    params: idParams,
    body: z.object({ reason: z.string('请填写退回原因').trim().min(1, '请填写退回原因').max(500, '退回原因不超过 500 个字') }).strict(),
    handler: ({ actor, app, params, body }) => returnReport(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reports/status',
    operationId: 'getReportStatus',
    tag,
    summary: '报送情况：某类报表某周期各单位按时、迟报、退回、逾期未报、未到期，及退回次数',
    access: 'user',
    query: z.object({ typeCode, periodKey: periodKey.optional(), parentId: z.uuid('街道/教管中心无效').optional() }),
    handler: ({ actor, app, query }) => getReportStatus(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reports/export',
    operationId: 'exportReportExcel',
    tag,
    summary: '导出一个单位某周期的报表（Excel，统计表 + 文字栏目 + 下属学校汇总）',
    access: 'user',
    query: draftQuery,
    produces: { contentType: XLSX, description: '报表.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const { name, file } = await exportReportExcel(app, actor, query);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', contentDisposition(`${name}.xlsx`))
        .send(file);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reports/pdf',
    operationId: 'getReportPdf',
    tag,
    summary: '打印一个单位某周期的报表（A4 PDF）',
    access: 'user',
    query: draftQuery,
    produces: { contentType: 'application/pdf', description: '报表.pdf' },
    handler: async ({ actor, app, query, reply }) => {
      const { name, file } = await exportReportPdf(app, actor, query);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(`${name}.pdf`, 'inline'))
        .send(file);
    },
  }),
];
