import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';

/**
 * A bounded queue in front of the API. At most `maxActive` requests are handled at once (on
 * PGlite they would only wait for its one connection anyway); the next `maxQueued` wait in
 * arrival order; a request that finds the queue full, or waits longer than `maxWaitMs`, gets
 * 503 SERVICE_BUSY in the one error shape at once. An overloaded server thus answers every
 * socket within seconds instead of letting some starve (issue 15: 4.5–6 % got no answer in 30 s).
 * The health check and the web bundle bypass it.
 */
export type AdmissionLimits = { maxActive: number; maxQueued: number; maxWaitMs: number };

export const defaultAdmission: AdmissionLimits = { maxActive: 64, maxQueued: 1000, maxWaitMs: 20_000 };

const busy = () => new AppError('SERVICE_BUSY', '服务器繁忙，请稍后重试');
const bypass = (url: string) => !url.startsWith('/api/') || url.startsWith('/api/health');

export function installAdmission(server: FastifyInstance, limits: AdmissionLimits = defaultAdmission): void {
  let active = 0;
  const waiting: Waiter[] = [];

  const release = () => {
    const next = waiting.shift();
    if (next)
      next.admit(); // the slot passes straight to the next request
    else active--;
  };

  server.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if (bypass(req.url)) return done();
    const refuse = () => {
      reply.header('retry-after', '5');
      done(busy());
    };
    const w: Waiter = {
      state: 'waiting',
      timer: undefined,
      admit: () => {
        clearTimeout(w.timer);
        w.state = 'active';
        done();
      },
    };
    // 'close' follows both a sent answer and a client that went away, waiting or not.
    reply.raw.once('close', () => {
      if (w.state === 'active') release();
      else if (w.state === 'waiting') leave(waiting, w);
      w.state = 'done';
    });
    if (active < limits.maxActive) {
      active++;
      return w.admit();
    }
    w.state = 'done';
    if (waiting.length >= limits.maxQueued) return refuse();
    w.state = 'waiting';
    w.timer = setTimeout(() => {
      leave(waiting, w);
      w.state = 'done';
      refuse();
    }, limits.maxWaitMs);
    waiting.push(w);
  });
}

type Waiter = { state: 'waiting' | 'active' | 'done'; timer: NodeJS.Timeout | undefined; admit: () => void };

function leave(waiting: Waiter[], w: Waiter) {
  clearTimeout(w.timer);
  const i = waiting.indexOf(w);
  if (i >= 0) waiting.splice(i, 1);
}
