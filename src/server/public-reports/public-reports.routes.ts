import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { MAX_PUBLIC_PHOTOS, publicReportInput, triageInput } from '../../domain/public-report.js';
import { contentDisposition, idParams, pageQuery } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { issueChallenge, takeReadAttempt, takeSubmitAttempt } from './public-guard.js';
import { getPublicReportStatus, getReportTarget, submitPublicReport } from './public-reports.service.js';
import { getReportQrPdf } from './report-qr.pdf.js';
import { getPublicReport, getPublicReportPhoto, listTriageQueue, triagePublicReport } from './triage.service.js';

const publicTag = '群众反映（公开）';
const tag = '群众反映分拣';

const unitParams = z.object({ unitId: z.uuid('二维码地址无效') });
const receiptParams = z.object({ receipt: z.string('回执号无效').max(40, '回执号有误，请核对后重新输入') });

export const publicReportRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/public/report-targets/:unitId',
    operationId: 'getPublicReportTarget',
    tag: publicTag,
    summary: '扫码页面：二维码对应的学校（或区县及其学校名单），无需登录',
    access: 'public',
    params: unitParams,
    guard: (req, app) => takeReadAttempt(app, req.ip),
    handler: ({ app, params }) => getReportTarget(app.db, params.unitId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/report-challenge',
    operationId: 'getPublicReportChallenge',
    tag: publicTag,
    summary: '取一道验证题（服务器签名，10 分钟内有效，只能用一次），无需登录',
    access: 'public',
    guard: (req, app) => takeReadAttempt(app, req.ip),
    handler: async ({ reply }) => {
      reply.header('cache-control', 'no-store');
      return issueChallenge();
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public/reports',
    operationId: 'submitPublicReport',
    tag: publicTag,
    summary: '提交群众反映（文字、最多 3 张照片、选填联系方式），返回回执号；无需登录',
    description: `照片为 base64，按文件内容识别类型（JPG/PNG/WEBP/GIF），每张不超过 PUBLIC_REPORT_PHOTO_MB（默认 5 MB），最多 ${MAX_PUBLIC_PHOTOS} 张。每个地址每小时 PUBLIC_REPORTS_PER_IP_HOUR 次，每校每小时 PUBLIC_REPORTS_PER_SCHOOL_HOUR 条。`,
    access: 'public',
    body: publicReportInput,
    // Base64 adds a third; a little room for the text. A bigger body is refused before it is read in full.
    bodyLimit: (app) => Math.ceil((app.config.publicReports.photoBytes * MAX_PUBLIC_PHOTOS * 4) / 3) + 256 * 1024,
    guard: (req, app) => takeSubmitAttempt(app, req.ip),
    successStatus: 201,
    handler: ({ app, body }) => submitPublicReport(app, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/reports/:receipt',
    operationId: 'getPublicReportStatus',
    tag: publicTag,
    summary: '凭回执号查询处理进度和答复（只显示状态和公开答复），无需登录',
    access: 'public',
    params: receiptParams,
    guard: (req, app) => takeReadAttempt(app, req.ip),
    handler: async ({ app, params, reply }) => {
      reply.header('cache-control', 'no-store');
      return getPublicReportStatus(app.db, params.receipt);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public-reports',
    operationId: 'listTriageQueue',
    tag,
    summary: '群众反映分拣队列（区教委：全区；教管中心：本中心学校），含反映人联系方式',
    access: 'user',
    query: z.object({
      status: z.enum(['pending', 'done', 'all'], { error: '状态应为 pending、done 或 all' }).default('pending'),
      from: isoDay('开始日期格式应为 YYYY-MM-DD').optional(),
      to: isoDay('结束日期格式应为 YYYY-MM-DD').optional(),
      unitId: z.uuid('单位无效').optional(),
      ...pageQuery,
    }),
    handler: ({ actor, app, query }) => listTriageQueue(app.db, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public-reports/qr',
    operationId: 'getPublicReportQrPdf',
    tag,
    summary: '打印扫码反映二维码（A4 PDF：学校或区县名称、二维码、使用说明）',
    access: 'user',
    query: z.object({ unitId: z.uuid('单位无效') }),
    produces: { contentType: 'application/pdf', description: '反映二维码-<单位>.pdf' },
    handler: async ({ actor, app, query, req, reply }) => {
      const base = app.config.publicBaseUrl ?? `${req.protocol}://${req.host}`;
      const { pdf, fileName } = await getReportQrPdf(app, actor, query.unitId, base);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(fileName, 'inline'))
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public-reports/:id',
    operationId: 'getPublicReport',
    tag,
    summary: '查看一条群众反映（含照片、联系方式）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getPublicReport(app.db, actor, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public-reports/:id/photos/:no',
    operationId: 'getPublicReportPhoto',
    tag,
    summary: '查看群众反映的照片',
    access: 'user',
    params: z.object({ id: z.uuid('编号无效'), no: z.coerce.number().int('照片序号无效').min(1).max(MAX_PUBLIC_PHOTOS) }),
    produces: { contentType: 'image/jpeg', description: '照片（类型为上传时按内容识别的类型）' },
    handler: async ({ actor, app, params, reply }) => {
      const { photo, data } = await getPublicReportPhoto(app, actor, params.id, params.no);
      return reply
        .header('content-type', photo.content_type)
        .header('content-disposition', contentDisposition(photo.file_name, 'inline'))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=3600')
        .send(data);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public-reports/:id/triage',
    operationId: 'triagePublicReport',
    tag,
    summary: '分拣：转为隐患（照片作为隐患照片）、并入已有隐患，或不予受理（须写理由，反映人可见）',
    access: 'user',
    params: idParams,
    body: triageInput,
    handler: ({ actor, app, params, body }) => triagePublicReport(app, actor, params.id, body),
  }),
];
