import { caseSourceLabels, insuranceStatusLabels, maskName, maskPhone } from '../../domain/case-inputs.js';
import {
  faultyReports,
  incidentReportLabels,
  incidentReportStanding,
  lateText,
  type ReportStanding,
  reportDeadlines,
  reportStandingLabels,
  type SlaStatus,
  slaStatus,
  slaStatusLabels,
} from '../../domain/case-time.js';
import { type CaseAction, caseActionLabels, caseStepLabels, reviewRoundLabel } from '../../domain/case-workflow.js';
import type { CaseStep, CaseTypeDef, IncidentPolicy } from '../../domain/policy/cases-schema.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { CaseEventRecord, CaseRecord } from './cases.repository.js';

export const typeOf = (pack: ResolvedPack, code: string): CaseTypeDef | undefined => pack.cases.types.find((t) => t.code === code);
export const typeLabel = (pack: ResolvedPack, code: string) => typeOf(pack, code)?.label ?? code;
export const levelLabel = (incident: IncidentPolicy | null, code: string | null) =>
  code ? (incident?.levels.find((l) => l.code === code)?.label ?? code) : null;

export type CaseListItem = {
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
  state: CaseStep;
  stateLabel: string;
  reviewRound: number;
  stepDueAt: string | null;
  sla: SlaStatus;
  slaLabel: string;
  level: string | null;
  levelLabel: string | null;
  /** Deaths recorded on an incident (assessment's 一票否决 measure reads it). */
  deaths: number;
  /** An incident's required reports made late or not made by their deadline (迟报/漏报; assessment reads it). */
  faultyReports: ReportStandingDto[];
  /** The district's 瞒报 mark on an incident. */
  concealed: boolean;
  confidentiality: string;
  createdAt: string;
  createdByName: string;
};

export function toListItem(pack: ResolvedPack, c: CaseRecord, now: Date): CaseListItem {
  const state = c.state as CaseStep;
  const sla = state === 'archived' ? 'none' : slaStatus(c.step_entered_at, c.step_due_at, now);
  return {
    id: c.id,
    code: c.code,
    typeCode: c.type_code,
    typeLabel: typeLabel(pack, c.type_code),
    kind: c.kind,
    title: c.title,
    source: c.source,
    sourceLabel: (caseSourceLabels as Record<string, string>)[c.source] ?? c.source,
    schoolId: c.school_id,
    schoolName: c.school_name,
    ownerUnitName: c.owner_unit_name,
    assignedUnitId: c.assigned_unit_id,
    assignedUnitName: c.assigned_unit_name,
    state,
    stateLabel: `${caseStepLabels[state]}${c.review_round && state !== 'archived' ? `（${reviewRoundLabel(c.review_round)}）` : ''}`,
    reviewRound: c.review_round,
    stepDueAt: c.step_due_at?.toISOString() ?? null,
    sla,
    slaLabel: state === 'archived' ? '已归档' : slaStatusLabels[sla],
    level: c.level,
    levelLabel: levelLabel(pack.cases.incident, c.level),
    deaths: c.deaths,
    faultyReports: faultyReports(reportStandingOf(pack, c, now)).map(toStandingDto),
    concealed: c.concealed_at !== null,
    confidentiality: c.confidentiality,
    createdAt: c.created_at.toISOString(),
    createdByName: c.created_by_name,
  };
}

export type CaseEventDto = {
  seq: number;
  action: string;
  actionLabel: string;
  fromState: string | null;
  toState: string;
  toStateLabel: string;
  actorName: string;
  actorRole: string;
  unitName: string;
  at: string;
  note: string;
  data: unknown;
  attachmentIds: string[];
};

const eventLabel = (a: string) =>
  a === 'create' ? '登记' : a === 'escalated' ? '即时上报' : ((caseActionLabels as Record<string, string>)[a as CaseAction] ?? a);

export const toEventDto = (e: CaseEventRecord, personal: boolean): CaseEventDto => ({
  seq: e.seq,
  action: e.action,
  actionLabel: eventLabel(e.action),
  fromState: e.from_state,
  toState: e.to_state,
  toStateLabel: caseStepLabels[e.to_state as CaseStep] ?? e.to_state,
  actorName: e.actor_name,
  actorRole: e.actor_role,
  unitName: e.unit_name,
  at: e.at.toISOString(),
  // The reply to the petitioner names them: masked with the rest of their data.
  note: personal || e.action !== 'reply' ? e.note : '（答复内容含反映人信息，已隐藏）',
  data: e.data,
  attachmentIds: e.attachment_ids,
});

