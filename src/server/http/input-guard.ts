import type { FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { fieldLabels } from '../../domain/field-labels.js';
import { cleanInput, maxInputDepth, unstorableTextMessage } from '../../domain/input-text.js';
import type { RouteDef } from './route.js';

const mediaTypeOf = (req: FastifyRequest) =>
  String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase() ?? '';

const isJson = (type: string) => type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);

/**
 * A route with a JSON body accepts only JSON: without this, Fastify's built-in text/plain parser
 * hands the route a string and the answer is a confusing "expected object".
 */
export function checkJsonContentType(req: FastifyRequest, def: RouteDef): void {
  if (def.rawBody || !(def.body || def.bodyDoc)) return;
  const type = mediaTypeOf(req);
  if (type && !isJson(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `不支持的内容类型「${type}」，请以 JSON（application/json）提交`);
}

function cleaned(value: unknown, where: string): unknown {
  const r = cleanInput(value);
  if (r.ok) return r.value;
  const path = r.path || where;
  if (r.reason === 'depth') throw new AppError('VALIDATION_FAILED', `输入有误：数据嵌套超过 ${maxInputDepth} 层`, [{ path, message: '嵌套层级过深' }]);
  const field = r.path.split('.')[0] ?? '';
  const label = fieldLabels[field] ?? (where === 'params' ? '网址参数' : where === 'query' ? '查询条件' : '输入');
  throw new AppError('VALIDATION_FAILED', `输入有误：${label}${unstorableTextMessage}`, [{ path, message: unstorableTextMessage }]);
}

/**
 * Every route's input, before its zod schema (and before a handler that reads `req.body`
 * itself): text PostgreSQL cannot store is refused, pasted control characters are cleaned
 * (domain/input-text.ts). Applied here once, so a route added later is covered too.
 */
export function cleanRequestInput(req: FastifyRequest): void {
  req.params = cleaned(req.params, 'params') as typeof req.params;
  req.query = cleaned(req.query, 'query') as typeof req.query;
  if (req.body !== undefined && !Buffer.isBuffer(req.body)) req.body = cleaned(req.body, 'body');
}
