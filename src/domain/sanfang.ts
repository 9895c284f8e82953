import {
  appraisalDueOn,
  appraisalOverdue,
  assessmentDueOn,
  assessmentOverdue,
  type BuildingFact,
  type FireFacilityFact,
  type FireUnitFact,
  fireFacilityKindLabels,
  isDangerous,
  maintenanceProblem,
} from './buildings.js';
import type { GuardBand, Origin, SanfangRule, SanfangRuleCode, SchoolLocation, WithOrigin } from './policy/pack-schema.js';
import type { SchoolType } from './school.js';

/**
 * 三防 (人防·物防·技防): a school's register held against the pack's standards (sanfang.yaml).
 * Pure: the server loads the facts, this file says for each rule what is required, what the
 * school has, the gap and whether it is met; and rolls schools up without ever netting one
 * school's surplus against another's shortage.
 */

export const personRoles = ['guard', 'gate_staff', 'dorm_manager', 'life_teacher', 'safety_officer', 'legal_counsellor', 'police_liaison'] as const;
export type PersonRole = (typeof personRoles)[number];
export const personRoleLabels: Record<PersonRole, string> = {
  guard: '专职保安员',
  gate_staff: '门卫',
  dorm_manager: '宿舍管理员',
  life_teacher: '生活管理教师',
  safety_officer: '专职安全干部',
  legal_counsellor: '法治副校长/法治辅导员',
  police_liaison: '联络民警',
};

export const deviceKinds = ['camera', 'recorder', 'alarm', 'intrusion', 'access_control', 'patrol_point', 'backup_power', 'gate', 'equipment'] as const;
export type DeviceKind = (typeof deviceKinds)[number];
export const deviceKindLabels: Record<DeviceKind, string> = {
  camera: '摄像机',
  recorder: '录像机',
  alarm: '一键报警',
  intrusion: '入侵报警',
  access_control: '门禁',
  patrol_point: '电子巡查点',
  backup_power: '备用电源',
  gate: '校门',
  equipment: '安保器械',
};

export const antiRamKinds = ['bollard', 'barrier', 'lifting_column', 'spike_strip', 'other'] as const;
export type AntiRamKind = (typeof antiRamKinds)[number];
export const antiRamLabels: Record<AntiRamKind, string> = {
  bollard: '隔离墩',
  barrier: '隔离栏',
  lifting_column: '升降柱',
  spike_strip: '阻车钉',
  other: '其他',
};

export const perimeterTypes = ['wall', 'fence', 'mixed', 'none'] as const;
export type PerimeterType = (typeof perimeterTypes)[number];
export const perimeterTypeLabels: Record<PerimeterType, string> = { wall: '实体围墙', fence: '金属栅栏', mixed: '围墙+栅栏', none: '无' };

/** Which hazard category (hazards.yaml code) each standard belongs to: 人防 / 物防 / 技防. */
export type SanfangCategory = 'staffing' | 'physical' | 'technical' | 'building' | 'fire';
export const sanfangRuleCategory: Record<SanfangRuleCode, SanfangCategory> = {
  guard_count: 'staffing',
  guard_age: 'staffing',
  guard_certificate: 'staffing',
  guard_training: 'staffing',
  safety_officer: 'staffing',
  dorm_managers: 'staffing',
  equipment: 'physical',
  wall_height: 'physical',
  closed_management: 'physical',
  anti_ram: 'physical',
  video_retention: 'technical',
  camera_places: 'technical',
  gate_alarm: 'technical',
  building_appraisal: 'building',
  dangerous_buildings: 'building',
  fire_maintenance: 'fire',
  fire_assessment: 'fire',
  gate_log: 'staffing',
  device_online: 'technical',
};
export const sanfangCategoryLabels = { staffing: '人防', physical: '物防', technical: '技防', building: '校舍', fire: '消防' } as const;

