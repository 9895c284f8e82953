import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';

/**
 * A route is data: method, URL, zod schemas and one handler. The same definition registers
 * the Fastify route, validates input and produces the OpenAPI document, so the contract
 * cannot drift from the code.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RouteContext<B, Q, P, A> = {
  body: B;
  query: Q;
  params: P;
  actor: A;
  app: AppContext;
  req: FastifyRequest;
  reply: FastifyReply;
};

type Access = 'public' | 'user';
type ActorFor<X extends Access> = X extends 'user' ? Actor : Actor | null;

export type RouteDef<B = unknown, Q = unknown, P = unknown, X extends Access = Access> = {
  method: HttpMethod;
  url: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  access: X;
  body?: z.ZodType<B>;
  /** Documents a JSON body that the service validates itself (its schema depends on a path parameter). */
  bodyDoc?: z.ZodType;
  /** A binary request body (Excel upload) instead of JSON. */
  rawBody?: { contentTypes: string[]; description: string };
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  response?: z.ZodType;
  /** Non-JSON success responses (file downloads). */
  produces?: { contentType: string; description: string };
  successStatus?: 200 | 201 | 204;
  /** This route's own JSON body limit (the public report with its photos); otherwise the app's 1 MB. */
  bodyLimit?: (app: AppContext) => number;
  /** Runs in `onRequest`, before the body is read: the public routes' per-address limits. */
  guard?: (req: FastifyRequest, app: AppContext) => void | Promise<void>;
  handler: (ctx: RouteContext<B, Q, P, ActorFor<X>>) => Promise<unknown>;
};

export function defineRoute<B = undefined, Q = undefined, P = undefined, X extends Access = 'user'>(def: RouteDef<B, Q, P, X>): RouteDef {
  return def as unknown as RouteDef;
}
