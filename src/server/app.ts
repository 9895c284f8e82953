import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import '../domain/zod-locale.js'; // zod's default messages in Chinese, before any schema runs
import type { AppContext } from './context.js';
import { registerApiDocs } from './http/docs.js';
import { installErrorHandler } from './http/error-handler.js';
import { XLSX } from './http/query.js';
import { registerRoutes } from './http/register.js';
import { registerWeb } from './http/web.js';
import { allRoutes } from './routes.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../../dist/web');

/** webRoot: the built web app to serve (dist/web; tests pass their own). */
export type BuildAppOptions = { logger?: boolean; serveWeb?: boolean; webRoot?: string };

/** The application factory; `main.ts` listens, tests call `inject()` on it. */
export async function buildApp(app: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const server = Fastify({
    logger: options.logger === false ? false : { level: app.config.logLevel },
    trustProxy: app.config.trustProxy,
    bodyLimit: 1024 * 1024,
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
  registerRoutes(server, app, allRoutes());
  registerApiDocs(server);
  await registerWeb(server, options.serveWeb === false ? null : (options.webRoot ?? WEB_DIST));
  return server;
}
