import { z } from 'zod';
import { isoDay } from './input-dates.js';
import { schoolLocations } from './policy/pack-schema.js';
import type { Role } from './roles.js';
import { antiRamKinds, deviceKinds, perimeterTypes, personRoles } from './sanfang.js';

/** The 三防 register's fields as users enter them: shared by the API, the Excel import and the web form. */

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .max(max, `${label}不超过 ${max} 个字`);
const name = (label: string) => text(label, 40).min(1, `${label}不能为空`);
const day = (label: string) => isoDay(`${label}格式应为 YYYY-MM-DD`).nullable();
const code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '编码无效');

export const bgStatuses = ['none', 'pending', 'done'] as const;
export const bgStatusLabels = { none: '未审查', pending: '审查中', done: '已审查' } as const;
export const bgResults = ['clear', 'concern'] as const;
export const bgResultLabels = { clear: '无不良记录', concern: '存在不宜情形' } as const;
export const shifts = ['day', 'full_day'] as const;
export const shiftLabels = { day: '白班', full_day: '24小时' } as const;
export const genderLabels = { male: '男', female: '女' } as const;

export const personFields = {
  schoolId: z.uuid('学校无效'),
  role: z.enum(personRoles, { error: '人员类别无效' }),
  name: name('姓名'),
  gender: z.enum(['male', 'female'], { error: '性别应为男或女' }).nullable(),
  birthDate: day('出生日期'),
  phone: text('电话', 40).regex(/^[0-9+\-()\s转]*$/, '电话只能包含数字、+、-、括号和空格'),
  company: text('保安公司', 60),
  certificateNo: text('保安员证号', 40),
  certificateExpiry: day('保安员证有效期'),
  hireDate: day('上岗日期'),
  post: text('岗位/校门', 40),
  shift: z.enum(shifts, { error: '班次应为白班或24小时' }),
  trained: z.boolean({ error: '岗前培训应为是或否' }),
  bgStatus: z.enum(bgStatuses, { error: '背景审查状态无效' }),
  bgDate: day('审查日期'),
  bgResult: z.enum(bgResults, { error: '审查结果无效' }).nullable(),
  bgBy: text('审查单位', 60),
  active: z.boolean({ error: '在岗应为是或否' }),
  note: text('备注', 500),
};
const f = personFields;
export const createPersonSchema = z
  .object({
    schoolId: f.schoolId,
    role: f.role,
    name: f.name,
    gender: f.gender.default(null),
    birthDate: f.birthDate.default(null),
    phone: f.phone.default(''),
    company: f.company.default(''),
    certificateNo: f.certificateNo.default(''),
    certificateExpiry: f.certificateExpiry.default(null),
    hireDate: f.hireDate.default(null),
    post: f.post.default(''),
    shift: f.shift.default('day'),
    trained: f.trained.default(false),
    bgStatus: f.bgStatus.default('none'),
    bgDate: f.bgDate.default(null),
    bgResult: f.bgResult.default(null),
    bgBy: f.bgBy.default(''),
    active: f.active.default(true),
    note: f.note.default(''),
  })
  .strict();
export type CreatePersonInput = z.infer<typeof createPersonSchema>;
const { schoolId: _s, ...personEditable } = personFields;
export const updatePersonSchema = z
  .object(personEditable)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的字段' });
export type UpdatePersonInput = z.infer<typeof updatePersonSchema>;

export const deviceFields = {
  schoolId: z.uuid('学校无效'),
  kind: z.enum(deviceKinds, { error: '设备类别无效' }),
  name: name('名称'),
  location: text('安装位置', 60),
  /** A key place of the pack's camera_places list, or gatehouse for an alarm. */
  place: code.nullable(),
  facingGate: z.boolean({ error: '应为是或否' }),
  retentionDays: z.number({ error: '保存天数应为数字' }).int('保存天数应为整数').min(0, '保存天数不能为负数').max(3650, '保存天数不超过 3650').nullable(),
  networked: z.boolean({ error: '应为是或否' }),
  linked110: z.boolean({ error: '应为是或否' }),
  mainGate: z.boolean({ error: '应为是或否' }),
  antiRam: z.enum(antiRamKinds, { error: '防冲撞设施类型无效' }).nullable(),
  separated: z.boolean({ error: '应为是或否' }),
  item: code.nullable(),
  quantity: z.number({ error: '数量应为数字' }).int('数量应为整数').min(0, '数量不能为负数').max(10000, '数量不超过 10000'),
  working: z.boolean({ error: '应为是或否' }),
  note: text('备注', 500),
};
const g = deviceFields;
export const createDeviceSchema = z
  .object({
    schoolId: g.schoolId,
    kind: g.kind,
    name: g.name,
    location: g.location.default(''),
    place: g.place.default(null),
    facingGate: g.facingGate.default(false),
    retentionDays: g.retentionDays.default(null),
    networked: g.networked.default(false),
    linked110: g.linked110.default(false),
    mainGate: g.mainGate.default(false),
    antiRam: g.antiRam.default(null),
    separated: g.separated.default(false),
    item: g.item.default(null),
    quantity: g.quantity.default(1),
    working: g.working.default(true),
    note: g.note.default(''),
  })
  .strict();
export type CreateDeviceInput = z.infer<typeof createDeviceSchema>;
const { schoolId: _d, ...deviceEditable } = deviceFields;
export const updateDeviceSchema = z
  .object(deviceEditable)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的字段' });
export type UpdateDeviceInput = z.infer<typeof updateDeviceSchema>;

export const siteSchema = z
  .object({
    location: z.enum(schoolLocations, { error: '地域类型无效' }),
    perimeterType: z.enum(perimeterTypes, { error: '周界类型无效' }),
    wallHeightM: z.number({ error: '围墙高度应为数字' }).min(0, '围墙高度不能为负数').max(10, '围墙高度不超过 10 米').nullable(),
    antiClimb: z.boolean({ error: '应为是或否' }),
    closedManagement: z.boolean({ error: '应为是或否' }),
    policeRoom: z.boolean({ error: '应为是或否' }),
    parentsWaitingArea: z.boolean({ error: '应为是或否' }),
    note: text('备注', 500),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的字段' });
export type SiteInput = z.infer<typeof siteSchema>;

/**
 * Who sees background-check results (背景审查结果): the district administrator, the police and
 * the school's principal. Everyone else who may read the register sees only status and date.
 * Every read that returns results is written to the audit trail.
 */
export const canSeeBackgroundResults = (role: Role): boolean => role === 'district_admin' || role === 'police_officer' || role === 'principal';