export type PersonFact = {
  role: PersonRole;
  active: boolean;
  birthDate: string | null;
  certificateNo: string;
  certificateExpiry: string | null;
  trained: boolean;
};
export type DeviceFact = {
  kind: DeviceKind;
  place: string | null;
  retentionDays: number | null;
  networked: boolean;
  linked110: boolean;
  mainGate: boolean;
  antiRam: string | null;
  item: string | null;
  quantity: number;
  working: boolean;
};
export type SiteFact = {
  perimeterType: PerimeterType;
  wallHeightM: number | null;
  antiClimb: boolean;
  closedManagement: boolean;
  location: SchoolLocation;
};
export type SchoolFacts = {
  schoolType: SchoolType;
  ownership: string;
  enrollment: number;
  boardingStudents: number;
  gateCount: number;
  site: SiteFact | null;
  persons: PersonFact[];
  devices: DeviceFact[];
  /** 校舍, fire facilities, the fire-safety unit status and the gate log (migration 0021); absent: none registered. */
  buildings?: BuildingFact[];
  fireFacilities?: FireFacilityFact[];
  fireUnit?: FireUnitFact | null;
  /** Days with a gate-log entry among the gate_log rule's window (ending today). */
  gateLogDays?: number;
  /** 护学岗 set: the school's active guard posts cover every required period (guard-duty policy). */
  guardPostSet?: boolean;
};

export type StandardResult = {
  code: SanfangRuleCode;
  label: string;
  category: SanfangCategory;
  unit: string;
  /** False when the rule does not apply to this school (e.g. dormitory managers at a day school). */
  applies: boolean;
  required: number;
  actual: number;
  /** How far short (never negative): required − actual, or the number of failing items. */
  gap: number;
  met: boolean;
  /** What is missing, in words (the missing camera places, the expired certificates). */
  detail: string;
  source: string;
  origin: Origin;
};

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** HF-01 bands: the band with the greatest `from` not above n, plus its steps. */
export function guardsForBands(bands: readonly GuardBand[], n: number): number {
  const band = [...bands].sort((a, b) => b.from - a.from).find((b) => n >= b.from);
  if (!band) return 0;
  return band.guards + (band.every ? Math.floor((n - band.from) / band.every) * band.add : 0);
}

type GuardRule = Extract<SanfangRule, { code: 'guard_count' }>;

/** The guards a school must have under the pack's guard_count rule. */
export function requiredGuards(rule: GuardRule, s: Pick<SchoolFacts, 'enrollment' | 'boardingStudents' | 'gateCount'>): number {
  const n = rule.basis === 'non_boarding' ? Math.max(0, s.enrollment - s.boardingStudents) : s.enrollment;
  let required = guardsForBands(rule.bands, n);
  if (rule.boarding && s.boardingStudents > 0) {
    required = Math.max(required, rule.boarding.minimum) + Math.floor(s.boardingStudents / rule.boarding.every) * rule.boarding.add;
  }
  if (rule.extraGate && s.gateCount > 1) required += (s.gateCount - 1) * rule.extraGate.add;
  return required;
}

export function ruleApplies(rule: SanfangRule, s: Pick<SchoolFacts, 'schoolType' | 'ownership' | 'boardingStudents' | 'site'>): boolean {
  const a = rule.appliesTo;
  if (!a) return true;
  if (a.schoolTypes && !a.schoolTypes.includes(s.schoolType)) return false;
  if (a.boarding !== undefined && a.boarding !== s.boardingStudents > 0) return false;
  if (a.publicOnly && s.ownership !== 'public') return false;
  if (a.locations && !a.locations.includes(s.site?.location ?? 'urban')) return false;
  return true;
}

const guardsOf = (s: SchoolFacts) => s.persons.filter((p) => p.role === 'guard' && p.active);

