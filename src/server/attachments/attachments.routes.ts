import { z } from 'zod';
import { attachmentPurposes, uploadContentTypes } from '../../domain/file-types.js';
import { contentDisposition, idParams } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { getAttachmentFile, uploadAttachment } from './attachments.service.js';

const uploadQuery = z.object({
  purpose: z.enum(attachmentPurposes, { error: '附件用途无效' }),
  // Every purpose but 周边场所照片 (premise, not a school's) names the school the file belongs to.
  schoolId: z.uuid('学校编号无效').optional(),
  // Sanitised in the service; the limit here only refuses absurd input.
  fileName: z.string('文件名无效').max(1000, '文件名过长').default(''),
  // The id the phone chose (its outbox): the attachment gets it, and a resend answers the first upload.
  clientId: z.uuid('附件编号无效').optional(),
});

export const attachmentRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/attachments',
    operationId: 'uploadAttachment',
    tag: '附件',
    summary: '上传附件（照片或 PDF，按文件内容识别类型；上传后由隐患、通知书等记录引用）',
    description:
      '请求体为文件本身。照片类用途（hazard_found、rectification、verification）只接受 JPG/PNG/WEBP/GIF，其余用途另可上传 PDF。' +
      '带 clientId（手机选定的附件编号）时，附件以此为编号；同一用户以同一编号重传同一文件（同一学校、用途）返回已保存的附件，不重复保存、不重复记审计；编号已被其他文件使用则 409。',
    access: 'user',
    query: uploadQuery,
    rawBody: { contentTypes: uploadContentTypes, description: '文件内容（二进制）' },
    successStatus: 201,
    handler: ({ actor, app, query, body }) => uploadAttachment(app, actor, { ...query, file: body as unknown as Buffer }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/attachments/:id',
    operationId: 'getAttachment',
    tag: '附件',
    summary: '查看或下载附件',
    access: 'user',
    params: idParams,
    produces: { contentType: 'application/octet-stream', description: '文件内容（类型为上传时识别的类型）' },
    handler: async ({ actor, app, params, reply }) => {
      const { dto, data } = await getAttachmentFile(app, actor, params.id);
      return reply
        .header('content-type', dto.contentType)
        .header('content-disposition', contentDisposition(dto.fileName, 'inline'))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=3600')
        .send(data);
    },
  }),
];
