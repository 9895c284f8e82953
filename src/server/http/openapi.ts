import { z } from 'zod';
import type { RouteDef } from './route.js';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: '稳定的错误代码' },
        message: { type: 'string', description: '中文错误说明' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            properties: { path: { type: 'string' }, row: { type: 'integer' }, column: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

const jsonSchema = (s: z.ZodType) => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

function parametersOf(def: RouteDef) {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ['path', def.params],
    ['query', def.query],
  ] as const) {
    if (!schema) continue;
    const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

/** The OpenAPI 3 document, built from the same route definitions the server runs. */
export function buildOpenApi(defs: RouteDef[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of defs) {
    const path = def.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const ok = String(def.successStatus ?? 200);
    const op: Record<string, unknown> = {
      operationId: def.operationId,
      tags: [def.tag],
      summary: def.summary,
      ...(def.description && { description: def.description }),
      parameters: parametersOf(def),
      responses: {
        [ok]: def.produces
          ? { description: def.produces.description, content: { [def.produces.contentType]: { schema: { type: 'string', format: 'binary' } } } }
          : { description: '成功', ...(def.response && { content: { 'application/json': { schema: jsonSchema(def.response) } } }) },
        default: { description: '错误', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      ...(def.access === 'user' && { security: [{ session: [] }] }),
    };
    const body = def.body ?? def.bodyDoc;
    if (body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(body) } } };
    if (def.rawBody) {
      op.requestBody = {
        required: true,
        description: def.rawBody.description,
        content: Object.fromEntries(def.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
      };
    }
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[def.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: '护校安园 API',
      version,
      description: '学校安全风险防控平台接口。登录后使用会话 Cookie；除 GET 外的请求须带 x-csrf-token 请求头（值见登录响应或 /api/auth/me）。',
    },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hx_session' } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
