import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { NOTICE_FORMAT_MAX_LENGTH } from '../../domain/notice-number.js';
import { contentDisposition, idParams, pageQuery, queryBoolean } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { getNoticeNumberFormat, setNoticeNumberFormat } from './notice-formats.service.js';
import { issueNotice } from './notice-issue.service.js';
import { getNoticePdf } from './notice-pdf.js';
import { getNoticeStats } from './notice-stats.service.js';
import { acknowledgeNotice, getNotice, listNotices, replyNotice } from './notices.service.js';
import { penaltyRoutes } from './penalties.routes.js';

const day = (label: string) => isoDay(`${label}格式应为 YYYY-MM-DD`);
const attachmentIds = z.array(z.uuid('附件编号无效')).max(20, '附件最多 20 个').default([]);

const issueNoticeBody = z
  .object({
    schoolId: z.uuid('学校无效'),
    hazardIds: z.array(z.uuid('隐患编号无效'), { error: '请列入隐患' }).min(1, '请至少列入 1 项隐患').max(50, '一份通知书最多列入 50 项隐患'),
    deadline: day('整改期限'),
    requirements: z.string('请填写整改要求').trim().min(1, '请填写整改要求').max(4000, '整改要求不超过 4000 个字'),
  })
  .strict();

const replyBody = z.object({ text: z.string('请填写整改情况').trim().min(1, '请填写整改情况').max(4000, '整改情况不超过 4000 个字'), attachmentIds }).strict();

const listQuery = z.object({
  ...pageQuery,
  schoolId: z.uuid('学校无效').optional(),
  parentId: z.uuid('街道/教管中心无效').optional(),
  state: z.enum(['unacknowledged', 'acknowledged', 'replied', 'overdue'], { error: '状态应为 unacknowledged、acknowledged、replied 或 overdue' }).optional(),
  issuerUnitId: z.uuid('发文单位无效').optional(),
  mine: queryBoolean.optional(),
  from: day('开始日期').optional(),
  to: day('结束日期').optional(),
});

const formatParams = z.object({ unitId: z.uuid('单位编号无效') });
const formatBody = z.object({ format: z.string('请填写文号格式').trim().min(1, '请填写文号格式').max(NOTICE_FORMAT_MAX_LENGTH, '文号格式过长') }).strict();

/** Opened in the browser's PDF viewer for printing; saved as 整改通知书-<文号>.pdf (RFC 5987). */
const tag = '整改通知书';

export const noticeRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/notices',
    operationId: 'listNotices',
    tag,
    summary: '整改通知书列表（学校看收到的，发文单位看发出的，上级看辖区学校的），顶部统计：总数、待签收、逾期未回执、已回执',
    access: 'user',
    query: listQuery,
    handler: ({ actor, app, query }) => listNotices(app.db, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/notices/stats',
    operationId: 'getNoticeStats',
    tag,
    summary: '整改通知书与执法处罚书统计（按发文类型、按月；默认本年）',
    access: 'user',
    query: z.object({ from: day('开始日期').optional(), to: day('结束日期').optional() }),
    handler: ({ actor, app, query }) => getNoticeStats(app.db, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notices',
    operationId: 'issueNotice',
    tag,
    summary: '下达整改通知书（区教委、责任督学、教管中心、派出所、联合督检组）：自动编号，列入隐患并设定其整改期限',
    access: 'user',
    body: issueNoticeBody,
    successStatus: 201,
    handler: ({ actor, app, body }) => issueNotice(app.db, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/notices/:id',
    operationId: 'getNotice',
    tag,
    summary: '整改通知书详情：所列隐患、签收与回执、附件',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getNotice(app.db, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notices/:id/acknowledge',
    operationId: 'acknowledgeNotice',
    tag,
    summary: '签收整改通知书（受文学校校长或安全干部，仅一次）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => acknowledgeNotice(app.db, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notices/:id/reply',
    operationId: 'replyNotice',
    tag,
    summary: '提交整改回执（签收后，受文学校校长或安全干部），可附整改材料',
    access: 'user',
    params: idParams,
    body: replyBody,
    handler: ({ actor, app, params, body }) => replyNotice(app.db, actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/notices/:id/pdf',
    operationId: 'getNoticePdf',
    tag,
    summary: '打印整改通知书（A4 PDF）',
    access: 'user',
    params: idParams,
    produces: { contentType: 'application/pdf', description: '整改通知书-<文号>.pdf' },
    handler: async ({ actor, app, params, reply }) => {
      const { fileName, pdf } = await getNoticePdf(app.db, actor, params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(fileName, 'inline'))
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/notice-number-formats/:unitId',
    operationId: 'getNoticeNumberFormat',
    tag,
    summary: '发文单位的整改通知书文号格式（含示例）',
    access: 'user',
    params: formatParams,
    handler: ({ actor, app, params }) => getNoticeNumberFormat(app.db, actor, params.unitId),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/notice-number-formats/:unitId',
    operationId: 'setNoticeNumberFormat',
    tag,
    summary: '设置文号格式（区教委任意单位，派出所本所）：占位符 {year} {seq} {seq3} {issuer}，必须含序号',
    access: 'user',
    params: formatParams,
    body: formatBody,
    handler: ({ actor, app, params, body }) => setNoticeNumberFormat(app.db, actor, params.unitId, body),
  }),
  ...penaltyRoutes,
];
