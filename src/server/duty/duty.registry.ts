import type { DutyKind } from '../../domain/duty.js';
import { educationDutySource } from '../education/education-duty.repository.js';
import { trainingDutySource } from '../education/training-duty.repository.js';
import { patrolDutySource, rosterDutySource } from '../patrol/patrol-duty.repository.js';
import { alarmDrillDutySource } from './alarm-drill-duty.repository.js';
import { busCheckDutySource, busStudyDutySource } from './bus-duty.repository.js';
import { documentDutySource } from './document-duty.repository.js';
import { drillDutySource } from './drill-duty.repository.js';
import type { DutySource } from './duty-sources.js';
import { inspectionDutySource } from './inspection-duty.repository.js';
import { letterDutySource } from './letter-duty.repository.js';
import { riskReviewDutySource } from './risk-review-duty.repository.js';
import { screeningDutySource } from './screening-duty.repository.js';

/**
 * Every duty source, listed explicitly (no directory scan) so the list is reviewable.
 * A record module adds its source here: one import and one entry.
 */
export const dutySources: readonly DutySource[] = [
  inspectionDutySource,
  drillDutySource,
  educationDutySource,
  trainingDutySource,
  patrolDutySource,
  rosterDutySource,
  letterDutySource,
  documentDutySource,
  alarmDrillDutySource,
  busCheckDutySource,
  busStudyDutySource,
  screeningDutySource,
  riskReviewDutySource,
];

/** The source of a kind; a kind nobody registered is a programming error, not user input. */
export function dutySource(kind: DutyKind): DutySource {
  const s = dutySources.find((x) => x.kind === kind);
  if (!s) throw new Error(`no duty source for ${kind}`);
  return s;
}
