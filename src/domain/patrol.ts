import { z } from 'zod';
import { shanghaiDay } from './calendar.js';
import { dutyKinds } from './duty.js';
import { hazardLevels } from './hazard.js';
import { isoDateTime, isoDay } from './input-dates.js';

/**
 * Patrol logs (巡查记录), duty rosters (值班表) and the supervisor's 抽查核实 mark.
 *
 * Route codes come from the pack (vocabularies.yaml → patrolRoutes: key_places, dormitory_night,
 * perimeter). RULES.md HF-05: key places at least 5 times a day, boarding dormitories at least
 * twice a night.
 */

/** Before this Shanghai hour, a night patrol belongs to the night that began the evening before. */
export const nightEndsAtHour = 6;
/** Routes counted per night rather than per calendar day. */
export const nightRoutes: ReadonlySet<string> = new Set(['dormitory_night']);

/**
 * The Shanghai day a patrol counts for. A dormitory night patrol at 01:30 on the 6th is the second
 * round of the night of the 5th ("twice a night" is one night, not two calendar days), so night
 * routes before 06:00 count for the previous day. Every other route counts on its calendar day.
 */
export function patrolDay(route: string, at: Date): string {
  const day = shanghaiDay(at);
  if (!nightRoutes.has(route)) return day;
  const hour = Number(new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 13));
  if (hour >= nightEndsAtHour) return day;
  return shanghaiDay(new Date(at.getTime() - 86_400_000));
}

/**
 * HF-05's national defaults, shown only as the reference the rule text gives; the number a school
 * is held to comes from the pack's obligations (see requiredPerDay in the server).
 */
export const hf05Defaults: Readonly<Record<string, number>> = { key_places: 5, dormitory_night: 2 };

/** The roster's duty types as DutyFacts of kind 'roster' (fixed here; not a pack vocabulary). */
export const rosterDutyTypes = ['day_leader', 'night_duty'] as const;
export type RosterDutyType = (typeof rosterDutyTypes)[number];
export const rosterDutyTypeLabels: Record<RosterDutyType, string> = { day_leader: '值班领导', night_duty: '夜间值班' };

const code = z
  .string({ error: '请选择巡查路线' })
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '巡查路线无效');
const name = (label: string) => z.string().trim().max(40, `${label}不超过 40 个字`);

export const patrolFindingSchema = z
  .object({
    text: z.string().trim().min(1, '请填写发现的问题').max(500, '问题描述不超过 500 个字'),
    place: z.string().trim().max(40, '部位不超过 40 个字').default(''),
    /** Turn it into a hazard in the same request (学校自查). */
    raiseHazard: z.boolean({ error: '应为 true 或 false' }).default(false),
    category: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, '隐患类别无效')
      .optional(),
    level: z.enum(hazardLevels, { error: '隐患等级应为一般或重大' }).optional(),
    attachmentIds: z.array(z.uuid('附件编号无效')).max(9, '每个问题最多 9 张照片').default([]),
  })
  .strict();
export type PatrolFindingInput = z.infer<typeof patrolFindingSchema>;

export const createPatrolLogSchema = z
  .object({
    /** Generated on the phone: a resend of the same entry returns the first one. */
    clientId: z.uuid('本机记录编号无效'),
    schoolId: z.uuid('学校无效'),
    route: code,
    patrolledAt: isoDateTime('巡查时间格式无效'),
    points: z.array(z.string().trim().min(1, '巡查点不能为空').max(40, '巡查点不超过 40 个字')).max(40, '巡查点最多 40 个').default([]),
    /** Co-patrollers by name (the signed-in user is always one). */
    patrollers: z.array(name('巡查人')).max(10, '巡查人最多 10 位').default([]),
    note: z.string().trim().max(500, '备注不超过 500 个字').default(''),
    findings: z.array(patrolFindingSchema).max(20, '每次巡查最多记录 20 个问题').default([]),
    attachmentIds: z.array(z.uuid('附件编号无效')).max(9, '照片最多 9 张').default([]),
  })
  .strict();
export type CreatePatrolLogInput = z.infer<typeof createPatrolLogSchema>;

export const rosterDaySchema = z
  .object({
    day: isoDay(),
    leaderName: name('值班领导').default(''),
    leaderUserId: z.uuid('值班领导账号无效').nullable().default(null),
    nightDutyName: name('夜间值班人').default(''),
    nightDutyUserId: z.uuid('夜间值班人账号无效').nullable().default(null),
    phone: z
      .string()
      .trim()
      .max(20, '电话不超过 20 位')
      .regex(/^[0-9+\-\s()]*$/, '电话只能包含数字、空格和 + - ( )')
      .default(''),
    note: z.string().trim().max(200, '备注不超过 200 个字').default(''),
  })
  .strict();
export type RosterDayInput = z.infer<typeof rosterDaySchema>;

export const saveDutyRosterSchema = z
  .object({
    schoolId: z.uuid('学校无效'),
    /** Days to write; a day with neither leader nor night duty is cleared. At most two months at once. */
    days: z.array(rosterDaySchema).min(1, '至少一天').max(62, '一次最多保存 62 天'),
  })
  .strict();

/** The roster's longest query window (a grid is a week or a month; the export a semester). */
export const maxRosterDays = 200;

export const recordCheckResults = ['checked', 'questioned'] as const;
export type RecordCheckResult = (typeof recordCheckResults)[number];
export const recordCheckResultLabels: Record<RecordCheckResult, string> = { checked: '已核实', questioned: '有疑问' };

export const createRecordCheckSchema = z
  .object({
    kind: z.enum(dutyKinds, { error: '记录类别无效' }),
    recordId: z.uuid('记录编号无效'),
    result: z.enum(recordCheckResults, { error: '核实结果应为 checked（已核实）或 questioned（有疑问）' }),
    note: z.string().trim().max(500, '核实意见不超过 500 个字').default(''),
  })
  .strict()
  .refine((v) => v.result !== 'questioned' || v.note.length > 0, { path: ['note'], message: '有疑问时请写明疑问' });
