import { z } from 'zod';
import { isoDay } from '../input-dates.js';

/** Request bodies of assessment (考核): rounds, 自评, 考评, imported measures. */
const text = (label: string, max: number) => z.string(`${label}无效`).trim().max(max, `${label}不超过 ${max} 个字`);
const code = (label: string) => z.string(`${label}无效`).regex(/^[a-z][a-z0-9_]{0,47}$/, `${label}只能用小写字母、数字和下划线`);
const score = z
  .number('分数应为数字')
  .min(0, '分数不能为负数')
  .max(1000, '分数不超过 1000')
  .refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, '分数最多一位小数');

export const createRoundInput = z
  .object({
    title: text('考核名称', 100).min(1, '请填写考核名称'),
    rubricCode: code('考核细则'),
    from: isoDay('开始日期格式应为 YYYY-MM-DD'),
    to: isoDay('结束日期格式应为 YYYY-MM-DD'),
  })
  .strict();

export const selfAssessmentInput = z
  .object({
    items: z
      .array(
        z
          .object({
            itemCode: code('项目'),
            score,
            note: text('自评说明', 1000).default(''),
            attachmentIds: z.array(z.uuid('附件编号无效')).max(20, '每项最多 20 个附件').default([]),
          })
          .strict(),
      )
      .min(1, '至少自评一项')
      .max(200, '一次最多 200 项'),
  })
  .strict();

export const assessorScoreInput = z
  .object({
    itemCode: code('项目'),
    score: score.nullable().optional(),
    veto: z.boolean('否决认定应为是或否').nullable().optional(),
    note: text('评语', 1000).default(''),
    reason: text('调整理由', 500).default(''),
  })
  .strict();

export const importMeasureQuery = z.object({
  source: code('数据来源编码'),
  period: z.string('期间无效').regex(/^[0-9A-Za-z_-]{1,20}$/, '期间只能用字母、数字、下划线和连字符，如 2026-2027'),
});
