import { z } from 'zod';
import { type BulletinAction, bulletinKinds, bulletinStates } from '../../domain/bulletin.js';
import { isoDay } from '../../domain/input-dates.js';
import { contentDisposition, idParams, pageQuery, queryBoolean } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { getBulletinPdf } from './bulletin-pdf.js';
import { countBulletinsByUnit, suggestBulletinCandidates } from './bulletin-stats.service.js';
import { actOnBulletin, getBulletin, issueBulletin, listBulletins } from './bulletins.service.js';

const day = (label: string) => isoDay(`${label}格式应为 YYYY-MM-DD`);
const text = (label: string, max: number) => z.string(`请填写${label}`).trim().min(1, `请填写${label}`).max(max, `${label}不超过 ${max} 个字`);
const kind = z.enum(bulletinKinds, { error: '类型应为 criticism（通报批评）、summons（约谈）或 listed（挂牌督办）' });

const issueBody = z
  .object({
    kind,
    unitId: z.uuid('被通报单位无效'),
    title: text('标题', 100),
    reason: text('事由', 4000),
    requirements: z.string('整改要求应为文字').trim().max(4000, '整改要求不超过 4000 个字').default(''),
    respondBy: day('反馈期限').optional(),
    hazardIds: z.array(z.uuid('隐患编号无效'), { error: '所列隐患应为列表' }).max(100, '最多列入 100 项隐患').default([]),
    taskIds: z.array(z.uuid('议定事项编号无效'), { error: '所列议定事项应为列表' }).max(50, '最多列入 50 项议定事项').default([]),
    reports: z
      .array(
        z
          .object({
            typeCode: z.string('报表类型无效').regex(/^[a-z][a-z0-9_]{0,39}$/, '报表类型无效'),
            periodKey: z.string('报送周期无效').regex(/^(\d{4}(-\d{2}(-\d{2})?|-W\d{2})?|once)$/, '报送周期无效'),
            unitId: z.uuid('单位无效'),
          })
          .strict(),
        { error: '所列报表应为列表' },
      )
      .max(50, '最多列入 50 份报表')
      .default([]),
    duties: z
      .array(
        z
          .object({
            schoolId: z.uuid('学校无效'),
            obligationCode: z.string('职责编码无效').regex(/^[a-z][a-z0-9_]{0,59}$/, '职责编码无效'),
            periodKey: z.string('周期无效').trim().min(1, '周期无效').max(40, '周期无效'),
          })
          .strict(),
        { error: '所列职责应为列表' },
      )
      .max(50, '最多列入 50 项职责')
      .default([]),
  })
  .strict();

const listQuery = z.object({
  ...pageQuery,
  unitId: z.uuid('单位无效').optional(),
  kind: kind.optional(),
  state: z.enum(bulletinStates, { error: '状态应为 issued、acknowledged、closed 或 revoked' }).optional(),
  issuerUnitId: z.uuid('发出单位无效').optional(),
  mine: queryBoolean.optional(),
  from: day('开始日期').optional(),
  to: day('结束日期').optional(),
});

const noteBody = (label: string) => z.object({ note: text(label, 4000) }).strict();

const tag = '通报约谈';

const actionRoute = (action: BulletinAction, operationId: string, path: string, summary: string, label: string) =>
  defineRoute({
    method: 'POST',
    url: `/api/bulletins/:id/${path}`,
    operationId,
    tag,
    summary,
    access: 'user',
    params: idParams,
    body: noteBody(label),
    handler: ({ actor, app, params, body }) => actOnBulletin(app.db, actor, params.id, action, body.note),
  });

export const bulletinRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/bulletins',
    operationId: 'listBulletins',
    tag,
    summary: '通报、约谈、挂牌督办列表（单位看发给本单位的，发出单位看发出的，上级看辖区的），含各状态数',
    access: 'user',
    query: listQuery,
    handler: ({ actor, app, query }) => listBulletins(app.db, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/bulletins/counts',
    operationId: 'countBulletins',
    tag,
    summary: '按单位统计期间内的通报批评、约谈、挂牌督办次数（考核用，撤销的不计）',
    access: 'user',
    query: z.object({ from: day('开始日期').optional(), to: day('结束日期').optional(), unitId: z.uuid('单位无效').optional() }),
    handler: ({ actor, app, query }) => countBulletinsByUnit(app.db, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/bulletins/candidates',
    operationId: 'suggestBulletinCandidates',
    tag,
    summary: '建议通报的学校：逾期隐患多或挂牌督办隐患逾期（来自隐患台账）',
    access: 'user',
    handler: ({ actor, app }) => suggestBulletinCandidates(app.db, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/bulletins',
    operationId: 'issueBulletin',
    tag,
    summary: '发出通报批评、约谈或挂牌督办（区教委、联合督检组；教管中心对本辖区学校），列明事由和引用的隐患、议定事项',
    access: 'user',
    body: issueBody,
    successStatus: 201,
    handler: ({ actor, app, body }) => issueBulletin(app, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/bulletins/:id',
    operationId: 'getBulletin',
    tag,
    summary: '通报详情：引用的记录、签收反馈和跟进记录',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getBulletin(app.db, actor, params.id),
  }),
  actionRoute('acknowledge', 'acknowledgeBulletin', 'acknowledge', '签收并反馈整改措施（被通报单位负责人）', '整改措施'),
  actionRoute('follow_up', 'followUpBulletin', 'follow-up', '记录跟进情况（发出单位）', '跟进情况'),
  actionRoute('return', 'returnBulletin', 'return', '退回反馈，要求重新整改（发出单位）', '退回理由'),
  actionRoute('close', 'closeBulletin', 'close', '办结（发出单位，写明跟进结论）', '办结意见'),
  actionRoute('revoke', 'revokeBulletin', 'revoke', '撤销未签收的通报（发出单位，写明理由）', '撤销理由'),
  defineRoute({
    method: 'GET',
    url: '/api/bulletins/:id/pdf',
    operationId: 'getBulletinPdf',
    tag,
    summary: '打印通报（A4 PDF）',
    access: 'user',
    params: idParams,
    produces: { contentType: 'application/pdf', description: '<类型>-<文号>.pdf' },
    handler: async ({ actor, app, params, reply }) => {
      const { fileName, pdf } = await getBulletinPdf(app.db, actor, params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(fileName, 'inline'))
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  }),
];
