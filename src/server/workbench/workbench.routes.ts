import { defineRoute } from '../http/route.js';
import { getWorkbench } from './workbench.service.js';

export const workbenchRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/workbench',
    operationId: 'getWorkbench',
    tag: '工作台',
    summary: '工作台：本人角色的待办（检查任务、待处理隐患、督导待办、整改通知书、未读消息），每个数字附带产生它的筛选列表链接；以及本角色的实际权限',
    access: 'user',
    handler: ({ actor, app }) => getWorkbench(app, actor),
  }),
];
