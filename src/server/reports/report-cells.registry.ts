import { dashboardPanels } from '../dashboard/dashboard.registry.js';
import { narrowedActor, once, type View } from '../dashboard/dashboard.view.js';
import { listDrills } from '../drills/drills.service.js';
import { listEducationSessions } from '../education/education.service.js';
import { listInspections } from '../inspections/inspections.service.js';

/**
 * The cells a report's statistics table can hold, each computed by the one service function that
 * the module's page and the dashboard already use (one set of numbers): a cell over the dashboard's
 * view (the filing unit narrowed, the report's period as a custom period) reads the dashboard
 * panel's own figure or the module's list count. A module adds its cells here as small entries;
 * the pack's reports.yaml names the cells of each report type in the table's order.
 *
 * `compute` answers null when the figure does not apply at the view's level (cases are seen by the
 * units they are assigned to, so that cell exists at the district level only).
 */
export type ReportCell = {
  key: string;
  label: string;
  /** The table's row group (隐患排查整治, 宣传教育 …). */
  group: string;
  unit: string;
  compute: (v: View) => Promise<number | null>;
};

type Figure = { value: number };
/** A dashboard panel's data over the view, loaded once however many cells read it. */
const panel = <T>(v: View, key: string): Promise<T | null> => {
  const p = dashboardPanels.find((x) => x.key === key);
  if (!p || (p.levels && !p.levels.includes(v.level))) return Promise.resolve(null);
  return once(v, `reportCells:panel:${key}`, () => p.load(v) as Promise<T>);
};
const fromPanel =
  <T>(key: string, pick: (d: T) => number) =>
  async (v: View) => {
    const d = await panel<T>(v, key);
    return d === null ? null : pick(d);
  };

type Rates = { found: Figure; closed: Figure; open: Figure; overdue: Figure };
type Tiles = { tiles: { key: string; value: number }[] };
type Notices = { issued: Figure; penalties: Figure };
type Sanfang = { guardsRequired: number; guardsOnPost: number; guardsShort: number };
type Cases = { figures: { label: string; value: number }[] };

const period = (v: View) => ({ from: v.period.from, to: v.period.to });
const education = (v: View) => once(v, 'reportCells:education', () => listEducationSessions(v.app, narrowedActor(v), { ...period(v), page: 1, pageSize: 1 }));

export const reportCells: readonly ReportCell[] = [
  {
    key: 'inspections.submitted',
    label: '开展安全检查（次）',
    group: '隐患排查整治',
    unit: '次',
    compute: async (v) => (await listInspections(v.app, narrowedActor(v), { ...period(v), status: 'submitted', page: 1, pageSize: 1 })).total,
  },
  { key: 'hazards.found', label: '本期发现隐患', group: '隐患排查整治', unit: '处', compute: fromPanel<Rates>('hazardRates', (d) => d.found.value) },
  { key: 'hazards.closed', label: '其中已整改销号', group: '隐患排查整治', unit: '处', compute: fromPanel<Rates>('hazardRates', (d) => d.closed.value) },
  { key: 'hazards.open', label: '其中尚未销号', group: '隐患排查整治', unit: '处', compute: fromPanel<Rates>('hazardRates', (d) => d.open.value) },
  { key: 'hazards.overdue', label: '其中逾期未整改', group: '隐患排查整治', unit: '处', compute: fromPanel<Rates>('hazardRates', (d) => d.overdue.value) },
  {
    key: 'hazards.backlog',
    label: '当前未销号隐患（累计）',
    group: '隐患排查整治',
    unit: '处',
    compute: fromPanel<Tiles>('hazardTiles', (d) => d.tiles.find((t) => t.key === 'open')?.value ?? 0),
  },
  { key: 'notices.issued', label: '下达整改通知书', group: '督查执法', unit: '份', compute: fromPanel<Notices>('notices', (d) => d.issued.value) },
  { key: 'notices.penalties', label: '执法处罚', group: '督查执法', unit: '起', compute: fromPanel<Notices>('notices', (d) => d.penalties.value) },
  {
    key: 'drills.submitted',
    label: '开展应急演练',
    group: '宣传教育与演练',
    unit: '次',
    compute: async (v) => (await listDrills(v.app, narrowedActor(v), { ...period(v), status: 'submitted', page: 1, pageSize: 1 })).total,
  },
  { key: 'education.sessions', label: '开展安全教育', group: '宣传教育与演练', unit: '次', compute: async (v) => (await education(v)).total },
  { key: 'education.hours', label: '安全教育课时', group: '宣传教育与演练', unit: '课时', compute: async (v) => Number((await education(v)).counts.hours) },
  { key: 'sanfang.guards_required', label: '应配专职保安', group: '三防建设', unit: '人', compute: fromPanel<Sanfang>('sanfang', (d) => d.guardsRequired) },
  { key: 'sanfang.guards_on_post', label: '现有专职保安', group: '三防建设', unit: '人', compute: fromPanel<Sanfang>('sanfang', (d) => d.guardsOnPost) },
  { key: 'sanfang.guards_short', label: '缺配保安（逐校计）', group: '三防建设', unit: '人', compute: fromPanel<Sanfang>('sanfang', (d) => d.guardsShort) },
  {
    key: 'cases.registered',
    label: '登记案件（信访、纠纷、举报、事故）',
    group: '矛盾纠纷与案件',
    unit: '件',
    compute: fromPanel<Cases>('cases', (d) => d.figures.find((f) => f.label === '登记案件')?.value ?? 0),
  },
];

export const reportCellOf = (key: string) => reportCells.find((c) => c.key === key);
