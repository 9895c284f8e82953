import { z } from 'zod';

export const schoolTypes = ['kindergarten', 'primary', 'junior', 'senior', 'nine_year', 'complete_secondary', 'vocational', 'special'] as const;
export type SchoolType = (typeof schoolTypes)[number];

export const schoolTypeLabels: Record<SchoolType, string> = {
  kindergarten: '幼儿园',
  primary: '小学',
  junior: '初中',
  senior: '高中',
  nine_year: '九年一贯制',
  complete_secondary: '完全中学',
  vocational: '中职',
  special: '特教',
};

export const ownerships = ['public', 'private'] as const;
export type Ownership = (typeof ownerships)[number];
export const ownershipLabels: Record<Ownership, string> = { public: '公办', private: '民办' };

const phone = z
  .string()
  .trim()
  .max(40, '电话不超过 40 个字符')
  .regex(/^[0-9+\-()\s转]*$/, '电话只能包含数字、+、-、括号和空格');

/** A school's gate (校门): a name, whether it is a main gate (正门), and where it is (China's range, as the school's point). */
export const gateInputSchema = z
  .object({
    name: z.string({ error: '校门名称应为文本' }).trim().min(1, '请填写校门名称').max(20, '校门名称不超过 20 个字'),
    isMain: z.boolean({ error: '是否正门应为是或否' }).default(false),
    latitude: z.number({ error: '纬度必须是数字' }).min(3, '纬度超出中国范围（3–54）').max(54, '纬度超出中国范围（3–54）'),
    longitude: z.number({ error: '经度必须是数字' }).min(73, '经度超出中国范围（73–136）').max(136, '经度超出中国范围（73–136）'),
  })
  .strict();
export type GateInput = z.infer<typeof gateInputSchema>;

/** The whole list of a school's gates, saved at once: names unique, at least one main gate when there are gates. */
export const gatesListSchema = z
  .array(gateInputSchema, { error: '校门应为列表' })
  .max(20, '校门不超过 20 个')
  .refine((gs) => new Set(gs.map((g) => g.name)).size === gs.length, { message: '校门名称不能重复' })
  .refine((gs) => gs.length === 0 || gs.some((g) => g.isMain), { message: '请至少指定一个正门（主校门）' });

/** How far from the school's point a gate may lie: farther is taken for a mistyped coordinate. */
export const GATE_MAX_FROM_SCHOOL_M = 2000;

const count = (label: string, max: number) =>
  z
    .number({ error: `${label}必须是数字` })
    .int(`${label}必须是整数`)
    .min(0, `${label}不能为负数`)
    .max(max, `${label}不能超过 ${max}`);

/** The school profile fields as users enter them; shared by the API, the Excel import and the web form. */
export const schoolFields = {
  name: z.string().trim().min(2, '学校名称至少 2 个字').max(60, '学校名称不超过 60 个字'),
  code: z
    .string()
    .trim()
    .min(2, '学校代码至少 2 个字符')
    .max(32, '学校代码不超过 32 个字符')
    .regex(/^[A-Za-z0-9_-]+$/, '学校代码只能包含字母、数字、下划线和短横线'),
  parentId: z.uuid('所属街道/教管中心无效'),
  schoolType: z.enum(schoolTypes, { error: '学校类型无效' }),
  ownership: z.enum(ownerships, { error: '办学性质无效' }),
  enrollment: count('在校学生数', 100000),
  boardingStudents: count('住校学生数', 100000),
  staffCount: count('教职工数', 20000),
  gateCount: count('校门数', 50),
  /** School buses (校车); a school with one has the school-bus duties (appliesTo.hasBus). */
  busCount: count('校车数', 500),
  /** Classes per grade, position 0 = grade 1 (初一 = 7, 高一 = 10): the school's class list (一年级1班 …). */
  classCounts: z.array(count('班级数', 40), { error: '各年级班级数应为数字列表' }).max(12, '年级为 1–12'),
  address: z.string().trim().max(200, '地址不超过 200 个字'),
  longitude: z.number({ error: '经度必须是数字' }).min(73, '经度超出中国范围').max(136, '经度超出中国范围').nullable(),
  latitude: z.number({ error: '纬度必须是数字' }).min(3, '纬度超出中国范围').max(54, '纬度超出中国范围').nullable(),
  principalName: z.string().trim().max(40, '姓名不超过 40 个字'),
  principalPhone: phone,
  safetyOfficerName: z.string().trim().max(40, '姓名不超过 40 个字'),
  safetyOfficerPhone: phone,
  phone,
};

