import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { RubricUnitType } from '../../domain/policy/rubric-schema.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { bulletinsMeasure } from './measures/bulletins.measure.js';
import { incidentDeathsMeasure, incidentReportsLateMeasure, incidentsConcealedMeasure, incidentsMeasure } from './measures/cases.measure.js';
import { obligationMissedMeasure, obligationRateMeasure } from './measures/coverage.measure.js';
import { educationClassRateMeasure } from './measures/education.measure.js';
import { guardPostSetMeasure } from './measures/guard-duty.measure.js';
import { hazardsOnTimeRateMeasure, hazardsOverdueMeasure } from './measures/hazards.measure.js';
import { importedMeasure } from './measures/imported.measure.js';
import { reportStandingMeasure } from './measures/reports.measure.js';
import { riskAlertMissedMeasure, riskAlertRateMeasure } from './measures/risk-alerts.measure.js';
import { safetyCheckInMeasure } from './measures/safety.measure.js';
import { sanfangGapsMeasure, sanfangRateMeasure } from './measures/sanfang.measure.js';

/**
 * The closed set of measures a rubric item may be computed from. A measure turns platform data
 * into one number per assessed unit, with the rows behind it (a click on the score shows which
 * hazards were late, which months were missed). Each measure calls its module's ONE service
 * function — the same one the module's page, the dashboard and the Excel use — so assessment
 * shows the platform's one set of numbers.
 *
 * A module adds a measure by writing `measures/<module>.measure.ts` and appending it here. A
 * measure of a module that does not exist yet is simply not offered: a rubric naming it is
 * refused when a round opens (and by the pack test).
 *
 * `compute` is called once per rubric item with every unit of the round: a measure reads its
 * module's figures for the whole district once (or once per period) and partitions them, never
 * one read per unit.
 */
export type AssessedUnit = { id: string; code: string; name: string; parentId: string | null; parentName: string; schoolType: string | null };
export type EvidenceRow = { text: string; link?: string | undefined };
export type MeasureValue = {
  /** null: nothing to judge in the period (no hazard found, no duty due) — the item keeps full points. */
  value: number | null;
  /** One line the assessment page shows next to the value (“12 个周期完成 11 个”). */
  detail: string;
  rows: EvidenceRow[];
};
export type MeasureContext = {
  app: AppContext;
  /** The round's creator: the figures are computed within their scope (the district). */
  actor: Actor;
  pack: ResolvedPack;
  from: string;
  to: string;
  units: readonly AssessedUnit[];
  unitType: RubricUnitType;
  params: Readonly<Record<string, string | number | boolean>>;
  now: Date;
};
export type MeasureDef = {
  code: string;
  label: string;
  /** What the value counts, for the rubric page (“%”、“项”、“人”). */
  unit: string;
  unitTypes: readonly RubricUnitType[];
  /** A problem with the item's params on this pack (unknown obligation …), or null. */
  checkParams: (params: MeasureContext['params'], pack: ResolvedPack) => string | null;
  compute: (ctx: MeasureContext) => Promise<Map<string, MeasureValue>>;
};

export const measures: readonly MeasureDef[] = [
  obligationRateMeasure,
  obligationMissedMeasure,
  hazardsOnTimeRateMeasure,
  hazardsOverdueMeasure,
  incidentsMeasure,
  incidentDeathsMeasure,
  incidentReportsLateMeasure,
  incidentsConcealedMeasure,
  guardPostSetMeasure,
  reportStandingMeasure,
  safetyCheckInMeasure,
  bulletinsMeasure,
  riskAlertRateMeasure,
  riskAlertMissedMeasure,
  sanfangRateMeasure,
  sanfangGapsMeasure,
  educationClassRateMeasure,
  importedMeasure,
];

export const measureNamed = (code: string) => measures.find((m) => m.code === code);

/** At most this many rows are kept behind one value (the count is always exact). */
export const MAX_EVIDENCE_ROWS = 100;
