import type { School } from '../../api/types';

/** One figure of a panel; `href` opens the list that has exactly these rows. */
export type PanelCount = {
  key: string;
  label: string;
  value: number;
  href: string | null;
  alert?: boolean;
  list: { path: string; query: Record<string, string>; countKey?: string } | null;
};

export type PanelSummary = { key: string; title: string; counts: PanelCount[]; detail?: unknown };

/** GET /api/schools/:id/file (src/server/school-file/school-file.service.ts). */
export type SchoolFile = { school: School; canEdit: boolean; panels: PanelSummary[] };

export type PanelProps = { school: School; panel: PanelSummary };