// Defaults only on create: zod 4 applies a default even inside .optional(), which would
// silently reset untouched fields in a partial update.
const schoolCreateFields = z.object({
  ...schoolFields,
  ownership: schoolFields.ownership.default('public'),
  enrollment: schoolFields.enrollment.default(0),
  boardingStudents: schoolFields.boardingStudents.default(0),
  staffCount: schoolFields.staffCount.default(0),
  gateCount: schoolFields.gateCount.default(1),
  busCount: schoolFields.busCount.default(0),
  classCounts: schoolFields.classCounts.default([]),
  address: schoolFields.address.default(''),
  longitude: schoolFields.longitude.default(null),
  latitude: schoolFields.latitude.default(null),
  principalName: schoolFields.principalName.default(''),
  principalPhone: schoolFields.principalPhone.default(''),
  safetyOfficerName: schoolFields.safetyOfficerName.default(''),
  safetyOfficerPhone: schoolFields.safetyOfficerPhone.default(''),
  phone: schoolFields.phone.default(''),
});

const boardingWithinEnrollment = (s: { enrollment?: number; boardingStudents?: number }) =>
  s.enrollment === undefined || s.boardingStudents === undefined || s.boardingStudents <= s.enrollment;
const boardingMessage = {
  message: '住校学生数不能超过在校学生数',
  path: ['boardingStudents'],
  // Only compare two valid numbers: a bad enrollment must not also produce a boarding error.
  when: (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    payload.issues.every((i) => !['enrollment', 'boardingStudents'].includes(String(i.path?.[0]))),
};

export const createSchoolSchema = schoolCreateFields.strict().refine(boardingWithinEnrollment, boardingMessage);
export const updateSchoolSchema = z
  .object({ ...schoolFields, gates: gatesListSchema })
  .partial()
  .strict()
  .refine((s) => Object.keys(s).length > 0, { message: '没有要修改的字段' })
  .refine(boardingWithinEnrollment, boardingMessage);

export type CreateSchoolInput = z.infer<typeof createSchoolSchema>;
export type UpdateSchoolInput = z.infer<typeof updateSchoolSchema>;

/** The grades a school type usually has (for the class list form): 1–6 primary, 7–9 junior, 10–12 senior; kindergartens 1–3 (小、中、大班). */
export const gradesOfType: Record<SchoolType, readonly number[]> = {
  kindergarten: [1, 2, 3],
  primary: [1, 2, 3, 4, 5, 6],
  junior: [7, 8, 9],
  senior: [10, 11, 12],
  nine_year: [1, 2, 3, 4, 5, 6, 7, 8, 9],
  complete_secondary: [7, 8, 9, 10, 11, 12],
  vocational: [10, 11, 12],
  special: [1, 2, 3, 4, 5, 6],
};

/** 一年级6个班、二年级6个班 … as the Excel cell and the file show it: `1:6,2:6`. */
export const formatClassCounts = (counts: readonly number[]): string => counts.flatMap((n, i) => (n > 0 ? [`${i + 1}:${n}`] : [])).join(',');

/**
 * The Excel cell back to classes per grade: `年级:班数` pairs (`1:6,2:6,7:8`), or plain numbers from
 * grade 1 on (`6,6,5,5,4,4`). Separators , ， 、 ; or spaces. undefined when unreadable.
 */
export function parseClassCounts(text: string): number[] | undefined {
  const parts = text.split(/[,，、;；\s]+/).filter(Boolean);
  const out: number[] = [];
  for (const [i, part] of parts.entries()) {
    const m = /^(?:(\d{1,2})[:：])?(\d{1,2})$/.exec(part);
    if (!m) return undefined;
    const grade = m[1] ? Number(m[1]) : i + 1;
    if (grade < 1 || grade > 12) return undefined;
    while (out.length < grade) out.push(0);
    out[grade - 1] = Number(m[2]);
  }
  return out;
}
