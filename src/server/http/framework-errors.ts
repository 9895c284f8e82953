import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, httpStatusOf } from '../../domain/errors.js';
import { errorBodyOf, sendError } from './error-handler.js';

/**
 * Errors Fastify raises before a route runs (bad %-encoding in the path, a path parameter over
 * `maxParamLength`) would otherwise answer in Fastify's own shape; they go through the one
 * error handler instead. Passed as the `frameworkErrors` server option.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  return sendError(err, req, reply);
}

const clientErrors: Record<string, [ErrorCode, string]> = {
  HPE_HEADER_OVERFLOW: ['HEADERS_TOO_LARGE', '请求头过大（Cookie 过多或过长），请清除本站 Cookie 后重试'],
  ERR_HTTP_REQUEST_TIMEOUT: ['REQUEST_TIMEOUT', '请求超时，请重试'],
};

/**
 * Node's HTTP parser rejects some requests (oversized headers, malformed request lines) before
 * Fastify sees them, with a bare socket. Passed as `clientErrorHandler`: it writes the one error
 * body on the raw socket and closes it, as Node's default does.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message] = clientErrors[err.code ?? ''] ?? ['BAD_REQUEST', '请求格式错误'];
  const status = httpStatusOf(code);
  const body = JSON.stringify(errorBodyOf(new AppError(code, message)));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
