import { idParams } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { getSchoolFile } from './school-file.service.js';

export const schoolFileRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/schools/:id/file',
    operationId: 'getSchoolFile',
    tag: '学校',
    summary: '一校一档：学校档案和各模块的摘要（隐患、检查、督查覆盖、检查义务、整改通知书、执法处罚），每个数字与对应列表按本校筛选的总数一致',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getSchoolFile(app, actor, params.id),
  }),
];
