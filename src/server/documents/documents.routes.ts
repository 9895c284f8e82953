import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { documentReviewStates } from '../../domain/letters.js';
import { contentDisposition, idParams, pageQuery, queryBoolean, XLSX } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { exportSchoolDocuments } from './documents.export.js';
import { createSchoolDocumentVersion, listSchoolDocuments, reviewSchoolDocument } from './documents.service.js';

const tag = '学校安全文件';
const documentFilter = {
  schoolId: z.uuid('学校无效').optional(),
  type: z.string().trim().max(64, '文件类型过长').optional(),
  reviewState: z.enum(documentReviewStates, { error: '审核状态应为 pending、approved 或 returned' }).optional(),
  revisionDue: queryBoolean.optional(),
};

export const documentRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/school-documents',
    operationId: 'listSchoolDocuments',
    tag,
    summary: '学校安全制度、应急预案和应急处置流程图：各文件的版本、审核状态和是否到期修订',
    access: 'user',
    query: z.object({ ...pageQuery, ...documentFilter }),
    handler: ({ actor, app, query }) => listSchoolDocuments(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/school-documents/export',
    operationId: 'exportSchoolDocuments',
    tag,
    summary: '导出制度和预案台账（Excel：每个文件一行，现行版本、审核状态和是否到期修订；筛选条件同列表）',
    access: 'user',
    query: z.object(documentFilter),
    produces: { contentType: XLSX, description: '制度和预案台账.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const file = await exportSchoolDocuments(app, actor, query);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition('制度和预案台账.xlsx')).send(file);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/school-documents/versions',
    operationId: 'createSchoolDocumentVersion',
    tag,
    summary: '上传学校安全文件的新版本（新文件须给出类型和名称；已有文件给出 documentId）',
    access: 'user',
    body: z
      .object({
        schoolId: z.uuid('学校无效'),
        documentId: z.uuid('文件编号无效').optional(),
        typeCode: z.string('文件类型无效').trim().max(64, '文件类型过长').optional(),
        title: z.string('文件名称无效').trim().max(100, '文件名称不超过 100 个字').optional(),
        versionDate: isoDay('版本日期格式应为 YYYY-MM-DD'),
        summary: z.string('修订说明无效').trim().max(2000, '修订说明不超过 2000 个字').default(''),
        attachmentId: z.uuid('请先上传文件'),
      })
      .strict(),
    successStatus: 201,
    handler: ({ actor, app, body }) => createSchoolDocumentVersion(app, actor, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/school-documents/versions/:id/review',
    operationId: 'reviewSchoolDocument',
    tag,
    summary: '审核学校安全文件（派出所审核安全预案、教管中心、区教委）：通过或退回修改并填写意见',
    access: 'user',
    params: idParams,
    body: z
      .object({
        decision: z.enum(['approved', 'returned'], { error: '审核结论应为 approved（通过）或 returned（退回修改）' }),
        remarks: z.string('审核意见无效').trim().max(2000, '审核意见不超过 2000 个字').default(''),
      })
      .strict(),
    handler: ({ actor, app, params, body }) => reviewSchoolDocument(app, actor, params.id, body),
  }),
];
