import { z } from 'zod';
import '../zod-locale.js';
import { isCalendarDay } from '../calendar.js';
import { dutyKinds } from '../duty.js';
import { hazardLevels } from '../hazard.js';
import { departmentTypes, roles } from '../roles.js';
import { schoolTypes } from '../school.js';
import { type CampaignTemplateDef, campaignsFileSchema } from './campaigns-schema.js';
import { type CaseTypeDef, casesFileSchema, type IncidentPolicy } from './cases-schema.js';
import { type ReportTypeDef, reportsFileSchema } from './reports-schema.js';
import { type RiskPolicy, riskFileSchema } from './risk-schema.js';
import type { RubricDef } from './rubric-schema.js';

/**
 * The policy pack (政策包): a district's rules as data. A pack is a folder of YAML files
 * (see policies/README.md); each file kind has a schema here. The national pack is the default;
 * a district pack `extends` it and overrides entries by `code` or `retire`s them.
 * Codes are stable identifiers (stored in inspections and hazards); labels are what users read.
 */

const code = z.string({ error: '应为文本' }).regex(/^[a-z][a-z0-9_]{0,39}$/, '编码只能用小写字母、数字和下划线，以字母开头，不超过 40 个字符');
const label = (max = 60) => z.string({ error: '应为文本' }).trim().min(1, '不能为空').max(max, `不超过 ${max} 个字`);
const text = (max = 500) => z.string({ error: '应为文本' }).trim().max(max, `不超过 ${max} 个字`).default('');
const monthDay = z.string({ error: '应为文本' }).regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '应为 MM-DD，例如 09-01');
const retire = z.array(code).default([]);
/** A real calendar day (2026-02-30 is not), with the message for the shape. */
const DAY_SHAPE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const calendarDay = (shape: string) =>
  z
    .string({ error: '应为文本' })
    .regex(DAY_SHAPE, shape)
    // Only a well-shaped day is checked against the calendar: a bad shape says so once.
    .refine((d) => !DAY_SHAPE.test(d) || isCalendarDay(d), '不是有效的日期（该月没有这一天）');
const dayRange = z
  .object({
    name: label(20),
    start: calendarDay('应为 YYYY-MM-DD，例如 2026-10-01'),
    end: calendarDay('应为 YYYY-MM-DD，例如 2026-10-07').optional(),
  })
  .strict()
  .refine((h) => h.end === undefined || h.end >= h.start, { message: '结束日期不能早于开始日期', path: ['end'] });

/** Supervision levels (督查层级). Codes are fixed: they are also the hazard's source. */
export const inspectionLevels = ['school_self', 'centre', 'inspector', 'department', 'leader', 'joint', 'police', 'district'] as const;
export type InspectionLevel = (typeof inspectionLevels)[number];

export const periodKinds = ['daily', 'weekly', 'monthly', 'quarterly', 'semester', 'half_year', 'yearly'] as const;
export type PeriodKind = (typeof periodKinds)[number];
export const periodKindLabels: Record<PeriodKind | 'window', string> = {
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
  semester: '每学期',
  half_year: '每半年',
  yearly: '每年',
  window: '指定时段',
};
/** An obligation's period: a calendar period, or a dated window around the semesters or holidays. */
export const obligationPeriods = [...periodKinds, 'window'] as const;
export type ObligationPeriod = (typeof obligationPeriods)[number];

/**
 * A dated window (时段): `days` days after or before an anchor: the start or end of each semester,
 * or each holiday of calendar.yaml. 开学第一课 = { anchor: semester_start, when: after, days: 7 };
 * 放假前安全教育 = { anchor: holiday, when: before, days: 7 }.
 */
export const windowAnchors = ['semester_start', 'semester_end', 'holiday'] as const;
export const windowSchema = z
  .object({
    anchor: z.enum(windowAnchors, { error: `时段的基准应为 ${windowAnchors.join('、')} 之一` }),
    when: z.enum(['after', 'before'], { error: '时段应为 after（之后）或 before（之前）' }),
    days: z.number({ error: '应为天数' }).int('应为整数').min(1, '至少 1 天').max(120, '不超过 120 天'),
  })
  .strict();
export type WindowDef = z.infer<typeof windowSchema>;

export const manifestSchema = z
  .object({
    id: code,
    name: label(),
    version: z.string({ error: '应为文本' }).regex(/^\d{4}\.\d+$/, '版本应为 年份.序号，例如 2026.1'),
    extends: code.optional(),
    /** District codes (org_unit.code of the district) this pack applies to; empty for the national pack. */
    districts: z.array(z.string().trim().min(1).max(20)).default([]),
    description: text(1000),
    /** The documents (文件) the pack encodes, so each rule can be traced to its source. */
    sources: z.array(label(200)).default([]),
  })
  .strict();
