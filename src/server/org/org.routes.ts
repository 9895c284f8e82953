import { z } from 'zod';
import { orgUnitKinds } from '../../domain/roles.js';
import { idParams, oneOrMany } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { assignmentKinds, createAssignment, createAssignmentSchema, deleteAssignment, listAssignments } from './assignments.service.js';
import { createOrgUnit, createOrgUnitSchema, listOrgUnits, updateOrgUnit, updateOrgUnitSchema } from './org.service.js';

export const orgRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/org-units',
    operationId: 'listOrgUnits',
    tag: '组织机构',
    summary: '组织机构（区县、街道/镇、教管中心、学校、部门），按权限范围',
    access: 'user',
    query: z.object({ kind: oneOrMany(z.enum(orgUnitKinds, { error: '机构类型无效' })).optional() }),
    handler: ({ actor, app, query }) => listOrgUnits(app.db, actor, query.kind),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/org-units',
    operationId: 'createOrgUnit',
    tag: '组织机构',
    summary: '新增街道/镇、教管中心或部门（区教委）',
    access: 'user',
    body: createOrgUnitSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createOrgUnit(app.db, actor, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/org-units/:id',
    operationId: 'updateOrgUnit',
    tag: '组织机构',
    summary: '修改或停用机构（区教委）',
    access: 'user',
    params: idParams,
    body: updateOrgUnitSchema,
    handler: ({ actor, app, params, body }) => updateOrgUnit(app.db, actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/assignments',
    operationId: 'listAssignments',
    tag: '组织机构',
    summary: '包校（责任督学）、包片（委领导）与派出所辖区学校',
    access: 'user',
    query: z.object({ kind: z.enum(assignmentKinds, { error: '分配类型无效' }).optional(), subjectId: z.uuid('对象无效').optional() }),
    handler: ({ actor, app, query }) => listAssignments(app.db, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/assignments',
    operationId: 'createAssignment',
    tag: '组织机构',
    summary: '新增包校、包片或辖区学校（区教委）',
    access: 'user',
    body: createAssignmentSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createAssignment(app.db, actor, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/assignments/:id',
    operationId: 'deleteAssignment',
    tag: '组织机构',
    summary: '取消包校、包片或辖区学校（区教委）',
    access: 'user',
    params: idParams,
    handler: async ({ actor, app, params }) => {
      await deleteAssignment(app.db, actor, params.id);
      return undefined;
    },
  }),
];
