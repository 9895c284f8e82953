import { z } from 'zod';
import { dutyKinds } from '../duty.js';

/**
 * campaigns.yaml: templates of 专项行动 (seed 001's 护校安园 plan) and seasonal pushes (开学检查,
 * 防溺水, 汛期, 节前) that a district instantiates for a year. Phase dates are month-days of the
 * year the district picks; `toNextYear`/`fromNextYear` carry a phase over New Year (验收 until
 * 31 January). The surroundings clean-ups are not written here: they come from surroundings.yaml
 * `cleanups` (domain/campaign.ts cleanupTemplates), so the season is set in one place.
 */
const code = z.string({ error: '应为文本' }).regex(/^[a-z][a-z0-9_]{0,39}$/, '编码只能用小写字母、数字和下划线，以字母开头，不超过 40 个字符');
const label = (max = 60) => z.string({ error: '应为文本' }).trim().min(1, '不能为空').max(max, `不超过 ${max} 个字`);
const text = (max = 500) => z.string({ error: '应为文本' }).trim().max(max, `不超过 ${max} 个字`).default('');
const monthDay = z.string({ error: '应为文本' }).regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '应为 MM-DD，例如 09-01');

export const campaignKinds = ['special', 'seasonal', 'cleanup'] as const;
export type CampaignKind = (typeof campaignKinds)[number];
export const campaignKindLabels: Record<CampaignKind, string> = { special: '专项行动', seasonal: '重点时期专项检查', cleanup: '周边集中整治' };

/** Who carries a phase duty out: each taking-part school, or each taking-part department. */
export const dutySubjects = ['schools', 'departments'] as const;
export type DutySubjects = (typeof dutySubjects)[number];
export const dutySubjectLabels: Record<DutySubjects, string> = { schools: '参与学校', departments: '参与部门' };

/** A duty of a phase: at least `min` records of the kind (and types, levels) by each taking-part school inside the phase. */
export const phaseDutyTemplateSchema = z
  .object({
    code,
    label: label(40),
    kind: z.enum(dutyKinds, { error: '记录种类无效' }),
    types: z.array(code).max(20).default([]),
    /** Inspections only: supervision levels that count (学校自查 = school_self). */
    levels: z.array(code).max(10).default([]),
    min: z.number().int().min(1).max(100).default(1),
    subjects: z.enum(dutySubjects, { error: '任务对象应为 schools 或 departments' }).default('schools'),
  })
  .strict();

export const phaseTemplateSchema = z
  .object({
    code,
    label: label(20),
    from: monthDay,
    to: monthDay,
    fromNextYear: z.boolean().default(false),
    toNextYear: z.boolean().default(false),
    description: text(500),
    duties: z.array(phaseDutyTemplateSchema).max(10).default([]),
    /** Target: every hazard tagged with the campaign is closed by the end of this phase. */
    closeHazards: z.boolean().default(false),
  })
  .strict();

export const campaignTemplateSchema = z
  .object({
    code,
    label: label(40),
    kind: z.enum(campaignKinds, { error: '行动类型无效' }),
    description: text(1000),
    source: text(500),
    /** School types taking part by default (empty: every school). */
    schoolTypes: z.array(code).max(10).default([]),
    phases: z.array(phaseTemplateSchema).min(1, '至少一个阶段').max(8),
  })
  .strict();
export type CampaignTemplateDef = z.infer<typeof campaignTemplateSchema>;

export const campaignsFileSchema = z.object({ campaigns: z.array(campaignTemplateSchema).default([]), retire: z.array(code).default([]) }).strict();