export type PackManifest = z.infer<typeof manifestSchema>;

export const hazardsFileSchema = z
  .object({
    categories: z.array(z.object({ code, label: label(20) }).strict()).default([]),
    places: z.array(label(20)).default([]),
    retireCategories: retire,
    retirePlaces: z.array(label(20)).default([]),
    /** Default rectification deadline in calendar days by level (no national figure: RULES.md YH-03). */
    deadlineDays: z
      .object({ general: z.number().int().min(1).max(365).optional(), major: z.number().int().min(1).max(730).optional() })
      .strict()
      .default({}),
  })
  .strict();

export const supervisionFileSchema = z
  .object({
    levels: z
      .array(
        z
          .object({
            code: z.enum(inspectionLevels, { error: `督查层级编码应为 ${inspectionLevels.join('、')} 之一` }),
            label: label(20),
            /** Roles that inspect at this level. */
            roles: z.array(z.enum(roles, { error: '角色编码无效' })).min(1, '至少一个角色'),
            /** Whether an inspection at this level counts as supervision (督查) of the school. */
            supervising: z.boolean({ error: '应为 true 或 false' }),
          })
          .strict(),
      )
      .default([]),
    /** 按职督查: what each kind of department inspects. */
    departmentFunctions: z
      .array(
        z
          .object({
            code,
            departmentType: z.string().trim().min(1).max(40),
            label: label(40),
            categories: z.array(code).default([]),
            templates: z.array(code).default([]),
          })
          .strict(),
      )
      .default([]),
    retireLevels: z.array(z.enum(inspectionLevels)).default([]),
    retireDepartmentFunctions: retire,
  })
  .strict();

export const calendarFileSchema = z
  .object({
    /** Semesters cover the whole year between them; a semester may cross the new year (autumn: 09-01 to 01-31). */
    semesters: z
      .array(
        z
          .object({
            code,
            label: label(20),
            start: monthDay,
            end: monthDay,
            /** The days classes begin and end (开学、放假), when not the semester's edges: the anchors of dated windows. */
            classesStart: monthDay.optional(),
            classesEnd: monthDay.optional(),
          })
          .strict(),
      )
      .min(1)
      .optional(),
    /** The first day of the week for weekly obligations (1 = Monday). */
    weekStartsOn: z.literal(1, { error: '一周从周一开始（1）' }).optional(),
    /** Holidays (dated: they move from year to year), for obligations due before or after each holiday; no school (and no 护学岗) on them. */
    holidays: z.array(dayRange).max(200, '不超过 200 个假期').optional(),
    /** Public holidays (法定节假日, days off, no school) and the weekend days worked instead (调休上班): working-day time limits skip the first and count the second. */
    publicHolidays: z.array(dayRange).max(200, '不超过 200 个放假日').optional(),
    /**
     * 调休上班日: a weekend day that is a working and school day. A plain date follows Monday's rota
     * and timetable; `{ date, asWeekday, name }` names the weekday whose rota applies (按周几排班).
     */
    workdays: z
      .array(
        z.union(
          [
            calendarDay('应为 YYYY-MM-DD，例如 2026-10-10'),
            z
              .object({
                date: calendarDay('应为 YYYY-MM-DD，例如 2026-10-10'),
                asWeekday: z
                  .number({ error: '应为 1–7（周一至周日）' })
                  .int('应为 1–7（周一至周日）')
                  .min(1, '应为 1–7（周一至周日）')
                  .max(7, '应为 1–7（周一至周日）')
                  .optional(),
                name: label(20).optional(),
              })
              .strict(),
          ],
          { error: '调休上班日应为日期（YYYY-MM-DD）或 { date, asWeekday, name }' },
        ),
      )
      .max(200, '不超过 200 个调休上班日')
      .optional(),
  })
  .strict();
export type Holiday = { name: string; start: string; end?: string | undefined };
/** A 调休上班日: a weekend day worked, following the rota of `asWeekday` (1 = Monday). */
export type MakeUpDay = { date: string; asWeekday: number; name: string };
type WorkdayEntry = NonNullable<z.infer<typeof calendarFileSchema>['workdays']>[number];
/** The calendar file's 调休上班日, with the default weekday (Monday) filled in. */
export const makeUpDaysOf = (entries: readonly WorkdayEntry[]): MakeUpDay[] =>
  entries.map((e) =>
    typeof e === 'string' ? { date: e, asWeekday: 1, name: '调休上班' } : { date: e.date, asWeekday: e.asWeekday ?? 1, name: e.name ?? '调休上班' },
  );