/** Each report an incident's level requires, on time / late / missing (domain/case-time.ts); [] for other cases. */
export function reportStandingOf(pack: ResolvedPack, c: CaseRecord, now: Date): ReportStanding[] {
  const level = pack.cases.incident?.levels.find((l) => l.code === c.level) ?? null;
  if (!level || !c.occurred_at) return [];
  const done = { first: c.first_report_at, written: c.written_report_at, follow_up: c.follow_up_at, final: c.final_report_at };
  return incidentReportStanding(reportDeadlines(level, c.occurred_at), done, now);
}

export type ReportStandingDto = {
  kind: ReportStanding['kind'];
  label: string;
  dueAt: string | null;
  doneAt: string | null;
  /** Legacy status the case page colours by: done / late / overdue (missing) / open. */
  status: 'done' | 'late' | 'overdue' | 'open';
  standing: ReportStanding['status'];
  standingLabel: string;
  lateMinutes: number | null;
  lateText: string | null;
};

const legacyStatus = { on_time: 'done', late: 'late', missing: 'overdue', pending: 'open', not_required: 'open' } as const;

export const toStandingDto = (r: ReportStanding): ReportStandingDto => ({
  kind: r.kind,
  label: incidentReportLabels[r.kind],
  dueAt: r.dueAt?.toISOString() ?? null,
  doneAt: r.doneAt?.toISOString() ?? null,
  status: r.doneAt && r.status === 'not_required' ? 'done' : legacyStatus[r.status],
  standing: r.status,
  standingLabel: reportStandingLabels[r.status],
  lateMinutes: r.lateMinutes,
  lateText: r.lateMinutes === null ? null : `${r.status === 'late' ? '迟报' : '已逾期'} ${lateText(r.lateMinutes)}`,
});

export function incidentDto(pack: ResolvedPack, c: CaseRecord, now: Date) {
  const incident = pack.cases.incident;
  const standing = reportStandingOf(pack, c, now);
  return {
    occurredAt: c.occurred_at?.toISOString() ?? null,
    place: c.place,
    deaths: c.deaths,
    seriousInjuries: c.serious_injuries,
    minorInjuries: c.minor_injuries,
    lossYuan: c.loss_yuan,
    level: c.level,
    levelLabel: levelLabel(incident, c.level),
    levelComputed: c.level_computed,
    levelComputedLabel: levelLabel(incident, c.level_computed),
    levelCorrectedBy: c.level_corrected_by_name,
    handling: c.handling,
    liability: c.liability,
    insuranceStatus: c.insurance_status,
    insuranceStatusLabel: (insuranceStatusLabels as Record<string, string>)[c.insurance_status] ?? c.insurance_status,
    insuranceAmount: c.insurance_amount,
    mediationOutcome: c.mediation_outcome,
    lessons: c.lessons,
    /** The district's upward report (逐级上报): null when the incident does not escalate. */
    upward: c.upward_due_at
      ? {
          label: '向上级报告',
          dueAt: c.upward_due_at.toISOString(),
          doneAt: c.upward_report_at?.toISOString() ?? null,
          status: c.upward_report_at ? (c.upward_report_at > c.upward_due_at ? 'late' : 'done') : c.upward_due_at < now ? 'overdue' : 'open',
        }
      : null,
    /** Every report kind; before the level or the time is known, the reports made so far without deadlines. */
    reports: (standing.length
      ? standing
      : incidentReportStanding(null, { first: c.first_report_at, written: c.written_report_at, follow_up: c.follow_up_at, final: c.final_report_at }, now)
    ).map(toStandingDto),
    /** 瞒报: marked by the district with its reason. */
    concealed: c.concealed_at ? { at: c.concealed_at.toISOString(), reason: c.concealed_reason, byName: c.concealed_by_name ?? '' } : null,
  };
}

export function personalData(c: CaseRecord, visible: boolean) {
  return visible
    ? { reporterName: c.reporter_name, reporterPhone: c.reporter_phone, masked: false }
    : { reporterName: maskName(c.reporter_name), reporterPhone: maskPhone(c.reporter_phone), masked: true };
}
