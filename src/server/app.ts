import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import '../domain/zod-locale.js'; // zod's default messages in Chinese, before any schema runs
import type { AppContext } from './context.js';
import { registerApiDocs } from './http/docs.js';
import { installErrorHandler } from './http/error-handler.js';
import { XLSX } from './http/query.js';
import { registerRoutes } from './http/register.js';
import { allRoutes } from './routes.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../../dist/web');

export type BuildAppOptions = { logger?: boolean; serveWeb?: boolean };

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
    [XLSX, 'application/octet-stream', 'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'],
    { parseAs: 'buffer', bodyLimit: app.config.maxUploadBytes },
    (_req, body, done) => done(null, body),
  );
  installErrorHandler(server);
  registerRoutes(server, app, allRoutes());
  registerApiDocs(server);
  const hasWeb = options.serveWeb !== false && fs.existsSync(path.join(WEB_DIST, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt bundle is served without a restart.
  if (hasWeb) await server.register(fastifyStatic, { root: WEB_DIST, wildcard: true, index: false });
  server.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api') || req.method !== 'GET' || !hasWeb) {
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: '请求的地址不存在' } });
    }
    // Client-side routes of the single-page app all load index.html.
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
  });
  return server;
}

/** The origin of the optional map tile server, for the CSP's img-src. */
const tileOrigin = (url: string | undefined): string[] => (url ? [new URL(url.replace(/\{[xyz]\}/g, '0')).origin] : []);
