/**
 * 校舍 and fire facilities in the 三防 register (issue 10): pure rules. When a building's safety
 * appraisal falls due (RULES.md §6: every year, or every 5 years for a building at the 重点设防类
 * seismic standard within its design life), which buildings are 危房 (grade C or D), when a fire
 * facility's maintenance by a qualified service falls due, and the yearly fire-safety assessment of
 * a 火灾高危单位 (seed 004). Days are Asia/Shanghai calendar days as YYYY-MM-DD; a date falls due
 * *on* its day and is overdue from the next day.
 */

export const buildingUses = ['teaching', 'dormitory', 'canteen', 'office', 'library', 'lab', 'gym', 'other'] as const;
export type BuildingUse = (typeof buildingUses)[number];
export const buildingUseLabels: Record<BuildingUse, string> = {
  teaching: '教学楼',
  dormitory: '宿舍',
  canteen: '食堂',
  office: '办公楼',
  library: '图书馆',
  lab: '实验楼',
  gym: '体育馆',
  other: '其他',
};

export const appraisalGrades = ['A', 'B', 'C', 'D'] as const;
export type AppraisalGrade = (typeof appraisalGrades)[number];
export const appraisalGradeLabels: Record<AppraisalGrade, string> = {
  A: 'A级（安全）',
  B: 'B级（基本安全）',
  C: 'C级（局部危房）',
  D: 'D级（整幢危房）',
};

export const fireFacilityKinds = ['extinguisher', 'hydrant', 'auto_alarm', 'sprinkler', 'emergency_light', 'exit_sign', 'smoke_control', 'other'] as const;
export type FireFacilityKind = (typeof fireFacilityKinds)[number];
export const fireFacilityKindLabels: Record<FireFacilityKind, string> = {
  extinguisher: '灭火器',
  hydrant: '消火栓',
  auto_alarm: '火灾自动报警系统',
  sprinkler: '自动喷水灭火系统',
  emergency_light: '应急照明',
  exit_sign: '疏散指示标志',
  smoke_control: '防排烟设施',
  other: '其他',
};

export type BuildingFact = {
  name: string;
  active: boolean;
  yearBuilt: number | null;
  seismicCompliant: boolean;
  designLifeYears: number;
  grade: AppraisalGrade | null;
  appraisedOn: string | null;
};
export type FireFacilityFact = {
  kind: FireFacilityKind;
  location: string;
  serviceCompany: string;
  lastMaintainedOn: string | null;
  nextMaintenanceOn: string | null;
  working: boolean;
};
export type FireUnitFact = { highRisk: boolean; assessedOn: string | null };

/** The day `months` calendar months after `day`, kept in range (01-31 + 1 month → the month's last day). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Past its design life in `today`'s year: built + design life before this year (unknown year: not past). */
export const pastDesignLife = (b: Pick<BuildingFact, 'yearBuilt' | 'designLifeYears'>, today: string): boolean =>
  b.yearBuilt !== null && b.yearBuilt + b.designLifeYears < Number(today.slice(0, 4));

/** Years between appraisals for this building: the long cycle only at the seismic standard and within design life. */
export const appraisalCycleYears = (b: BuildingFact, today: string, rule: { compliantYears: number; otherYears: number }): number =>
  b.seismicCompliant && !pastDesignLife(b, today) ? rule.compliantYears : rule.otherYears;

/** The day the next appraisal is due; null when the building was never appraised (due now). */
export const appraisalDueOn = (b: BuildingFact, today: string, rule: { compliantYears: number; otherYears: number }): string | null =>
  b.appraisedOn ? addMonths(b.appraisedOn, 12 * appraisalCycleYears(b, today, rule)) : null;

/** Overdue: never appraised, or its due day is before today. */
export const appraisalOverdue = (b: BuildingFact, today: string, rule: { compliantYears: number; otherYears: number }): boolean => {
  const due = appraisalDueOn(b, today, rule);
  return due === null || due < today;
};

/** 危房: a building in use whose last appraisal graded it C or D (the pack's grades). */
export const isDangerous = (b: Pick<BuildingFact, 'active' | 'grade'>, grades: readonly string[] = ['C', 'D']): boolean =>
  b.active && b.grade !== null && grades.includes(b.grade);

/** The next maintenance day: as recorded, else the last one plus the pack's interval; null if neither. */
export const maintenanceDueOn = (f: Pick<FireFacilityFact, 'lastMaintainedOn' | 'nextMaintenanceOn'>, intervalMonths: number): string | null =>
  f.nextMaintenanceOn ?? (f.lastMaintainedOn ? addMonths(f.lastMaintainedOn, intervalMonths) : null);

/** Why a fire facility fails (empty: it does not): out of order, no qualified service, maintenance overdue or never done. */
export function maintenanceProblem(f: FireFacilityFact, today: string, intervalMonths: number): string {
  if (!f.working) return '故障';
  if (!f.serviceCompany.trim()) return '无具备资质的维保单位';
  const due = maintenanceDueOn(f, intervalMonths);
  if (due === null) return '无维保记录';
  if (due < today) return `维保逾期（应于${due}前）`;
  return '';
}

/** The next fire-safety assessment of a 火灾高危单位; null when never assessed. */
export const assessmentDueOn = (u: FireUnitFact, everyMonths: number): string | null => (u.assessedOn ? addMonths(u.assessedOn, everyMonths) : null);
export const assessmentOverdue = (u: FireUnitFact, today: string, everyMonths: number): boolean => {
  const due = assessmentDueOn(u, everyMonths);
  return due === null || due < today;
};
