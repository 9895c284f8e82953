import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, httpStatusOf } from '../../domain/errors.js';

/** Database errors a user can cause (a race past our own checks) mapped to 4xx, never a 500. */
function fromDatabase(err: { code?: string; constraint?: string }): AppError | null {
  switch (err.code) {
    case '23505':
      return new AppError('DUPLICATE', '数据已存在（代码或名称重复），请检查后重试');
    case '23503':
      return new AppError('CONFLICT', '关联的数据不存在或仍被引用');
    case '23514':
      return new AppError('VALIDATION_FAILED', '数据不符合约束条件，请检查输入');
    case '22P02':
      return new AppError('VALIDATION_FAILED', '数据格式不正确');
    default:
      return null;
  }
}

function fromFastify(err: FastifyError): AppError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', '上传的内容过大');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('BAD_REQUEST', '请求内容不是有效的 JSON');
    case 'FST_ERR_BAD_URL':
      return new AppError('BAD_REQUEST', '网址中含有无效的编码（%xx），请检查链接');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('URI_TOO_LONG', '网址中的参数过长');
    default:
      if (err.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', '上传的内容过大');
      if (err.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型');
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new AppError('BAD_REQUEST', '请求格式错误');
      return null;
  }
}

export const internalErrorBody = { error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试或联系管理员' } } as const;

export const errorBodyOf = (e: AppError) => ({ error: { code: e.code, message: e.message, ...(e.details && { details: e.details }) } });

/**
 * Any error as the one body. A database or programming error that still escapes is a 500 with
 * the generic message: the SQL, the stack and the driver's text go to the log, never to the client.
 */
export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const e = err as FastifyError & { code?: string };
  const appError = err instanceof AppError ? err : (fromDatabase(e) ?? fromFastify(e));
  if (!appError) {
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(internalErrorBody);
  }
  if (!(err instanceof AppError)) req.log.info({ err: e.message, code: e.code }, 'mapped error');
  return reply.code(httpStatusOf(appError.code)).send(errorBodyOf(appError));
}

/** One error body for everything: {"error":{"code","message","details"?}}, message in Chinese. */
export function installErrorHandler(server: FastifyInstance): void {
  server.setErrorHandler(sendError);
}
