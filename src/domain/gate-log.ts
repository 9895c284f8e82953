import { z } from 'zod';
import { addDays } from './calendar.js';
import { isoDateTime } from './input-dates.js';
import type { ResolvedPack, SanfangRule } from './policy/pack-schema.js';
import type { Role } from './roles.js';

/**
 * 门卫登记 (issue 10, seed 001 "外来人员、车辆登记"): visitors and vehicles in and out of a school,
 * entered at the gatehouse on a phone. Only the school's own people read the visitors' personal
 * data; supervisors see whether the log is kept (days with entries, counts). Entries older than the
 * pack's retention (sanfang.yaml gate_log.retentionDays, 365 days by default — an assumption) are
 * not shown to anyone.
 */

export const gateLogKinds = ['visitor', 'vehicle'] as const;
export type GateLogKind = (typeof gateLogKinds)[number];
export const gateLogKindLabels: Record<GateLogKind, string> = { visitor: '来访人员', vehicle: '车辆' };

/** The school's own roles: they write the log and read its entries. */
export const gateLogSchoolRoles: ReadonlySet<Role> = new Set<Role>(['principal', 'school_safety_officer', 'staff']);

type GateLogRule = Extract<SanfangRule, { code: 'gate_log' }>;
const defaults = { retentionDays: 365, windowDays: 7, minDays: 5 };

/** The pack's gate_log numbers, or the defaults when a district retired the rule. */
export function gateLogNumbers(pack: Pick<ResolvedPack, 'sanfang'>): { retentionDays: number; windowDays: number; minDays: number } {
  const r = pack.sanfang.find((x): x is typeof x & GateLogRule => x.code === 'gate_log');
  return r ? { retentionDays: r.retentionDays, windowDays: r.windowDays, minDays: r.minDays } : defaults;
}

/** The first day still shown: entries entered before it are past retention. */
export const retentionStart = (today: string, retentionDays: number): string => addDays(today, -(retentionDays - 1));

/** The days the gate_log rule counts: the last `windowDays` days, today included. */
export const gateLogWindow = (pack: Pick<ResolvedPack, 'sanfang'>, today: string) => ({
  from: addDays(today, -(gateLogNumbers(pack).windowDays - 1)),
  to: today,
});

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .max(max, `${label}不超过 ${max} 个字`);

export const createGateLogSchema = z
  .object({
    schoolId: z.uuid('学校无效'),
    kind: z.enum(gateLogKinds, { error: '类别应为来访人员或车辆' }).default('visitor'),
    name: text('姓名', 40).default(''),
    idLast4: z
      .string({ error: '证件后4位应为文本' })
      .trim()
      .regex(/^$|^[0-9]{3}[0-9Xx]$/, '证件号后4位应为4位数字（最后一位可为X）')
      .default(''),
    phone: text('电话', 20)
      .regex(/^[0-9+\-\s]*$/, '电话只能包含数字、+、- 和空格')
      .default(''),
    plate: text('车牌', 12).default(''),
    purpose: text('事由', 60).default(''),
    host: text('被访人', 40).default(''),
    /** When the visitor came in; absent: now. */
    enteredAt: isoDateTime('进校时间无效').optional(),
    /**
     * The entry's id, chosen by the phone: the same id sent again (a double tap, a retry after a
     * lost answer) returns the entry already recorded instead of a second visitor.
     */
    clientId: z.uuid('登记编号无效').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'visitor' && !v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: '请填写来访人姓名' });
    if (v.kind === 'vehicle' && !v.plate) ctx.addIssue({ code: 'custom', path: ['plate'], message: '请填写车牌号' });
  });
export type CreateGateLogInput = z.infer<typeof createGateLogSchema>;

export const markGateLogLeftSchema = z
  .object({
    /**
     * When the visitor left, as the gatehouse phone recorded it: the outbox may send it long
     * after (no network at the gate). Absent: now.
     */
    leftAt: isoDateTime('离校时间无效').optional(),
  })
  .strict();
export type MarkGateLogLeftInput = z.infer<typeof markGateLogLeftSchema>;

/** Days with entries and entry counts: what a supervisor sees of a school's log. */
export type GateLogKept = { days: number; entries: number; vehicles: number; stillIn: number; lastDay: string | null };
