import { z } from 'zod';
import { isoDay } from './input-dates.js';
import type { Role } from './roles.js';

/**
 * Screening records (排查报告, issue 12): the periodic screening of disputes and risks — 矛盾纠纷排查
 * (seed 004 monthly and weekly), 扫黑除恶 问题线索排查表 (004 "按时将问题线索排查表报送"), the
 * communities' monthly screening (003 "每月开展1次风险隐患、矛盾纠纷排查"). A unit files one record
 * per screening: its findings (each may open a case at once) or a 零报告 — nothing found, still a
 * record, so a unit that screened and found nothing is told apart from one that did not screen.
 * The types are the pack's vocabulary `screeningTypes`; the duty kind is `screening`.
 */
const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不超过 ${max} 个字`);

export const screeningFindingSchema = z
  .object({
    summary: text('发现的问题', 500),
    /** A case type of the pack: the finding opens a case of this type in the same transaction. */
    caseTypeCode: z
      .string({ error: '案件类型无效' })
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, '案件类型无效')
      .optional(),
    /** The school the finding is about (a school's own findings default to the school). */
    schoolId: z.uuid('学校无效').optional(),
  })
  .strict();
export type ScreeningFindingInput = z.infer<typeof screeningFindingSchema>;

export const createScreeningSchema = z
  .object({
    screeningType: z
      .string({ error: '请选择排查类别' })
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, '排查类别无效'),
    screenedOn: isoDay('排查日期格式应为 YYYY-MM-DD'),
    /** 零报告: nothing found. Exactly one of zeroReport and a non-empty findings list. */
    zeroReport: z.boolean({ error: '零报告应为是或否' }).default(false),
    findings: z.array(screeningFindingSchema, { error: '发现的问题应为列表' }).max(50, '一次最多 50 条').default([]),
    note: z.string({ error: '备注应为文本' }).trim().max(1000, '备注不超过 1000 个字').default(''),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.zeroReport && v.findings.length > 0) ctx.addIssue({ code: 'custom', path: ['findings'], message: '零报告不能同时填写发现的问题' });
    if (!v.zeroReport && v.findings.length === 0) ctx.addIssue({ code: 'custom', path: ['findings'], message: '请填写发现的问题，或选择零报告（未发现）' });
  });
export type CreateScreeningInput = z.infer<typeof createScreeningSchema>;

/**
 * Who files: each unit its own screening — the school's principal or safety officer, a department
 * (community, police station …), the centre, the district. Teachers, inspectors and leaders do not.
 */
const filers: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'department_officer', 'police_officer', 'centre_officer', 'district_admin']);
export const canFileScreening = (role: Role): boolean => filers.has(role);
