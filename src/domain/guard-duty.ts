import { z } from 'zod';
import { addDays, daysBetween, isCalendarDay, shanghaiDay } from './calendar.js';
import { distanceMetres, type LatLng } from './geo.js';
import { isoDay } from './input-dates.js';
import type { GuardDutyPolicy, GuardPeriod, ResolvedPack } from './policy/pack-schema.js';
import { weekdayOf } from './school-days.js';

export { weekdayOf };

/**
 * 护学岗 and peak-hour duty (高峰勤务, issue 11; seeds 000, 001, 003). A post stands at a school gate
 * (its own gate label and coordinates until the schools carry gates of their own); a rota says who
 * (警校家: police, auxiliary police, guards, teachers, parent volunteers) stands there on which
 * weekdays in which period; people sign in on a phone at the post, and the sign-in is checked
 * against the post's coordinates and the period's start (surroundings.yaml guardDuty).
 */

export const guardRoles = ['police', 'auxiliary', 'guard', 'teacher', 'parent'] as const;
export type GuardRole = (typeof guardRoles)[number];
export const guardRoleLabels: Record<GuardRole, string> = {
  police: '民警',
  auxiliary: '辅警',
  guard: '保安',
  teacher: '教师',
  parent: '家长志愿者',
};

/** Who runs a post: the school (警校家 at its gate) or the police station (a police post, 三见勤务). */
export const guardPostKinds = ['school', 'police'] as const;
export type GuardPostKind = (typeof guardPostKinds)[number];
export const guardPostKindLabels: Record<GuardPostKind, string> = { school: '学校护学岗', police: '公安护学岗' };

export const weekdayLabels = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

/** The defaults when no pack sets guardDuty (the national pack does). */
export const defaultGuardDuty: GuardDutyPolicy = {
  signInToleranceMeters: 150,
  lateAfterMinutes: 5,
  openBeforeMinutes: 30,
  teamSize: { min: 3, max: 5 },
  periods: [
    { code: 'morning', label: '早上到校', start: '07:30', end: '08:30', required: true },
    { code: 'afternoon', label: '下午放学', start: '16:30', end: '17:40', required: true },
  ],
  source: '',
};

export const guardDutyOf = (pack: Pick<ResolvedPack, 'surroundings'>): GuardDutyPolicy => pack.surroundings.guardDuty ?? defaultGuardDuty;

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
/** Minutes since Shanghai midnight of an instant. */
export const shanghaiMinutes = (at: Date) => Math.floor(((at.getTime() + 8 * 3_600_000) % 86_400_000) / 60_000);

/** Whether a period's sign-in is open at `at` (from openBefore minutes before its start, all day after). */
export function isPeriodOpen(period: GuardPeriod, policy: GuardDutyPolicy, at: Date): boolean {
  return shanghaiMinutes(at) >= minutesOf(period.start) - policy.openBeforeMinutes;
}

/** Whether a period has ended at `at` on its day (an unsigned slot of today counts as absent only then). */
export const hasPeriodEnded = (period: GuardPeriod, at: Date) => shanghaiMinutes(at) > minutesOf(period.end);

/** The period to offer now: the open one that has not ended, else the next to open, else the last. */
export function currentPeriod(policy: GuardDutyPolicy, at: Date): GuardPeriod | undefined {
  const m = shanghaiMinutes(at);
  const sorted = [...policy.periods].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
  return (
    sorted.find((p) => m >= minutesOf(p.start) - policy.openBeforeMinutes && m <= minutesOf(p.end)) ??
    sorted.find((p) => m < minutesOf(p.start)) ??
    sorted[sorted.length - 1]
  );
}

export type SignInCheck = {
  /** Metres from the post (geodesic), null without a position. */
  distanceM: number | null;
  late: boolean;
  minutesLate: number;
  /** Farther than the tolerance, or no position at all (geolocation refused or unavailable). */
  outside: boolean;
  noLocation: boolean;
};

/** How a sign-in at `at` from `position` stands against the post and the period. */
export function checkSignIn(post: LatLng, position: LatLng | null, period: GuardPeriod, policy: GuardDutyPolicy, at: Date): SignInCheck {
  const distanceM = position ? distanceMetres(post, position) : null;
  const minutesLate = Math.max(0, shanghaiMinutes(at) - minutesOf(period.start));
  return {
    distanceM,
    late: minutesLate > policy.lateAfterMinutes,
    minutesLate,
    outside: distanceM === null || distanceM > policy.signInToleranceMeters,
    noLocation: distanceM === null,
  };
}

/**
 * A rota line version: one person at one post on some weekdays in one period, in force from
 * validFrom to validTo (inclusive; null = open). A change to a line is a new version of it (same
 * lineId) from the day the change takes effect, so the days before are judged by the old version;
 * a version whose validTo is before its validFrom was cancelled before it began.
 */
