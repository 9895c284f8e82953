import { z } from 'zod';
import { incidentReportKinds } from './case-time.js';
import { caseActions } from './case-workflow.js';
import { hazardLevels } from './hazard.js';
import { isoDateTime, isoDay } from './input-dates.js';
import { incidentLevelCodes } from './policy/cases-schema.js';

/** Where a case came from (来源). */
export const caseSources = [
  'letter',
  'visit',
  'phone',
  'online',
  'supervision_platform',
  'public_report',
  'school_report',
  'police',
  'screening',
  'other',
] as const;
export type CaseSource = (typeof caseSources)[number];
export const caseSourceLabels: Record<CaseSource, string> = {
  letter: '来信',
  visit: '来访',
  phone: '来电',
  online: '网上信访',
  supervision_platform: '“互联网+督查”平台交办',
  public_report: '群众举报（公众渠道）',
  school_report: '学校报告',
  police: '公安通报',
  screening: '排查发现',
  other: '其他',
};

export const insuranceStatuses = ['none', 'filed', 'paid', 'refused'] as const;
export type InsuranceStatus = (typeof insuranceStatuses)[number];
export const insuranceStatusLabels: Record<InsuranceStatus, string> = { none: '未报案', filed: '已报案理赔中', paid: '已赔付', refused: '拒赔' };

const text = (label: string, max = 2000) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不超过 ${max} 个字`);
const optionalText = (label: string, max = 2000) => z.string().trim().max(max, `${label}不超过 ${max} 个字`);
const count = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .int(`${label}应为整数`)
    .min(0, `${label}不能为负`)
    .max(100_000, `${label}过大`);
const attachmentIds = z.array(z.uuid('附件编号无效')).max(20, '附件最多 20 个');
const typeCode = z
  .string({ error: '请选择案件类型' })
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '案件类型无效');

/** The casualties and loss of an incident (安全事故、突发事件). */
const incidentFields = {
  occurredAt: isoDateTime('发生时间格式无效').optional(),
  place: optionalText('地点', 100).optional(),
  deaths: count('死亡人数').optional(),
  seriousInjuries: count('重伤人数').optional(),
  minorInjuries: count('轻伤人数').optional(),
  lossYuan: z.number({ error: '直接经济损失应为数字' }).min(0, '直接经济损失不能为负').max(1e13, '直接经济损失过大').optional(),
};

export const createCaseSchema = z
  .object({
    typeCode,
    kind: optionalText('类别', 20).optional(),
    title: text('案件标题', 100),
    description: optionalText('内容', 5000).default(''),
    source: z.enum(caseSources, { error: '案件来源无效' }),
    schoolId: z.uuid('学校无效').optional(),
    relatedSchoolIds: z.array(z.uuid('学校无效')).max(20, '相关学校最多 20 所').default([]),
    reporterName: optionalText('反映人/报告人', 40).default(''),
    reporterPhone: z
      .string()
      .trim()
      .max(20, '联系电话不超过 20 位')
      .regex(/^[0-9+\-\s]*$/, '联系电话只能含数字、+ 和 -')
      .default(''),
    subjectName: optionalText('涉及对象', 100).default(''),
    ...incidentFields,
    attachmentIds: attachmentIds.default([]),
  })
  .strict();
export type CreateCaseInput = z.input<typeof createCaseSchema>;

/** One body for every action; the server checks what the action needs (assign: unitId, reply: reply …). */
export const caseActionSchema = z
  .object({
    version: z.number({ error: '请提供版本号' }).int().min(1).max(2_147_483_647),
    note: optionalText('说明', 2000).default(''),
    unitId: z.uuid('承办单位无效').optional(),
    /** 任务分办: the last day of the handling step the assigning unit sets (within the pack's handling limit). */
    handlingDueOn: isoDay('办理期限格式应为 YYYY-MM-DD').optional(),
    reply: optionalText('答复内容', 5000).optional(),
    level: z.enum(incidentLevelCodes, { error: '事故等级无效' }).optional(),
    /** 'upward': the district's report to the level above (向上级报告, cases.yaml incident.upwardHours). */
    reportKind: z.enum([...incidentReportKinds, 'upward'], { error: '报告类别无效' }).optional(),
    handling: optionalText('处置情况', 5000).optional(),
    liability: optionalText('责任认定', 2000).optional(),
    insuranceStatus: z.enum(insuranceStatuses, { error: '理赔状态无效' }).optional(),
    insuranceAmount: z.number({ error: '赔付金额应为数字' }).min(0).max(1e11).optional(),
    mediationOutcome: optionalText('调解结果', 2000).optional(),
    lessons: optionalText('教训与整改', 5000).optional(),
    ...incidentFields,
    hazard: z
      .object({
        title: text('隐患标题', 100),
        category: z
          .string({ error: '请选择隐患类别' })
          .trim()
          .regex(/^[a-z][a-z0-9_]{0,39}$/, '隐患类别无效'),
        place: text('部位', 40),
        level: z.enum(hazardLevels, { error: '隐患等级应为一般或重大' }).optional(),
      })
      .strict()
      .optional(),
    attachmentIds: attachmentIds.default([]),
  })
  .strict();
export type CaseActionInput = z.infer<typeof caseActionSchema>;

export const caseActionParam = z.enum(caseActions, { error: '案件操作无效' });

/** Masks a person's name (张**) and phone (138****5678) for readers outside the handling units. */
export const maskName = (s: string): string => (s ? `${[...s][0]}${'*'.repeat(Math.max([...s].length - 1, 1))}` : '');
export const maskPhone = (s: string): string => (s.length >= 7 ? `${s.slice(0, 3)}****${s.slice(-4)}` : s ? '****' : '');
