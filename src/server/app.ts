import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, LogController } from 'fastify';
import '../domain/zod-locale.js'; // zod's default messages in Chinese, before any schema runs
import type { AppContext } from './context.js';
import { type AdmissionLimits, installAdmission } from './http/admission.js';
import { registerApiDocs } from './http/docs.js';
import { installErrorHandler } from './http/error-handler.js';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.js';
import { XLSX } from './http/query.js';
import { registerRoutes } from './http/register.js';
import { installRoot } from './install-root.js';
import { installRequestLog } from './http/request-log.js';
import { allRoutes } from './routes.js';

export const WEB_DIST = path.join(installRoot, 'dist/web');

export type BuildAppOptions = { logger?: boolean; serveWeb?: boolean; admission?: AdmissionLimits };

/** The application factory; `main.ts` listens, tests call `inject()` on it. */
export async function buildApp(app: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const server = Fastify({
    logger: options.logger === false ? false : { level: app.config.logLevel },
    logController: new LogController({ disableRequestLogging: true }), // one line a request instead: http/request-log.ts
    trustProxy: app.config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Fastify's and Node's own rejections answer in the one error shape too.
    frameworkErrors,
    clientErrorHandler,
  });
  await server.register(cookie);
  await server.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // antd writes its CSS-in-JS styles inline
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: app.config.cookieSecure ? [] : null,
      },
    },
    hsts: app.config.cookieSecure,
  });
  server.addContentTypeParser(
    [XLSX, 'application/octet-stream', 'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'],
    { parseAs: 'buffer', bodyLimit: app.config.maxUploadBytes },
    (_req, body, done) => done(null, body),
  );
  installErrorHandler(server);
  installAdmission(server, options.admission);
  installRequestLog(server);
  registerRoutes(server, app, allRoutes());
  registerApiDocs(server);
  const hasWeb = options.serveWeb !== false && fs.existsSync(path.join(WEB_DIST, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt bundle is served without a restart.
  if (hasWeb) await server.register(fastifyStatic, { root: WEB_DIST, wildcard: true, index: false });
  const sendIndex = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
  // The address start prints: without this, the static plugin answers a directory request (403 → 400).
  if (hasWeb) server.get('/', (_req, reply) => sendIndex(reply));
  server.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api') || req.method !== 'GET' || !hasWeb) {
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: '请求的地址不存在' } });
    }
    // Client-side routes of the single-page app all load index.html.
    return sendIndex(reply);
  });
  return server;
}
