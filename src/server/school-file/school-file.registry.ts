import type { SchoolFilePanel } from './panel.js';
import { casesPanel } from './panels/cases.panel.js';
import { coveragePanel } from './panels/coverage.panel.js';
import { drillsPanel } from './panels/drills.panel.js';
import { educationPanel } from './panels/education.panel.js';
import { guardDutyPanel } from './panels/guard-duty.panel.js';
import { hazardsPanel } from './panels/hazards.panel.js';
import { inspectionsPanel } from './panels/inspections.panel.js';
import { documentsPanel, lettersPanel } from './panels/letters.panel.js';
import { noticesPanel } from './panels/notices.panel.js';
import { obligationsPanel } from './panels/obligations.panel.js';
import { patrolPanel } from './panels/patrol.panel.js';
import { penaltiesPanel } from './panels/penalties.panel.js';
import { riskPanel } from './panels/risk.panel.js';
import { sanfangPanel } from './panels/sanfang.panel.js';
import { schoolBusPanel } from './panels/school-bus.panel.js';
import { surroundingsPanel } from './panels/surroundings.panel.js';
import { trainingsPanel } from './panels/trainings.panel.js';

/**
 * The panels of the one-school file (一校一档), in the order the file shows them. A module
 * (三防, drills, surroundings, cases …) adds its panel file under panels/ and one line here;
 * the web adds a tab for the same key in src/web/pages/school-file/panels.tsx (or shows the
 * counts with their links when it has none).
 */
export const schoolFilePanels: readonly SchoolFilePanel[] = [
  hazardsPanel,
  inspectionsPanel,
  coveragePanel,
  obligationsPanel,
  noticesPanel,
  penaltiesPanel,
  drillsPanel,
  educationPanel,
  trainingsPanel,
  patrolPanel,
  lettersPanel,
  documentsPanel,
  sanfangPanel,
  surroundingsPanel,
  schoolBusPanel,
  guardDutyPanel,
  riskPanel,
  casesPanel,
];