export const checklistItemSchema = z
  .object({
    code,
    text: label(200),
    category: code,
    place: label(20).optional(),
    guidance: text(1000),
    photoRequiredOnFail: z.boolean({ error: '应为 true 或 false' }).default(true),
    failLevel: z.enum(hazardLevels, { error: '应为 general（一般）或 major（重大）' }).default('general'),
  })
  .strict();
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const checklistFileSchema = z
  .object({
    code,
    name: label(60),
    description: text(1000),
    period: z.enum(periodKinds, { error: `周期应为 ${periodKinds.join('、')} 之一` }).optional(),
    levels: z.array(z.enum(inspectionLevels)).min(1, '至少一个督查层级'),
    /** A check that must be reported upward, signed by a role, within N days (the semester fire self-check). */
    report: z
      .object({ withinDays: z.number().int().min(1).max(60), signerRole: z.enum(roles), label: label(60) })
      .strict()
      .optional(),
    source: text(300),
    items: z.array(checklistItemSchema).min(1, '至少一个检查项'),
  })
  .strict();
export type ChecklistTemplateDef = z.infer<typeof checklistFileSchema>;

/** How records are counted (计数方式). 'inspections' is the v1 name of 'records'. */
export const countRules = ['records', 'inspections', 'days', 'hours', 'schools', 'on_time'] as const;
export type CountRule = (typeof countRules)[number];
/** school: each school; district: the district as a whole; department: each department of a type; centre: each 教管中心/街道. */
export const obligationSubjects = ['school', 'district', 'department', 'centre'] as const;
/** Which days a daily duty is due on (dueOn): every day, or school days only (上学日). */
export const dueOnValues = ['every_day', 'school_days'] as const;
export type DueOn = (typeof dueOnValues)[number];

