import { z } from 'zod';
import { followUpSchema, keyPersonStatuses, riskLevels, saveKeyPersonSchema, updateKeyPersonSchema } from '../../domain/key-persons.js';
import { idParams, oneOrMany, optionalText, pageQuery, queryBoolean } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { addKeyPersonFollowUp, createKeyPerson, getKeyPerson, listKeyPersons, updateKeyPerson } from './key-persons.service.js';

const TAG = '重点人员（仅公安）';
const code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '人员类别无效');

export const keyPersonRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/key-persons',
    operationId: 'listKeyPersons',
    tag: TAG,
    summary: '重点人员列表（仅公安民警：本所及辖区学校附近的人员；身份证号只显示后 4 位；每次查看记入操作日志）',
    access: 'user',
    query: z.object({
      ...pageQuery,
      categoryCode: oneOrMany(code).optional(),
      riskLevel: z.enum(riskLevels, { error: '风险等级无效' }).optional(),
      status: z.enum(keyPersonStatuses, { error: '状态无效' }).optional(),
      overdue: queryBoolean.optional(),
      mine: queryBoolean.optional(),
      schoolId: z.uuid('学校无效').optional(),
      keyword: optionalText,
    }),
    handler: ({ actor, app, query }) => listKeyPersons(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/key-persons',
    operationId: 'saveKeyPerson',
    tag: TAG,
    summary: '登记重点人员（仅公安民警，归本派出所）；计算附近学校和距离',
    access: 'user',
    body: saveKeyPersonSchema,
    handler: async ({ actor, app, body, reply }) => {
      const r = await createKeyPerson(app, actor, body);
      reply.status(201);
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/key-persons/:id',
    operationId: 'getKeyPerson',
    tag: TAG,
    summary: '重点人员档案（仅公安民警；含管控措施、走访记录、附近学校；每次查看记入操作日志）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getKeyPerson(app, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/key-persons/:id',
    operationId: 'updateKeyPerson',
    tag: TAG,
    summary: '修改重点人员档案（仅公安民警，带版本号）',
    access: 'user',
    params: idParams,
    body: updateKeyPersonSchema,
    handler: ({ actor, app, params, body }) => updateKeyPerson(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/key-persons/:id/follow-ups',
    operationId: 'addKeyPersonFollowUp',
    tag: TAG,
    summary: '登记走访记录（仅公安民警）：日期、情况、下次走访日期（不填按风险等级的默认周期）',
    access: 'user',
    params: idParams,
    body: followUpSchema,
    handler: async ({ actor, app, params, body, reply }) => {
      const r = await addKeyPersonFollowUp(app, actor, params.id, body);
      reply.status(201);
      return r;
    },
  }),
];
