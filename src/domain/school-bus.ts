import { z } from 'zod';
import { addDays, daysBetween } from './calendar.js';
import { isoDay } from './input-dates.js';
import type { SchoolBusPolicy } from './policy/pack-schema.js';
import type { Role } from './roles.js';

/**
 * School buses (校车, issue 11; 《校车安全管理条例》617号令, RULES.md XC-01): a school's vehicles
 * with their drivers, escorts (随车照管人员) and routes, the monthly special check (校车专项检查,
 * centres with police, seed 004) and the drivers' weekly safety study (seed 004). Dates that run out
 * are flagged here, pure: the licence (校车使用许可) and the next safety-technical inspection of a
 * vehicle, a driver's licence, age band and qualification check. The pack (surroundings.yaml
 * schoolBus) gives the numbers; `defaultSchoolBusPolicy` is used when a pack has none.
 */
export const defaultSchoolBusPolicy: SchoolBusPolicy = {
  dueWithinDays: 30,
  inspectionMonths: 6,
  driverMinAge: 25,
  driverMaxAge: 60,
  minDrivingYears: 3,
  driverCheckMonths: 12,
  certainty: 'C',
  source: '617号令（RULES.md XC-01）',
};

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不超过 ${max} 个字`);
const optional = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .max(max, `${label}不超过 ${max} 个字`)
    .default('');
const day = (label: string) => isoDay(`${label}格式应为 YYYY-MM-DD`).nullable().default(null);

export const busStatuses = ['in_service', 'retired'] as const;
export type BusStatus = (typeof busStatuses)[number];
export const busStatusLabels: Record<BusStatus, string> = { in_service: '在用', retired: '停用/报废' };

export const busPersonRoles = ['driver', 'escort'] as const;
export type BusPersonRole = (typeof busPersonRoles)[number];
export const busPersonRoleLabels: Record<BusPersonRole, string> = { driver: '驾驶员', escort: '照管人员' };

const driverSchema = z
  .object({
    name: text('驾驶员姓名', 30),
    phone: optional('联系电话', 40),
    birthDate: day('出生日期'),
    licenceNo: optional('驾驶证号', 40),
    licenceClass: optional('准驾车型', 10),
    licenceExpiry: day('驾驶证有效期'),
    licensedSince: day('初次领证日期'),
    checkedOn: day('资格审核日期'),
    checkPassed: z.boolean({ error: '审核结论应为是或否' }).default(true),
    note: optional('备注', 500),
  })
  .strict();
const escortSchema = z
  .object({
    name: text('照管人员姓名', 30),
    phone: optional('联系电话', 40),
    trainedOn: day('培训日期'),
    note: optional('备注', 500),
  })
  .strict();
const routeSchema = z
  .object({
    name: text('线路名称', 60),
    stops: optional('停靠站点', 1000),
    times: optional('发车时间', 100),
    studentCount: z.number({ error: '乘车学生数应为数字' }).int('乘车学生数应为整数').min(0, '乘车学生数不能为负').max(200, '乘车学生数不超过 200'),
    /** Other schools the route also serves (the bus's own school is always served). */
    otherSchoolIds: z.array(z.uuid('服务学校无效')).max(10, '服务学校不超过 10 所').default([]),
  })
  .strict();

export const saveSchoolBusSchema = z
  .object({
    schoolId: z.uuid('学校无效'),
    plateNo: text('车牌号', 12),
    seats: z.number({ error: '核载人数应为数字' }).int('核载人数应为整数').min(1, '核载人数至少为 1').max(100, '核载人数不超过 100'),
    model: optional('品牌型号', 60),
    licenceNo: optional('校车标牌/使用许可编号', 40),
    licenceExpiry: day('校车使用许可有效期'),
    inspectedOn: day('最近安全技术检验日期'),
    status: z.enum(busStatuses, { error: '状态应为在用或停用' }).default('in_service'),
    note: optional('备注', 2000),
    drivers: z.array(driverSchema).max(10, '驾驶员不超过 10 人').default([]),
    escorts: z.array(escortSchema).max(10, '照管人员不超过 10 人').default([]),
    routes: z.array(routeSchema).max(10, '线路不超过 10 条').default([]),
  })
  .strict();
export type SaveSchoolBusInput = z.infer<typeof saveSchoolBusSchema>;
export type BusDriverInput = z.infer<typeof driverSchema>;
export type BusEscortInput = z.infer<typeof escortSchema>;
export type BusRouteInput = z.infer<typeof routeSchema>;
export const updateSchoolBusSchema = saveSchoolBusSchema.extend({ version: z.number({ error: '版本号无效' }).int('版本号无效').min(1, '版本号无效') }).strict();
export type UpdateSchoolBusInput = z.infer<typeof updateSchoolBusSchema>;

/** The two checks that are duties: the monthly special check (by centres with police) and the drivers' weekly study (by the school). */
export const busCheckKinds = ['special_check', 'weekly_study'] as const;
export type BusCheckKind = (typeof busCheckKinds)[number];
export const busCheckKindLabels: Record<BusCheckKind, string> = { special_check: '校车专项检查', weekly_study: '驾驶员和照管人员安全学习' };
export const busCheckResults = ['ok', 'problems'] as const;
export const busCheckResultLabels: Record<(typeof busCheckResults)[number], string> = { ok: '未发现问题', problems: '发现问题' };

export const createBusCheckSchema = z
  .object({
    schoolId: z.uuid('学校无效'),
    kind: z.enum(busCheckKinds, { error: '检查类别应为校车专项检查或安全学习' }),
    checkedOn: isoDay('检查日期格式应为 YYYY-MM-DD'),
    participants: text('参加人员/单位', 200),
    content: optional('检查或学习内容', 2000),
    result: z.enum(busCheckResults, { error: '结论应为未发现问题或发现问题' }).default('ok'),
    findings: optional('发现的问题', 2000),
  })
  .strict()
  .refine((v) => v.result === 'ok' || v.findings.length > 0, { path: ['findings'], message: '发现问题时请写明问题' });
export type CreateBusCheckInput = z.infer<typeof createBusCheckSchema>;

const schoolWriters: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer']);
/** The school keeps its own buses, drivers, escorts, routes and weekly study. */
export const canKeepBusRegister = (role: Role): boolean => schoolWriters.has(role);
/** The monthly special check (联合检查) is recorded by the district, the centre and police (交警 are police units here). */
const specialCheckers: ReadonlySet<Role> = new Set(['district_admin', 'centre_officer', 'police_officer']);
export function canRecordBusCheck(role: Role, kind: BusCheckKind): boolean {
  return kind === 'weekly_study' ? schoolWriters.has(role) : specialCheckers.has(role);
}

/* ---- expiry flags ---- */

export type BusFlagSeverity = 'expired' | 'due' | 'invalid';
export type BusFlag = {
  /** Stable key of what is flagged (vehicle:<id>:licence …): one open hazard per key. */
  key: string;
  subject: 'vehicle' | 'driver' | 'escort';
  subjectId: string;
  busId: string;
  code: 'licence' | 'inspection' | 'driver_licence' | 'driver_age' | 'driving_years' | 'driver_check' | 'escort_missing' | 'driver_missing' | 'over_capacity';
  severity: BusFlagSeverity;
  message: string;
  /** Only what is wrong today (expired, invalid) becomes a hazard; a date due soon is a reminder. */
  canRaise: boolean;
};

/** The day `months` calendar months after `day` (the last day of a shorter month: 08-31 + 6 → 02-28). */
export function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const d = Math.min(Number(day.slice(8, 10)), last);
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Full years from `birth` to `today`. */
export function yearsBetween(from: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(from.slice(0, 4));
  return today.slice(5) >= from.slice(5) ? years : years - 1;
}

/** expired when the last valid day is before today; due when it is within `within` days from today (inclusive). */
export function dateStanding(validUntil: string | null, today: string, within: number): 'missing' | 'expired' | 'due' | 'ok' {
  if (!validUntil) return 'missing';
  if (validUntil < today) return 'expired';
  return daysBetween(today, validUntil) <= within ? 'due' : 'ok';
}

export type BusForFlags = {
  id: string;
  plateNo: string;
  seats: number;
  status: BusStatus;
  licenceExpiry: string | null;
  inspectedOn: string | null;
  drivers: (Pick<BusDriverInput, 'name' | 'birthDate' | 'licenceExpiry' | 'licensedSince' | 'checkedOn' | 'checkPassed'> & { id: string })[];
  escorts: { id: string; name: string }[];
  routes: Pick<BusRouteInput, 'name' | 'studentCount'>[];
};

/** When the next safety-technical inspection is due: the last one plus the pack's interval (null: never inspected). */
export const nextInspectionDue = (inspectedOn: string | null, p: SchoolBusPolicy): string | null =>
  inspectedOn ? addDays(addMonths(inspectedOn, p.inspectionMonths), -1) : null;

/** What is wrong or about to run out on one vehicle in service (a retired one is never flagged). */
export function busFlags(bus: BusForFlags, p: SchoolBusPolicy, today: string): BusFlag[] {
  if (bus.status !== 'in_service') return [];
  const out: BusFlag[] = [];
  const flag = (f: Omit<BusFlag, 'busId' | 'canRaise' | 'key'> & { key?: string }) =>
    out.push({ ...f, key: f.key ?? `${f.subject}:${f.subjectId}:${f.code}`, busId: bus.id, canRaise: f.severity !== 'due' });
  const dated = (subject: BusFlag['subject'], subjectId: string, code: BusFlag['code'], until: string | null, what: string, missing: string) => {
    const s = dateStanding(until, today, p.dueWithinDays);
    if (s === 'missing') flag({ subject, subjectId, code, severity: 'invalid', message: missing });
    else if (s === 'expired') flag({ subject, subjectId, code, severity: 'expired', message: `${what}已于 ${until} 到期` });
    else if (s === 'due')
      flag({ subject, subjectId, code, severity: 'due', message: `${what}将于 ${until} 到期（${daysBetween(today, until as string)} 天后）` });
  };
  const v = `校车 ${bus.plateNo} `;
  dated('vehicle', bus.id, 'licence', bus.licenceExpiry, `${v}校车使用许可`, `${v}未登记校车使用许可有效期`);
  dated(
    'vehicle',
    bus.id,
    'inspection',
    nextInspectionDue(bus.inspectedOn, p),
    `${v}安全技术检验（每 ${p.inspectionMonths} 个月 1 次）`,
    `${v}未登记安全技术检验日期`,
  );
  const riders = bus.routes.reduce((n, r) => Math.max(n, r.studentCount), 0);
  if (riders > bus.seats)
    flag({
      subject: 'vehicle',
      subjectId: bus.id,
      code: 'over_capacity',
      severity: 'invalid',
      message: `${v}线路乘车学生 ${riders} 人，超过核载 ${bus.seats} 人`,
    });
  if (bus.drivers.length === 0) flag({ subject: 'vehicle', subjectId: bus.id, code: 'driver_missing', severity: 'invalid', message: `${v}没有登记驾驶员` });
  if (bus.escorts.length === 0)
    flag({ subject: 'vehicle', subjectId: bus.id, code: 'escort_missing', severity: 'invalid', message: `${v}没有登记随车照管人员` });
  for (const d of bus.drivers) out.push(...driverFlags(bus.id, d, p, today));
  return out;
}

function driverFlags(busId: string, d: BusForFlags['drivers'][number], p: SchoolBusPolicy, today: string): BusFlag[] {
  const out: BusFlag[] = [];
  const who = `驾驶员${d.name}`;
  const flag = (code: BusFlag['code'], severity: BusFlagSeverity, message: string) =>
    out.push({ key: `driver:${d.id}:${code}`, subject: 'driver', subjectId: d.id, busId, code, severity, message, canRaise: severity !== 'due' });
  const lic = dateStanding(d.licenceExpiry, today, p.dueWithinDays);
  if (lic === 'missing') flag('driver_licence', 'invalid', `${who}未登记驾驶证有效期`);
  else if (lic === 'expired') flag('driver_licence', 'expired', `${who}驾驶证已于 ${d.licenceExpiry} 到期`);
  else if (lic === 'due') flag('driver_licence', 'due', `${who}驾驶证将于 ${d.licenceExpiry} 到期`);
  if (d.birthDate) {
    const age = yearsBetween(d.birthDate, today);
    if (age < p.driverMinAge || age > p.driverMaxAge) flag('driver_age', 'invalid', `${who} ${age} 周岁，不在 ${p.driverMinAge}～${p.driverMaxAge} 周岁之间`);
    else if (age === p.driverMaxAge) {
      const leaves = addDays(addMonths(d.birthDate, (p.driverMaxAge + 1) * 12), -1);
      if (daysBetween(today, leaves) <= p.dueWithinDays) flag('driver_age', 'due', `${who}将于 ${leaves} 年满 ${p.driverMaxAge + 1} 周岁，不能再驾驶校车`);
    }
  } else flag('driver_age', 'invalid', `${who}未登记出生日期`);
  if (d.licensedSince && yearsBetween(d.licensedSince, today) < p.minDrivingYears)
    flag('driving_years', 'invalid', `${who}驾龄不足 ${p.minDrivingYears} 年（初次领证 ${d.licensedSince}）`);
  if (!d.checkPassed) flag('driver_check', 'invalid', `${who}资格审核未通过，不得驾驶校车`);
  else {
    const until = d.checkedOn ? addDays(addMonths(d.checkedOn, p.driverCheckMonths), -1) : null;
    const s = dateStanding(until, today, p.dueWithinDays);
    if (s === 'missing') flag('driver_check', 'invalid', `${who}未登记资格审核（驾龄、记分、事故、酒驾、犯罪记录、身体条件）`);
    else if (s === 'expired') flag('driver_check', 'expired', `${who}资格审核已超过 ${p.driverCheckMonths} 个月（上次 ${d.checkedOn}）`);
    else if (s === 'due') flag('driver_check', 'due', `${who}资格审核将于 ${until} 到期`);
  }
  return out;
}

export const busFlagSeverityLabels: Record<BusFlagSeverity, string> = { expired: '已过期', due: '即将到期', invalid: '不符合要求' };
