import { dashboardPanels } from '../dashboard/dashboard.registry.js';
import { narrowedActor, once, type View } from '../dashboard/dashboard.view.js';
import { listDrills } from '../drills/drills.service.js';
import { listEducationSessions } from '../education/education.service.js';
import { listTrainings } from '../education/trainings.service.js';
import { getGuardDutyStats } from '../guard-duty/guard-stats.service.js';
import { listInspections } from '../inspections/inspections.service.js';
import { listPatrolLogs } from '../patrol/patrol.service.js';
import { canTriageRole, listTriageQueue } from '../public-reports/triage.service.js';
import { listBusChecks } from '../school-bus/bus-checks.service.js';

/**
 * The cells a report's statistics table can hold, each computed by the one service function that
 * the module's page and the dashboard already use (one set of numbers): a cell over the dashboard's
 * view (the filing unit narrowed, the report's period as a custom period) reads the dashboard
 * panel's own figure or the module's list count. A module adds its cells here as small entries;
 * the pack's reports.yaml names the cells of each report type in the table's order.
 *
 * `compute` answers null when the figure does not apply at the view's level. The case cells are the
 * cases the filer sees about its schools (a centre its schools', a school its own: the cases panel).
 *
 * A department (派出所、市场监管所 …) has no dashboard level: a cell that has a figure for one
 * carries `department`, computed by the module's own function for that unit (the 护学岗 statistics
 * of a police station's precinct); the other cells of a department's report are the filer's.
 */