export type RotaSlot = {
  id: string;
  postId: string;
  schoolId: string;
  periodCode: string;
  weekdays: readonly number[];
  validFrom: string;
  validTo: string | null;
};

/** Whether a version is in force on `day`. */
export const inForce = (r: Pick<RotaSlot, 'validFrom' | 'validTo'>, day: string) => r.validFrom <= day && (r.validTo === null || day <= r.validTo);

/**
 * The slots expected on `day`: versions in force then whose weekdays hold the day's rota weekday
 * (its own weekday; on a 调休上班日 the weekday it stands in for — see school-days.ts).
 */
export function slotsOn<T extends Pick<RotaSlot, 'weekdays' | 'validFrom' | 'validTo'>>(rota: readonly T[], day: string, rotaWeekday = weekdayOf(day)): T[] {
  return rota.filter((r) => r.weekdays.includes(rotaWeekday) && inForce(r, day));
}

/** What a rota line says (the fields a version carries). */
export type RotaContent = {
  periodCode: string;
  weekdays: readonly number[];
  role: string;
  personName: string;
  userId: string | null;
  phone: string;
};
export type RotaVersion = RotaContent & { id: string; lineId: string; validFrom: string; validTo: string | null };

const sameContent = (a: RotaContent, b: RotaContent) =>
  a.periodCode === b.periodCode &&
  [...a.weekdays].sort().join() === [...b.weekdays].sort().join() &&
  a.role === b.role &&
  a.personName === b.personName &&
  (a.userId ?? null) === (b.userId ?? null) &&
  a.phone === b.phone;

export type RotaPlan = {
  /** Versions to end (or cancel, when validTo < their validFrom) the day before a change takes effect. */
  end: { id: string; validTo: string }[];
  /** New versions: of an existing line (lineId) or a new line (lineId null). */
  add: { lineId: string | null; content: RotaContent; validFrom: string; validTo: string | null }[];
  changed: number;
  added: number;
  removed: number;
};

/**
 * The change a saved rota makes from `effectiveFrom` on. `current` are the versions in force on
 * that day or later (not cancelled); `input` the rota as it should stand from then, its lines
 * naming the version they edit by id. An unchanged line stays; a changed one ends the day before
 * and goes on as a new version (a version scheduled to begin later keeps its start and its end);
 * a line left out ends the day before; a line without id begins that day. Nothing before
 * `effectiveFrom` changes, so past days keep the rota that was in force.
 */
export function planRotaChange(
  current: readonly RotaVersion[],
  input: readonly (RotaContent & { id?: string | undefined })[],
  effectiveFrom: string,
): RotaPlan {
  const plan: RotaPlan = { end: [], add: [], changed: 0, added: 0, removed: 0 };
  const byId = new Map(input.filter((l) => l.id).map((l) => [l.id as string, l]));
  const endBefore = (v: RotaVersion, from: string) => {
    const validTo = addDays(from, -1);
    if (v.validTo === null || v.validTo > validTo) plan.end.push({ id: v.id, validTo });
  };
  for (const v of current) {
    const next = byId.get(v.id);
    if (!next) {
      endBefore(v, effectiveFrom);
      plan.removed += 1;
    } else if (!sameContent(v, next)) {
      const from = v.validFrom > effectiveFrom ? v.validFrom : effectiveFrom;
      endBefore(v, from);
      const { id: _id, ...content } = next;
      plan.add.push({ lineId: v.lineId, content, validFrom: from, validTo: v.validTo });
      plan.changed += 1;
    }
  }
  for (const l of input.filter((x) => !x.id)) {
    const { id: _id, ...content } = l;
    plan.add.push({ lineId: null, content, validFrom: effectiveFrom, validTo: null });
    plan.added += 1;
  }
  return plan;
}

/** How far ahead a rota change may be scheduled. */
export const ROTA_MAX_DAYS_AHEAD = 60;

/** Problems of an effective date: from today (the past is not rewritten) up to 60 days ahead. */
export function effectiveFromProblem(effectiveFrom: string, today: string): string | null {
  if (!isCalendarDay(effectiveFrom)) return '生效日期无效';
  if (effectiveFrom < today) return '生效日期不能早于今天：已过去的日子按当时的排班计';
  if (daysBetween(today, effectiveFrom) > ROTA_MAX_DAYS_AHEAD) return `生效日期不能晚于 ${ROTA_MAX_DAYS_AHEAD} 天后`;
  return null;
}

