import { z } from 'zod';
import '../zod-locale.js';

/**
 * Case types (cases.yaml): petitions, disputes, reports, bullying, crime leads, threats, accidents
 * and emergencies — one engine (domain/case-workflow.ts), each type with its time limit per step,
 * who may take each step, its escalation and confidentiality. RULES.md §11 (SG-01/02), §13.
 * A district pack writes the same `code` to replace a type whole; `incident` replaces the
 * incident levels and report deadlines whole.
 */
const code = z.string({ error: '应为文本' }).regex(/^[a-z][a-z0-9_]{0,39}$/, '编码只能用小写字母、数字和下划线，以字母开头，不超过 40 个字符');
const label = (max = 60) => z.string({ error: '应为文本' }).trim().min(1, '不能为空').max(max, `不超过 ${max} 个字`);
const text = (max = 500) => z.string({ error: '应为文本' }).trim().max(max, `不超过 ${max} 个字`).default('');
const certainty = z.enum(['C', 'C2', 'L', 'M', 'NF'], { error: '把握程度应为 C、C2、L、M、NF 之一' }).default('M');

export const limitUnits = ['hours', 'days', 'working_days'] as const;
export type LimitUnit = (typeof limitUnits)[number];
export const limitUnitLabels: Record<LimitUnit, string> = { hours: '小时', days: '天', working_days: '个工作日' };

/** A time limit: hours, calendar days, or Asia/Shanghai working days (weekends and calendar.yaml publicHolidays off). */
export const limitSchema = z
  .object({
    amount: z.number({ error: '应为数字' }).int('应为整数').min(1, '至少为 1').max(720, '不超过 720'),
    unit: z.enum(limitUnits, { error: `单位应为 ${limitUnits.join('、')} 之一` }),
  })
  .strict();
export type TimeLimit = z.infer<typeof limitSchema>;

/** The steps a case passes (its states). */
export const caseSteps = ['registered', 'assigned', 'handling', 'supervising', 'feedback', 'replied', 'archived'] as const;
export type CaseStep = (typeof caseSteps)[number];

/** Who a case stands to a user as (see domain/case-workflow.ts Standing). */
export const caseParties = ['owner', 'assignee', 'supervisor', 'district', 'reporter'] as const;
export type CaseParty = (typeof caseParties)[number];

export const confidentialities = ['normal', 'personal', 'minor'] as const;
export type Confidentiality = (typeof confidentialities)[number];

/** Who is notified at once: the district (区教委) and the police station of the school's precinct. */
export const escalationTargets = ['district', 'police'] as const;
export type EscalationTarget = (typeof escalationTargets)[number];

export const caseTypeSchema = z
  .object({
    code,
    label: label(30),
    /** Letters of the case number: XF2026-0001. */
    prefix: z.string({ error: '应为文本' }).regex(/^[A-Z]{1,4}$/, '编号前缀为 1–4 个大写字母'),
    /** Incident types carry time, place, casualties and a level (安全事故, 突发事件). */
    incident: z.boolean().default(false),
    /** The reply to the petitioner/reporter (情况反馈) must be recorded before 归档. */
    requiresReply: z.boolean().default(true),
    /** The 督查督办 step (the owner checks the handling before feedback); false: handling goes straight to feedback. */
    supervisionStep: z.boolean().default(true),
    /** Time limit of each step, counted from entering it; a step without one has no limit. */
    limits: z.partialRecord(z.enum(caseSteps), limitSchema).default({}),
    /** 延期: how much and how often; absent: no extension. */
    extension: z
      .object({ amount: z.number().int().min(1).max(365), unit: z.enum(limitUnits), max: z.number().int().min(1).max(5) })
      .strict()
      .optional(),
    /** 复查/复核 rounds after 归档 (0: none) and the limit of each round's handling. */
    reviews: z.number({ error: '应为整数' }).int().min(0).max(2).default(0),
    reviewLimit: limitSchema.optional(),
    /** 退回 (wrong unit) allowed. */
    returnAllowed: z.boolean().default(true),
    /** Notified at once when the case is created (扬言报复); incidents use incident.escalateFromLevel. */
    escalateImmediately: z.array(z.enum(escalationTargets)).default([]),
    /** Who may take a step, when not the engine's default (domain/case-workflow.ts defaultParties). */
    who: z.partialRecord(z.string(), z.array(z.enum(caseParties)).min(1)).default({}),
    /** normal; personal: reporter's data masked outside the handling units; minor: only the case's own units see it at all. */
    confidentiality: z.enum(confidentialities, { error: '保密级别应为 normal、personal、minor 之一' }).default('personal'),
    /** Every read of the case is written to the audit trail. */
    auditReads: z.boolean().default(false),
    /** Sub-kinds the user picks (校园贷、套路贷、电信诈骗 …). */
    kinds: z.array(label(20)).default([]),
    source: text(300),
    certainty,
  })
  .strict();
export type CaseTypeDef = z.infer<typeof caseTypeSchema>;

export const incidentLevelCodes = ['especially_major', 'major', 'larger', 'general'] as const;
export type IncidentLevel = (typeof incidentLevelCodes)[number];

/** A level is reached when any threshold is met (以上 includes the number itself; RULES.md SG-01). */
export const incidentLevelSchema = z
  .object({
    code: z.enum(incidentLevelCodes, { error: '事故等级编码无效' }),
    label: label(10),
    deaths: z.number().int().min(0),
    seriousInjuries: z.number().int().min(0),
    lossYuan: z.number().min(0),
    /** Reporting deadlines of this level, in hours from the incident. */
    firstReportHours: z.number().min(0.25).max(72),
    writtenReportHours: z.number().min(1).max(720),
    followUpHours: z.number().min(1).max(720).optional(),
    finalReportDays: z.number().int().min(1).max(365),
  })
  .strict();
export type IncidentLevelDef = z.infer<typeof incidentLevelSchema>;

export const casesFileSchema = z
  .object({
    types: z.array(caseTypeSchema).default([]),
    retire: z.array(code).default([]),
    incident: z
      .object({
        /** From the lowest level first: general, larger, major, especially_major. */
        levels: z.array(incidentLevelSchema).min(1),
        /** Incidents at or above this level notify the district and the police at once. */
        escalateFromLevel: z.enum(incidentLevelCodes),
        /** Any death escalates whatever the level. */
        escalateOnDeath: z.boolean().default(true),
        /** Reporting upward from the district (≤ 2 h per level, RULES.md SG-01 [M]). */
        upwardHours: z.number().min(0.25).max(72).default(2),
        kinds: z.array(label(20)).default([]),
        source: text(300),
        certainty,
      })
      .strict()
      .optional(),
  })
  .strict();

export type IncidentPolicy = NonNullable<z.infer<typeof casesFileSchema>['incident']>;
