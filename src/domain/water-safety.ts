import { z } from 'zod';
import { addDays, daysBetween } from './calendar.js';
import { isoDay } from './input-dates.js';
import { inYearlySpan } from './surroundings.js';

/**
 * Dangerous waters (危险水域, issue 11; RULES.md NS-01): for a premise of a water kind, its warning
 * signs, barriers and patrols. The 2022 five-department notice asks for warning signs, protective
 * facilities along key shorelines and routine patrols; the pack's drowning season says when patrols
 * must happen at its frequency (surroundings.yaml drowningSeason.patrol.everyDays, an assumption).
 */
export const signConditions = ['good', 'damaged', 'none'] as const;
export type SignCondition = (typeof signConditions)[number];
export const signConditionLabels: Record<SignCondition, string> = { good: '完好', damaged: '破损/缺失部分', none: '没有警示标志' };
export const barrierStates = ['complete', 'partial', 'none'] as const;
export type BarrierState = (typeof barrierStates)[number];
export const barrierStateLabels: Record<BarrierState, string> = { complete: '重点岸段已设置', partial: '部分设置', none: '未设置' };

const optional = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .max(max, `${label}不超过 ${max} 个字`)
    .default('');

export const saveWaterFacilitiesSchema = z
  .object({
    signCount: z.number({ error: '警示标志数量应为数字' }).int('警示标志数量应为整数').min(0, '警示标志数量不能为负').max(500, '警示标志数量不超过 500'),
    signCondition: z.enum(signConditions, { error: '警示标志状况无效' }),
    barrier: z.enum(barrierStates, { error: '防护设施状况无效' }),
    barrierNote: optional('防护设施说明', 500),
    responsibleName: optional('责任人', 30),
    responsiblePhone: optional('责任人电话', 40),
    version: z.number({ error: '版本号无效' }).int('版本号无效').min(0, '版本号无效').default(0),
  })
  .strict()
  .refine((v) => v.signCondition !== 'none' || v.signCount === 0, { path: ['signCount'], message: '没有警示标志时数量应为 0' })
  .refine((v) => v.signCondition === 'none' || v.signCount > 0, { path: ['signCount'], message: '请填写警示标志数量' });
export type SaveWaterFacilitiesInput = z.infer<typeof saveWaterFacilitiesSchema>;

export const createWaterPatrolSchema = z
  .object({
    patrolledOn: isoDay('巡查日期格式应为 YYYY-MM-DD'),
    timeOfDay: z
      .string({ error: '巡查时间应为 HH:MM' })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '巡查时间应为 HH:MM')
      .nullable()
      .default(null),
    patrollerName: z.string({ error: '请填写巡查人' }).trim().min(1, '请填写巡查人').max(60, '巡查人不超过 60 个字'),
    findings: optional('巡查发现', 2000),
    problem: z.boolean({ error: '是否发现问题应为是或否' }).default(false),
  })
  .strict()
  .refine((v) => !v.problem || v.findings.length > 0, { path: ['findings'], message: '发现问题时请写明问题' });
export type CreateWaterPatrolInput = z.infer<typeof createWaterPatrolSchema>;

export type DrowningSeason = { from: string; to: string; patrol?: { everyDays: number } | undefined };

/** The first day of the season `today` is in (null when today is outside it); a season may wrap over New Year. */
export function seasonStartOf(today: string, season: Pick<DrowningSeason, 'from' | 'to'>): string | null {
  if (!inYearlySpan(today, season)) return null;
  const year = Number(today.slice(0, 4));
  const md = today.slice(5);
  const startYear = season.from <= season.to || md >= season.from ? year : year - 1;
  return clampDay(`${startYear}-${season.from}`);
}

/** 02-29 in a year without it is 02-28. */
const clampDay = (d: string) => (d.endsWith('-02-29') && Number(d.slice(0, 4)) % 4 !== 0 ? `${d.slice(0, 8)}28` : d);

export type PatrolStanding = {
  inSeason: boolean;
  everyDays: number | null;
  lastPatrol: string | null;
  /** The last day by which the next patrol is due (in season). */
  dueBy: string | null;
  overdue: boolean;
  /** Elapsed windows of `everyDays` since the season began with no patrol in them. */
  missedWindows: number;
};

/**
 * Whether patrols keep the pack's frequency this season: the season is cut, from its first day,
 * into windows of `everyDays` days; a window that has fully passed with no patrol is missed, and the
 * patrol is overdue when more than `everyDays` days have passed since the last one (or since the
 * season began when there was none). Outside the season nothing is due.
 */
export function patrolStanding(patrolDays: readonly string[], season: DrowningSeason | null, today: string): PatrolStanding {
  const every = season?.patrol?.everyDays ?? null;
  const last = patrolDays.filter((d) => d <= today).reduce<string | null>((m, d) => (m === null || d > m ? d : m), null);
  const start = season ? seasonStartOf(today, season) : null;
  if (!start || !every) return { inSeason: start !== null, everyDays: every, lastPatrol: last, dueBy: null, overdue: false, missedWindows: 0 };
  const since = last && last >= start ? last : addDays(start, -1);
  const dueBy = addDays(since, every);
  let missed = 0;
  const done = new Set(patrolDays);
  for (let w = start; daysBetween(w, today) >= every; w = addDays(w, every)) {
    let any = false;
    for (let i = 0; i < every && !any; i++) any = done.has(addDays(w, i));
    if (!any) missed++;
  }
  return { inSeason: true, everyDays: every, lastPatrol: last, dueBy, overdue: dueBy < today, missedWindows: missed };
}

export type WaterFlag = { code: 'no_sign' | 'sign_damaged' | 'no_barrier' | 'barrier_partial' | 'patrol_overdue' | 'not_recorded'; message: string };
export const waterFlagLabels: Record<WaterFlag['code'], string> = {
  no_sign: '没有警示标志',
  sign_damaged: '警示标志破损',
  no_barrier: '未设防护设施',
  barrier_partial: '防护设施不全',
  patrol_overdue: '防溺水时段巡查超期',
  not_recorded: '未登记警示标志和防护设施',
};

/** What is missing at one water: signs, barriers, and a patrol overdue in the season. */
export function waterFlags(
  f: { signCount: number; signCondition: SignCondition; barrier: BarrierState } | null,
  patrol: PatrolStanding,
  name: string,
): WaterFlag[] {
  const out: WaterFlag[] = [];
  if (!f) out.push({ code: 'not_recorded', message: `危险水域「${name}」未登记警示标志和防护设施` });
  else {
    if (f.signCondition === 'none' || f.signCount === 0) out.push({ code: 'no_sign', message: `危险水域「${name}」没有设置警示标志` });
    else if (f.signCondition === 'damaged') out.push({ code: 'sign_damaged', message: `危险水域「${name}」警示标志破损或缺失` });
    if (f.barrier === 'none') out.push({ code: 'no_barrier', message: `危险水域「${name}」重点岸段未设置防护设施` });
    else if (f.barrier === 'partial') out.push({ code: 'barrier_partial', message: `危险水域「${name}」防护设施不全` });
  }
  if (patrol.overdue)
    out.push({
      code: 'patrol_overdue',
      message: `危险水域「${name}」防溺水重点时段应每 ${patrol.everyDays} 天至少巡查 1 次，${patrol.lastPatrol ? `上次巡查 ${patrol.lastPatrol}` : '本时段尚未巡查'}`,
    });
  return out;
}
