/** Shapes of the reports endpoints (src/server/reports), as the web reads them. */
import type { Attachment } from '../../api/types';

export type Standing = 'on_time' | 'late' | 'returned' | 'missing' | 'pending';
export type ReportTypeItem = {
  code: string;
  label: string;
  filerLabels: string[];
  toLabel: string;
  period: string;
  dueRule: string;
  current: { key: string; label: string; start: string; end: string; dueOn: string } | null;
  filesHere: boolean;
  zeroReport: boolean;
  source: string;
};
export type DraftCell = {
  key: string;
  label: string;
  group: string;
  unit: string;
  computed: number | null;
  value: number | null;
  note: string;
  submittedComputed: number | null;
};
export type ReportVersion = {
  versionNo: number;
  zeroReport: boolean;
  cells: { key: string; label: string; computed: number | null; value: number | null; note: string }[];
  fields: Record<string, string>;
  submittedByName: string;
  submittedAt: string;
  returnedByName: string | null;
  returnedAt: string | null;
  returnReason: string | null;
  attachments: Attachment[];
};
export type ReportSummary = {
  id: string;
  typeCode: string;
  typeLabel?: string;
  periodKey: string;
  unitId: string;
  unitName: string;
  state: 'submitted' | 'returned';
  stateLabel: string;
  versionNo: number;
  dueOn: string;
  firstSubmittedAt: string;
  submittedAt: string;
  returnCount: number;
  returnReason: string | null;
  standing: Standing;
};
export type Draft = {
  type: { code: string; label: string; dueRule: string; toLabel: string; allowAttachments: boolean; zeroReport: boolean };
  period: { key: string; label: string; start: string; end: string };
  dueOn: string;
  standing: Standing;
  standingLabel: string;
  unit: { id: string; name: string; kind: string };
  cells: DraftCell[];
  fields: { code: string; label: string; required: boolean; maxLength: number; value: string }[];
  zeroReport: boolean;
  report: (ReportSummary & { versions: ReportVersion[] }) | null;
  children: null | {
    expected: number;
    filed: number;
    sums: Record<string, number>;
    missing: { unitId: string; unitName: string }[];
    returned: { unitId: string; unitName: string }[];
    rows: { unitId: string; unitName: string; reportId: string | null; standing: Standing; standingLabel: string; cells: Record<string, number | null> }[];
  };
  canSubmit: boolean;
  canReturn: boolean;
  /** The filer's saved, unfinished draft (shown to the unit's own filers only). */
  savedDraft: { version: number; savedAt: string; savedByName: string } | null;
};
export type StatusBoard = {
  type: { code: string; label: string };
  period: { key: string; label: string; start: string; end: string };
  dueOn: string;
  totals: Record<Standing, number> & { expected: number; returns: number };
  rows: {
    unitId: string;
    unitName: string;
    parentName: string | null;
    reportId: string | null;
    standing: Standing;
    standingLabel: string;
    firstSubmittedAt: string | null;
    versionNo: number;
    returnCount: number;
  }[];
};

export const standingColors: Record<Standing, string> = { on_time: 'green', late: 'orange', returned: 'magenta', missing: 'red', pending: 'default' };
export { reportStandingLabels as standingLabels } from '../../../domain/reports';
export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