/** Evaluates one rule for one school. `today` (YYYY-MM-DD) dates ages and certificate expiry. */
export function evaluateRule(rule: WithOrigin<SanfangRule>, s: SchoolFacts, today: string): StandardResult {
  const base = { code: rule.code, label: rule.label, category: sanfangRuleCategory[rule.code], source: rule.source, origin: rule.origin };
  const applies = ruleApplies(rule, s);
  const result = (unit: string, required: number, actual: number, detail = '', gap = Math.max(0, required - actual)): StandardResult => ({
    ...base,
    unit,
    applies,
    required,
    actual,
    gap: applies ? gap : 0,
    met: !applies || gap === 0,
    detail: applies ? detail : '不适用',
  });
  const guards = guardsOf(s);
  switch (rule.code) {
    case 'guard_count': {
      const required = requiredGuards(rule, s);
      const actual = guards.length;
      return result('名', required, actual, actual < required ? `应配${required}名，现有${actual}名，缺${required - actual}名` : '');
    }
    case 'guard_age': {
      const over = guards.filter((g) => g.birthDate && ageOn(g.birthDate, today) > rule.maxAge).length;
      return result('名', guards.length, guards.length - over, over ? `${over}名保安员超过${rule.maxAge}周岁` : '', over);
    }
    case 'guard_certificate': {
      const bad = guards.filter((g) => !g.certificateNo || (g.certificateExpiry !== null && g.certificateExpiry < today)).length;
      return result('名', guards.length, guards.length - bad, bad ? `${bad}名保安员无保安员证或证件过期` : '', bad);
    }
    case 'guard_training': {
      const bad = guards.filter((g) => !g.trained).length;
      return result('名', guards.length, guards.length - bad, bad ? `${bad}名保安员未经岗前培训` : '', bad);
    }
    case 'safety_officer': {
      const actual = s.persons.filter((p) => p.role === 'safety_officer' && p.active).length;
      return result('名', rule.minimum, actual, actual < rule.minimum ? `应有专职安全干部${rule.minimum}名，现有${actual}名` : '');
    }
    case 'dorm_managers': {
      const required = Math.max(rule.minimum, rule.studentsPerManager ? Math.ceil(s.boardingStudents / rule.studentsPerManager) : 0);
      const actual = s.persons.filter((p) => (p.role === 'dorm_manager' || p.role === 'life_teacher') && p.active).length;
      return result('名', required, actual, actual < required ? `应配宿舍管理员${required}名，现有${actual}名，缺${required - actual}名` : '');
    }
    case 'equipment': {
      const gates = Math.max(1, s.gateCount);
      const missing: string[] = [];
      let required = 0;
      let actual = 0;
      for (const item of rule.items) {
        const need = item.perGate * gates;
        const have = s.devices.filter((d) => d.kind === 'equipment' && d.item === item.code && d.working).reduce((n, d) => n + d.quantity, 0);
        required += need;
        actual += Math.min(have, need); // a surplus of forks does not make up for missing vests
        if (have < need) missing.push(`${item.label}缺${need - have}`);
      }
      return result('件', required, actual, missing.join('，'));
    }
    case 'wall_height': {
      const site = s.site;
      const height = site && site.perimeterType !== 'none' ? (site.wallHeightM ?? 0) : 0;
      const climb = rule.antiClimb && !site?.antiClimb;
      const short = Math.max(0, Math.round((rule.minMetres - height) * 100) / 100);
      const detail = [short > 0 ? `围墙${height}米，低于${rule.minMetres}米` : '', climb ? '无防攀爬措施' : ''].filter(Boolean).join('；');
      return { ...result('米', rule.minMetres, height, detail, short), met: !applies || (short === 0 && !climb) };
    }
    case 'closed_management': {
      const ok = !!s.site && s.site.closedManagement && s.site.perimeterType !== 'none';
      return result('项', 1, ok ? 1 : 0, ok ? '' : s.site ? '未实行封闭化管理' : '未登记周界与封闭管理情况');
    }
    case 'video_retention': {
      const recorders = s.devices.filter((d) => (d.kind === 'recorder' || d.kind === 'camera') && d.working && d.retentionDays !== null);
      const actual = recorders.length ? Math.min(...recorders.map((d) => d.retentionDays as number)) : 0;
      return result('天', rule.minDays, actual, actual < rule.minDays ? `视频保存${actual}天，应不少于${rule.minDays}天` : '');
    }
    case 'camera_places': {
      const covered = new Set(s.devices.filter((d) => d.kind === 'camera' && d.working && d.place).map((d) => d.place));
      const missing = rule.places.filter((p) => !covered.has(p.code));
      return result('处', rule.places.length, rule.places.length - missing.length, missing.length ? `缺少监控：${missing.map((p) => p.label).join('、')}` : '');
    }
    case 'gate_alarm': {
      const ok = s.devices.some(
        (d) => d.kind === 'alarm' && d.working && d.place === 'gatehouse' && (!rule.linked110 || d.linked110) && (!rule.policeNetworked || d.networked),
      );
      return result('处', 1, ok ? 1 : 0, ok ? '' : '门卫室无与110联网的一键报警装置');
    }
    case 'anti_ram': {
      const ok = s.devices.some((d) => d.kind === 'gate' && d.mainGate && !!d.antiRam);
      return result('处', 1, ok ? 1 : 0, ok ? '' : '主校门未设硬质防冲撞设施');
    }
    case 'building_appraisal': {
      const list = (s.buildings ?? []).filter((b) => b.active);
      // Nothing registered is not evaluated: the standing would otherwise fail every school before its first entry.
      if (!list.length) return { ...result('栋', 0, 0, ''), applies: false, gap: 0, met: true, detail: '未登记校舍' };
      const late = list.filter((b) => appraisalOverdue(b, today, rule));
      const words = late.map((b) => {
        const due = appraisalDueOn(b, today, rule);
        return due ? `${b.name}（应于${due}前）` : `${b.name}（未鉴定）`;
      });
      return result('栋', list.length, list.length - late.length, late.length ? `${late.length}栋校舍安全鉴定逾期：${words.join('、')}` : '', late.length);
    }
    case 'dangerous_buildings': {
      const list = (s.buildings ?? []).filter((b) => b.active);
      if (!list.length) return { ...result('栋', 0, 0, ''), applies: false, gap: 0, met: true, detail: '未登记校舍' };
      const bad = list.filter((b) => isDangerous(b, rule.grades));
      return result(
        '栋',
        list.length,
        list.length - bad.length,
        bad.length ? `危房${bad.length}栋：${bad.map((b) => `${b.name}（${b.grade}级）`).join('、')}` : '',
        bad.length,
      );
    }
    case 'fire_maintenance': {
      const list = s.fireFacilities ?? [];
      const missing = rule.requiredKinds.filter((k) => !list.some((f) => f.kind === k));
      if (!list.length && !missing.length) return { ...result('项', 0, 0, ''), applies: false, gap: 0, met: true, detail: '未登记消防设施' };
      const bad = list.map((f) => ({ f, why: maintenanceProblem(f, today, rule.intervalMonths) })).filter((x) => x.why);
      const label = (k: string) => fireFacilityKindLabels[k as keyof typeof fireFacilityKindLabels] ?? k;
      const detail = [
        missing.length ? `缺少${missing.map(label).join('、')}` : '',
        ...bad.map(({ f, why }) => `${label(f.kind)}${f.location ? `（${f.location}）` : ''}${why}`),
      ]
        .filter(Boolean)
        .join('；');
      const required = list.length + missing.length;
      return result('项', required, list.length - bad.length, detail, bad.length + missing.length);
    }
    case 'fire_assessment': {
      const unit = s.fireUnit;
      if (!unit?.highRisk) return { ...result('次', 0, 0, ''), applies: false, gap: 0, met: true, detail: '不是火灾高危单位' };
      const late = assessmentOverdue(unit, today, rule.everyMonths);
      const due = assessmentDueOn(unit, rule.everyMonths);
      return result('次', 1, late ? 0 : 1, late ? (due ? `消防安全评估逾期（应于${due}前）` : '火灾高危单位未开展消防安全评估') : '');
    }
    case 'gate_log': {
      const days = s.gateLogDays ?? 0;
      return result('天', rule.minDays, days, days < rule.minDays ? `近${rule.windowDays}天门卫登记${days}天，应不少于${rule.minDays}天` : '');
    }
    case 'device_online':
      // Judged by the daily online check (domain/device-checks.ts), not by the register.
      return { ...result('天', rule.offlineDays, 0, '由每日在线巡检判定', 0), applies: false, met: true };
  }
}

