import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Hashed file names never change content: a browser keeps them a year without asking again. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and sw.js name the current build: always revalidated, so a new build is seen at once. */
const REVALIDATE = 'no-cache';

/** The cache policy of one file of the web bundle, by its path on disk (maybe a .br or .gz sibling). */
export function cacheControlFor(filePath: string): string {
  return filePath.split(path.sep).includes('assets') ? IMMUTABLE : REVALIDATE;
}

const notFound = (reply: FastifyReply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: '请求的地址不存在' } });

/**
 * Serves the built web app from `root` (dist/web) when it holds an index.html: files as they are
 * (their .br/.gz siblings written at build time when the browser accepts them, so no CPU per
 * request), and index.html for `/` and every client route. Unknown /api paths, other methods and
 * missing /assets files answer the JSON 404: a missing script must not be answered with HTML that
 * a cache would then keep for a year.
 */
export async function registerWeb(server: FastifyInstance, root: string | null): Promise<void> {
  const hasWeb = root !== null && fs.existsSync(path.join(root, 'index.html'));
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt bundle is served without a restart.
    await server.register(fastifyStatic, {
      root,
      wildcard: true,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, filePath) => reply.header('cache-control', cacheControlFor(filePath)),
    });
    // `/` is a directory to the static plugin (403 without an index); it is the app's home page.
    server.get('/', (_req, reply) => reply.sendFile('index.html'));
  }
  server.setNotFoundHandler((req, reply) => {
    const url = req.url;
    if (!hasWeb || url.startsWith('/api') || url.startsWith('/assets/') || (req.method !== 'GET' && req.method !== 'HEAD')) return notFound(reply);
    // Client-side routes of the single-page app all load index.html.
    return reply.sendFile('index.html');
  });
}
