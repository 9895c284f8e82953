import path from 'node:path';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import '../domain/zod-locale.js'; // zod's default messages in Chinese, before any schema runs
import type { AppContext } from './context.js';
import { type AdmissionLimits, defaultAdmission, installAdmission } from './http/admission.js';
import { registerApiDocs } from './http/docs.js';
import { installErrorHandler } from './http/error-handler.js';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.js';
import { XLSX } from './http/query.js';
import { registerRoutes } from './http/register.js';
import { installRequestLog } from './http/request-log.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { registerWeb } from './http/web.js';
import { installRoot } from './install-root.js';
import { allRoutes } from './routes.js';

export const WEB_DIST = path.join(installRoot, 'dist/web');

/** webRoot: the built web app to serve (dist/web; tests pass their own). */
export type BuildAppOptions = { logger?: boolean; serveWeb?: boolean; webRoot?: string; admission?: AdmissionLimits };

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
  await installSecurityHeaders(server, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // antd writes its CSS-in-JS styles inline
        // The dashboard map's tiles, when a deployment names a tile server (MAP_TILE_URL).
        imgSrc: ["'self'", 'data:', 'blob:', ...tileOrigin(app.config.mapTileUrl)],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: app.config.cookieSecure ? [] : null,
      },
    },
    hsts: app.config.cookieSecure,
  });
  server.addContentTypeParser(
    [XLSX, 'application/octet-stream', 'text/csv', 'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'],
    { parseAs: 'buffer', bodyLimit: app.config.maxUploadBytes },
    (_req, body, done) => done(null, body),
  );
  installErrorHandler(server);
  installAdmission(server, options.admission ?? { ...defaultAdmission, maxActive: app.config.maxActiveRequests });
  installRequestLog(server);
  registerRoutes(server, app, allRoutes());
  registerApiDocs(server);
  await registerWeb(server, options.serveWeb === false ? null : (options.webRoot ?? WEB_DIST));
  return server;
}

/** The origin of the optional map tile server, for the CSP's img-src. */
const tileOrigin = (url: string | undefined): string[] => (url ? [new URL(url.replace(/\{[xyz]\}/g, '0')).origin] : []);