/** Rules the daily online check judges (device-checks), left out of the register's standards. */
export const dailyCheckRuleCodes: ReadonlySet<SanfangRuleCode> = new Set<SanfangRuleCode>(['device_online']);

export function evaluateSchool(rules: readonly WithOrigin<SanfangRule>[], s: SchoolFacts, today: string): StandardResult[] {
  return rules.filter((r) => !dailyCheckRuleCodes.has(r.code)).map((r) => evaluateRule(r, s, today));
}

/* ---- The "4 个 100%" (RULES.md §4) ---- */

export const nationalRateCodes = ['guards', 'closed', 'networked', 'anti_ram', 'guard_post'] as const;
export type NationalRateCode = (typeof nationalRateCodes)[number];
export const nationalRateLabels: Record<NationalRateCode, string> = {
  guards: '专职保安员配备率',
  closed: '封闭化管理达标率',
  networked: '一键式紧急报警和视频监控联网率',
  anti_ram: '硬质防冲撞设施安装率',
  guard_post: '护学岗设置率',
};
export const nationalRateScopes: Record<NationalRateCode, string> = {
  guards: '中小学和公办幼儿园',
  closed: '中小学幼儿园',
  networked: '中小学幼儿园',
  anti_ram: '城市、城镇及治安交通环境复杂的乡村中小学幼儿园',
  guard_post: '中小学幼儿园',
};

