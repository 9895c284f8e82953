import type { CellStatus, Coverage, ObligationCell, RateCell } from '../../../domain/coverage';
import type { DutyKind } from '../../../domain/duty';
import type { Period } from '../../../domain/periods';
import type { CountRule, InspectionLevel, ObligationPeriod, Origin } from '../../../domain/policy/pack-schema';

/** An obligation as the coverage and obligations answers name it (obligationDto on the server). */
export type ObligationInfo = {
  code: string;
  label: string;
  description: string;
  source: string;
  /** The kind of record that satisfies it (检查、应急演练、安全教育 …) and its label. */
  kind: DutyKind;
  kindLabel: string;
  period: ObligationPeriod;
  periodLabel: string;
  count: number;
  countBy: CountRule;
  per: 'school' | 'class' | 'type';
  minShare: number | null;
  /** The count rule in words: 每月每班安全教育不少于 2 课时. */
  rule: string;
  subject: 'school' | 'district' | 'department' | 'centre';
  departmentType: string | null;
  graceDays: number;
  levels: InspectionLevel[];
  levelLabels: string[];
  templates: string[];
  types: string[];
  occasions: string[];
  /** Where a school records it (/drills/new, /inspections/new?template=…). */
  link: string;
  origin: Origin;
};

/** The unit of an obligation's count: 次, 天, 课时, 所. */
export const countUnit = (countBy: CountRule) =>
  countBy === 'days' ? '天' : countBy === 'hours' ? '课时' : countBy === 'schools' ? '所' : countBy === 'on_time' ? '项' : '次';

export type SchoolRef = { id: string; name: string; code: string; parentId: string | null; parentName: string | null };

/** GET /api/coverage (src/server/coverage/coverage.service.ts). */
export type CoverageAnswer = {
  today: string;
  view: 'month' | 'week';
  obligation: ObligationInfo;
  periods: Period[];
  rows: { school: SchoolRef; cells: ObligationCell[] }[];
  totals: RateCell[];
  byParent: Coverage['byParent'];
  byType: Coverage['byType'];
  byInspector: Coverage['byInspector'];
  uncovered: { school: SchoolRef; periodKey: string; status: 'open' | 'overdue' }[];
  /** District-wide duties of the same cadence (联合督检每周不少于 2 天), for users who see the district. */
  district: { obligation: ObligationInfo; cells: ObligationCell[] }[];
};

export const cellStatusLabels: Record<CellStatus, string> = { done: '已完成', open: '进行中', overdue: '已逾期', upcoming: '未开始', none: '无数据' };

/** Colours of a grid cell: green done, blue open, red overdue, light grey not started or before the records begin. */
export const cellColors: Record<CellStatus, { bg: string; fg: string; border: string }> = {
  done: { bg: '#d9f7be', fg: '#135200', border: '#95de64' },
  open: { bg: '#e6f4ff', fg: '#0958d9', border: '#91caff' },
  overdue: { bg: '#ffccc7', fg: '#a8071a', border: '#ff7875' },
  upcoming: { bg: '#fafafa', fg: 'rgba(0,0,0,0.25)', border: '#f0f0f0' },
  none: { bg: '#fafafa', fg: 'rgba(0,0,0,0.25)', border: '#f0f0f0' },
};

/** A rate in percent as shown: 66.7%, or — when no school is counted. */
export const formatRate = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${rate}%`);

export const rateColor = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? undefined : rate >= 100 ? '#389e0d' : rate >= 80 ? '#1f4e8c' : rate >= 50 ? '#d46b08' : '#cf1322';

/** One period of an obligation over the actor's schools; `mine` is the own school's cell for a school user. */
export type ObligationPeriodSummary = {
  period: Period;
  schools: number;
  done: number;
  open: number;
  overdue: number;
  upcoming: number;
  /** Schools whose records begin after this period (not counted in `schools`). */
  none: number;
  rate: number | null;
  mine: ObligationCell | null;
};

export type ReportStanding = 'reported' | 'late' | 'due' | 'overdue';

export type SchoolObligation = {
  obligation: ObligationInfo;
  current: ObligationPeriodSummary;
  previous: ObligationPeriodSummary;
  /** Checks that must be reported upward (the semester fire self-check), counted by standing. */
  reports: { standing: ReportStanding; count: number }[] | null;
};

export type DistrictObligation = {
  obligation: ObligationInfo;
  current: { period: Period; district: ObligationCell };
  previous: { period: Period; district: ObligationCell };
};

/** GET /api/obligations. */
export type ObligationsAnswer = {
  today: string;
  day: string;
  school: { id: string; name: string } | null;
  items: (SchoolObligation | DistrictObligation)[];
};

export const isDistrictObligation = (i: SchoolObligation | DistrictObligation): i is DistrictObligation => 'district' in i.current;

export const reportStandingLabels: Record<ReportStanding, string> = { reported: '已按时上报', late: '逾期后上报', due: '待上报', overdue: '逾期未上报' };
