import type { FastifyInstance } from 'fastify';

/**
 * One log line per request, when it is answered, instead of Fastify's two ("incoming request"
 * and "request completed", with the whole request and response objects serialised): on a ledger
 * page that was ~0.17 ms of a few ms (issue 15). Fastify's own request logging is turned off in
 * app.ts (LogController with `disableRequestLogging`).
 */
export function installRequestLog(server: FastifyInstance): void {
  server.addHook('onResponse', (req, reply, done) => {
    // Below info, pino's info() is a no-op.
    req.log.info({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
    done();
  });
}