/** Whether a school is counted in a rate, and whether it meets it (null: not in scope). */
export function nationalRateStatus(code: NationalRateCode, s: SchoolFacts): boolean | null {
  switch (code) {
    case 'guards':
      if (s.schoolType === 'kindergarten' && s.ownership !== 'public') return null;
      return guardsOf(s).length > 0;
    case 'closed':
      return !!s.site && s.site.closedManagement && s.site.perimeterType !== 'none';
    case 'networked':
      return (
        s.devices.some((d) => d.kind === 'alarm' && d.working && d.networked && d.linked110) &&
        s.devices.some((d) => d.kind === 'camera' && d.working && d.networked)
      );
    case 'anti_ram':
      if (!['urban', 'town', 'complex_rural'].includes(s.site?.location ?? 'urban')) return null;
      return s.devices.some((d) => d.kind === 'gate' && d.mainGate && !!d.antiRam);
    case 'guard_post':
      // Decided by the guard-duty rule (guard-stats.service guardPostSetBySchool); unknown: not counted.
      return s.guardPostSet ?? null;
  }
}

/* ---- Roll-up ---- */

export type SchoolStanding = { schoolId: string; results: StandardResult[] };
export type RollUp = {
  schools: number;
  guardsRequired: number;
  guardsOnPost: number;
  /** Σ per school of max(0, required − on post): a surplus at one school never covers another's shortage. */
  guardsShort: number;
  schoolsShort: number;
  /** Per rule: schools it applies to and schools meeting it. */
  rules: { code: SanfangRuleCode; label: string; applicable: number; met: number }[];
};

export function rollUp(standings: readonly SchoolStanding[]): RollUp {
  const out: RollUp = { schools: standings.length, guardsRequired: 0, guardsOnPost: 0, guardsShort: 0, schoolsShort: 0, rules: [] };
  const rules = new Map<SanfangRuleCode, RollUp['rules'][number]>();
  for (const s of standings) {
    for (const r of s.results) {
      if (r.code === 'guard_count') {
        out.guardsRequired += r.required;
        out.guardsOnPost += r.actual;
        out.guardsShort += Math.max(0, r.required - r.actual);
        if (r.actual < r.required) out.schoolsShort++;
      }
      let agg = rules.get(r.code);
      if (!agg) {
        agg = { code: r.code, label: r.label, applicable: 0, met: 0 };
        rules.set(r.code, agg);
      }
      if (r.applies) {
        agg.applicable++;
        if (r.met) agg.met++;
      }
    }
  }
  out.rules = [...rules.values()];
  return out;
}

/** "按目前规模应配保安N名，现有M名，缺K名" — the seeds' wording (002). */
export const guardGapSentence = (r: Pick<RollUp, 'guardsRequired' | 'guardsOnPost' | 'guardsShort'>) =>
  `按目前规模应配保安${r.guardsRequired}名，现有${r.guardsOnPost}名，缺${r.guardsShort}名`;
