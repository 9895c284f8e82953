import { z } from 'zod';
import { createWaterPatrolSchema, saveWaterFacilitiesSchema } from '../../domain/water-safety.js';
import { idParams } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { createHazardFromWaterFlag, createWaterPatrol, getWaterSafety, saveWaterFacilities } from './water.service.js';

const TAG = '校园周边';

export const waterRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/premises/:id/water',
    operationId: 'getWaterSafety',
    tag: TAG,
    summary: '危险水域：警示标志、防护设施、巡查记录，防溺水重点时段的巡查频次和问题',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getWaterSafety(app, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/premises/:id/water',
    operationId: 'saveWaterFacilities',
    tag: TAG,
    summary: '登记危险水域的警示标志和防护设施（区教委、公安、主管部门；version 为 0 表示首次登记）',
    access: 'user',
    params: idParams,
    body: saveWaterFacilitiesSchema,
    handler: ({ actor, app, params, body }) => saveWaterFacilities(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/premises/:id/water/patrols',
    operationId: 'createWaterPatrol',
    tag: TAG,
    summary: '登记危险水域巡查（谁、何时、发现什么）',
    access: 'user',
    params: idParams,
    body: createWaterPatrolSchema,
    handler: async ({ actor, app, params, body, reply }) => {
      const r = await createWaterPatrol(app, actor, params.id, body);
      reply.status(201);
      return r;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/premises/:id/water/hazards',
    operationId: 'createHazardFromWaterFlag',
    tag: TAG,
    summary: '把危险水域的问题（无警示标志、无防护设施、巡查超期等）转为附近某校的隐患（类别防溺水）；同一问题和学校未销号前只能转一次',
    access: 'user',
    params: idParams,
    body: z
      .object({
        schoolId: z.uuid('学校无效'),
        code: z.enum(['no_sign', 'sign_damaged', 'no_barrier', 'barrier_partial', 'patrol_overdue', 'not_recorded'], { error: '问题类别无效' }),
      })
      .strict(),
    handler: async ({ actor, app, params, body, reply }) => {
      const r = await createHazardFromWaterFlag(app, actor, params.id, body);
      reply.status(201);
      return r;
    },
  }),
];
