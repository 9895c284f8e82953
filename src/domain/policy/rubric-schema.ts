import { z } from 'zod';

/**
 * An assessment rubric (考核细则) as a policy-pack document: `rubrics/<code>@<version>.yaml`,
 * one file per version. Dimensions → indicators → one scoring rule each; bonus items (加分项)
 * and veto items (一票否决) are first-class lists. A rule is either computed from the platform's
 * data through a measure of the closed measure registry (the server checks the names at start)
 * with a formula, or manual (the assessor enters the score with a note and evidence).
 *
 * Versions: the same `code` with several `effectiveFrom` days; a period is scored by the version
 * in force on its first day (rubricInForce), so a mid-year change applies from the next period.
 */
const codeText = z.string({ error: '应为编码' }).regex(/^[a-z][a-z0-9_]{0,47}$/, '编码只能用小写字母、数字和下划线，以字母开头，不超过 48 个字符');
const label = z.string({ error: '应为文字' }).min(1, '不能为空').max(200, '不超过 200 字');
const points = z.number({ error: '应为数字' }).min(0, '不能为负数').max(1000, '不超过 1000');
const day = z.string({ error: '应为日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** A threshold band: the first band the value meets gives the score (`min`: value ≥ min; `max`: value ≤ max). */
const band = z
  .object({ min: z.number().optional(), max: z.number().optional(), score: points })
  .strict()
  .refine((b) => (b.min === undefined) !== (b.max === undefined), '每一档写 min（不低于）或 max（不高于）其中之一');

export const formulaSchema = z.discriminatedUnion(
  'type',
  [
    /** Bands from best to worst; a value that meets none scores `otherwise` (default 0). */
    z.object({ type: z.literal('thresholds'), bands: z.array(band).min(1, '至少一档'), otherwise: points.default(0) }).strict(),
    /** `deduct` points for every `per` units of the value (floor), at most the item's cap. */
    z.object({ type: z.literal('deduct'), per: z.number().positive('应大于 0').default(1), deduct: points }).strict(),
    /** Bonus: `award` points for every `per` units, at most the item's points. */
    z.object({ type: z.literal('award'), per: z.number().positive('应大于 0').default(1), award: points }).strict(),
    /** Score = points × value / 100 (a rate in percent), rounded to one decimal. */
    z.object({ type: z.literal('proportional') }).strict(),
    /** Veto: triggered when the value is at least `atLeast` (default 1). */
    z.object({ type: z.literal('veto'), atLeast: z.number().default(1) }).strict(),
  ],
  { error: '计分公式类型应为 thresholds、deduct、award、proportional 或 veto' },
);
export type Formula = z.infer<typeof formulaSchema>;

export const ruleSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('manual') }).strict(),
    z
      .object({
        kind: z.literal('measure'),
        measure: codeText,
        /** The measure's parameters (an obligation code, an imported measure's code …), checked by the measure. */
        params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
        formula: formulaSchema,
      })
      .strict(),
  ],
  { error: '计分方式应为 manual（人工评分）或 measure（按平台数据计算）' },
);
export type ScoringRule = z.infer<typeof ruleSchema>;

const indicatorSchema = z
  .object({
    code: codeText,
    label,
    /** Full points of the indicator. */
    points,
    /** Most points it may lose (deduct formulas); default: its points. */
    cap: points.optional(),
    /** What evidence the assessor looks at (评分依据/佐证材料). */
    evidence: z.string().max(500, '不超过 500 字').default(''),
    rule: ruleSchema,
  })
  .strict();
export type RubricIndicator = z.infer<typeof indicatorSchema>;

const dimensionSchema = z.object({ code: codeText, label, points, indicators: z.array(indicatorSchema).min(1, '至少一个指标') }).strict();

const bonusSchema = z.object({ code: codeText, label, points, evidence: z.string().max(500).default(''), rule: ruleSchema }).strict();
const vetoSchema = z.object({ code: codeText, label, evidence: z.string().max(500).default(''), rule: ruleSchema }).strict();

