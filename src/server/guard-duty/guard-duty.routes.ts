import { z } from 'zod';
import { saveGuardPostSchema, savePatrolZoneSchema, signInGuardPostSchema } from '../../domain/guard-duty.js';
import { isoDay } from '../../domain/input-dates.js';
import { idParams, queryBoolean } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { getGuardRotaHistory, listGuardPosts, saveGuardPost } from './guard-posts.service.js';
import { getGuardDutyToday, signInGuardPost } from './guard-sign-in.service.js';
import { getGuardDutyStats } from './guard-stats.service.js';
import { listPatrolZones, savePatrolZone } from './patrol-zones.service.js';

const tag = '护学岗';
const scopeQuery = {
  schoolId: z.uuid('学校无效').optional(),
  orgUnitId: z.uuid('单位无效').optional(),
};

export const guardDutyRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/guard-posts',
    operationId: 'listGuardPosts',
    tag,
    summary: '护学岗（每个校门的岗位、时段和排班，及今天的签到）；权限范围内的学校，可按学校、街道/镇或派出所筛选',
    access: 'user',
    query: z.object({ ...scopeQuery, active: queryBoolean.optional() }),
    handler: ({ actor, app, query }) => listGuardPosts(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/guard-posts',
    operationId: 'saveGuardPost',
    tag,
    summary:
      '新增或修改护学岗及其排班（带编号和版本号即修改）：学校护学岗由本校设置，公安护学岗由辖区派出所设置；排班变更自生效日期（默认今天，最多 60 天后）起算，之前的日子仍按当时的排班计',
    access: 'user',
    body: saveGuardPostSchema,
    handler: ({ actor, app, body }) => saveGuardPost(app, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/guard-posts/:id/rota-history',
    operationId: 'getGuardRotaHistory',
    tag,
    summary: '护学岗排班历史：每行排班的各个版本（生效、结束日期，变更人）；能查看该校的用户可看',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getGuardRotaHistory(app, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/guard-posts/:id/sign-ins',
    operationId: 'signInGuardPost',
    tag,
    summary: '在岗签到（手机定位，与岗位坐标比对；迟到、不在岗位范围会标记）；岗位管理人员可为排班人员代签',
    access: 'user',
    params: idParams,
    body: signInGuardPostSchema,
    successStatus: 201,
    handler: ({ actor, app, params, body }) => signInGuardPost(app, actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/guard-duty/today',
    operationId: 'getGuardDutyToday',
    tag,
    summary: '我今天的护学岗值守（本人的排班；岗位管理人员另见本岗位的全部排班以便代签）',
    access: 'user',
    handler: ({ actor, app }) => getGuardDutyToday(app, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/guard-duty/stats',
    operationId: 'getGuardDutyStats',
    tag,
    summary: '护学岗设置率和到岗率（按学校、派出所辖区、周）；权限范围内',
    access: 'user',
    query: z.object({
      ...scopeQuery,
      from: isoDay('开始日期格式应为 YYYY-MM-DD').optional(),
      to: isoDay('结束日期格式应为 YYYY-MM-DD').optional(),
    }),
    handler: ({ actor, app, query }) => getGuardDutyStats(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/patrol-zones',
    operationId: 'listPatrolZones',
    tag,
    summary: '包片区域和警组（派出所只看本所的）',
    access: 'user',
    query: z.object({ policeUnitId: z.uuid('派出所无效').optional() }),
    handler: ({ actor, app, query }) => listPatrolZones(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/patrol-zones',
    operationId: 'savePatrolZone',
    tag,
    summary: '新增或修改包片区域（带编号和版本号即修改）：片区内学校及一对一负责的警组（3–5 人）',
    access: 'user',
    body: savePatrolZoneSchema,
    handler: ({ actor, app, body }) => savePatrolZone(app, actor, body),
  }),
];
