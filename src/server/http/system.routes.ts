import { z } from 'zod';
import { buildOpenApi } from './openapi.js';
import { defineRoute, type RouteDef } from './route.js';

export const APP_VERSION = '0.1.0';

/** Health and the API description; the document is built from `allRoutes` at first request. */
export function systemRoutes(allRoutes: () => RouteDef[]) {
  let doc: unknown;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/health',
      operationId: 'getHealth',
      tag: '系统',
      summary: '健康检查：服务与数据库状态',
      access: 'public',
      response: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']), version: z.string(), uptimeSeconds: z.number() }),
      handler: async ({ app }) => {
        await app.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
        return { status: 'ok', database: app.dbKind, version: APP_VERSION, uptimeSeconds: Math.round((Date.now() - app.startedAt.getTime()) / 1000) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/openapi.json',
      operationId: 'getOpenApi',
      tag: '系统',
      summary: 'OpenAPI 3 接口文档',
      access: 'public',
      handler: async () => {
        doc ??= buildOpenApi(allRoutes(), APP_VERSION);
        return doc;
      },
    }),
  ];
}
