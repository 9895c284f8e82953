import type { Attachment } from '../../api/types';

/** The server's answers (src/server/cases/*), as the web reads them. */
export type Sla = 'none' | 'on_time' | 'due_soon' | 'overdue';
export type CaseItem = {
  id: string;
  code: string;
  typeCode: string;
  typeLabel: string;
  kind: string;
  title: string;
  source: string;
  sourceLabel: string;
  schoolId: string | null;
  schoolName: string | null;
  ownerUnitName: string;
  assignedUnitId: string | null;
  assignedUnitName: string | null;
  state: string;
  stateLabel: string;
  reviewRound: number;
  stepDueAt: string | null;
  sla: Sla;
  slaLabel: string;
  level: string | null;
  levelLabel: string | null;
  /** An incident's reports made late or not made in time (迟报/漏报). */
  faultyReports: { kind: string; label: string; lateText: string | null }[];
  /** 瞒报, marked by the district. */
  concealed: boolean;
  confidentiality: string;
  createdAt: string;
  createdByName: string;
};
export type CaseList = { items: CaseItem[]; total: number; page: number; pageSize: number };
export type TimeLimit = { amount: number; unit: 'hours' | 'days' | 'working_days' };
export type CaseType = {
  code: string;
  label: string;
  incident: boolean;
  requiresReply: boolean;
  limits: Partial<Record<string, TimeLimit>>;
  extension: (TimeLimit & { max: number }) | null;
  reviews: number;
  escalateImmediately: string[];
  confidentiality: 'normal' | 'personal' | 'minor';
  kinds: string[];
  source: string;
  certainty: string;
};
export type IncidentLevel = { code: string; label: string };
export type CaseTypes = { types: CaseType[]; steps: { code: string; label: string }[]; incident: { levels: IncidentLevel[]; kinds: string[] } | null };
export type CaseEvent = {
  seq: number;
  action: string;
  actionLabel: string;
  toStateLabel: string;
  actorName: string;
  actorRole: string;
  unitName: string;
  at: string;
  note: string;
  attachmentIds: string[];
};
export type IncidentReport = {
  kind: string;
  label: string;
  dueAt: string | null;
  doneAt: string | null;
  status: 'done' | 'late' | 'overdue' | 'open';
  /** 迟报/逾期未报 by how long (“迟报 1 小时 5 分钟”); null when on time or still in time. */
  lateText?: string | null;
};
export type CaseDetail = CaseItem & {
  description: string;
  subjectName: string;
  reporterName: string;
  reporterPhone: string;
  masked: boolean;
  reply: string;
  repliedAt: string | null;
  version: number;
  stepEnteredAt: string;
  /** 任务分办: the handling deadline the assigning unit set. */
  handlingDueAt: string | null;
  requiresReply: boolean;
  incident: null | {
    occurredAt: string | null;
    place: string;
    deaths: number;
    seriousInjuries: number;
    minorInjuries: number;
    lossYuan: number;
    level: string | null;
    levelLabel: string | null;
    levelComputedLabel: string | null;
    levelCorrectedBy: string | null;
    handling: string;
    liability: string;
    insuranceStatus: string;
    insuranceStatusLabel: string;
    insuranceAmount: number | null;
    mediationOutcome: string;
    lessons: string;
    reports: IncidentReport[];
    /** The district's upward report (逐级上报); null when the incident does not escalate. */
    upward: Omit<IncidentReport, 'kind'> | null;
    /** 瞒报, marked by the district. */
    concealed: { at: string; reason: string; byName: string } | null;
  };
  escalations: {
    target: string;
    unitName: string;
    notifiedAt: string;
    acknowledgedAt: string | null;
    acknowledgedByName: string | null;
    minutesToAcknowledge: number | null;
  }[];
  relatedSchools: { id: string; name: string }[];
  hazards: { id: string; code: string; title: string; state: string }[];
  attachments: Attachment[];
  timeline: CaseEvent[];
  availableActions: string[];
};

export const caseSourceOptions = [
  { value: 'letter', label: '来信' },
  { value: 'visit', label: '来访' },
  { value: 'phone', label: '来电' },
  { value: 'online', label: '网上信访' },
  { value: 'supervision_platform', label: '“互联网+督查”平台交办' },
  { value: 'public_report', label: '群众举报（公众渠道）' },
  { value: 'school_report', label: '学校报告' },
  { value: 'police', label: '公安通报' },
  { value: 'screening', label: '排查发现' },
  { value: 'other', label: '其他' },
];

export const slaColor: Record<Sla, string> = { none: 'default', on_time: 'green', due_soon: 'orange', overdue: 'red' };
export const limitText = (l: TimeLimit | undefined) => (l ? `${l.amount}${{ hours: ' 小时', days: ' 天', working_days: ' 个工作日' }[l.unit]}` : '不限');
export const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
