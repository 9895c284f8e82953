import type { InspectionLevel, VocabSection } from './policy/pack-schema.js';

/**
 * The duty engine's vocabulary: every kind of record the platform keeps that an obligation of the
 * policy pack can count. A record module turns its rows into DutyFacts (server/duty/duty-sources.ts);
 * the one compliance computation (domain/coverage.ts) judges them against the pack's rules.
 */
export const dutyKinds = [
  'inspection',
  'drill',
  'education',
  'training',
  'letter',
  'document',
  'patrol',
  'roster',
  'alarm_drill',
  'bus_check',
  'bus_study',
  'screening',
  'risk_review',
] as const;
export type DutyKind = (typeof dutyKinds)[number];
export const dutyKindLabels: Record<DutyKind, string> = {
  inspection: '检查',
  drill: '应急演练',
  education: '安全教育',
  training: '教职工培训',
  letter: '安全责任书',
  document: '制度和预案',
  patrol: '巡查记录',
  roster: '值班',
  alarm_drill: '报警演练',
  bus_check: '校车专项检查',
  bus_study: '校车安全学习',
  screening: '排查报告',
  risk_review: '风险点复评',
};

/** The vocabulary (vocabularies.yaml section) an obligation's `types` are codes of; inspections name templates; rosters have none. */
export const dutyKindVocab: Record<DutyKind, VocabSection | null> = {
  inspection: null,
  drill: 'drillTypes',
  education: 'educationTopics',
  training: 'trainingKinds',
  letter: 'posts',
  document: 'documentTypes',
  patrol: 'patrolRoutes',
  roster: null,
  alarm_drill: null,
  bus_check: null,
  bus_study: null,
  screening: 'screeningTypes',
  risk_review: null,
};

/**
 * Where a school user records a duty of each kind (the compliance calendar's and the workbench's
 * "去记录"); an inspection opens the obligation's first template.
 */
export function recordLink(kind: DutyKind, firstType?: string): string {
  const q = (path: string, param: string) => (firstType ? `${path}?${param}=${encodeURIComponent(firstType)}` : path);
  switch (kind) {
    case 'inspection':
      return q('/inspections/new', 'template');
    case 'drill':
      return q('/drills/new', 'type');
    case 'education':
      return q('/education/new', 'topic');
    case 'training':
      return q('/trainings/new', 'kind');
    case 'letter':
      return '/letters';
    case 'document':
      return '/documents';
    case 'patrol':
      return q('/patrol-logs/new', 'route');
    case 'roster':
      return '/rosters';
    case 'alarm_drill':
      return '/sanfang/alarm-drills';
    case 'bus_check':
    case 'bus_study':
      return '/school-buses?tab=checks';
    case 'screening':
      return q('/screenings/new', 'type');
    case 'risk_review':
      return '/risk?overdue=true';
  }
}

/**
 * One record as the engine counts it. `subjectId` is the unit the record counts for: a school, or a
 * department / the district for their own duties. `type` is the record's code within its kind: the
 * template code of an inspection, the drill type, the education topic, the training kind, the post
 * of a letter, the document type, the patrol route (codes of the pack's vocabularies.yaml).
 */
export type DutyFact = {
  id: string;
  kind: DutyKind;
  subjectId: string;
  /** The school the record is about when the subject is a department (a health check at a school); else the subject. */
  schoolId: string | null;
  /** Asia/Shanghai calendar day YYYY-MM-DD. */
  day: string;
  type: string;
  /** Inspections only: the supervision level. */
  level?: InspectionLevel;
  /** The users credited (inspectors, teachers, patrol officers): an inspector's own coverage. */
  actorIds: readonly string[];
  /** Class hours (education) or training hours. */
  hours?: number;
  /** Education: who the hours are for: 'school', 'grade:<n>' or 'class:<id>'. */
  audience?: string;
  /** Education: the special occasion code (开学第一课 …). */
  occasion?: string;
  /** People taking part, and the base a share is taken of (enrolment, staff) at the time. */
  participants?: number;
  base?: number;
  /**
   * The unit that carried the record out when it is not the school: the department of an outside
   * speaker (the fire counsellor's lesson) or trainer. A department's own duty counts the facts of
   * its unit or of its users (actorIds).
   */
  unitId?: string;
  /**
   * Risk point reviews (kind risk_review, count rule on_time): the fact is one review due on `day`
   * (domain/risk-review.ts); reviewedOn is the day of the next assessment of the point, null while
   * there is none. The review is on time when reviewedOn <= day.
   */
  reviewedOn?: string | null;
};
