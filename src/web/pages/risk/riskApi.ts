/** The server's answers (src/server/risk/*.service.ts), as the web reads them. */
export type Colour = 'red' | 'orange' | 'yellow' | 'blue';
export type Assessment = { method: 'ls'; l: number; s: number } | { method: 'lec'; l: number; e: number; c: number };

export const colourHex: Record<Colour, string> = { red: '#f5222d', orange: '#fa8c16', yellow: '#fadb14', blue: '#1677ff' };
export const colourTag: Record<Colour, string> = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue' };

export type RiskPolicy = {
  sources: { code: string; label: string }[];
  methods: { code: 'ls' | 'lec'; label: string }[];
  thresholds: Record<'ls' | 'lec', { red: number; orange: number; yellow: number; source: string }>;
  reviewDays: Record<Colour, number>;
  colours: { code: Colour; label: string; meaning: string }[];
  controlLevels: { code: string; label: string }[];
};

export type RiskPoint = {
  id: string;
  schoolId: string | null;
  schoolName: string;
  name: string;
  sourceCode: string;
  sourceLabel: string;
  place: string;
  description: string;
  accidentTypes: string;
  controlMeasures: string;
  controlLevel: string;
  controlLevelLabel: string;
  controlPerson: string;
  status: 'active' | 'retired';
  statusLabel: string;
  assessment: Assessment;
  methodLabel: string;
  score: number;
  colour: Colour;
  colourLabel: string;
  colourMeaning: string;
  assessedOn: string;
  nextReviewDue: string;
  reviewOverdue: boolean;
  version: number;
};
export type RiskPointDetail = RiskPoint & {
  canEdit: boolean;
  history: { id: string; assessment: Assessment; score: number; colour: Colour; colourLabel: string; assessedOn: string; note: string; byName: string }[];
};
export type RiskPointList = { items: RiskPoint[]; total: number; counts: Record<Colour, number>; policy: RiskPolicy };

export type RiskMapItem = {
  schoolId: string;
  schoolName: string;
  areaName: string | null;
  latitude: number | null;
  longitude: number | null;
  colour: Colour | null;
  colourLabel: string;
  counts: Record<Colour, number>;
};

export type AlertCounts = { total: number; acknowledged: number; late: number; pending: number; overdue: number };
export type RiskAlertSummary = {
  id: string;
  title: string;
  kind: string;
  kindLabel: string;
  deadline: string;
  senderUnitName: string;
  sentByName: string;
  sentAt: string;
  counts: AlertCounts;
};
export type RiskAlertDetail = RiskAlertSummary & {
  content: string;
  canChase: boolean;
  schools: {
    schoolId: string;
    schoolName: string;
    state: 'acknowledged' | 'late' | 'pending' | 'overdue';
    stateLabel: string;
    acknowledgedAt: string | null;
    acknowledgedByName: string | null;
    measures: string;
    chaseCount: number;
    lastChasedAt: string | null;
    canAcknowledge: boolean;
    canChase: boolean;
  }[];
};

export const alertKinds = [
  { value: 'season', label: '季节性' },
  { value: 'weather', label: '气象' },
  { value: 'event', label: '重大活动/事件' },
  { value: 'data', label: '数据研判' },
];

export const lsValues = [1, 2, 3, 4, 5];
export const lecL = [10, 6, 3, 1, 0.5, 0.2, 0.1];
export const lecE = [10, 6, 3, 2, 1, 0.5];
export const lecC = [100, 40, 15, 7, 3, 1];

export const formatTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');
