import { z } from 'zod';
import {
  createBuildingSchema,
  createFireFacilitySchema,
  fireUnitSchema,
  updateBuildingSchema,
  updateFireFacilitySchema,
} from '../../domain/buildings-inputs.js';
import { sendFile } from '../http/file-reply.js';
import { idParams, queryBoolean, shanghaiDate, XLSX } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { buildingParts, buildingPartTitle } from './buildings.excel.js';
import { createBuilding, createFireFacility, getSchoolBuildings, saveFireUnit, updateBuilding, updateFireFacility } from './buildings.service.js';
import { exportBuildings, importBuildings } from './buildings.transfer.service.js';
import { gapSync } from './gap-close.service.js';

/** 校舍 and fire facilities of the 三防 register; every write re-checks the school's gap hazards (gap-close.service.ts). */

const tag = '三防';
const partQuery = { part: z.enum(buildingParts, { error: '应为 buildings（校舍）或 fire（消防设施）' }) };

export const buildingsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/sanfang/schools/:id/buildings',
    operationId: 'getSchoolBuildings',
    tag,
    summary: '学校校舍（鉴定等级与日期、下次鉴定、危房）、消防设施（维保单位与日期）和火灾高危单位消防安全评估',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getSchoolBuildings(app, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/sanfang/buildings',
    operationId: 'createBuilding',
    tag,
    summary: '登记校舍',
    access: 'user',
    body: createBuildingSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createBuilding(app, actor, body, new Date(), gapSync(app, actor)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/sanfang/buildings/:id',
    operationId: 'updateBuilding',
    tag,
    summary: '修改校舍（含鉴定等级与日期）',
    access: 'user',
    params: idParams,
    body: updateBuildingSchema,
    handler: ({ actor, app, params, body }) => updateBuilding(app, actor, params.id, body, new Date(), gapSync(app, actor)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/sanfang/fire-facilities',
    operationId: 'createFireFacility',
    tag,
    summary: '登记消防设施（灭火器、消火栓、火灾自动报警等，含维保单位与日期）',
    access: 'user',
    body: createFireFacilitySchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createFireFacility(app, actor, body, new Date(), gapSync(app, actor)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/sanfang/fire-facilities/:id',
    operationId: 'updateFireFacility',
    tag,
    summary: '修改消防设施（含维保日期）',
    access: 'user',
    params: idParams,
    body: updateFireFacilitySchema,
    handler: ({ actor, app, params, body }) => updateFireFacility(app, actor, params.id, body, new Date(), gapSync(app, actor)),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/sanfang/schools/:id/fire-unit',
    operationId: 'saveFireUnit',
    tag,
    summary: '保存是否火灾高危单位及年度消防安全评估（日期、评估机构）',
    access: 'user',
    params: idParams,
    body: fireUnitSchema,
    handler: ({ actor, app, params, body }) => saveFireUnit(app, actor, params.id, body, new Date(), gapSync(app, actor)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/sanfang/buildings/export',
    operationId: 'exportSanfangBuildings',
    tag,
    summary: '导出校舍或消防设施（Excel；也是导入模板）',
    access: 'user',
    query: z.object({ ...partQuery, schoolId: z.uuid('学校无效').optional() }),
    produces: { contentType: XLSX, description: '校舍.xlsx / 消防设施.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const file = await exportBuildings(app, actor, query.part, query);
      return sendFile(reply, `${buildingPartTitle(query.part)}-${shanghaiDate()}.xlsx`, file);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/sanfang/buildings/import',
    operationId: 'importSanfangBuildings',
    tag,
    summary: '从 Excel 导入校舍或消防设施：先校验全部行，有任何错误则不导入并逐行报告',
    access: 'user',
    query: z.object({ ...partQuery, dryRun: queryBoolean.default(false) }),
    rawBody: { contentTypes: [XLSX, 'application/octet-stream'], description: '按导出格式填写的 .xlsx 文件' },
    handler: ({ actor, app, query, body }) => importBuildings(app, actor, query.part, body as unknown as Buffer, query.dryRun),
  }),
];
