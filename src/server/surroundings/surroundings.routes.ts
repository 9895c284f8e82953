import { z } from 'zod';
import { premiseStatuses, saveGatesSchema, savePremiseSchema, updatePremiseSchema } from '../../domain/premises.js';
import { idParams, oneOrMany, optionalText, pageQuery, queryBoolean } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { saveSchoolGates } from './gates.service.js';
import { createHazardFromPremiseBreach } from './premise-hazards.service.js';
import {
  createPremise,
  getPremise,
  getSchoolSurroundings,
  listPremises,
  listSurroundingsMap,
  recomputeSurroundings,
  updatePremise,
} from './premises.service.js';

const TAG = '校园周边';
const code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '场所类型无效');

export const surroundingsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/premises',
    operationId: 'listPremises',
    tag: TAG,
    summary: '周边场所（全区；学校角色在本校档案“周边”中查看）：附附近学校、距离、违规情况，以及政策包的场所类型和区域半径',
    access: 'user',
    query: z.object({
      ...pageQuery,
      typeCode: oneOrMany(code).optional(),
      breach: queryBoolean.optional(),
      parentId: z.uuid('街道/镇无效').optional(),
      status: z.enum(premiseStatuses, { error: '状态无效' }).optional(),
      keyword: optionalText,
    }),
    handler: ({ actor, app, query }) => listPremises(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/premises/map',
    operationId: 'getSurroundingsMap',
    tag: TAG,
    summary: '周边地图上的学校（权限范围内有坐标的学校）',
    access: 'user',
    handler: ({ actor, app }) => listSurroundingsMap(app, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/premises',
    operationId: 'createPremise',
    tag: TAG,
    summary: '登记周边场所（区教委、公安、主管部门限本部门主管的类型）；返回计算出的违规情况',
    access: 'user',
    body: savePremiseSchema,
    handler: async ({ actor, app, body, reply }) => {
      const r = await createPremise(app, actor, body);
      reply.status(201);
      return r;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/premises/recompute',
    operationId: 'recomputeSurroundings',
    tag: TAG,
    summary: '重新计算全部场所与学校的距离和违规情况（学校坐标变更后，区教委管理员）',
    access: 'user',
    handler: ({ actor, app }) => recomputeSurroundings(app, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/premises/:id',
    operationId: 'getPremise',
    tag: TAG,
    summary: '周边场所详情',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getPremise(app, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/premises/:id',
    operationId: 'updatePremise',
    tag: TAG,
    summary: '修改周边场所（带版本号）；重新计算附近学校和违规情况',
    access: 'user',
    params: idParams,
    body: updatePremiseSchema,
    handler: ({ actor, app, params, body }) => updatePremise(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/premises/:id/hazards',
    operationId: 'createHazardFromPremiseBreach',
    tag: TAG,
    summary: '把场所对某校的违规转为隐患（同一违规未销号前只能转一次）；区教委管理员转时同时研判并交办场所的主管部门',
    access: 'user',
    params: idParams,
    body: z.object({ schoolId: z.uuid('学校无效') }).strict(),
    handler: async ({ actor, app, params, body, reply }) => {
      const r = await createHazardFromPremiseBreach(app, actor, params.id, body);
      reply.status(201);
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/schools/:id/surroundings',
    operationId: 'getSchoolSurroundings',
    tag: TAG,
    summary: '一所学校的周边：校门、附近场所、距离、违规情况（学校角色限本校）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getSchoolSurroundings(app, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/schools/:id/gates',
    operationId: 'saveSchoolGates',
    tag: TAG,
    summary:
      '保存学校的校门及坐标（整表保存：同名校门保留编号，未列出的校门删除、其护学岗改为未关联校门；学校、教管中心、区教委）；同时重新计算周边场所的距离和违规情况',
    access: 'user',
    params: idParams,
    body: saveGatesSchema,
    handler: ({ actor, app, params, body }) => saveSchoolGates(app, actor, params.id, body),
  }),
];
