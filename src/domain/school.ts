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
  .object(schoolFields)
  .partial()
  .strict()
  .refine((s) => Object.keys(s).length > 0, { message: '没有要修改的字段' })
  .refine(boardingWithinEnrollment, boardingMessage);

export type CreateSchoolInput = z.infer<typeof createSchoolSchema>;
export type UpdateSchoolInput = z.infer<typeof updateSchoolSchema>;
