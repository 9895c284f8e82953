import { z } from 'zod';
import '../zod-locale.js';
import { reportPeriods } from '../reports.js';
import { departmentTypes } from '../roles.js';

/**
 * Report types (reports.yaml): who files, to whom, the period, the due rule and the form — the
 * registered cells prefilled from the platform's own data (src/server/reports/report-cells.registry.ts)
 * and the fields the filer writes. A district pack writes the same `code` to replace a type whole.
 * Seed 001: 学区管理中心等单位于每月28日前报送上月“护校安园”行动工作情况及统计表，1月20日前报送工作总结.
 */
const code = z.string({ error: '应为文本' }).regex(/^[a-z][a-z0-9_]{0,39}$/, '编码只能用小写字母、数字和下划线，以字母开头，不超过 40 个字符');
const label = (max = 60) => z.string({ error: '应为文本' }).trim().min(1, '不能为空').max(max, `不超过 ${max} 个字`);
const day = z.string({ error: '应为日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const reportFilerKinds = ['school', 'centre', 'township', 'department'] as const;
export type ReportFilerKind = (typeof reportFilerKinds)[number];
/** To whom: the filer's parent unit (a school's centre), or the district directly. The district always sees and may return. */
export const reportRecipients = ['parent', 'district'] as const;

export const reportFieldSchema = z
  .object({
    code,
    label: label(30),
    required: z.boolean().default(false),
    maxLength: z.number().int().min(10).max(20000).default(4000),
  })
  .strict();

export const reportTypeSchema = z
  .object({
    code,
    label: label(60),
    /** Kinds of units that file it. */
    filers: z.array(z.enum(reportFilerKinds, { error: `填报单位应为 ${reportFilerKinds.join('、')} 之一` })).min(1, '至少一种填报单位'),
    to: z.enum(reportRecipients, { error: '报送对象应为 parent 或 district' }).default('parent'),
    /** For department filers: the department types that file it (派出所 files the police figures); empty: every department. */
    departmentTypes: z.array(z.enum(departmentTypes, { error: `部门类型应为 ${departmentTypes.join('、')} 之一` })).default([]),
    /** Free text naming the recipient as the office says it (区教委安稳办、辖区派出所). */
    toLabel: z.string().trim().max(40).default(''),
    period: z.enum(reportPeriods, { error: `周期应为 ${reportPeriods.join('、')} 之一` }),
    due: z
      .object({
        day: z.number().int().min(1).max(31).optional(),
        month: z.number().int().min(1).max(12).optional(),
        daysAfterEnd: z.number().int().min(0).max(60).optional(),
        date: day.optional(),
      })
      .strict(),
    /** A one-off report: the first day it can be filed. */
    from: day.optional(),
    /** Cell keys of the registry, in the table's order. */
    cells: z.array(z.string().regex(/^[a-z][a-z0-9_.]{0,59}$/, '单元格编码无效')).default([]),
    fields: z.array(reportFieldSchema).default([]),
    allowAttachments: z.boolean().default(true),
    /** 零报告: the filer may state "nothing to report" in one tap. */
    zeroReport: z.boolean().default(true),
    source: z.string().trim().max(300).default(''),
  })
  .strict()
  .superRefine((t, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: ['due', path], message });
    if (t.period === 'monthly' && t.due.day === undefined) issue('day', '每月报表须写 due.day（次月几日前）');
    if (t.period === 'yearly' && (t.due.day === undefined || t.due.month === undefined)) issue('month', '年度报表须写 due.month 和 due.day（次年几月几日前）');
    if ((t.period === 'daily' || t.period === 'weekly') && t.due.daysAfterEnd === undefined) issue('daysAfterEnd', '每日/每周报表须写 due.daysAfterEnd');
    if (t.period === 'once' && !t.due.date) issue('date', '一次性报表须写 due.date');
    if (t.departmentTypes.length && !t.filers.includes('department'))
      ctx.addIssue({ code: 'custom', path: ['departmentTypes'], message: '只有部门填报的报表才能限定部门类型（filers 须含 department）' });
    const seen = new Set<string>();
    t.fields.forEach((f, i) => {
      if (seen.has(f.code)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'code'], message: `字段编码「${f.code}」重复` });
      seen.add(f.code);
    });
  });
export type ReportTypeDef = z.infer<typeof reportTypeSchema>;

export const reportsFileSchema = z.object({ types: z.array(reportTypeSchema).default([]), retire: z.array(code).default([]) }).strict();
