import { z } from 'zod';
import { deviceKinds, personRoles } from '../../domain/sanfang.js';
import { createDeviceSchema, createPersonSchema, siteSchema, updateDeviceSchema, updatePersonSchema } from '../../domain/sanfang-inputs.js';
import { schoolTypes } from '../../domain/school.js';
import { PDF, sendFile } from '../http/file-reply.js';
import { idParams, queryBoolean, shanghaiDate, XLSX } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { listDevicesWithStatus } from './device-checks.service.js';
import { gapSync } from './gap-close.service.js';
import { registerParts } from './sanfang.excel.js';
import { createDevice, createPerson, listPersons, saveSite, updateDevice, updatePerson } from './sanfang.service.js';
import { exportRegister, exportSummary, importRegister, printSummary } from './sanfang.transfer.service.js';
import { createHazardsFromGaps, getSanfangSummary, getSchoolSanfang } from './sanfang-standing.service.js';

const tag = '三防';
const summaryQuery = z.object({
  orgUnitId: z.uuid('所属单位无效').optional(),
  schoolType: z.enum(schoolTypes, { error: '学校类型无效' }).optional(),
});
const partQuery = { part: z.enum(registerParts, { error: '应为 guards（人员）或 devices（设施）' }) };

export const sanfangRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/sanfang/guards',
    operationId: 'listGuards',
    tag,
    summary: '三防人员（保安员、门卫、宿管、安全干部、法治辅导员等）；背景审查结果仅区教委、公安、校长可见，查看即留痕',
    access: 'user',
    query: z.object({ schoolId: z.uuid('学校无效').optional(), role: z.enum(personRoles, { error: '人员类别无效' }).optional() }),
    handler: ({ actor, app, query }) => listPersons(app.db, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/sanfang/guards',
    operationId: 'createGuard',
    tag,
    summary: '登记三防人员',
    access: 'user',
    body: createPersonSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createPerson(app.db, actor, body, gapSync(app, actor)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/sanfang/guards/:id',
    operationId: 'updateGuard',
    tag,
    summary: '修改三防人员',
    access: 'user',
    params: idParams,
    body: updatePersonSchema,
    handler: ({ actor, app, params, body }) => updatePerson(app.db, actor, params.id, body, gapSync(app, actor)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/sanfang/devices',
    operationId: 'listDevices',
    tag,
    summary: '三防设施（摄像机、录像机、一键报警、门禁、电子巡查点、备用电源、校门、安保器械），含每日在线巡检状态；可按学校、镇街、类别、在线状态筛选',
    access: 'user',
    query: z.object({
      schoolId: z.uuid('学校无效').optional(),
      kind: z.enum(deviceKinds, { error: '设施类别无效' }).optional(),
      orgUnitId: z.uuid('所属单位无效').optional(),
      online: z.enum(['online', 'offline', 'unchecked'], { error: '在线状态应为 online、offline 或 unchecked' }).optional(),
    }),
    handler: ({ actor, app, query }) => listDevicesWithStatus(app, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/sanfang/devices',
    operationId: 'createDevice',
    tag,
    summary: '登记三防设施',
    access: 'user',
    body: createDeviceSchema,
    successStatus: 201,
    handler: ({ actor, app, body }) => createDevice(app.db, actor, body, gapSync(app, actor)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/sanfang/devices/:id',
    operationId: 'updateDevice',
    tag,
    summary: '修改三防设施',
    access: 'user',
    params: idParams,
    body: updateDeviceSchema,
    handler: ({ actor, app, params, body }) => updateDevice(app.db, actor, params.id, body, gapSync(app, actor)),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/sanfang/schools/:id/site',
    operationId: 'saveSanfangSite',
    tag,
    summary: '保存学校周界（围墙类型、高度、防攀爬）、封闭化管理、警务室与地域类型',
    access: 'user',
    params: idParams,
    body: siteSchema,
    handler: ({ actor, app, params, body }) => saveSite(app.db, actor, params.id, body, gapSync(app, actor)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/sanfang/schools/:id',
    operationId: 'getSchoolSanfang',
    tag,
    summary: '学校三防台账与标准对照（应配、现有、差额、是否达标、依据）',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getSchoolSanfang(app, actor, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/sanfang/summary',
    operationId: 'getSanfangSummary',
    tag,
    summary: '三防汇总：应配/现有/缺保安（逐校计缺额，不以富余抵补），各项标准达标校数，“四个100%”及未达标学校',
    access: 'user',
    query: summaryQuery,
    handler: ({ actor, app, query }) => getSanfangSummary(app, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/sanfang/summary/export',
    operationId: 'exportSanfangSummary',
    tag,
    summary: '导出三防汇总（Excel）',
    access: 'user',
    query: summaryQuery,
    produces: { contentType: XLSX, description: '三防汇总.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      return sendFile(reply, `三防汇总-${shanghaiDate()}.xlsx`, await exportSummary(app, actor, query));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/sanfang/summary/pdf',
    operationId: 'printSanfangSummary',
    tag,
    summary: '三防情况报告（A4 PDF，可打印）',
    access: 'user',
    query: summaryQuery,
    produces: { contentType: PDF, description: '三防情况.pdf' },
    handler: async ({ actor, app, query, reply }) => {
      return sendFile(reply, `三防情况-${shanghaiDate()}.pdf`, await printSummary(app, actor, query));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/sanfang/export',
    operationId: 'exportSanfangRegister',
    tag,
    summary: '导出三防台账（人员或设施，Excel；也是导入模板）',
    access: 'user',
    query: z.object({ ...partQuery, schoolId: z.uuid('学校无效').optional() }),
    produces: { contentType: XLSX, description: '三防台账.xlsx' },
    handler: async ({ actor, app, query, reply }) => {
      const file = await exportRegister(app, actor, query.part, query);
      const name = query.part === 'guards' ? '三防人员' : '三防设施';
      return sendFile(reply, `${name}-${shanghaiDate()}.xlsx`, file);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/sanfang/import',
    operationId: 'importSanfangRegister',
    tag,
    summary: '从 Excel 导入三防台账：先校验全部行，有任何错误则不导入并逐行报告',
    access: 'user',
    query: z.object({ ...partQuery, dryRun: queryBoolean.default(false) }),
    rawBody: { contentTypes: [XLSX, 'application/octet-stream'], description: '按导出格式填写的 .xlsx 文件' },
    handler: ({ actor, app, query, body }) => importRegister(app, actor, query.part, body as unknown as Buffer, query.dryRun),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/sanfang/gap-hazards',
    operationId: 'createHazardsFromGaps',
    tag,
    summary: '三防差距转为隐患（一校或多校；类别为人防/物防/技防，关联标准编码；已有未销号的不重复）',
    access: 'user',
    body: z
      .object({
        schoolIds: z.array(z.uuid('学校无效')).min(1, '至少选择一所学校').max(500, '一次最多 500 所学校'),
        ruleCodes: z.array(z.string().trim().min(1).max(40, '编码不超过 40 个字符')).max(20).default([]),
      })
      .strict(),
    successStatus: 201,
    handler: ({ actor, app, body }) => createHazardsFromGaps(app, actor, body),
  }),
];
