import type { DashboardLevel, View } from './dashboard.view.js';
import { campaignsPanel } from './panels/campaigns.panel.js';
import { casesPanel } from './panels/cases.panel.js';
import { hazardPanels } from './panels/hazard.panels.js';
import { mapPanel } from './panels/map.panel.js';
import { riskPanel } from './panels/risk.panel.js';
import { sanfangPanel } from './panels/sanfang.panel.js';
import { supervisionPanels } from './panels/supervision.panels.js';

/**
 * The dashboard is a list of panels. A panel computes its figures over the view (scope, unit,
 * period) and names, for every number, the web list that shows its rows (`link`), so the
 * dashboard, the 大屏 and the statistics page show one set of numbers that drill down.
 *
 * A module adds its panel by appending it here (explicitly, like routes.ts): 三防 gaps, drill
 * completion, cases … The web draws a panel by its key (src/web/pages/dashboard/panels.tsx);
 * a key the web does not know yet is shown as a table of its figures.
 */
export type DashboardPanel<T = unknown> = {
  key: string;
  title: string;
  /** Levels the panel is shown at (the township ranking is pointless for one school). */
  levels?: readonly DashboardLevel[];
  load: (v: View) => Promise<T>;
};

export const dashboardPanels: readonly DashboardPanel[] = [
  ...hazardPanels,
  ...supervisionPanels,
  mapPanel,
  sanfangPanel,
  casesPanel,
  riskPanel,
  campaignsPanel,
];

export const panelApplies = (p: DashboardPanel, level: DashboardLevel) => !p.levels || p.levels.includes(level);
