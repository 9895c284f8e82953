import { z } from 'zod';
import { isoDay } from './input-dates.js';
import type { Role } from './roles.js';

/**
 * Key persons near schools (重点人员, seed 001: 派出所……建立完善人员档案，落实管控救助措施).
 * Police-only data: no other role reads, counts or infers them. The categories come from the
 * district's pack (surroundings.yaml keyPersonCategories) and are checked by the server.
 */
export const keyPersonRoles: ReadonlySet<Role> = new Set(['police_officer']);
export const isKeyPersonRole = (role: Role): boolean => keyPersonRoles.has(role);

export const riskLevels = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof riskLevels)[number];
export const riskLevelLabels: Record<RiskLevel, string> = { high: '高', medium: '中', low: '低' };

export const keyPersonStatuses = ['active', 'closed'] as const;
export type KeyPersonStatus = (typeof keyPersonStatuses)[number];
export const keyPersonStatusLabels: Record<KeyPersonStatus, string> = { active: '在管', closed: '已撤管' };

/** A list shows only the last four characters of an ID number: 5001**********1234 → ************1234. */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length <= 4) return '*'.repeat(s.length);
  return `${'*'.repeat(s.length - 4)}${s.slice(-4)}`;
}

/** 18-character resident ID (last may be X) or a 15-digit old one; other documents are refused here. */
const ID_NUMBER = /^(\d{17}[\dXx]|\d{15})$/;

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不超过 ${max} 个字`);
const optional = (label: string, max: number) => z.string().trim().max(max, `${label}不超过 ${max} 个字`).default('');
const latitude = z.number({ error: '纬度应为数字' }).min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间');
const longitude = z.number({ error: '经度应为数字' }).min(-180, '经度应在 -180 到 180 之间').max(180, '经度应在 -180 到 180 之间');

const keyPersonFields = {
  name: text('姓名', 40),
  idNumber: z
    .string({ error: '请填写身份证号' })
    .trim()
    .regex(ID_NUMBER, '身份证号应为 18 位（末位可为 X）或 15 位数字')
    .transform((s) => s.toUpperCase()),
  categoryCode: z
    .string({ error: '请选择人员类别' })
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, '人员类别无效'),
  address: optional('住址', 200),
  latitude: latitude.nullable().default(null),
  longitude: longitude.nullable().default(null),
  riskLevel: z.enum(riskLevels, { error: '风险等级应为高、中或低' }),
  officerUserId: z.uuid('责任民警无效').nullable().default(null),
  controlMeasures: optional('管控措施', 2000),
  status: z.enum(keyPersonStatuses, { error: '状态应为在管或已撤管' }).default('active'),
  note: optional('备注', 2000),
};
const bothOrNeither = (v: { latitude: number | null; longitude: number | null }) => (v.latitude === null) === (v.longitude === null);
export const saveKeyPersonSchema = z
  .object(keyPersonFields)
  .strict()
  .refine(bothOrNeither, { message: '经纬度要么都填，要么都不填', path: ['longitude'] });
export type SaveKeyPersonInput = z.infer<typeof saveKeyPersonSchema>;

export const updateKeyPersonSchema = z
  .object({ ...keyPersonFields, version: z.number({ error: '版本号无效' }).int('版本号无效').min(1, '版本号无效') })
  .strict()
  .refine(bothOrNeither, { message: '经纬度要么都填，要么都不填', path: ['longitude'] });
export type UpdateKeyPersonInput = z.infer<typeof updateKeyPersonSchema>;

export const followUpSchema = z
  .object({
    date: isoDay('走访日期格式应为 YYYY-MM-DD'),
    content: text('走访情况', 2000),
    nextDue: isoDay('下次走访日期格式应为 YYYY-MM-DD').nullable().default(null),
  })
  .strict()
  .refine((v) => v.nextDue === null || v.nextDue > v.date, { message: '下次走访日期应晚于本次走访日期', path: ['nextDue'] });
export type FollowUpInput = z.infer<typeof followUpSchema>;

/** Whether a follow-up is overdue on a day (YYYY-MM-DD): due strictly before that day, for a person still under control. */
export const isFollowUpOverdue = (p: { status: KeyPersonStatus; nextFollowUpDue: string | null }, today: string): boolean =>
  p.status === 'active' && p.nextFollowUpDue !== null && p.nextFollowUpDue < today;

/** How far around a key person schools are looked for (metres, geodesic from each gate): the pack's keyPersonNearM, at least the widest zone. */
export const keyPersonNearMetres = (nearM: number, zoneRadii: number[]): number => Math.max(nearM, ...zoneRadii);
