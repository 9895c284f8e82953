/** The answers of GET /api/dashboard and GET /api/statistics/supervision-summary (see src/server/dashboard). */
export type Linked = { value: number; link: string | null };
export type Period = { kind: PeriodKind; label: string; from: string; to: string };
export type PeriodKind = 'month' | 'semester' | 'year' | 'custom';

export type HazardTiles = { tiles: { key: string; label: string; value: number; link: string }[] };
export type HazardRates = {
  found: Linked;
  closed: Linked;
  open: Linked;
  overdue: Linked;
  closedOnTime: number;
  rectifiedRate: number | null;
  onTimeRate: number | null;
};
export type HazardTrend = { months: { month: string; label: string; found: number; closed: number; link: string; closedLink: string }[] };
export type HazardGroups = { items: { key: string; label: string; found: number; open: number; link: string }[] };
export type TownshipRanking = {
  rows: {
    rank: number;
    id: string;
    name: string;
    found: number;
    closed: number;
    open: number;
    overdue: number;
    rectifiedRate: number | null;
    onTimeRate: number | null;
    link: string;
    overdueLink: string;
    dashboardLink: string;
  }[];
};
export type CoveragePanel = {
  obligation: string | null;
  months: { month: string; label: string; schools: number; done: number; overdue: number; rate: number | null; link: string }[];
};
type ObCell = { period: string; schools: number; done: number; open: number; overdue: number; rate: number | null };
export type SelfChecks = { link: string; items: { code: string; label: string; periodLabel: string; current: ObCell; previous: ObCell }[] };
export type NoticesPanel = {
  issued: Linked;
  acknowledged: Linked;
  unacknowledged: Linked;
  overdue: Linked;
  replied: Linked;
  penalties: Linked;
  byIssuerKind: Record<string, number>;
  byMonth: { month: string; notices: number; penalties: number }[];
};
export type SupervisionSummary = {
  from: string;
  to: string;
  level: string | null;
  levelLabel: string;
  unit: { id: string; name: string } | null;
  schoolsInScope: number;
  schoolsInspected: number;
  schoolsWithHazards: number;
  schoolsAllClosed: number;
  schoolsRectifying: number;
  hazardsFound: number;
  hazardsClosed: number;
  hazardsOpen: number;
  hazardsOverdue: number;
  noticesIssued: number;
  penalties: number;
  links: Record<string, string | null>;
};
export type SchoolMap = {
  tileUrl: string | null;
  withoutPosition: number;
  points: { id: string; name: string; parentName: string | null; lng: number; lat: number; open: number; overdue: number }[];
};

export type Panel = { key: string; title: string; data: unknown };
export type Dashboard = {
  today: string;
  generatedAt: string;
  period: Period;
  level: 'district' | 'area' | 'township' | 'school';
  unit: { id: string; name: string; kind: string } | null;
  scopeName: string;
  schools: number;
  panels: Panel[];
};

export const panelData = <T>(d: Dashboard | undefined, key: string): T | undefined => d?.panels.find((p) => p.key === key)?.data as T | undefined;

export const summaryLabels: [keyof SupervisionSummary, string][] = [
  ['schoolsInScope', '学校总数'],
  ['schoolsInspected', '督查学校数'],
  ['schoolsWithHazards', '发现隐患学校数'],
  ['schoolsAllClosed', '已全部整改学校数'],
  ['schoolsRectifying', '正在整改学校数'],
  ['hazardsFound', '发现隐患'],
  ['hazardsClosed', '已销号'],
  ['hazardsOpen', '未销号'],
  ['hazardsOverdue', '逾期'],
  ['noticesIssued', '整改通知书'],
  ['penalties', '执法处罚书'],
];
