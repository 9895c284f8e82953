import { z } from 'zod';
import { roles } from '../../domain/roles.js';
import { idParams, optionalText, pageQuery } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { createUser, createUserSchema, getUser, listUsers, updateUser, updateUserSchema } from './users.service.js';

export const userRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/users',
    operationId: 'listUsers',
    tag: '用户',
    summary: '用户列表（本人可管理的范围）',
    access: 'user',
    query: z.object({
      ...pageQuery,
      keyword: optionalText,
      role: z.enum(roles, { error: '角色无效' }).optional(),
      orgUnitId: z.uuid('所属单位无效').optional(),
    }),
    handler: ({ actor, app, query }) => listUsers(app.db, actor, { ...query, keyword: query.keyword || undefined }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/users/:id',
    operationId: 'getUser',
    tag: '用户',
    summary: '用户详情',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getUser(app.db, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users',
    operationId: 'createUser',
    tag: '用户',
    summary: '新增用户（只能授予不超过本人的角色和范围；首次登录须改密码）',
    access: 'user',
    body: createUserSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createUser(app.db, actor, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/users/:id',
    operationId: 'updateUser',
    tag: '用户',
    summary: '修改用户：姓名、角色、单位、电话、启用/停用、重置密码',
    access: 'user',
    params: idParams,
    body: updateUserSchema,
    handler: ({ actor, app, params, body }) => updateUser(app.db, actor, params.id, body),
  }),
];
