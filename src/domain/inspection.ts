import { z } from 'zod';
import { isoDateTime } from './input-dates.js';
import type { ChecklistItem } from './policy/pack-schema.js';
import { inspectionLevels } from './policy/pack-schema.js';
import { int4Max } from './validation.js';

/**
 * An inspection (安全检查) against a checklist template: each item 合格 / 不合格 / 不适用,
 * photos for failures, signatures drawn on screen. Inputs are the same for a draft saved as
 * the user goes and for the final submission; completeness is checked only on submit.
 */
export const itemResults = ['pass', 'fail', 'na'] as const;
export type ItemResult = (typeof itemResults)[number];
export const itemResultLabels: Record<ItemResult, string> = { pass: '合格', fail: '不合格', na: '不适用' };

export const inspectionStatuses = ['draft', 'submitted'] as const;
export type InspectionStatus = (typeof inspectionStatuses)[number];
export const inspectionStatusLabels: Record<InspectionStatus, string> = { draft: '草稿', submitted: '已提交' };

/** A template item as stored with a version: the pack's fields plus whether an admin retired it. */
export type TemplateItem = ChecklistItem & { retired?: boolean };

const attachmentIds = z.array(z.uuid('附件编号无效')).max(10, '每项照片最多 10 张').default([]);
const shortText = (label: string, max: number) => z.string().trim().max(max, `${label}不超过 ${max} 个字`);

export const inspectionItemInput = z
  .object({
    code: z.string({ error: '缺少检查项编码' }).trim().min(1, '检查项编码不能为空').max(40),
    result: z.enum(itemResults, { error: '检查结果应为合格、不合格或不适用' }).nullable().default(null),
    note: shortText('说明', 500).default(''),
    attachmentIds,
    /** Turn this failed item into a hazard when the inspection is submitted. */
    raiseHazard: z.boolean().default(false),
  })
  .strict();

const inspectorInput = z
  .object({
    name: z.string().trim().min(1, '请填写检查人').max(40, '检查人姓名不超过 40 个字'),
    unitName: shortText('单位', 60).default(''),
    userId: z.uuid().optional(),
  })
  .strict();

const signatureInput = z
  .object({
    name: z.string().trim().min(1, '请填写签名人').max(40),
    role: shortText('职务', 40).default(''),
    attachmentId: z.uuid('签名图片无效'),
    signedAt: isoDateTime('签名时间格式无效'),
  })
  .strict();

const contentFields = {
  level: z.enum(inspectionLevels, { error: '督查层级无效' }),
  inspectedAt: isoDateTime('检查时间格式无效'),
  inspectors: z.array(inspectorInput).max(20, '检查人最多 20 人').default([]),
  summary: shortText('检查小结', 2000).default(''),
  location: z
    .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), accuracy: z.number().min(0).max(100_000).optional() })
    .strict()
    .nullable()
    .default(null),
  items: z.array(inspectionItemInput).max(300, '检查项最多 300 项').default([]),
  signatures: z.array(signatureInput).max(10, '签名最多 10 个').default([]),
};

export const createInspectionSchema = z
  .object({
    clientId: z.uuid('客户端编号无效'),
    schoolId: z.uuid('学校无效'),
    templateCode: z.string({ error: '请选择检查表' }).trim().min(1, '请选择检查表').max(40),
    templateVersion: z.number().int().min(1).max(int4Max, '版本号无效').optional(),
    /** The 督检安排 this inspection carries out, when there is one. */
    planId: z.uuid('督检安排无效').optional(),
    /** The 专项行动 this inspection is run for (an open campaign the school takes part in). */
    campaignId: z.uuid('专项行动无效').optional(),
    ...contentFields,
    submit: z.boolean().default(false),
  })
  .strict();
export type CreateInspectionInput = z.infer<typeof createInspectionSchema>;

export const updateInspectionSchema = z
  .object({ baseVersion: z.number({ error: '缺少版本号' }).int().min(1).max(int4Max, '版本号无效'), ...contentFields })
  .strict();
export type InspectionContent = Pick<CreateInspectionInput, keyof typeof contentFields>;

export type SubmissionProblem = { path: string; message: string };

/**
 * What stops a submission: an unanswered item, a failure without the photo the item requires,
 * no signature, a hazard asked for an item that did not fail. Pure, so the phone can run it too.
 */
export function submissionProblems(items: readonly TemplateItem[], content: Pick<InspectionContent, 'items' | 'signatures'>): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  const given = new Map(content.items.map((i) => [i.code, i]));
  items
    .filter((t) => !t.retired)
    .forEach((t, index) => {
      const r = given.get(t.code);
      if (!r || r.result === null) problems.push({ path: `items[${index}].result`, message: `第 ${index + 1} 项「${t.text}」未填写检查结果` });
      else if (r.result === 'fail' && t.photoRequiredOnFail && r.attachmentIds.length === 0) {
        problems.push({ path: `items[${index}].attachmentIds`, message: `第 ${index + 1} 项「${t.text}」不合格，需上传照片` });
      }
      if (r?.raiseHazard && r.result !== 'fail') problems.push({ path: `items[${index}].raiseHazard`, message: `第 ${index + 1} 项不是不合格，不能转为隐患` });
    });
  if (content.signatures.length === 0) problems.push({ path: 'signatures', message: '请检查人签名后再提交' });
  return problems;
}

/** Results given for codes the template version does not have (or has retired). */
export function unknownItemCodes(items: readonly TemplateItem[], content: Pick<InspectionContent, 'items'>): string[] {
  const active = new Set(items.filter((t) => !t.retired).map((t) => t.code));
  return content.items.filter((i) => !active.has(i.code)).map((i) => i.code);
}

/** Longest title written from a note or an item; the full standard text stays in the description. */
const TITLE_MAX = 30;
const clip = (text: string) => (text.length > TITLE_MAX ? `${text.slice(0, TITLE_MAX - 1)}…` : text);

/**
 * A short title for the hazard a failed item raises, from what was found: the inspector's note
 * (its first sentence), or else the item's first clause, which names what was checked
 * (「门卫室有人值守」 of 「门卫室有人值守，保安员在岗在位……」), marked 不合格.
 */
export function hazardTitleFromItem(itemText: string, note: string): string {
  const found =
    note
      .trim()
      .split(/[\n。；;！!？?]/)[0]
      ?.trim() ?? '';
  if (found) return clip(found);
  const clause =
    itemText
      .trim()
      .split(/[，,。；;：:\n]/)[0]
      ?.trim() || itemText.trim();
  return `${clip(clause)}（不合格）`;
}

/** The hazard a failed item proposes: a short title from what was found, the standard and note as description. */
export function hazardFromItem(item: TemplateItem, note: string, templateName: string) {
  return {
    title: hazardTitleFromItem(item.text, note),
    description: [note, `来源：${templateName}「${item.text}」检查不合格`].filter(Boolean).join('\n'),
    category: item.category,
    place: item.place ?? '其他',
    level: item.failLevel,
  };
}

/** A report due on `dueDay` (check day + withinDays): late when reported after it, overdue when still missing after it. */
export type ReportStanding = 'reported' | 'late' | 'due' | 'overdue';
export function reportStanding(dueDay: string, reportedDay: string | null, today: string): ReportStanding {
  if (reportedDay) return reportedDay > dueDay ? 'late' : 'reported';
  return today > dueDay ? 'overdue' : 'due';
}
