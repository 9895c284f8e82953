import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { inspectionLevels } from '../../domain/policy/pack-schema.js';
import { contentDisposition, XLSX } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { type ExportFile, exportMonthlyBriefing, exportWeeklyLedger } from './briefing.service.js';

const TAG = '督查覆盖';
const format = z.enum(['xlsx', 'pdf'], { error: '格式应为 xlsx（Excel）或 pdf' }).default('xlsx');

/** Excel downloads; a PDF opens in the browser's viewer for printing. Neither is cached: both hold current states. */
function send(reply: FastifyReply, file: ExportFile) {
  return reply
    .header('content-type', file.format === 'xlsx' ? XLSX : 'application/pdf')
    .header('content-disposition', contentDisposition(file.fileName, file.format === 'pdf' ? 'inline' : 'attachment'))
    .header('cache-control', 'private, no-store')
    .send(file.body);
}

export const briefingRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/supervision/weekly-ledger',
    operationId: 'exportWeeklyLedger',
    tag: TAG,
    summary: '联合督检每周台账（Excel 或 PDF）：本周各次检查的学校、人员、检查表、不合格项、隐患及状态，顶部汇总检查天数是否达到每周要求',
    description: 'level 默认 joint（联合督检），all 为政策包中所有督查层级。format=pdf 时返回 application/pdf。学校账号无权导出。',
    access: 'user',
    query: z.object({
      week: z.string('请指定周，例如 2026-W47').regex(/^\d{4}-W\d{2}$/, '周的格式应为 YYYY-Www，例如 2026-W47'),
      format,
      level: z.enum(['all', ...inspectionLevels], { error: `检查层级应为 all 或 ${inspectionLevels.join('、')} 之一` }).default('joint'),
    }),
    produces: { contentType: XLSX, description: '联合督检每周台账-YYYY-Www.xlsx（format=pdf 时为 application/pdf）' },
    handler: async ({ actor, app, query, reply }) => send(reply, await exportWeeklyLedger(app, actor, query)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/supervision/monthly-briefing',
    operationId: 'exportMonthlyBriefing',
    tag: TAG,
    summary: '每月督检工作通报（Excel 或 PDF）：总体情况与督查覆盖率、发现问题、整改情况与挂牌督办、各街镇和责任督学覆盖率、未覆盖学校',
    description: '数字与同一权限范围、同一月份的 GET /api/coverage、/api/hazards、/api/notices 一致。format=pdf 时返回 application/pdf。学校账号无权导出。',
    access: 'user',
    query: z.object({
      month: z.string('请指定月份，例如 2026-11').regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM，例如 2026-11'),
      format,
    }),
    produces: { contentType: XLSX, description: '学校安全联合督检工作通报-YYYY-MM.xlsx（format=pdf 时为 application/pdf）' },
    handler: async ({ actor, app, query, reply }) => send(reply, await exportMonthlyBriefing(app, actor, query)),
  }),
];