export const rubricUnitTypes = ['school', 'centre', 'department'] as const;
export type RubricUnitType = (typeof rubricUnitTypes)[number];
export const rubricUnitTypeLabels: Record<RubricUnitType, string> = { school: '学校', centre: '教管中心', department: '部门' };

export const rubricFileSchema = z
  .object({
    code: codeText,
    version: z.string().regex(/^[0-9A-Za-z._-]{1,20}$/, '版本号只能用字母、数字、点、下划线和连字符'),
    label,
    unitType: z.enum(rubricUnitTypes, { error: '考核对象应为 school、centre 或 department' }),
    effectiveFrom: day,
    /** Certainty of the source (C confirmed, C2, L local model, M platform assumption), as elsewhere in the packs. */
    certainty: z.enum(['C', 'C2', 'L', 'M'], { error: '可信度应为 C、C2、L 或 M' }),
    source: z.string().min(1, '写明依据').max(500),
    /** Most bonus points counted in total. */
    bonusCap: points.default(0),
    dimensions: z.array(dimensionSchema).min(1, '至少一个维度'),
    bonus: z.array(bonusSchema).default([]),
    veto: z.array(vetoSchema).default([]),
  })
  .strict();
export type RubricDef = z.infer<typeof rubricFileSchema>;

/** Every item of a rubric with its section; codes are unique across the rubric (checked on load). */
export type RubricItem =
  | { section: 'indicator'; dimension: string; code: string; label: string; points: number; cap: number; evidence: string; rule: ScoringRule }
  | { section: 'bonus'; dimension: null; code: string; label: string; points: number; cap: number; evidence: string; rule: ScoringRule }
  | { section: 'veto'; dimension: null; code: string; label: string; points: 0; cap: 0; evidence: string; rule: ScoringRule };

export function rubricItems(r: RubricDef): RubricItem[] {
  return [
    ...r.dimensions.flatMap((d) => d.indicators.map((i) => ({ section: 'indicator' as const, dimension: d.code, ...i, cap: i.cap ?? i.points }))),
    ...r.bonus.map((b) => ({ section: 'bonus' as const, dimension: null, ...b, cap: b.points })),
    ...r.veto.map((v) => ({ section: 'veto' as const, dimension: null, ...v, points: 0 as const, cap: 0 as const })),
  ];
}

/** Problems inside one rubric that a schema cannot see: duplicate codes, a formula that cannot fit its section. */
export function rubricProblems(r: RubricDef): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const item of rubricItems(r)) {
    if (seen.has(item.code)) out.push({ path: item.code, message: `项目编码「${item.code}」重复` });
    seen.add(item.code);
    if (item.rule.kind !== 'measure') continue;
    const t = item.rule.formula.type;
    if (item.section === 'veto' && t !== 'veto') out.push({ path: item.code, message: '一票否决项的公式应为 veto' });
    if (item.section !== 'veto' && t === 'veto') out.push({ path: item.code, message: 'veto 公式只用于一票否决项' });
    if (item.section === 'indicator' && t === 'award') out.push({ path: item.code, message: 'award 公式只用于加分项' });
    if (t === 'thresholds' && item.rule.formula.bands.some((b) => b.score > item.points))
      out.push({ path: item.code, message: `分档得分不能超过该项分值 ${item.points}` });
  }
  r.dimensions.forEach((d) => {
    const sum = d.indicators.reduce((n, i) => n + i.points, 0);
    if (Math.abs(sum - d.points) > 1e-9) out.push({ path: d.code, message: `维度「${d.label}」分值 ${d.points} 与其指标分值之和 ${sum} 不一致` });
  });
  return out;
}

/** The version of `code` in force on `day` (latest effectiveFrom ≤ day), or undefined. */
export function rubricInForce<T extends Pick<RubricDef, 'code' | 'effectiveFrom'>>(rubrics: readonly T[], code: string, day: string): T | undefined {
  return rubrics
    .filter((r) => r.code === code && r.effectiveFrom <= day)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0))[0];
}

export const totalPoints = (r: RubricDef) => r.dimensions.reduce((n, d) => n + d.points, 0);
