import { z } from 'zod';
import '../zod-locale.js';

/**
 * The risk register (risk.yaml, RULES.md §7 YH-04): the risk source categories (风险源类别) a
 * district uses, the assessment methods it allows (LS 风险矩阵 or LEC 作业条件危险性评价法),
 * the score thresholds of the four colours (LS thresholds are not standardised, so both are
 * configurable), how often a point of each colour is reviewed, and the parameters of the
 * analytics (self-check misses, early warning). `sources` are overlaid by code; every other key
 * replaces the parent's value whole.
 */
const code = z.string({ error: '应为文本' }).regex(/^[a-z][a-z0-9_]{0,39}$/, '编码只能用小写字母、数字和下划线，以字母开头，不超过 40 个字符');
const label = (max = 60) => z.string({ error: '应为文本' }).trim().min(1, '不能为空').max(max, `不超过 ${max} 个字`);
const text = (max = 500) => z.string({ error: '应为文本' }).trim().max(max, `不超过 ${max} 个字`).default('');
const certainty = z.enum(['C', 'C2', 'L', 'M', 'NF'], { error: '把握程度应为 C、C2、L、M、NF 之一' }).default('M');

export const riskMethods = ['ls', 'lec'] as const;
export type RiskMethod = (typeof riskMethods)[number];

const threshold = z.number({ error: '应为数字' }).positive('应大于 0').max(10000, '不超过 10000');
/** A score at or above `red` is 红, at or above `orange` 橙, at or above `yellow` 黄, else 蓝. */
export const colourThresholdsSchema = z
  .object({ red: threshold, orange: threshold, yellow: threshold, certainty, source: text(300) })
  .strict()
  .refine((t) => t.red > t.orange && t.orange > t.yellow, { message: '阈值应满足 红 > 橙 > 黄', path: ['red'] });
export type ColourThresholds = z.infer<typeof colourThresholdsSchema>;

const days = z.number({ error: '应为天数' }).int('应为整数').min(1, '至少 1 天').max(1095, '不超过 1095 天');

export const riskFileSchema = z
  .object({
    sources: z.array(z.object({ code, label: label(30), source: text(300) }).strict()).default([]),
    retireSources: z.array(code).default([]),
    /** Allowed methods, the first is the default of a new risk point. */
    methods: z
      .array(z.enum(riskMethods, { error: '评估方法应为 ls 或 lec' }))
      .min(1, '至少一种评估方法')
      .optional(),
    ls: colourThresholdsSchema.optional(),
    lec: colourThresholdsSchema.optional(),
    /** Days from an assessment to the next review, by colour. */
    reviewDays: z
      .object({ red: days, orange: days, yellow: days, blue: days, certainty, source: text(300) })
      .strict()
      .optional(),
    /** 自查漏报: a self-check that passed the same item within this many weeks before a supervision finding. */
    selfCheckMissWeeks: z.number({ error: '应为周数' }).int('应为整数').min(1, '至少 1 周').max(26, '不超过 26 周').optional(),
    /** 预警: a school is flagged when its figure rises this many months in a row. */
    earlyWarningPeriods: z.number({ error: '应为月数' }).int('应为整数').min(2, '至少 2 个月').max(12, '不超过 12 个月').optional(),
  })
  .strict();
export type RiskFile = z.infer<typeof riskFileSchema>;

export type RiskPolicy = {
  sources: { code: string; label: string; source: string }[];
  methods: RiskMethod[];
  ls: ColourThresholds;
  lec: ColourThresholds;
  reviewDays: { red: number; orange: number; yellow: number; blue: number };
  selfCheckMissWeeks: number;
  earlyWarningPeriods: number;
};

/** Defaults when no pack sets them: LS variant (a) of RULES.md YH-04, the LEC grading table. */
export const defaultRiskPolicy = (): RiskPolicy => ({
  sources: [],
  methods: ['ls', 'lec'],
  ls: { red: 20, orange: 9, yellow: 4, certainty: 'C2', source: 'RULES.md YH-04 (a)' },
  lec: { red: 320, orange: 160, yellow: 70, certainty: 'C2', source: 'RULES.md YH-04 LEC' },
  reviewDays: { red: 30, orange: 90, yellow: 180, blue: 365 },
  selfCheckMissWeeks: 4,
  earlyWarningPeriods: 3,
});

/** Applies one pack's risk.yaml on top of its parent's resolved policy. */
export function applyRiskFile(base: RiskPolicy, f: RiskFile): RiskPolicy {
  const kept = base.sources.filter((s) => !f.retireSources.includes(s.code) && !f.sources.some((x) => x.code === s.code));
  return {
    sources: [...kept, ...f.sources],
    methods: f.methods ?? base.methods,
    ls: f.ls ?? base.ls,
    lec: f.lec ?? base.lec,
    reviewDays: f.reviewDays ? { red: f.reviewDays.red, orange: f.reviewDays.orange, yellow: f.reviewDays.yellow, blue: f.reviewDays.blue } : base.reviewDays,
    selfCheckMissWeeks: f.selfCheckMissWeeks ?? base.selfCheckMissWeeks,
    earlyWarningPeriods: f.earlyWarningPeriods ?? base.earlyWarningPeriods,
  };
}
