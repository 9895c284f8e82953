import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

/** Headers of every answer that are not helmet's. */
const notHelmets = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);

/**
 * helmet's headers, computed once at start and set on every answer by one hook. @fastify/helmet
 * runs helmet's twelve middlewares on each request, each validating and setting its header anew,
 * for headers that never change here (no nonces, one policy for every route): ~1.5 % of a ledger
 * page's CPU (issue 15). helmet stays the source of the values: it answers one request of a
 * throwaway instance with the same options, and its headers are kept.
 */
export async function installSecurityHeaders(server: FastifyInstance, options: FastifyHelmetOptions): Promise<void> {
  const probe = Fastify({ logger: false });
  await probe.register(helmet, options);
  probe.get('/', async () => '');
  const res = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (!notHelmets.has(name) && typeof value === 'string') headers[name] = value;
  if (!headers['content-security-policy']) throw new Error('helmet set no Content-Security-Policy: the security headers could not be computed');
  server.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