/** A post as the setting rate sees it: the gate it stands at (null: 未关联校门) and its periods. */
export type PostAtGate = { gateId: string | null; periods: readonly string[] };
export type GateOfSchool = { id: string; name: string; isMain: boolean };
export type GateCoverage = GateOfSchool & { posts: number; missingPeriods: string[] };
export type GuardSetupStatus = 'set' | 'unset' | 'no_gates';
export const guardSetupStatusLabels: Record<GuardSetupStatus, string> = { set: '已设置', unset: '未全覆盖', no_gates: '未登记校门' };

/**
 * 护学岗设置率, per gate: a school is "set" when EVERY gate it has recorded has posts in force that
 * together cover every required period of the pack; a school without recorded gates is not set and
 * has its own status (no_gates), so the page can ask for the gates first. Posts not linked to a gate
 * (未关联校门) cover nothing. `uncovered` lists the gates that fail, with the periods they miss.
 */
export function guardSetupOf(
  gates: readonly GateOfSchool[],
  posts: readonly PostAtGate[],
  policy: GuardDutyPolicy,
): { status: GuardSetupStatus; gates: GateCoverage[]; uncovered: GateCoverage[]; unlinkedPosts: number } {
  const required = policy.periods.filter((p) => p.required).map((p) => p.code);
  const coverage = gates.map((g) => {
    const at = posts.filter((p) => p.gateId === g.id);
    const covered = new Set(at.flatMap((p) => p.periods));
    return { ...g, posts: at.length, missingPeriods: required.filter((c) => !covered.has(c)) };
  });
  // A gate without any post is uncovered even when the pack requires no period.
  const uncovered = coverage.filter((g) => g.posts === 0 || g.missingPeriods.length > 0);
  const gateIds = new Set(gates.map((g) => g.id));
  return {
    status: gates.length === 0 ? 'no_gates' : uncovered.length ? 'unset' : 'set',
    gates: coverage,
    uncovered,
    unlinkedPosts: posts.filter((p) => p.gateId === null || !gateIds.has(p.gateId)).length,
  };
}

/** Whether a post stands on `day`: active, and the day before its chosen end (inactive_from) if any. */
export const postInForce = (p: { active: boolean; inactiveFrom: string | null }, day: string) => p.active && (p.inactiveFrom === null || day < p.inactiveFrom);

/** The ISO week key (YYYY-Www) of a day, for the weekly attendance. */
export function isoWeekOf(day: string): { key: string; monday: string } {
  const monday = addDays(day, -(weekdayOf(day) - 1));
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return { key: `${year}-W${String(week).padStart(2, '0')}`, monday };
}

export const todayOf = (now: Date) => shanghaiDay(now);

/* ---- inputs ---- */

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .max(max, `${label}不超过 ${max} 个字`);
const periodCode = z.string({ error: '时段应为文本' }).regex(/^[a-z][a-z0-9_]{0,39}$/, '时段无效');
const latitude = z.number({ error: '纬度应为数字' }).min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间');
const longitude = z.number({ error: '经度应为数字' }).min(-180, '经度应在 -180 到 180 之间').max(180, '经度应在 -180 到 180 之间');

export const rotaLineSchema = z
  .object({
    id: z.uuid('排班编号无效').optional(),
    periodCode,
    weekdays: z
      .array(z.number({ error: '星期应为 1–7' }).int('星期应为 1–7').min(1, '星期应为 1–7').max(7, '星期应为 1–7'), { error: '星期应为列表' })
      .min(1, '至少选择一天')
      .max(7, '星期最多 7 天')
      .refine((w) => new Set(w).size === w.length, '星期不能重复'),
    role: z.enum(guardRoles, { error: `身份应为 ${guardRoles.map((r) => guardRoleLabels[r]).join('、')} 之一` }),
    personName: text('姓名', 40).min(1, '请填写姓名'),
    /** The person's account, when they sign in themselves; parent volunteers usually have none. */
    userId: z.uuid('账号无效').nullable().default(null),
    phone: text('电话', 20)
      .regex(/^[0-9+\-\s]*$/, '电话只能包含数字、+、- 和空格')
      .default(''),
  })
  .strict();
export type RotaLineInput = z.infer<typeof rotaLineSchema>;

