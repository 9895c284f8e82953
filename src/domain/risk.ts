import { z } from 'zod';
import { addDays } from './calendar.js';
import { isoDay } from './input-dates.js';
import type { ColourThresholds, RiskMethod } from './policy/risk-schema.js';
import { schoolTypes } from './school.js';

/**
 * The risk register (风险清单) and risk alerts (风险提示), RULES.md §7 YH-04. Pure rules: the
 * score of an assessment by LS (R = L×S) or LEC (D = L×E×C), its colour under the pack's
 * thresholds, when the next review is due, and the inputs' schemas.
 */
export const riskColours = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskColour = (typeof riskColours)[number];
export const riskColourLabels: Record<RiskColour, string> = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' };
export const riskColourMeanings: Record<RiskColour, string> = { red: '重大风险', orange: '较大风险', yellow: '一般风险', blue: '低风险' };
/** Highest first: the colour of a school on the map is its highest point's. */
export const colourRank: Record<RiskColour, number> = { red: 4, orange: 3, yellow: 2, blue: 1 };

export const riskMethodLabels: Record<RiskMethod, string> = { ls: 'LS 风险矩阵（R = L×S）', lec: 'LEC 作业条件危险性评价（D = L×E×C）' };

/** LEC's allowed values (RULES.md YH-04). */
export const lecL = [10, 6, 3, 1, 0.5, 0.2, 0.1] as const;
export const lecE = [10, 6, 3, 2, 1, 0.5] as const;
export const lecC = [100, 40, 15, 7, 3, 1] as const;
export const lsValues = [1, 2, 3, 4, 5] as const;

export const controlLevels = ['school', 'centre', 'district', 'department'] as const;
export type ControlLevel = (typeof controlLevels)[number];
export const controlLevelLabels: Record<ControlLevel, string> = { school: '学校', centre: '教管中心', district: '区教委', department: '部门' };

const oneOf = (values: readonly number[], what: string) =>
  z.number({ error: `${what}应为数字` }).refine((v) => values.includes(v), `${what}应为 ${values.join('、')} 之一`);

export const assessmentSchema = z.discriminatedUnion(
  'method',
  [
    z.object({ method: z.literal('ls'), l: oneOf(lsValues, '可能性 L'), s: oneOf(lsValues, '严重性 S') }).strict(),
    z.object({ method: z.literal('lec'), l: oneOf(lecL, '可能性 L'), e: oneOf(lecE, '暴露频率 E'), c: oneOf(lecC, '后果 C') }).strict(),
  ],
  { error: '评估方法应为 ls 或 lec' },
);
export type Assessment = z.infer<typeof assessmentSchema>;

/** R = L×S or D = L×E×C, rounded to 2 decimals (LEC's 0.1 and 0.2 make floating-point noise). */
export function riskScore(a: Assessment): number {
  const raw = a.method === 'ls' ? a.l * a.s : a.l * a.e * a.c;
  return Math.round(raw * 100) / 100;
}

/** The colour of a score: at or above `red` 红, at or above `orange` 橙, at or above `yellow` 黄, else 蓝. */
export function colourOf(score: number, t: Pick<ColourThresholds, 'red' | 'orange' | 'yellow'>): RiskColour {
  if (score >= t.red) return 'red';
  if (score >= t.orange) return 'orange';
  if (score >= t.yellow) return 'yellow';
  return 'blue';
}

export type RiskThresholds = Record<RiskMethod, Pick<ColourThresholds, 'red' | 'orange' | 'yellow'>>;

export function assess(a: Assessment, thresholds: RiskThresholds): { score: number; colour: RiskColour } {
  const score = riskScore(a);
  return { score, colour: colourOf(score, thresholds[a.method]) };
}

export const nextReviewDue = (assessedOn: string, colour: RiskColour, reviewDays: Record<RiskColour, number>): string =>
  addDays(assessedOn, reviewDays[colour]);

