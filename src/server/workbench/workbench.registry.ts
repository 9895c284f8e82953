import { bulletinMeetingSources } from './sources/bulletins-meetings.sources.js';
import { campaignsSource } from './sources/campaigns.source.js';
import { caseSources } from './sources/cases.sources.js';
import { deviceChecksSource } from './sources/device-checks.source.js';
import { dutiesSource } from './sources/duties.source.js';
import { guardDutySource } from './sources/guard-duty.source.js';
import { responsibleHazardSources, supervisorHazardSources } from './sources/hazards.sources.js';
import { inboxSource } from './sources/inbox.source.js';
import { keyPersonsSource } from './sources/key-persons.source.js';
import { noticeSources } from './sources/notices.sources.js';
import { publicReportsSource } from './sources/public-reports.source.js';
import { reportsSource } from './sources/reports.source.js';
import { riskAlertSource, riskReviewSource } from './sources/risk.sources.js';
import { safetyCheckInSource } from './sources/safety.source.js';
import { schoolBusSource } from './sources/school-bus.source.js';
import { coverageSource, plansSource } from './sources/supervision.sources.js';
import type { WorkbenchSource } from './workbench.types.js';

/**
 * Every to-do source of the workbench, in the order they show within their section. A module
 * adds its queue by writing one source file (see workbench.types.ts and docs/ARCHITECTURE.md,
 * "Workbench") and listing it here.
 */
export const workbenchRegistry: readonly WorkbenchSource[] = [
  dutiesSource,
  safetyCheckInSource,
  deviceChecksSource,
  schoolBusSource,
  campaignsSource,
  keyPersonsSource,
  guardDutySource,
  riskAlertSource,
  riskReviewSource,
  reportsSource,
  ...responsibleHazardSources,
  ...supervisorHazardSources,
  coverageSource,
  plansSource,
  ...caseSources,
  publicReportsSource,
  ...bulletinMeetingSources,
  ...noticeSources,
  inboxSource,
];
