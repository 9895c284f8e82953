/** The server's answers (src/server/safety), as the web reads them. */
export type BoardStatus = 'safe' | 'exception' | 'pending' | 'missing';
export type SafetyPeriod = {
  id: string;
  title: string;
  kind: string;
  kindLabel: string;
  startsOn: string;
  endsOn: string;
  cutoffTime: string;
  ownerUnitId: string;
  note: string;
  closedAt: string | null;
  createdByName: string;
  today?: { day: string; status: BoardStatus; reportedAt: string | null; late: boolean; caseCode: string | null } | null;
};
export type PeriodList = { today: string; canOpen: boolean; canReport: boolean; items: SafetyPeriod[] };
export type BoardRow = {
  schoolId: string;
  schoolName: string;
  parentName: string;
  status: BoardStatus;
  statusLabel: string;
  reportedAt: string | null;
  reportedByName: string;
  late: boolean;
  note: string;
  caseId: string | null;
  caseCode: string | null;
  periodLate: number;
  periodMissing: number;
};
export type Board = {
  period: { id: string; title: string; startsOn: string; endsOn: string; cutoffTime: string; closedAt: string | null };
  day: string;
  today: string;
  canChase: boolean;
  summary: { total: number; safe: number; exception: number; pending: number; missing: number; late: number };
  rows: BoardRow[];
};

export const statusColors: Record<BoardStatus, string> = { safe: 'green', exception: 'red', pending: 'default', missing: 'orange' };
export const periodKinds = [
  { value: 'holiday', label: '节假日' },
  { value: 'major_event', label: '重大活动' },
  { value: 'flood_season', label: '汛期' },
  { value: 'other', label: '其他重点时段' },
];
export const exceptionTypes = [
  { value: 'emergency', label: '突发事件' },
  { value: 'accident', label: '安全事故' },
  { value: 'threat', label: '扬言报复/涉校风险' },
  { value: 'dispute', label: '矛盾纠纷' },
];