export const isReviewOverdue = (p: { status: string; nextReviewDue: string | null }, today: string): boolean =>
  p.status === 'active' && p.nextReviewDue !== null && p.nextReviewDue < today;

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不超过 ${max} 个字`);
const optional = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .max(max, `${label}不超过 ${max} 个字`)
    .default('');
const codeOf = (what: string) =>
  z
    .string({ error: `请选择${what}` })
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, `${what}无效`);

export const riskPointStatuses = ['active', 'retired'] as const;
export type RiskPointStatus = (typeof riskPointStatuses)[number];
export const riskPointStatusLabels: Record<RiskPointStatus, string> = { active: '管控中', retired: '已消除' };

const riskPointFields = {
  /** The school the point belongs to; null: a district-level point (区级风险点). */
  schoolId: z.uuid('学校无效').nullable().default(null),
  name: text('风险点名称', 60),
  sourceCode: codeOf('风险源类别'),
  place: optional('部位', 60),
  description: optional('风险概述', 2000),
  accidentTypes: optional('可能导致的事故类型', 200),
  controlMeasures: text('管控措施', 4000),
  controlLevel: z.enum(controlLevels, { error: '管控层级应为学校、教管中心、区教委或部门' }),
  controlPerson: optional('管控责任人', 60),
  status: z.enum(riskPointStatuses, { error: '状态应为管控中或已消除' }).default('active'),
  assessment: assessmentSchema,
  assessedOn: isoDay('评估日期格式应为 YYYY-MM-DD'),
  note: optional('评估说明', 1000),
};
export const saveRiskPointSchema = z.object(riskPointFields).strict();
export type SaveRiskPointInput = z.infer<typeof saveRiskPointSchema>;
export const updateRiskPointSchema = z
  .object({ ...riskPointFields, version: z.number({ error: '版本号无效' }).int('版本号无效').min(1, '版本号无效') })
  .strict()
  .omit({ schoolId: true });
export type UpdateRiskPointInput = z.infer<typeof updateRiskPointSchema>;

/** A review (复评): a new assessment on a date, kept in the history; it sets the next review date. */
export const reviewRiskPointSchema = z
  .object({ assessment: assessmentSchema, assessedOn: isoDay('评估日期格式应为 YYYY-MM-DD'), note: optional('评估说明', 1000) })
  .strict();
export type ReviewRiskPointInput = z.infer<typeof reviewRiskPointSchema>;

/* ---- risk alerts (风险提示) ---- */
export const riskAlertKinds = ['season', 'weather', 'event', 'data'] as const;
export type RiskAlertKind = (typeof riskAlertKinds)[number];
export const riskAlertKindLabels: Record<RiskAlertKind, string> = { season: '季节性', weather: '气象', event: '重大活动/事件', data: '数据研判' };

/** Which schools an alert goes to: the union of explicit schools and the schools matching every given filter. */
export const alertTargetSchema = z
  .object({
    schoolIds: z.array(z.uuid('学校无效')).max(2000, '学校不超过 2000 所').default([]),
    schoolTypes: z
      .array(z.enum(schoolTypes, { error: '学校类型无效' }))
      .max(20)
      .default([]),
    /** Townships or centres (学校的上级单位及以上). */
    areaIds: z.array(z.uuid('区域无效')).max(200).default([]),
    /** Schools with an active risk point of one of these colours … */
    colours: z
      .array(z.enum(riskColours, { error: '风险等级无效' }))
      .max(4)
      .default([]),
    /** … or of one of these source categories. */
    sourceCodes: z.array(codeOf('风险源类别')).max(100).default([]),
  })
  .strict()
  .refine((t) => t.schoolIds.length + t.schoolTypes.length + t.areaIds.length + t.colours.length + t.sourceCodes.length > 0, {
    message: '请至少选择一个发送范围（学校、类型、区域或风险）',
    path: ['schoolIds'],
  });
export type AlertTarget = z.infer<typeof alertTargetSchema>;

export const sendRiskAlertSchema = z
  .object({
    title: text('标题', 80),
    content: text('提示内容', 4000),
    kind: z.enum(riskAlertKinds, { error: '提示类别应为季节性、气象、重大活动/事件或数据研判' }),
    deadline: isoDay('落实期限格式应为 YYYY-MM-DD'),
    target: alertTargetSchema,
  })
  .strict();
export type SendRiskAlertInput = z.infer<typeof sendRiskAlertSchema>;

export const acknowledgeRiskAlertSchema = z.object({ measures: text('已落实的措施', 4000) }).strict();

/** Where a school stands on one alert. */
export type AlertSchoolState = 'acknowledged' | 'late' | 'pending' | 'overdue';
export const alertSchoolStateLabels: Record<AlertSchoolState, string> = {
  acknowledged: '已签收落实',
  late: '逾期签收',
  pending: '未签收',
  overdue: '逾期未签收',
};
export function alertSchoolState(r: { acknowledgedOn: string | null; deadline: string }, today: string): AlertSchoolState {
  if (r.acknowledgedOn !== null) return r.acknowledgedOn > r.deadline ? 'late' : 'acknowledged';
  return today > r.deadline ? 'overdue' : 'pending';
}

/* ---- early warning ---- */
/**
 * A series rises for `periods` consecutive periods when each of its last `periods` steps is a
 * strict increase (so `periods + 1` values are read). Returns false for a shorter series.
 */
export function risesFor(values: readonly number[], periods: number): boolean {
  if (values.length < periods + 1) return false;
  const tail = values.slice(-(periods + 1));
  for (let i = 1; i < tail.length; i++) if ((tail[i] as number) <= (tail[i - 1] as number)) return false;
  return true;
}

/** A calendar month as a span of days (YYYY-MM-DD), with its Chinese label. */
export type MonthSpan = { key: string; start: string; end: string; label: string };

/** The last `count` full months before the month holding `today` (YYYY-MM-DD), oldest first. */
export function fullMonthsBefore(today: string, count: number): MonthSpan[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const out: MonthSpan[] = [];
  for (let k = count; k >= 1; k--) {
    const first = new Date(Date.UTC(y, m - 1 - k, 1));
    const next = new Date(Date.UTC(y, m - k, 1));
    const start = first.toISOString().slice(0, 10);
    out.push({
      key: start.slice(0, 7),
      start,
      end: addDays(next.toISOString().slice(0, 10), -1),
      label: `${first.getUTCFullYear()}年${first.getUTCMonth() + 1}月`,
    });
  }
  return out;
}

/**
 * Per subject, how many of its dated rows fall in each month (0 where none), in the months'
 * order: the series the early warning reads for missed duties (a row per missed duty period,
 * dated by its due date). Rows outside every month are not counted.
 */
export function monthlyCounts(rows: readonly { subjectId: string; day: string }[], months: readonly MonthSpan[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const i = months.findIndex((m) => m.start <= r.day && r.day <= m.end);
    if (i < 0) continue;
    const s = out.get(r.subjectId) ?? months.map(() => 0);
    s[i] = (s[i] as number) + 1;
    out.set(r.subjectId, s);
  }
  return out;
}
