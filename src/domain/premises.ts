import { z } from 'zod';
import { distanceMetres } from './geo.js';
import { isoDay } from './input-dates.js';
import type { Role } from './roles.js';
import { GATE_MAX_FROM_SCHOOL_M, type GateInput, gatesListSchema } from './school.js';

/**
 * Premises near schools (周边场所): the input of a save, and who may read and write them.
 * The kind is a code of the district's pack (surroundings.yaml premiseTypes), checked by the server.
 */
const text = (label: string, max: number) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不超过 ${max} 个字`);
const optional = (label: string, max: number) => z.string().trim().max(max, `${label}不超过 ${max} 个字`).default('');

export const premiseStatuses = ['open', 'closed'] as const;
export type PremiseStatus = (typeof premiseStatuses)[number];
export const premiseStatusLabels: Record<PremiseStatus, string> = { open: '营业/存在', closed: '已关停/已清理' };

export const savePremiseSchema = z
  .object({
    typeCode: z
      .string({ error: '请选择场所类型' })
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, '场所类型无效'),
    name: text('场所名称', 100),
    address: optional('地址', 200),
    latitude: z.number({ error: '纬度应为数字' }).min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间'),
    longitude: z.number({ error: '经度应为数字' }).min(-180, '经度应在 -180 到 180 之间').max(180, '经度应在 -180 到 180 之间'),
    licenceNo: optional('许可证号', 60),
    licenceExpiry: isoDay('许可证有效期格式应为 YYYY-MM-DD').nullable().default(null),
    operatorName: optional('经营者/联系人', 60),
    contactPhone: optional('联系电话', 40),
    departmentUnitId: z.uuid('主管部门无效').nullable().default(null),
    status: z.enum(premiseStatuses, { error: '状态应为营业或已关停' }).default('open'),
    note: optional('备注', 2000),
    /** Photos uploaded with purpose 'premise' (added to the premise; earlier ones stay). */
    attachmentIds: z.array(z.uuid('附件无效')).max(20, '照片不超过 20 张').default([]),
  })
  .strict();
export type SavePremiseInput = z.infer<typeof savePremiseSchema>;

export const updatePremiseSchema = savePremiseSchema.extend({ version: z.number({ error: '版本号无效' }).int('版本号无效').min(1, '版本号无效') }).strict();
export type UpdatePremiseInput = z.infer<typeof updatePremiseSchema>;

/**
 * Who reads the district's premises: every role above the school (premises are public places,
 * not personal data, so a centre reads the district's as a department does; the map shows its
 * schools among the others). School roles read only what is near their own school.
 */
export const premiseReaderRoles: ReadonlySet<Role> = new Set([
  'district_admin',
  'commission_leader',
  'responsible_inspector',
  'department_officer',
  'centre_officer',
  'police_officer',
  'joint_inspector',
]);

/** Who registers premises: the district, police (all kinds), department officers (the kinds their department supervises). */
export function canWritePremiseType(role: Role, ownDepartmentType: string | null, supervisingType: string | undefined): boolean {
  if (role === 'district_admin' || role === 'police_officer') return true;
  if (role === 'department_officer') return ownDepartmentType !== null && ownDepartmentType === supervisingType;
  return false;
}

/** A school's gates (校门) with coordinates: the whole list is saved at once (see gatesListSchema). */
export const saveGatesSchema = z.object({ gates: gatesListSchema }).strict();
export type SaveGatesInput = z.infer<typeof saveGatesSchema>;

/** Gates too far from the school's point (when it has one), as field problems. */
export function gateDistanceProblems(
  gates: readonly Pick<GateInput, 'name' | 'latitude' | 'longitude'>[],
  school: { latitude: number | null; longitude: number | null },
): { path: string; message: string }[] {
  if (school.latitude === null || school.longitude === null) return [];
  const at = { lat: school.latitude, lng: school.longitude };
  return gates.flatMap((g, i) => {
    const m = distanceMetres(at, { lat: g.latitude, lng: g.longitude });
    return m > GATE_MAX_FROM_SCHOOL_M
      ? [{ path: `gates.${i}.latitude`, message: `校门「${g.name}」距学校位置 ${Math.round(m)} 米，超过 ${GATE_MAX_FROM_SCHOOL_M} 米，请核对坐标` }]
      : [];
  });
}
