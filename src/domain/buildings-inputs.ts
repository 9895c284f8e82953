import { z } from 'zod';
import { appraisalGrades, buildingUses, fireFacilityKinds } from './buildings.js';
import { isoDay } from './input-dates.js';

/** The fields of 校舍, fire facilities and the fire-safety unit status as users enter them: API, Excel import, web form. */

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .max(max, `${label}不超过 ${max} 个字`);
const day = (label: string) => isoDay(`${label}格式应为 YYYY-MM-DD`).nullable();
const int = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}应为数字` })
    .int(`${label}应为整数`)
    .min(min, `${label}不小于 ${min}`)
    .max(max, `${label}不超过 ${max}`);
const partial = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object(shape)
    .partial()
    .strict()
    .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的字段' });

export const buildingFields = {
  schoolId: z.uuid('学校无效'),
  name: text('名称', 40).min(1, '名称不能为空'),
  use: z.enum(buildingUses, { error: '用途无效' }),
  floors: int('层数', 0, 200),
  yearBuilt: int('建成年份', 1900, 2100).nullable(),
  areaM2: z.number({ error: '建筑面积应为数字' }).min(0, '建筑面积不能为负数').max(999999, '建筑面积不超过 999999').nullable(),
  seismicCompliant: z.boolean({ error: '应为是或否' }),
  designLifeYears: int('设计使用年限', 1, 200),
  grade: z.enum(appraisalGrades, { error: '鉴定等级应为 A、B、C 或 D' }).nullable(),
  appraisedOn: day('鉴定日期'),
  appraisedBy: text('鉴定单位', 60),
  active: z.boolean({ error: '在用应为是或否' }),
  note: text('备注', 500),
};
const b = buildingFields;
export const createBuildingSchema = z
  .object({
    schoolId: b.schoolId,
    name: b.name,
    use: b.use.default('teaching'),
    floors: b.floors.default(1),
    yearBuilt: b.yearBuilt.default(null),
    areaM2: b.areaM2.default(null),
    seismicCompliant: b.seismicCompliant.default(false),
    designLifeYears: b.designLifeYears.default(50),
    grade: b.grade.default(null),
    appraisedOn: b.appraisedOn.default(null),
    appraisedBy: b.appraisedBy.default(''),
    active: b.active.default(true),
    note: b.note.default(''),
  })
  .strict();
export type CreateBuildingInput = z.infer<typeof createBuildingSchema>;
const { schoolId: _b, ...buildingEditable } = buildingFields;
export const updateBuildingSchema = partial(buildingEditable);
export type UpdateBuildingInput = z.infer<typeof updateBuildingSchema>;

export const fireFacilityFields = {
  schoolId: z.uuid('学校无效'),
  kind: z.enum(fireFacilityKinds, { error: '消防设施类别无效' }),
  location: text('位置', 60),
  quantity: int('数量', 0, 100000),
  serviceCompany: text('维保单位', 60),
  lastMaintainedOn: day('上次维保日期'),
  nextMaintenanceOn: day('下次维保日期'),
  working: z.boolean({ error: '完好有效应为是或否' }),
  note: text('备注', 500),
};
const f = fireFacilityFields;
export const createFireFacilitySchema = z
  .object({
    schoolId: f.schoolId,
    kind: f.kind,
    location: f.location.default(''),
    quantity: f.quantity.default(1),
    serviceCompany: f.serviceCompany.default(''),
    lastMaintainedOn: f.lastMaintainedOn.default(null),
    nextMaintenanceOn: f.nextMaintenanceOn.default(null),
    working: f.working.default(true),
    note: f.note.default(''),
  })
  .strict();
export type CreateFireFacilityInput = z.infer<typeof createFireFacilitySchema>;
const { schoolId: _f, ...fireEditable } = fireFacilityFields;
export const updateFireFacilitySchema = partial(fireEditable);
export type UpdateFireFacilityInput = z.infer<typeof updateFireFacilitySchema>;

export const fireUnitSchema = partial({
  highRisk: z.boolean({ error: '火灾高危单位应为是或否' }),
  assessedOn: day('消防安全评估日期'),
  assessedBy: text('评估机构', 60),
  note: text('备注', 500),
});
export type FireUnitInput = z.infer<typeof fireUnitSchema>;

/** A maintenance date pair that cannot be right: the next one before the last one. */
export const maintenanceDatesProblem = (last: string | null | undefined, next: string | null | undefined): string | null =>
  last && next && next < last ? '下次维保日期不能早于上次维保日期' : null;
