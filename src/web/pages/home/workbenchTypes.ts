/** The answer of GET /api/workbench (src/server/workbench/workbench.types.ts). */
export type WorkbenchTone = 'danger' | 'warning' | 'normal';

export type WorkbenchRow = {
  id: string;
  title: string;
  subtitle: string;
  link: string;
  school?: { id: string; name: string };
  deadline: string | null;
  canUrge: boolean;
};

export type WorkbenchDuty = {
  status: 'done' | 'open' | 'overdue' | 'upcoming' | 'none';
  periodLabel: string;
  done: number;
  required: number;
  unit: string;
  dueDate: string | null;
  start: string | null;
};

export type WorkbenchItem = {
  key: string;
  label: string;
  count: number;
  link: string | null;
  tone: WorkbenchTone;
  hint?: string;
  duty?: WorkbenchDuty;
  rows?: WorkbenchRow[];
};

export type WorkbenchSection = { key: 'duties' | 'school_hazards' | 'supervision' | 'notices' | 'inbox'; title: string; items: WorkbenchItem[] };

export type Workbench = {
  today: string;
  role: string;
  roleLabel: string;
  abilities: { area: string; text: string }[];
  dashboard: { link: string; label: string } | null;
  sections: WorkbenchSection[];
};

export const toneColors: Record<WorkbenchTone, string | undefined> = { danger: '#cf1322', warning: '#d46b08', normal: undefined };