export type DepartmentCellContext = { app: View['app']; actor: View['actor']; unitId: string; from: string; to: string; memo: Map<string, Promise<unknown>> };
export type ReportCell = {
  key: string;
  label: string;
  /** The table's row group (隐患排查整治, 宣传教育 …). */
  group: string;
  unit: string;
  compute: (v: View) => Promise<number | null>;
  department?: (d: DepartmentCellContext) => Promise<number | null>;
  /** The kinds of filing units whose table has the cell (default: all): 群众反映 is not a school's figure. */
  filers?: readonly string[];
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
type Cases = { figures: { label: string; value: number }[]; incidentsByLevel: { value: number }[] };
const caseFigure = (label: string) => fromPanel<Cases>('cases', (d) => d.figures.find((f) => f.label === label)?.value ?? 0);

const period = (v: View) => ({ from: v.period.from, to: v.period.to });
/**
 * 护学岗: the statistics page's one function (getGuardDutyStats) over the period. That page caps a
 * period at half a year, so over a longer report period (a year) these cells are not computed.
 */
const GUARD_MAX_DAYS = 183;
const daysIn = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
type GuardCounts = Awaited<ReturnType<typeof getGuardDutyStats>>['counts'];
const guardStats = (v: View) =>
  daysIn(v.period.from, v.period.to) > GUARD_MAX_DAYS
    ? Promise.resolve(null)
    : once(v, 'reportCells:guard', async () => (await getGuardDutyStats(v.app, narrowedActor(v), period(v))).counts);
const guardOfDepartment = (d: DepartmentCellContext) => {
  if (daysIn(d.from, d.to) > GUARD_MAX_DAYS) return Promise.resolve(null);
  let p = d.memo.get('guard') as Promise<GuardCounts> | undefined;
  if (!p) {
    p = getGuardDutyStats(d.app, d.actor, { orgUnitId: d.unitId, from: d.from, to: d.to }).then((s) => s.counts);
    d.memo.set('guard', p);
  }
  return p;
};
const guardCell = (key: string, label: string, unit: string, pick: (c: GuardCounts) => number): ReportCell => ({
  key,
  label,
  group: '护学岗',
  unit,
  compute: async (v) => {
    const c = await guardStats(v);
    return c ? pick(c) : null;
  },
  department: async (d) => {
    const c = await guardOfDepartment(d);
    return c ? pick(c) : null;
  },
});

/**
 * 群众反映 (the triage queue's figures over the days received): the reports are handled by the
 * 教管中心/街道 and the district, and only they see them, so the cell exists at the district and
 * township levels for those roles, narrowed to the township as the handling unit.
 */
const publicReports = (v: View) => {
  if (v.level === 'school' || !canTriageRole(v.actor.role)) return Promise.resolve(null);
  const unitId = v.unit && v.unit.kind !== 'district' ? v.unit.id : undefined;
  return once(
    v,
    'reportCells:publicReports',
    async () => (await listTriageQueue(v.app.db, v.actor, { status: 'all', ...period(v), unitId, page: 1, pageSize: 1 })).counts,
  );
};

const busChecks = (v: View, kind: 'special_check' | 'weekly_study') => listBusChecks(v.app, narrowedActor(v), { ...period(v), kind, page: 1, pageSize: 1 });

/**
 * A figure the platform does not hold (a department's own work: police patrols around schools,
 * market inspections of food shops): no computed value, the filer writes it, and no note is asked.
 */
const filerCell = (key: string, label: string, group: string, unit: string): ReportCell => ({
  key,
  label,
  group,
  unit,
  compute: () => Promise.resolve(null),
  department: () => Promise.resolve(null),
});

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
  {
    key: 'training.sessions',
    label: '教职工安全培训',
    group: '宣传教育与演练',
    unit: '次',
    compute: async (v) => (await listTrainings(v.app, narrowedActor(v), { ...period(v), page: 1, pageSize: 1 })).total,
  },
  { key: 'sanfang.guards_required', label: '应配专职保安', group: '三防建设', unit: '人', compute: fromPanel<Sanfang>('sanfang', (d) => d.guardsRequired) },
  { key: 'sanfang.guards_on_post', label: '现有专职保安', group: '三防建设', unit: '人', compute: fromPanel<Sanfang>('sanfang', (d) => d.guardsOnPost) },
  { key: 'sanfang.guards_short', label: '缺配保安（逐校计）', group: '三防建设', unit: '人', compute: fromPanel<Sanfang>('sanfang', (d) => d.guardsShort) },
  {
    key: 'cases.registered',
    label: '登记案件（信访、纠纷、举报、事故）',
    group: '矛盾纠纷与案件',
    unit: '件',
    compute: caseFigure('登记案件'),
  },
  { key: 'cases.open', label: '办理中案件', group: '矛盾纠纷与案件', unit: '件', compute: caseFigure('办理中') },
  { key: 'cases.overdue', label: '已超时案件', group: '矛盾纠纷与案件', unit: '件', compute: caseFigure('已超时') },
  {
    key: 'cases.incidents',
    label: '安全事故和突发事件（起）',
    group: '矛盾纠纷与案件',
    unit: '起',
    compute: fromPanel<Cases>('cases', (d) => d.incidentsByLevel.reduce((n, l) => n + l.value, 0)),
  },
  {
    key: 'patrol.logs',
    label: '校园安全巡查（次）',
    group: '隐患排查整治',
    unit: '次',
    compute: async (v) => (await listPatrolLogs(v.app, narrowedActor(v), { ...period(v), page: 1, pageSize: 1 })).total,
  },
  {
    key: 'public_reports.received',
    label: '收到群众反映（举报）',
    group: '矛盾纠纷与案件',
    unit: '件',
    filers: ['centre', 'township'],
    compute: async (v) => (await publicReports(v))?.received ?? null,
  },
  {
    key: 'public_reports.handled',
    label: '其中已分拣处理',
    group: '矛盾纠纷与案件',
    unit: '件',
    filers: ['centre', 'township'],
    compute: async (v) => (await publicReports(v))?.handled ?? null,
  },
  {
    key: 'school_buses.special_checks',
    label: '校车专项检查',
    group: '校车安全',
    unit: '次',
    compute: async (v) => (await busChecks(v, 'special_check')).total,
  },
  {
    key: 'school_buses.weekly_studies',
    label: '驾驶员和照管人员安全学习',
    group: '校车安全',
    unit: '次',
    compute: async (v) => (await busChecks(v, 'weekly_study')).total,
  },
  guardCell('guard_duty.schools_set', '已设置护学岗的学校', '所', (c) => c.set),
  guardCell('guard_duty.schools_unset', '未设置护学岗的学校', '所', (c) => c.unset),
  guardCell('guard_duty.expected', '护学岗应到岗', '人次', (c) => c.expected),
  guardCell('guard_duty.signed', '护学岗实到岗签到', '人次', (c) => c.signed),
  filerCell('police.campus_patrols', '校园周边巡逻防控', '公安护校', '次'),
  filerCell('police.police_on_duty', '投入警力', '公安护校', '人次'),
  filerCell('police.cases_involving_schools', '涉校涉生案（事）件', '公安护校', '起'),
  filerCell('police.key_persons_checked', '排查管控重点人员', '公安护校', '人'),
  filerCell('market.food_checks', '检查学校食堂及校园周边食品经营单位', '市场监管', '户次'),
  filerCell('market.problems_found', '发现问题', '市场监管', '个'),
  filerCell('market.cases', '立案查处', '市场监管', '起'),
];

export const reportCellOf = (key: string) => reportCells.find((c) => c.key === key);
