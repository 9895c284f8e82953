import type { ComponentType } from 'react';
import { CasesPanel } from './CasesPanel';
import { CoveragePanel } from './CoveragePanel';
import { DrillsPanel } from './DrillsPanel';
import { EducationPanel, TrainingsPanel } from './EducationPanels';
import { HazardsPanel } from './HazardsPanel';
import { InspectionsPanel } from './InspectionsPanel';
import { NoticesPanel, PenaltiesPanel } from './NoticesPanel';
import { ObligationsPanel } from './ObligationsPanel';
import { PatrolPanel } from './PatrolPanel';
import { SchoolBusPanel } from './SchoolBusPanel';
import { SurroundingsPanel } from './SurroundingsPanel';
import type { PanelProps } from './schoolFileTypes';

/**
 * The tab of each panel of the one-school file, by the key the server's registry gives it
 * (src/server/school-file/school-file.registry.ts). A module adds its tab with one line here;
 * a panel with no tab here still shows its figures and their links on the overview.
 */
export const panelTabs: Record<string, ComponentType<PanelProps>> = {
  hazards: HazardsPanel,
  inspections: InspectionsPanel,
  coverage: CoveragePanel,
  obligations: ObligationsPanel,
  notices: NoticesPanel,
  penalties: PenaltiesPanel,
  drills: DrillsPanel,
  education: EducationPanel,
  trainings: TrainingsPanel,
  patrol: PatrolPanel,
  surroundings: SurroundingsPanel,
  school_bus: SchoolBusPanel,
  cases: CasesPanel,
};
