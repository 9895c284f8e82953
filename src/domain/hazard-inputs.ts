import { z } from 'zod';
import { hazardLevels, hazardSources } from './hazard.js';
import { isoDateTime, isoDay } from './input-dates.js';

/** The input each hazard action requires: the "five in place" plan, evidence, reasons. */
const day = isoDay('日期格式应为 YYYY-MM-DD');
const text = (label: string, max = 2000) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不超过 ${max} 个字`);
const optionalText = (label: string, max = 2000) => z.string().trim().max(max, `${label}不超过 ${max} 个字`).default('');
// A code here; the server checks it against the district's policy pack (its categories differ by district).
const category = z
  .string({ error: '请选择隐患类别' })
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '隐患类别无效');
const attachmentIds = z.array(z.uuid('附件编号无效')).max(20, '附件最多 20 个');

export const createHazardSchema = z
  .object({
    schoolId: z.uuid('学校无效'),
    title: text('隐患标题', 100),
    description: optionalText('隐患描述'),
    place: text('部位', 40),
    category,
    level: z.enum(hazardLevels, { error: '隐患等级应为一般或重大' }).optional(),
    source: z.enum(hazardSources, { error: '隐患来源无效' }),
    foundAt: isoDateTime('发现时间格式无效').optional(),
    attachmentIds: attachmentIds.default([]),
    /** The 专项行动 that found it (an open campaign the school takes part in). */
    campaignId: z.uuid('专项行动无效').optional(),
  })
  .strict();

export const updateHazardSchema = z
  .object({ title: text('隐患标题', 100), description: optionalText('隐患描述'), place: text('部位', 40), category })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的字段' });

export const hazardActionInputs = {
  assess: z
    .object({
      level: z.enum(hazardLevels, { error: '隐患等级应为一般或重大' }),
      category,
      place: text('部位', 40).optional(),
      note: optionalText('研判意见'),
    })
    .strict(),
  plan: z
    .object({
      measures: text('整改措施'),
      responsiblePerson: text('责任人', 40),
      funds: text('整改资金', 100),
      deadline: day,
      contingencyPlan: text('应急预案'),
      interimControl: optionalText('临时管控措施'),
    })
    .strict(),
  submit: z.object({ explanation: text('整改情况说明'), attachmentIds: attachmentIds.min(1, '请上传整改后的照片') }).strict(),
  verify_pass: z.object({ note: text('验收意见'), attachmentIds: attachmentIds.default([]) }).strict(),
  verify_fail: z.object({ reason: text('不通过原因'), attachmentIds: attachmentIds.default([]) }).strict(),
  hand_over: z.object({ unitId: z.uuid('交办单位无效'), deadline: day, note: optionalText('交办说明') }).strict(),
  request_extension: z.object({ requestedDeadline: day, reason: text('延期理由') }).strict(),
  decide_extension: z.object({ approve: z.boolean({ error: '请选择同意或不同意' }), note: optionalText('审批意见') }).strict(),
  list_supervision: z.object({ note: optionalText('督办要求') }).strict(),
  reopen: z.object({ reason: text('复发情况'), attachmentIds: attachmentIds.default([]) }).strict(),
} as const;

export type HazardActionInput = { [K in keyof typeof hazardActionInputs]: z.infer<(typeof hazardActionInputs)[K]> };
