import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { validationError } from '../../domain/validation.js';
import type { Actor } from '../auth/actor.js';
import { changesSessions, sessionCacheOf } from '../auth/session-cache.js';
import type { AppContext } from '../context.js';
import { checkJsonContentType, cleanRequestInput } from './input-guard.js';
import type { RouteDef } from './route.js';

export const SESSION_COOKIE = 'hx_session';
export const CSRF_COOKIE = 'hx_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Operations a user who must change an initial password may still call. */
const allowedBeforePasswordChange = new Set(['getCurrentUser', 'changePassword', 'logout']);

function parseInput<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw validationError(parsed.error, where);
}

async function actorOf(req: FastifyRequest, app: AppContext): Promise<Actor | null> {
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return null;
  return sessionCacheOf(app).actor(app, token, req.ip);
}

/** Session, CSRF and the initial-password rule: everything about who is asking. */
async function checkCaller(req: FastifyRequest, app: AppContext, def: RouteDef): Promise<Actor | null> {
  if (def.access !== 'user') return null; // public routes never look up a session
  const actor = await actorOf(req, app);
  if (!actor) throw new AppError('UNAUTHENTICATED', '请先登录，或登录已过期');
  // Double-submit token: a cross-site page can send the cookie but cannot read it.
  if (def.method !== 'GET' && req.headers[CSRF_HEADER] !== actor.csrfToken) {
    throw new AppError('CSRF_REJECTED', '请求校验失败，请刷新页面后重试');
  }
  if (actor.mustChangePassword && !allowedBeforePasswordChange.has(def.operationId)) {
    throw new AppError('FORBIDDEN', '请先修改初始密码');
  }
  if (def.rawBody) {
    const type =
      String(req.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim()
        .toLowerCase() ?? '';
    // No content type at all is a missing file (400 from the handler), not a wrong one.
    if (type && !def.rawBody.contentTypes.includes(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `不支持的内容类型「${type || '未指定'}」`);
  }
  return actor;
}

const actors = new WeakMap<FastifyRequest, Actor | null>();

/**
 * Registers each route definition. The caller is checked in `onRequest`, before the body is
 * read, so an anonymous or cross-site request never makes the server buffer an upload.
 * Then input validation, then the handler.
 */
export function registerRoutes(server: FastifyInstance, app: AppContext, defs: RouteDef[]): void {
  for (const def of defs) {
    const clearsSessions = changesSessions(def);
    server.route({
      method: def.method,
      url: def.url,
      ...(def.bodyLimit && { bodyLimit: def.bodyLimit(app) }),
      onRequest: async (req: FastifyRequest) => {
        actors.set(req, await checkCaller(req, app, def));
        await def.guard?.(req, app);
        checkJsonContentType(req, def);
      },
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const actor = actors.get(req) ?? null;
        cleanRequestInput(req);
        const params = parseInput(def.params, req.params, 'params');
        const query = parseInput(def.query, req.query, 'query');
        let body: unknown;
        if (def.rawBody) {
          if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError('BAD_REQUEST', '请上传文件');
          body = req.body;
        } else body = parseInput(def.body, req.body, 'body');
        const result = await def.handler({ body, query, params, actor, app, req, reply }).finally(() => {
          if (clearsSessions) sessionCacheOf(app).clear(); // before the answer leaves: the change holds at once
        });
        if (reply.sent) return reply;
        if (result === undefined) return reply.code(204).send();
        if (def.successStatus) reply.code(def.successStatus);
        return result;
      },
    });
  }
}
