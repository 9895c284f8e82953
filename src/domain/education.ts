import { z } from 'zod';
import { isoDay } from './input-dates.js';

/**
 * Safety education sessions (安全教育) and staff training (教职工培训): the inputs, and how a
 * session's audience is written down so the duty engine can count class hours per class.
 *
 * Classes are text keys (a school's class list, when it keeps one, is classes per grade: classKeysOf):
 * - `school`        the whole school (全校) — counts for every class of the school;
 * - `grade:<n>`     a whole grade (n = 1..12; 初一 = 7) — counts for every class of grade n;
 * - `class:<n>-<c>` one class, grade n, class number c (`class:3-2` = 三年级2班).
 * A session entered for several classes of a grade at once is one record with several
 * audiences, and the duty source emits one fact per audience.
 */
export const speakerTypes = ['teacher', 'police', 'fire', 'other'] as const;
export type SpeakerType = (typeof speakerTypes)[number];
export const speakerTypeLabels: Record<SpeakerType, string> = {
  teacher: '本校教师',
  police: '法治辅导员（公安）',
  fire: '消防辅导员',
  other: '其他校外人员',
};

export const audienceKinds = ['school', 'grade', 'class'] as const;
export type AudienceKind = (typeof audienceKinds)[number];
export const audienceKindLabels: Record<AudienceKind, string> = { school: '全校', grade: '整个年级', class: '班级' };

export const MAX_GRADE = 12;
export const MAX_CLASS = 40;

const gradeNames = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
export const gradeLabel = (n: number) => `${gradeNames[n] ?? n}年级`;

/** The audience keys one entry stands for: `school`, `grade:3`, or `class:3-1`, `class:3-2` …. */
export function audienceKeys(a: { audienceKind: AudienceKind; grade?: number | null | undefined; classes?: readonly number[] | undefined }): string[] {
  if (a.audienceKind === 'school') return ['school'];
  if (a.audienceKind === 'grade') return [`grade:${a.grade}`];
  return [...new Set(a.classes ?? [])].sort((x, y) => x - y).map((c) => `class:${a.grade}-${c}`);
}

const AUDIENCE_RE = /^(school|grade:(\d{1,2})|class:(\d{1,2})-(\d{1,2}))$/;

/** A key back to its parts; undefined for anything else (a filter value from the query string). */
export function parseAudience(key: string): { kind: AudienceKind; grade?: number; classNo?: number } | undefined {
  const m = AUDIENCE_RE.exec(key);
  if (!m) return undefined;
  if (key === 'school') return { kind: 'school' };
  const grade = Number(m[2] ?? m[3]);
  if (grade < 1 || grade > MAX_GRADE) return undefined;
  if (m[2]) return { kind: 'grade', grade };
  const classNo = Number(m[4]);
  return classNo >= 1 && classNo <= MAX_CLASS ? { kind: 'class', grade, classNo } : undefined;
}

export function audienceLabel(key: string): string {
  const a = parseAudience(key);
  if (!a) return key;
  if (a.kind === 'school') return '全校';
  if (a.kind === 'grade') return `${gradeLabel(a.grade as number)}（全年级）`;
  return `${gradeLabel(a.grade as number)}${a.classNo}班`;
}

/** The audiences whose sessions reach a class: the class itself, its grade and the whole school. */
export function audiencesReaching(key: string): string[] {
  const a = parseAudience(key);
  if (!a || a.kind === 'school') return ['school'];
  if (a.kind === 'grade') return [`grade:${a.grade}`, 'school'];
  return [key, `grade:${a.grade}`, 'school'];
}

export type HoursFact = { schoolId: string; audience: string; hours: number; type: string };
export type ClassHours = { schoolId: string; audience: string; hours: number; sessions: number; byTopic: Record<string, number> };

/**
 * The classes of a school's class list (classes per grade, position 0 = grade 1; 初一 = 7), as
 * audience keys `class:<grade>-<n>`, n = 1..count. An empty list: the school keeps none.
 */
export function classKeysOf(classCounts: readonly number[] | null | undefined): string[] {
  const keys: string[] = [];
  (classCounts ?? []).forEach((count, i) => {
    for (let c = 1; c <= Math.min(count, MAX_CLASS); c++) if (i < MAX_GRADE) keys.push(`class:${i + 1}-${c}`);
  });
  return keys;
}

/**
 * Class hours per class (and per grade, for grades where no class is known) of each school:
 * a class gets its own sessions, its grade's and the whole school's. The classes are the school's
 * class list (`classLists`, keys of classKeysOf) when it keeps one — so a class without a lesson
 * shows with 0 hours — together with any class the records name; a school without a list knows
 * only the classes its records name: a grade only ever reached as a whole shows as one row, and a
 * school with only whole-school sessions as one `school` row.
 */