export const saveGuardPostSchema = z
  .object({
    /** Present to change a post; absent to create one. */
    id: z.uuid('岗位编号无效').optional(),
    version: z.number({ error: '版本号应为数字' }).int('版本号应为整数').min(1, '版本号无效').max(2_147_483_647, '版本号无效').optional(),
    schoolId: z.uuid('学校无效'),
    kind: z.enum(guardPostKinds, { error: '岗位类别应为学校护学岗或公安护学岗' }).default('school'),
    /** The post's label; defaults to the chosen gate's name. */
    gateLabel: text('校门', 40).default(''),
    /**
     * The school gate (school_gate) the post stands at; null: not linked (未关联校门, not counted in the
     * setting rate); absent on a change: the post keeps its gate.
     */
    gateId: z.uuid('校门无效').nullable().optional(),
    /** Defaults to the school's coordinates. */
    latitude: latitude.optional(),
    longitude: longitude.optional(),
    periods: z.array(periodCode, { error: '时段应为列表' }).min(1, '至少选择一个时段').max(10, '时段过多'),
    active: z.boolean({ error: '启用应为是或否' }).default(true),
    note: text('备注', 300).default(''),
    rota: z.array(rotaLineSchema, { error: '排班应为列表' }).max(60, '排班不超过 60 行').default([]),
    /**
     * The day the rota (and an end of the post: active false) takes effect; default today. Earlier days
     * keep the rota then in force; a post ended from a later day stands (and takes sign-ins) until then.
     */
    effectiveFrom: isoDay('生效日期应为 YYYY-MM-DD').optional(),
  })
  .strict()
  .refine((p) => (p.latitude === undefined) === (p.longitude === undefined), { message: '经纬度应同时填写', path: ['longitude'] })
  .refine((p) => (p.id === undefined) === (p.version === undefined), { message: '修改岗位需同时提供岗位编号和版本号', path: ['version'] })
  .refine((p) => (p.id !== undefined && p.gateId === undefined) || !!p.gateId || p.gateLabel !== '', {
    message: '请选择校门（或填写岗位名称）',
    path: ['gateId'],
  });
export type SaveGuardPostInput = z.infer<typeof saveGuardPostSchema>;

export const signInGuardPostSchema = z
  .object({
    periodCode,
    /** The rota line signed for; absent: the signed-in user's own line at this post and period today. */
    rotaId: z.uuid('排班编号无效').optional(),
    latitude: latitude.optional(),
    longitude: longitude.optional(),
    accuracyM: z.number({ error: '精度应为数字' }).min(0, '精度不能为负数').max(100_000, '精度过大').optional(),
    note: text('情况说明', 500).default(''),
    photoIds: z.array(z.uuid('照片编号无效'), { error: '照片应为列表' }).max(6, '照片不超过 6 张').default([]),
  })
  .strict()
  .refine((p) => (p.latitude === undefined) === (p.longitude === undefined), { message: '经纬度应同时提供', path: ['longitude'] });
export type SignInGuardPostInput = z.infer<typeof signInGuardPostSchema>;

export const patrolTeamSchema = z
  .object({
    schoolId: z.uuid('学校无效'),
    teamName: text('警组名称', 40).default(''),
    /** 民警、辅警、保安 names; empty while no team is assigned yet. */
    members: z.array(text('队员姓名', 40).min(1, '队员姓名不能为空'), { error: '队员应为列表' }).max(50, '队员过多').default([]),
  })
  .strict();
export const savePatrolZoneSchema = z
  .object({
    id: z.uuid('片区编号无效').optional(),
    version: z.number({ error: '版本号应为数字' }).int('版本号应为整数').min(1, '版本号无效').max(2_147_483_647, '版本号无效').optional(),
    /** The police station; defaults to the signed-in officer's own. */
    policeUnitId: z.uuid('派出所无效').optional(),
    name: text('片区名称', 60).min(1, '请填写片区名称'),
    note: text('备注', 300).default(''),
    schools: z.array(patrolTeamSchema, { error: '学校应为列表' }).max(200, '学校过多').default([]),
  })
  .strict()
  .refine((p) => (p.id === undefined) === (p.version === undefined), { message: '修改片区需同时提供片区编号和版本号', path: ['version'] });
export type SavePatrolZoneInput = z.infer<typeof savePatrolZoneSchema>;

/** Team rule (seed 000: 3–5 人组合; one team per school, one school per team within the zone). */
export function patrolTeamProblems(schools: SavePatrolZoneInput['schools'], policy: GuardDutyPolicy): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const names = new Map<string, number>();
  const seen = new Set<string>();
  schools.forEach((s, i) => {
    if (seen.has(s.schoolId)) problems.push({ path: `schools.${i}.schoolId`, message: '同一学校不能重复列入片区' });
    seen.add(s.schoolId);
    if (s.members.length && (s.members.length < policy.teamSize.min || s.members.length > policy.teamSize.max))
      problems.push({ path: `schools.${i}.members`, message: `警组应为 ${policy.teamSize.min}–${policy.teamSize.max} 人` });
    if (s.members.length && !s.teamName) problems.push({ path: `schools.${i}.teamName`, message: '请填写警组名称' });
    if (s.teamName) {
      const at = names.get(s.teamName);
      if (at !== undefined) problems.push({ path: `schools.${i}.teamName`, message: `警组「${s.teamName}」已负责另一所学校（一组对一校）` });
      names.set(s.teamName, i);
    }
  });
  return problems;
}
