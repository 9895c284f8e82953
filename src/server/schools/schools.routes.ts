import { z } from 'zod';
import { createSchoolSchema, ownerships, schoolTypes, updateSchoolSchema } from '../../domain/school.js';
import { contentDisposition, idParams, optionalText, pageQuery, queryBoolean, shanghaiDate, XLSX } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { schoolMovedHook } from '../surroundings/gates.service.js';
import { schoolSorts } from './schools.repository.js';
import { createSchool, getSchool, listSchools, updateSchool } from './schools.service.js';
import { exportSchools, getSchoolImportTemplate, importSchools } from './schools.transfer.service.js';

const filterQuery = {
  keyword: optionalText,
  parentId: z.uuid('所属单位无效').optional(),
  schoolType: z.enum(schoolTypes, { error: '学校类型无效' }).optional(),
  ownership: z.enum(ownerships, { error: '办学性质无效' }).optional(),
  boarding: queryBoolean.optional(),
};
const toFilter = (q: {
  keyword?: string | undefined;
  parentId?: string | undefined;
  schoolType?: string | undefined;
  ownership?: string | undefined;
  boarding?: boolean | undefined;
}) => ({
  keyword: q.keyword || undefined,
  parentId: q.parentId,
  schoolType: q.schoolType,
  ownership: q.ownership,
  boarding: q.boarding,
});

const listQuery = z.object({
  ...pageQuery,
  ...filterQuery,
  sort: z.enum(Object.keys(schoolSorts) as [keyof typeof schoolSorts], { error: '排序字段无效' }).default('code'),
});

export const schoolRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/schools',
    operationId: 'listSchools',
    tag: '学校',
    summary: '学校列表（按权限范围，分页、筛选、排序）',
    access: 'user',
    query: listQuery,
    handler: ({ actor, app, query }) => listSchools(app.db, actor, { ...toFilter(query), page: query.page, pageSize: query.pageSize, sort: query.sort }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/schools/export',
    operationId: 'exportSchools',
    tag: '学校',
    summary: '导出学校名单（Excel，筛选条件同列表）',
    access: 'user',
    query: z.object(filterQuery),
    produces: { contentType: XLSX, description: '学校名单.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const file = await exportSchools(app.db, actor, toFilter(query));
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', contentDisposition(`学校名单-${shanghaiDate()}.xlsx`))
        .send(file);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/schools/import-template',
    operationId: 'getSchoolImportTemplate',
    tag: '学校',
    summary: '下载学校导入模板（Excel，含填写说明）',
    access: 'user',
    produces: { contentType: XLSX, description: '学校导入模板.xlsx' },
    handler: async ({ actor, app, reply }) => {
      const file = await getSchoolImportTemplate(app.db, actor);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition('学校导入模板.xlsx')).send(file);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/schools/import',
    operationId: 'importSchools',
    tag: '学校',
    summary: '从 Excel 导入学校：先校验全部行，有任何错误则不导入并逐行报告',
    access: 'user',
    query: z.object({ dryRun: queryBoolean.default(false) }),
    rawBody: { contentTypes: [XLSX, 'application/octet-stream'], description: '按模板填写的 .xlsx 文件' },
    handler: ({ actor, app, query, body }) => importSchools(app.db, actor, body as unknown as Buffer, query.dryRun, schoolMovedHook(app, actor.districtId)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/schools/:id',
    operationId: 'getSchool',
    tag: '学校',
    summary: '学校档案',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getSchool(app.db, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/schools',
    operationId: 'createSchool',
    tag: '学校',
    summary: '新增学校（区教委）',
    access: 'user',
    body: createSchoolSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createSchool(app.db, actor, body, schoolMovedHook(app, actor.districtId)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/schools/:id',
    operationId: 'updateSchool',
    tag: '学校',
    summary: '修改学校档案（名称、代码、所属、类型、性质仅区教委可改）',
    access: 'user',
    params: idParams,
    body: updateSchoolSchema,
    handler: ({ actor, app, params, body }) => updateSchool(app.db, actor, params.id, body, schoolMovedHook(app, actor.districtId)),
  }),
];