export const obligationSchema = z
  .object({
    code,
    label: label(60),
    description: text(1000),
    /** The document and article the rule comes from. */
    source: text(300),
    /** What kind of record satisfies it (检查、演练、安全教育 …); inspection when not given (v1 packs). */
    kind: z.enum(dutyKinds, { error: `记录类别应为 ${dutyKinds.join('、')} 之一` }).default('inspection'),
    /** Inspections: which levels count, optionally only with these templates. */
    levels: z.array(z.enum(inspectionLevels, { error: `督查层级应为 ${inspectionLevels.join('、')} 之一` })).default([]),
    templates: z.array(code).default([]),
    /** Other kinds: the record types that count (codes of vocabularies.yaml for the kind); empty = any. */
    types: z.array(code).default([]),
    /** Education: only sessions held on these occasions (开学第一课 …). */
    occasions: z.array(code).default([]),
    period: z.enum(obligationPeriods, { error: `周期应为 ${obligationPeriods.join('、')} 之一` }),
    /** period: window — the dated window. */
    window: windowSchema.optional(),
    /**
     * Daily duties only: which days are due — every calendar day (the default), or school days only
     * (上学日: Monday–Friday and 调休上班日, not in the holidays nor on public holidays, calendar.yaml).
     */
    dueOn: z.enum(dueOnValues, { error: '应为 every_day（每天）或 school_days（仅上学日）' }).optional(),
    /** How many per period (records, days, schools), or class hours (countBy hours: 0.5 allowed). */
    count: z.number({ error: '应为数字' }).min(0.5, '至少 0.5').max(1000, '不超过 1000').default(1),
    /**
     * records: number of records; days: distinct days with a record; hours: class or training hours;
     * schools: distinct schools reached (a department's duty to every school: required = the schools it applies to);
     * on_time: rolling duties (risk point reviews): every item due in the period met by its own due day.
     */
    countBy: z.enum(countRules, { error: `计数方式应为 ${countRules.join('、')} 之一` }).default('records'),
    /** For the school as a whole; for each class/audience (每班, countBy hours); or for each of `types` (每个岗位). */
    per: z.enum(['school', 'class', 'type'], { error: '应为 school（全校）、class（每班）或 type（每个类型）' }).default('school'),
    /** Only records where participants / base reach this share (全员参与 = 0.9). */
    minShare: z.number({ error: '应为 0 到 1 之间的小数' }).gt(0, '应大于 0').max(1, '不超过 1').optional(),
    /** Whom it is about: each school in scope, the district as a whole (the joint group), each department of a type, or each 教管中心/街道. */
    subject: z.enum(obligationSubjects, { error: '对象应为 school（学校）、district（区县）、department（部门）或 centre（教管中心/街道）' }).default('school'),
    /** subject department: the department type (org_unit.department_type: health, market_supervision …). */
    departmentType: z.enum(departmentTypes, { error: `部门类型应为 ${departmentTypes.join('、')} 之一` }).optional(),
    /** Grace days after the period ends before a missing record is overdue. */
    graceDays: z.number().int().min(0).max(60).default(0),
    appliesTo: z
      .object({
        schoolTypes: z.array(z.string().trim().min(1)).optional(),
        boarding: z.boolean().optional(),
        /** Only schools that run school buses. */
        hasBus: z.boolean().optional(),
        /** Only schools with at least one active risk point of one of these colours (有红、橙风险点的学校). */
        riskColours: z
          .array(z.enum(['red', 'orange', 'yellow', 'blue'], { error: '风险等级应为 red、orange、yellow、blue 之一' }))
          .min(1, '至少一个风险等级')
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((ob, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (ob.kind === 'inspection' && ob.levels.length === 0) issue('levels', '至少一个督查层级');
    if (ob.kind !== 'inspection' && ob.levels.length) issue('levels', '只有检查类义务按督查层级计数');
    if (ob.kind !== 'inspection' && ob.templates.length) issue('templates', '只有检查类义务指定检查表，其他类别用 types');
    if (ob.occasions.length && ob.kind !== 'education') issue('occasions', '只有安全教育有特殊时点');
    if (ob.period === 'window' && !ob.window) issue('window', '周期为 window 时要写明时段（anchor、when、days）');
    if (ob.period !== 'window' && ob.window) issue('window', '只有周期为 window 时才写时段');
    if (ob.dueOn === 'school_days' && ob.period !== 'daily') issue('dueOn', '只有按日（daily）计的义务才能只在上学日计');
    if (ob.countBy !== 'hours' && !Number.isInteger(ob.count)) issue('count', '次数、天数、学校数应为整数');
    if (ob.countBy === 'hours' && !['education', 'training'].includes(ob.kind)) issue('countBy', '只有安全教育和培训按课时计数');
    if (ob.countBy !== 'hours' && ob.per === 'class') issue('per', '只有按课时计数时才能按班计');
    if (ob.per === 'type' && ob.types.length === 0) issue('per', '按类型分别计数时要在 types 中列出类型');
    if (ob.countBy === 'schools' && ob.subject !== 'department') issue('countBy', '按学校数计数只用于部门义务（每所学校）');
    if (ob.subject === 'department' && !ob.departmentType) issue('departmentType', '部门义务要写明部门类型');
    if (ob.subject !== 'department' && ob.departmentType) issue('departmentType', '只有部门义务写部门类型');
    if (ob.subject === 'district' && ob.appliesTo) issue('appliesTo', '区县义务不按学校适用');
    // A review is due per risk point on its own rolling date: only the on_time rule judges it, and only it.
    if (ob.kind === 'risk_review' && ob.countBy !== 'on_time') issue('countBy', '风险点复评按期计（countBy: on_time）');
    if (ob.countBy === 'on_time' && ob.kind !== 'risk_review') issue('countBy', '只有风险点复评按期计（on_time）');
    if (ob.kind === 'risk_review' && ob.subject !== 'school') issue('subject', '风险点复评是学校义务');
    if (ob.kind === 'risk_review' && ob.types.length) issue('types', '风险点复评不按类型计');
    if (ob.subject === 'centre' && ob.appliesTo) issue('appliesTo', '教管中心义务不按学校适用');
  });
export type ObligationDef = z.infer<typeof obligationSchema>;

export const obligationsFileSchema = z.object({ obligations: z.array(obligationSchema).default([]), retire }).strict();

/**
 * The vocabularies of the duty records (vocabularies.yaml): drill types, education topics and
 * occasions, training kinds, the posts of 一岗双责 letters, school document types and patrol
 * routes. Codes are stored in records; a district pack replaces entries by code or retires them.
 */
const vocabEntry = z.object({ code, label: label(40), description: text(1000) }).strict();
export type VocabEntry = z.infer<typeof vocabEntry>;
const vocabSection = z.array(vocabEntry).default([]);
export const vocabSections = [
  'drillTypes',
  'educationTopics',
  'educationOccasions',
  'trainingKinds',
  'posts',
  'documentTypes',
  'patrolRoutes',
  'screeningTypes',
] as const;
export type VocabSection = (typeof vocabSections)[number];
export const vocabSectionLabels: Record<VocabSection, string> = {
  drillTypes: '演练类型',
  educationTopics: '安全教育主题',
  educationOccasions: '安全教育特殊时点',
  trainingKinds: '培训类别',
  posts: '一岗双责岗位',
  documentTypes: '学校安全文件类型',
  patrolRoutes: '巡查路线',
  screeningTypes: '排查类别',
};
export const vocabulariesFileSchema = z
  .object({
    drillTypes: vocabSection,
    educationTopics: vocabSection,
    educationOccasions: vocabSection,
    trainingKinds: vocabSection,
    posts: vocabSection,
    documentTypes: vocabSection,
    patrolRoutes: vocabSection,
    /** Screenings filed as a record with findings or a 零报告 (duty kind screening): 矛盾纠纷排查 … */
    screeningTypes: vocabSection,
    /**
     * The evacuation-time target of a drill (RULES.md YJ-02: ≤ 4 floors within 2 minutes; taller
     * buildings a realistic target). Each number overrides the parent's; unset ones are inherited.
     */
    drillEvacuation: z
      .object({
        targetSeconds: z.number().int().min(10).max(3600).optional(),
        lowRiseMaxFloors: z.number().int().min(1).max(100).optional(),
        highRiseTargetSeconds: z.number().int().min(10).max(3600).optional(),
      })
      .strict()
      .default({}),
    /** Codes to remove from the parent pack, per section. */
    retire: z
      .object(Object.fromEntries(vocabSections.map((k) => [k, retire])) as Record<VocabSection, typeof retire>)
      .partial()
      .strict()
      .default({}),
  })
  .strict();

/* ---- 三防 standards (sanfang.yaml) — kept in its own block ---- */

/** Where a school stands (for the anti-ram scope of the three-year plan: urban, town and complex rural schools). */
export const schoolLocations = ['urban', 'town', 'complex_rural', 'rural'] as const;
export type SchoolLocation = (typeof schoolLocations)[number];
export const schoolLocationLabels: Record<SchoolLocation, string> = { urban: '城市', town: '城镇', complex_rural: '治安交通环境复杂的乡村', rural: '乡村' };

/** How sure a number is (RULES.md labels): C confirmed, C2 secondary summary, L local, M unverified. */
export const certaintyLabels = ['C', 'C2', 'L', 'M'] as const;
export type Certainty = (typeof certaintyLabels)[number];
const certainty = z.enum(certaintyLabels, { error: '可信度应为 C、C2、L 或 M' }).optional();

const count = (max: number) => z.number({ error: '应为数字' }).int('应为整数').min(0, '不能为负数').max(max, `不超过 ${max}`);
const positive = (max: number) => z.number({ error: '应为数字' }).int('应为整数').min(1, '至少为 1').max(max, `不超过 ${max}`);

const sanfangBase = {
  label: label(60),
  description: text(1000),
  /** The document and article the standard comes from. */
  source: text(300),
  /** How sure the number is (RULES.md labels): C confirmed, C2 secondary summary, L local, M unverified. */
  certainty,
  /** Which schools the standard applies to; absent: all. */
  appliesTo: z
    .object({
      schoolTypes: z.array(z.enum(schoolTypes, { error: '学校类型无效' })).optional(),
      locations: z.array(z.enum(schoolLocations, { error: `地域应为 ${schoolLocations.join('、')} 之一` })).optional(),
      boarding: z.boolean().optional(),
      publicOnly: z.boolean().optional(),
    })
    .strict()
    .optional(),
};

/** One enrolment band of HF-01: from `from` students, `guards`, plus `add` for every further `every`. */
export const guardBandSchema = z.object({ from: count(100000), guards: count(100), every: positive(100000).optional(), add: positive(20).default(1) }).strict();
export type GuardBand = z.infer<typeof guardBandSchema>;

export const sanfangRuleSchema = z.discriminatedUnion(
  'code',
  [
    z
      .object({
        code: z.literal('guard_count'),
        ...sanfangBase,
        /** GB/T 29315-2022 counts non-boarding students (RULES.md HF-01); a district may count all. */
        basis: z.enum(['non_boarding', 'enrollment']).default('non_boarding'),
        bands: z.array(guardBandSchema).min(1, '至少一个规模档'),
        /** Boarding schools: at least `minimum`, plus `add` per full `every` boarders. */
        boarding: z
          .object({ minimum: count(100).default(0), every: positive(100000), add: positive(20).default(1) })
          .strict()
          .optional(),
        /** Several gates: `add` per gate beyond the first. */
        extraGate: z
          .object({ add: positive(20) })
          .strict()
          .optional(),
      })
      .strict(),
    z.object({ code: z.literal('guard_age'), ...sanfangBase, maxAge: z.number().int().min(30).max(75) }).strict(),
    z.object({ code: z.literal('guard_certificate'), ...sanfangBase }).strict(),
    z.object({ code: z.literal('guard_training'), ...sanfangBase }).strict(),
    z.object({ code: z.literal('safety_officer'), ...sanfangBase, minimum: positive(20) }).strict(),
    z.object({ code: z.literal('dorm_managers'), ...sanfangBase, minimum: count(50).default(1), studentsPerManager: positive(2000).optional() }).strict(),
    z
      .object({
        code: z.literal('equipment'),
        ...sanfangBase,
        items: z.array(z.object({ code, label: label(20), perGate: positive(50) }).strict()).min(1, '至少一种器械'),
      })
      .strict(),
    z
      .object({
        code: z.literal('wall_height'),
        ...sanfangBase,
        minMetres: z.number({ error: '应为数字' }).min(1).max(6),
        antiClimb: z.boolean().default(true),
      })
      .strict(),
    z.object({ code: z.literal('closed_management'), ...sanfangBase }).strict(),
    z.object({ code: z.literal('video_retention'), ...sanfangBase, minDays: positive(3650) }).strict(),
    z
      .object({ code: z.literal('camera_places'), ...sanfangBase, places: z.array(z.object({ code, label: label(30) }).strict()).min(1, '至少一个部位') })
      .strict(),
    z.object({ code: z.literal('gate_alarm'), ...sanfangBase, linked110: z.boolean().default(true), policeNetworked: z.boolean().default(true) }).strict(),
    z.object({ code: z.literal('anti_ram'), ...sanfangBase }).strict(),
    /* 校舍 and fire facilities (migration 0021; domain/buildings.ts) */
    z
      .object({
        code: z.literal('building_appraisal'),
        ...sanfangBase,
        /** Years between appraisals for a building at the seismic standard and within its design life. */
        compliantYears: positive(20).default(5),
        /** Years between appraisals for every other building. */
        otherYears: positive(20).default(1),
      })
      .strict(),
    z
      .object({
        code: z.literal('dangerous_buildings'),
        ...sanfangBase,
        grades: z
          .array(z.enum(['A', 'B', 'C', 'D']))
          .min(1)
          .default(['C', 'D']),
      })
      .strict(),
    z
      .object({
        code: z.literal('fire_maintenance'),
        ...sanfangBase,
        /** Months after the last maintenance when no next date is recorded. */
        intervalMonths: positive(60).default(12),
        /** Facility kinds every school must have (fire facility codes). */
        requiredKinds: z.array(code).default([]),
      })
      .strict(),
    z.object({ code: z.literal('fire_assessment'), ...sanfangBase, everyMonths: positive(60).default(12) }).strict(),
    z
      .object({
        code: z.literal('gate_log'),
        ...sanfangBase,
        /** Entries older than this are not shown (retention). */
        retentionDays: positive(3650).default(365),
        /** Days with entries required among the last `windowDays` days. */
        windowDays: positive(31).default(7),
        minDays: count(31).default(5),
      })
      .strict(),
    /** The daily online check: a gate camera or alarm offline this many checked days in a row proposes a 技防 hazard. */
    z.object({ code: z.literal('device_online'), ...sanfangBase, offlineDays: positive(60) }).strict(),
  ],
  { error: '三防标准编码无效' },
);
export type SanfangRule = z.infer<typeof sanfangRuleSchema>;
export type SanfangRuleCode = SanfangRule['code'];
export const sanfangFileSchema = z.object({ rules: z.array(sanfangRuleSchema).default([]), retire }).strict();
/* ---- end 三防 ---- */

/* ---- Campus surroundings (surroundings.yaml) — RULES.md §9, §12 ---- */

/** A zone around every gate of a school: the points within `radiusM` metres (geodesic). */
export const surroundingsZoneSchema = z
  .object({
    code,
    label: label(30),
    radiusM: z.number({ error: '应为米数' }).int('应为整数').min(10, '至少 10 米').max(2000, '不超过 2000 米'),
    source: text(300),
  })
  .strict();
/** A kind of premises near schools: who supervises it and the zone it must not be in (if any). */
export const premiseTypeSchema = z
  .object({
    code,
    label: label(30),
    departmentType: z.enum(departmentTypes, { error: `部门类型应为 ${departmentTypes.join('、')} 之一` }),
    /** The zone this kind must not be in; absent: allowed, but registered and watched (出租房屋, 建筑工地 …). */
    forbiddenWithin: code.optional(),
    /** The school types the ban protects; absent: every school type. */
    schoolTypes: z.array(z.enum(schoolTypes, { error: '学校类型无效' })).optional(),
    /** Dangerous waters: warning signs, barriers and patrols are recorded for it. */
    water: z.boolean().default(false),
    source: text(300),
  })
  .strict();
/** A category of key persons (重点人员, police only) with how sure we are it is a named category (RULES.md labels). */
export const keyPersonCategorySchema = z
  .object({
    code,
    label: label(30),
    certainty: z.enum(['C', 'C2', 'L', 'M'], { error: '可信度应为 C、C2、L 或 M' }),
    source: text(300),
  })
  .strict();
const followUpDays = z.number({ error: '应为天数' }).int('应为整数').min(1, '至少 1 天').max(366, '不超过 366 天');
const clock = z.string({ error: '应为文本' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为 HH:MM，例如 07:30');
/** A duty period of the 护学岗 (早上到校、中午、下午放学) in Shanghai time. */
export const guardPeriodSchema = z
  .object({
    code,
    label: label(20),
    start: clock,
    end: clock,
    /** 护学岗设置率 counts a school as set when an active post covers every required period. */
    required: z.boolean().default(true),
    certainty,
  })
  .strict()
  .refine((p) => p.start < p.end, { message: '结束时间应晚于开始时间', path: ['end'] });
export const guardDutySchema = z
  .object({
    /** A sign-in farther than this from the post's coordinates is flagged 不在岗位范围. */
    signInToleranceMeters: z.number({ error: '应为米数' }).int('应为整数').min(10, '至少 10 米').max(2000, '不超过 2000 米'),
    /** A sign-in later than the period's start plus this is flagged 迟到. */
    lateAfterMinutes: z.number({ error: '应为分钟数' }).int('应为整数').min(0, '不能为负数').max(120, '不超过 120 分钟'),
    /** Sign-in opens this many minutes before a period starts. */
    openBeforeMinutes: z.number({ error: '应为分钟数' }).int('应为整数').min(0, '不能为负数').max(240, '不超过 240 分钟').default(30),
    /** Police teams per school (包片, seed 000: 民警、辅警、保安 3–5 人). */
    teamSize: z
      .object({ min: z.number().int().min(1).max(20), max: z.number().int().min(1).max(50) })
      .strict()
      .default({ min: 3, max: 5 }),
    periods: z.array(guardPeriodSchema).min(1, '至少要有一个时段'),
    certainty,
    source: text(500),
  })
  .strict();
export type GuardDutyPolicy = z.infer<typeof guardDutySchema>;
export type GuardPeriod = z.infer<typeof guardPeriodSchema>;
export const surroundingsFileSchema = z
  .object({
    zones: z.array(surroundingsZoneSchema).default([]),
    premiseTypes: z.array(premiseTypeSchema).default([]),
    /** Concentrated clean-ups (集中整治), e.g. spring Mar–May and autumn Sep–Nov. */
    cleanups: z.array(z.object({ code, label: label(30), from: monthDay, to: monthDay }).strict()).optional(),
    /** The drowning-prevention season (防溺水重点时段). */
    drowningSeason: z
      .object({
        from: monthDay,
        to: monthDay,
        source: text(300),
        /** Dangerous waters: during the season every water is patrolled at least once every `everyDays` days. */
        patrol: z
          .object({ everyDays: z.number({ error: '应为天数' }).int('应为整数').min(1, '至少 1 天').max(60, '不超过 60 天'), certainty, source: text(300) })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    /** School buses (617号令, RULES.md XC-01): when a date is "due soon", the inspection interval, the driver's age band. */
    schoolBus: z
      .object({
        dueWithinDays: z.number({ error: '应为天数' }).int('应为整数').min(0, '不能为负').max(365, '不超过 365 天'),
        inspectionMonths: z.number({ error: '应为月数' }).int('应为整数').min(1, '至少 1 个月').max(24, '不超过 24 个月'),
        driverMinAge: z.number({ error: '应为年龄' }).int('应为整数').min(18, '不小于 18').max(70, '不大于 70'),
        driverMaxAge: z.number({ error: '应为年龄' }).int('应为整数').min(18, '不小于 18').max(75, '不大于 75'),
        minDrivingYears: z.number({ error: '应为年数' }).int('应为整数').min(0, '不能为负').max(30, '不超过 30 年'),
        driverCheckMonths: z.number({ error: '应为月数' }).int('应为整数').min(1, '至少 1 个月').max(36, '不超过 36 个月'),
        certainty,
        source: text(500),
      })
      .strict()
      .optional(),
    /** 护学岗 and peak-hour duty (高峰勤务): periods, sign-in tolerance, team sizes. Replaces whole. */
    guardDuty: guardDutySchema.optional(),
    retireZones: retire,
    retirePremiseTypes: retire,
    /** Categories of key persons near schools (重点人员, seed 001), overlaid by code. */
    keyPersonCategories: z.array(keyPersonCategorySchema).default([]),
    retireKeyPersonCategories: retire,
    /** Days to the next follow-up of a key person by risk level (a default the officer may change); replaced whole. */
    keyPersonFollowUpDays: z
      .object({ high: followUpDays, medium: followUpDays, low: followUpDays, certainty: z.enum(['C', 'C2', 'L', 'M']), source: text(300) })
      .strict()
      .optional(),
    /** How far around a key person schools are looked for (metres from each gate; at least the widest zone). */
    keyPersonNearM: z.number({ error: '应为米数' }).int('应为整数').min(50, '不少于 50 米').max(20000, '不超过 20000 米').optional(),
  })
  .strict();
export type KeyPersonCategory = z.infer<typeof keyPersonCategorySchema>;
export type SurroundingsZone = z.infer<typeof surroundingsZoneSchema>;
export type PremiseType = z.infer<typeof premiseTypeSchema>;
export type SurroundingsPolicy = {
  zones: WithOrigin<SurroundingsZone>[];
  premiseTypes: WithOrigin<PremiseType>[];
  cleanups: { code: string; label: string; from: string; to: string }[];
  drowningSeason: {
    from: string;
    to: string;
    source: string;
    patrol?: { everyDays: number; certainty?: Certainty | undefined; source: string } | undefined;
  } | null;
  schoolBus: SchoolBusPolicy | null;
  keyPersonCategories: WithOrigin<KeyPersonCategory>[];
  keyPersonFollowUpDays: { high: number; medium: number; low: number; certainty: string; source: string };
  /** surroundings.yaml keyPersonNearM (default 1000). */
  keyPersonNearM: number;
  /** 护学岗 (surroundings.yaml guardDuty); null when no pack in the chain sets it. */
  guardDuty: GuardDutyPolicy | null;
};
export type SchoolBusPolicy = NonNullable<z.infer<typeof surroundingsFileSchema>['schoolBus']>;
/* ---- end surroundings ---- */

/** Which schema reads which file of a pack folder. */
export const packFileKinds = {
  'pack.yaml': manifestSchema,
  'hazards.yaml': hazardsFileSchema,
  'supervision.yaml': supervisionFileSchema,
  'calendar.yaml': calendarFileSchema,
  'obligations.yaml': obligationsFileSchema,
  'vocabularies.yaml': vocabulariesFileSchema,
  'sanfang.yaml': sanfangFileSchema,
  'surroundings.yaml': surroundingsFileSchema,
  'cases.yaml': casesFileSchema,
  'risk.yaml': riskFileSchema,
  'campaigns.yaml': campaignsFileSchema,
  'reports.yaml': reportsFileSchema,
} as const;
export type PackFileName = keyof typeof packFileKinds;

/** Where a rule came from: the pack and file that define it, and the pack entry it overrides. */
export type Origin = { pack: string; version: string; file: string; overrides?: string };
export type WithOrigin<T> = T & { origin: Origin };

export type Semester = { code: string; label: string; start: string; end: string; classesStart?: string | undefined; classesEnd?: string | undefined };

/** A pack after inheritance: what the platform applies to one district. */
export type ResolvedPack = {
  id: string;
  name: string;
  version: string;
  /** The chain applied, base first: national@2026.1 → yunjiang@2026.1. */
  chain: { id: string; name: string; version: string; sources: string[] }[];
  hazardCategories: WithOrigin<{ code: string; label: string }>[];
  hazardPlaces: string[];
  deadlineDays: { general: number; major: number; origin: Record<'general' | 'major', Origin> };
  levels: WithOrigin<{ code: InspectionLevel; label: string; roles: string[]; supervising: boolean }>[];
  departmentFunctions: WithOrigin<{ code: string; departmentType: string; label: string; categories: string[]; templates: string[] }>[];
  calendar: {
    semesters: Semester[];
    holidays: Holiday[];
    publicHolidays: Holiday[];
    /** 调休上班日 as dates (the cases' working days) … */
    workdays: string[];
    /** … and with the weekday whose rota they follow (护学岗 and other school-day rules). */
    makeUpDays: MakeUpDay[];
    weekStartsOn: 1;
    origin: Origin;
  };
  checklists: WithOrigin<ChecklistTemplateDef>[];
  obligations: WithOrigin<ObligationDef>[];
  vocab: Record<VocabSection, WithOrigin<VocabEntry>[]>;
  /** Drill evacuation targets in seconds (vocabularies.yaml drillEvacuation; defaults 120 s, 4 floors, 180 s). */
  drillEvacuation: { targetSeconds: number; lowRiseMaxFloors: number; highRiseTargetSeconds: number; origin: Origin };
  /** 三防 standards (sanfang.yaml), by code. */
  sanfang: WithOrigin<SanfangRule>[];
  /** Campus surroundings (surroundings.yaml): zones, kinds of premises, clean-ups, drowning season. */
  surroundings: SurroundingsPolicy;
  /** Case types and incident levels (cases.yaml). */
  cases: { types: WithOrigin<CaseTypeDef>[]; incident: (IncidentPolicy & { origin: Origin }) | null };
  /** The risk register (risk.yaml): sources, methods, colour thresholds, review days, analytics parameters. */
  risk: RiskPolicy;
  /** 专项行动 templates (campaigns.yaml); the surroundings clean-ups are added from `surroundings.cleanups` (domain/campaign.ts). */
  campaigns: WithOrigin<CampaignTemplateDef>[];
  /** Report types filed up the chain (reports.yaml). */
  reports: WithOrigin<ReportTypeDef>[];
  /** Assessment rubrics (rubrics/<code>@<version>.yaml), every version. */
  rubrics: WithOrigin<RubricDef>[];
};

export type PackProblem = { file: string; path: string; message: string };