export function hoursPerClass(facts: readonly HoursFact[], classLists?: ReadonlyMap<string, readonly string[]>): ClassHours[] {
  const bySchool = new Map<string, HoursFact[]>();
  for (const id of classLists?.keys() ?? []) if ((classLists?.get(id)?.length ?? 0) > 0) bySchool.set(id, []);
  for (const f of facts) bySchool.set(f.schoolId, [...(bySchool.get(f.schoolId) ?? []), f]);
  const out: ClassHours[] = [];
  for (const [schoolId, list] of bySchool) {
    const classes = new Set([...(classLists?.get(schoolId) ?? []), ...list.filter((f) => f.audience.startsWith('class:')).map((f) => f.audience)]);
    const gradesWithClasses = new Set([...classes].map((k) => parseAudience(k)?.grade));
    const grades = new Set(
      list.filter((f) => f.audience.startsWith('grade:') && !gradesWithClasses.has(parseAudience(f.audience)?.grade)).map((f) => f.audience),
    );
    const rows = [...classes, ...grades];
    if (rows.length === 0) rows.push('school');
    for (const audience of rows) {
      const reach = new Set(audiencesReaching(audience));
      const hit = list.filter((f) => reach.has(f.audience));
      const byTopic: Record<string, number> = {};
      for (const f of hit) byTopic[f.type] = roundHours((byTopic[f.type] ?? 0) + f.hours);
      out.push({ schoolId, audience, hours: roundHours(hit.reduce((s, f) => s + f.hours, 0)), sessions: hit.length, byTopic });
    }
  }
  return out.sort((a, b) => a.schoolId.localeCompare(b.schoolId) || audienceOrder(a.audience) - audienceOrder(b.audience));
}

const roundHours = (h: number) => Math.round(h * 10) / 10;

function audienceOrder(key: string): number {
  const a = parseAudience(key);
  if (!a) return 99999;
  if (a.kind === 'school') return 0;
  return (a.grade as number) * 100 + (a.classNo ?? 0);
}

const text = (label: string, max: number) => z.string(`请填写${label}`).trim().max(max, `${label}不超过 ${max} 个字`);
const code = (label: string) => z.string(`请选择${label}`).trim().min(1, `请选择${label}`).max(40, `${label}无效`);
const hoursField = (label: string, max: number) =>
  z
    .number(`请填写${label}`)
    .min(0.5, `${label}至少 0.5`)
    .max(max, `${label}不超过 ${max}`)
    .refine((h) => Number.isInteger(h * 2), `${label}以 0.5 为单位`);

export const createEducationSessionSchema = z
  .object({
    clientId: z.uuid('提交编号无效').optional(),
    schoolId: z.uuid('学校无效'),
    heldOn: isoDay('日期格式应为 YYYY-MM-DD'),
    audienceKind: z.enum(audienceKinds, { error: '对象应为 全校、整个年级 或 班级' }),
    grade: z.number('年级无效').int('年级无效').min(1, '年级为 1–12').max(MAX_GRADE, '年级为 1–12').optional(),
    classes: z
      .array(z.number('班级无效').int('班级为整数').min(1, `班级为 1–${MAX_CLASS}`).max(MAX_CLASS, `班级为 1–${MAX_CLASS}`))
      .max(MAX_CLASS, `一次最多 ${MAX_CLASS} 个班`)
      .default([]),
    topic: code('教育主题'),
    occasion: code('特殊时点').optional(),
    hours: hoursField('课时', 8),
    speakerName: text('授课人', 40).min(1, '请填写授课人'),
    speakerType: z.enum(speakerTypes, { error: '授课人类型无效' }),
    /** The department of an outside speaker (the fire brigade of the fire counsellor): its own duty counts the lesson. */
    speakerUnitId: z.uuid('授课单位无效').optional(),
    participants: z.number('参加学生数无效').int('参加学生数为整数').min(0, '参加学生数不能为负').max(20000, '参加学生数过大').optional(),
    note: text('备注', 1000).default(''),
    attachmentIds: z.array(z.uuid('附件编号无效')).max(20, '附件最多 20 个').default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.audienceKind !== 'school' && v.grade === undefined) ctx.addIssue({ code: 'custom', path: ['grade'], message: '请选择年级' });
    if (v.audienceKind === 'class' && v.classes.length === 0) ctx.addIssue({ code: 'custom', path: ['classes'], message: '请至少选择 1 个班' });
    if (v.audienceKind !== 'class' && v.classes.length > 0) ctx.addIssue({ code: 'custom', path: ['classes'], message: '全校或整个年级时不填班级' });
    if (v.audienceKind === 'school' && v.grade !== undefined) ctx.addIssue({ code: 'custom', path: ['grade'], message: '全校时不填年级' });
  });
export type CreateEducationSessionInput = z.infer<typeof createEducationSessionSchema>;

export const createTrainingSchema = z
  .object({
    clientId: z.uuid('提交编号无效').optional(),
    schoolId: z.uuid('学校无效'),
    trainedOn: isoDay('日期格式应为 YYYY-MM-DD'),
    kind: code('培训类别'),
    title: text('培训名称', 100).default(''),
    trainer: text('培训人', 40).min(1, '请填写培训人'),
    trainerBody: text('培训机构', 100).default(''),
    /** The department that gave the training (the police station's anti-terror training): its own duty counts it. */
    trainerUnitId: z.uuid('培训单位无效').optional(),
    hours: hoursField('培训学时', 40),
    /** Staff accounts of the school who attended; the count may be larger (staff without accounts). */
    attendeeIds: z.array(z.uuid('参训人员无效')).max(500, '参训人员最多 500 人').default([]),
    attendeeCount: z.number('参训人数无效').int('参训人数为整数').min(1, '参训人数至少 1 人').max(5000, '参训人数过大').optional(),
    note: text('备注', 1000).default(''),
    attachmentIds: z.array(z.uuid('附件编号无效')).max(20, '附件最多 20 个').default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.attendeeIds.length === 0 && v.attendeeCount === undefined)
      ctx.addIssue({ code: 'custom', path: ['attendeeCount'], message: '请选择参训人员或填写参训人数' });
    if (v.attendeeCount !== undefined && v.attendeeCount < new Set(v.attendeeIds).size) {
      ctx.addIssue({ code: 'custom', path: ['attendeeCount'], message: '参训人数不能少于所选人员数' });
    }
  });
export type CreateTrainingInput = z.infer<typeof createTrainingSchema>;
