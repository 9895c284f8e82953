import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

/**
 * `/api/docs`: Swagger UI from the swagger-ui-dist package, served locally (no CDN; the
 * offices' networks are closed). The initialiser is a file, not inline script, so the
 * Content-Security-Policy can stay `script-src 'self'`.
 */
export function registerApiDocs(server: FastifyInstance): void {
  const dist = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const assets: Record<string, string> = {
    'swagger-ui.css': 'text/css; charset=utf-8',
    'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  };
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>护校安园 API 文档</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;
  const init = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;
  server.get('/api/docs', (_req, reply) => reply.type('text/html; charset=utf-8').send(html));
  server.get('/api/docs/init.js', (_req, reply) => reply.type('application/javascript; charset=utf-8').send(init));
  for (const [file, type] of Object.entries(assets)) {
    server.get(`/api/docs/${file}`, (_req, reply) =>
      reply
        .type(type)
        .header('cache-control', 'public, max-age=86400')
        .send(fs.createReadStream(path.join(dist, file))),
    );
  }
}
