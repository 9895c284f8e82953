import { z } from 'zod';
import { dutyKinds } from '../../domain/duty.js';
import { createRecordCheckSchema } from '../../domain/patrol.js';
import { defineRoute } from '../http/route.js';
import { createRecordCheck, listRecordChecks } from './record-checks.service.js';

const TAG = '抽查核实';

export const recordCheckRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/record-checks',
    operationId: 'createRecordCheck',
    tag: TAG,
    summary: '督查人员对权限范围内学校的一条记录（检查、巡查、值班等）做抽查核实标记：已核实或有疑问（附意见）',
    access: 'user',
    body: createRecordCheckSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createRecordCheck(app, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/record-checks',
    operationId: 'listRecordChecks',
    tag: TAG,
    summary: '一条记录的抽查核实标记（学校可看本校记录上的标记）',
    access: 'user',
    query: z.object({ kind: z.enum(dutyKinds, { error: '记录类别无效' }), recordId: z.uuid('记录编号无效') }),
    handler: ({ actor, app, query }) => listRecordChecks(app, actor, query),
  }),
];
