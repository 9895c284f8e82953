import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { letterMethods } from '../../domain/letters.js';
import { contentDisposition, idParams, pageQuery, XLSX } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { getResponsibilityLetterPdf } from './letter-pdf.js';
import { exportResponsibilityLetters } from './letters.export.js';
import {
  getSchoolResponsibilityLetters,
  listResponsibilityLetters,
  savePostHolders,
  signResponsibilityLetter,
  signResponsibilityLetterAsParty,
} from './letters.service.js';

const thisYear = () => Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
const year = z.coerce.number({ error: '年度无效' }).int('年度应为整数').min(2000, '年度不早于 2000 年').max(2100, '年度不晚于 2100 年');
const tag = '安全责任书';

const holder = z
  .object({
    id: z.uuid('岗位责任人编号无效').optional(),
    postCode: z.string('请选择岗位').trim().min(1, '请选择岗位').max(64, '岗位编码过长'),
    name: z.string('请填写责任人姓名').trim().min(1, '请填写责任人姓名').max(40, '姓名不超过 40 个字'),
    userId: z.uuid('关联账号无效').nullable().optional(),
  })
  .strict();

export const letterRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/responsibility-letters',
    operationId: 'listResponsibilityLetters',
    tag,
    summary: '一岗双责安全责任书签订情况：按学校列出本年度岗位责任人数、已签、未签和校长与上级的责任书',
    access: 'user',
    query: z.object({
      ...pageQuery,
      year: year.optional(),
      schoolId: z.uuid('学校无效').optional(),
      parentId: z.uuid('街道/教管中心无效').optional(),
      state: z.enum(['complete', 'incomplete'], { error: '状态应为 complete 或 incomplete' }).optional(),
    }),
    handler: ({ actor, app, query }) => listResponsibilityLetters(app.db, actor, { ...query, year: query.year ?? thisYear() }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/responsibility-letters/export',
    operationId: 'exportResponsibilityLetters',
    tag,
    summary: '导出安全责任书签订情况（Excel：每位岗位责任人一行，筛选条件同列表）',
    access: 'user',
    query: z.object({ year: year.optional(), schoolId: z.uuid('学校无效').optional(), parentId: z.uuid('街道/教管中心无效').optional() }),
    produces: { contentType: XLSX, description: '安全责任书签订情况.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const y = query.year ?? thisYear();
      const file = await exportResponsibilityLetters(app, actor, { ...query, year: y });
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', contentDisposition(`安全责任书签订情况-${y}.xlsx`))
        .send(file);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/schools/:id/responsibility-letters',
    operationId: 'getSchoolResponsibilityLetters',
    tag,
    summary: '一所学校某年度的岗位、岗位责任人和各人的责任书（已签/未签）',
    access: 'user',
    params: idParams,
    query: z.object({ year: year.optional() }),
    handler: ({ actor, app, params, query }) => getSchoolResponsibilityLetters(app, actor, params.id, query.year ?? thisYear()),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/schools/:id/post-holders',
    operationId: 'savePostHolders',
    tag,
    summary: '设置学校某年度的岗位责任人（整表保存：带 id 的修改，不带的新增，未列出的删除；已签订的不能删改）',
    access: 'user',
    params: idParams,
    body: z.object({ year, holders: z.array(holder, { error: '请列出岗位责任人' }).max(500, '岗位责任人最多 500 人') }).strict(),
    handler: ({ actor, app, params, body }) => savePostHolders(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/responsibility-letters',
    operationId: 'signResponsibilityLetter',
    tag,
    summary: '签订安全责任书：手机上手写签名（签名图片）或上传签字后的扫描件；每人每年一次',
    access: 'user',
    body: z
      .object({
        holderId: z.uuid('岗位责任人无效'),
        method: z.enum(letterMethods, { error: '签订方式应为 screen（手写签名）或 scan（扫描件）' }),
        attachmentId: z.uuid('请先签名或上传扫描件'),
        signerName: z.string('签名人无效').trim().max(40, '签名人不超过 40 个字').optional(),
        signedOn: isoDay('签订日期格式应为 YYYY-MM-DD').optional(),
      })
      .strict(),
    successStatus: 201,
    handler: ({ actor, app, body }) => signResponsibilityLetter(app, actor, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/responsibility-letters/:id/party-signature',
    operationId: 'signResponsibilityLetterAsParty',
    tag,
    summary: '甲方签署安全责任书（本校岗位由校长签署；校长的责任书由上级主管单位签署）：手机上手写签名',
    access: 'user',
    params: idParams,
    body: z
      .object({
        attachmentId: z.uuid('请先签名'),
        signerName: z.string('签名人无效').trim().max(40, '签名人不超过 40 个字').optional(),
      })
      .strict(),
    handler: ({ actor, app, params, body }) => signResponsibilityLetterAsParty(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/responsibility-letters/:id/pdf',
    operationId: 'getResponsibilityLetterPdf',
    tag,
    summary: '打印安全责任书（A4 PDF）',
    access: 'user',
    params: idParams,
    produces: { contentType: 'application/pdf', description: '安全责任书-<岗位>-<姓名>-<年>.pdf' },
    handler: async ({ actor, app, params, reply }) => {
      const { fileName, pdf } = await getResponsibilityLetterPdf(app, actor, params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(fileName, 'inline'))
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  }),
];
