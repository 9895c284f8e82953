import { anchorLabel } from '../../domain/audit-chain.js';
import { shanghaiDay } from '../../domain/calendar.js';
import { type CellStatus, districtCells, type ObligationCell } from '../../domain/coverage.js';
import type { DutyFact } from '../../domain/duty.js';
import { AppError, forbidden } from '../../domain/errors.js';
import { type HazardLevel, type HazardSource, hazardCategoryLabel, hazardSourceLabels, hazardStateLabels } from '../../domain/hazard.js';
import { type Period, periodByKey, periodsBetween } from '../../domain/periods.js';
import type { InspectionLevel, ObligationDef, PeriodKind, ResolvedPack } from '../../domain/policy/pack-schema.js';
import { anchorDistrict } from '../audit/audit-anchors.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { getSupervisionSummary } from '../dashboard/supervision-summary.service.js';
import { countHazards } from '../hazards/hazards.repository.js';
import { scopedHazardFilter } from '../hazards/hazards.service.js';
import { schoolRoles } from '../inspections/inspections.service.js';
import { findOrgUnit } from '../org/org.repository.js';
import { packOf } from '../policy/policy.service.js';
import { buildMonthlyBriefingXlsx, buildWeeklyLedgerXlsx, weeklySummaryLine } from './briefing.excel.js';
import { renderMonthlyBriefingPdf, renderWeeklyLedgerPdf } from './briefing.pdf.js';
import * as repo from './briefing.repository.js';
import { findInspectionFacts } from './coverage.repository.js';
import { getCoverage } from './coverage.service.js';

/**
 * The joint inspection group's paperwork (seed 000): the weekly ledger (每周台账) of the
 * inspections at one level, and the monthly briefing (每月通报) for the joint meeting. Both are
 * reads in the actor's scope and reuse the coverage and hazard counts, so every number matches
 * GET /api/coverage, /api/hazards and /api/notices for the same scope and period.
 */
export type LedgerLevel = 'all' | InspectionLevel;
const JOINT_DAYS = 'joint_weekly_days';

/** Supervising roles only: a school sees its own checks on the inspection and obligation pages. */
function assertSupervisor(actor: Actor) {
  if (schoolRoles.has(actor.role)) {
    throw forbidden('联合督检台账和每月通报供督查人员使用；学校账号请在“安全检查”和“检查义务”页面查看本校情况');
  }
}

/** A period key from the query: malformed, non-existent and not yet started periods are 400s in Chinese. */
function periodOfKey(pack: ResolvedPack, kind: PeriodKind, key: string, today: string, path: string): Period {
  let p: Period;
  try {
    p = periodByKey(kind, key, pack.calendar.semesters);
  } catch (err) {
    if (err instanceof RangeError) throw new AppError('VALIDATION_FAILED', err.message, [{ path, message: err.message }]);
    throw err;
  }
  if (p.start > today) {
    const message = `${p.label}尚未开始，不能导出`;
    throw new AppError('VALIDATION_FAILED', message, [{ path, message }]);
  }
  return p;
}

/** Map.groupBy is Node 21+: the server runs on Node 20. */
function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}

const scopeIds = (actor: Actor) => (actor.scope.read.all ? null : [...actor.scope.read.ids]);
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const dayAfter = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);
const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

/** The district unit is the commission (云江区教育委员会); documents name the area (云江区). */
const areaNameOf = (unitName: string) => unitName.replace(/(教育委员会|教育和体育局|教育体育局|教育局|教体局|教委)$/, '') || unitName;

/** The header every document carries: who generated it for which area. */
async function documentHead(app: AppContext, actor: Actor, now: Date) {
  const [unitName, home] = await Promise.all([repo.findDistrictName(app.db, actor.districtId), findOrgUnit(app.db, actor.districtId, actor.orgUnitId)]);
  const districtName = areaNameOf(unitName);
  const scopeLabel = actor.scope.read.all ? `${districtName}全区` : `${home?.name ?? ''}权限范围内学校`;
  return { districtName, scopeLabel, generatedOn: shanghaiDay(now), generatedBy: actor.displayName };
}

export const cellVerdicts: Record<CellStatus, string> = { done: '达标', overdue: '未达标', open: '未达标（本周未结束）', upcoming: '未开始', none: '无数据' };

/** The joint group's days in each week against the pack's obligation; judged only over the whole district. */
function jointDays(ob: ObligationDef | undefined, weeks: readonly Period[], facts: readonly DutyFact[], actor: Actor, today: string) {
  if (!ob) return null;
  const cells: ObligationCell[] = districtCells(ob, weeks, facts, today);
  return {
    label: ob.label,
    required: ob.count,
    judged: actor.scope.read.all,
    weeks: weeks.map((w, i) => {
      const c = cells[i] as ObligationCell;
      return {
        key: w.key,
        label: w.label,
        start: w.start,
        end: w.end,
        days: c.done,
        status: c.status,
        verdict: actor.scope.read.all ? cellVerdicts[c.status] : '不评定',
      };
    }),
  };
}

const jointObligation = (pack: ResolvedPack) => pack.obligations.find((o) => o.code === JOINT_DAYS);

function ledgerLevels(pack: ResolvedPack, level: LedgerLevel) {
  const supervising = pack.levels.filter((l) => l.supervising);
  if (level === 'all') return supervising;
  const def = supervising.find((l) => l.code === level);
  if (!def) {
    const message = `「${pack.levels.find((l) => l.code === level)?.label ?? level}」不是本区政策包中的督查层级`;
    throw new AppError('VALIDATION_FAILED', message, [{ path: 'level', message }]);
  }
  return [def];
}

/** One ledger row per inspection: its failed items' texts and its hazards with their states. */
function ledgerRows(pack: ResolvedPack, inspections: readonly repo.LedgerInspectionRow[], items: readonly repo.LedgerItemRow[]) {
  const byInspection = groupBy(items, (i) => i.inspection_id);
  const levelLabel = (code: string) => pack.levels.find((l) => l.code === code)?.label ?? code;
  return inspections.map((r, i) => {
    const own = byInspection.get(r.id) ?? [];
    const hazards = own.filter((it) => it.hazard_code);
    return {
      no: i + 1,
      code: r.code,
      day: r.inspected_on,
      schoolName: r.school_name,
      parentName: r.parent_name ?? '',
      levelLabel: levelLabel(r.level),
      inspectors: (r.inspectors as { name: string }[]).map((x) => x.name).join('、'),
      template: `${r.template_name}（第${r.template_version}版）`,
      pass: r.pass_count,
      fail: r.fail_count,
      na: r.na_count,
      problems: own
        .filter((it) => it.result === 'fail')
        .map((it) => it.text)
        .join('；'),
      hazards: hazards.map((h) => `${h.hazard_code}（${hazardStateLabels[h.hazard_state as keyof typeof hazardStateLabels] ?? h.hazard_state}）`).join('；'),
      hazardIds: hazards.map((h) => h.hazard_id as string),
      remark: r.summary,
    };
  });
}

export type WeeklyLedger = Awaited<ReturnType<typeof getWeeklyLedger>>;

/** 每周台账: one row per submitted inspection of the week at the level, with the header summary. */
export async function getWeeklyLedger(app: AppContext, actor: Actor, q: { week: string; level: LedgerLevel }, now = new Date()) {
  assertSupervisor(actor);
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const week = periodOfKey(pack, 'weekly', q.week, today, 'week');
  const levels = ledgerLevels(pack, q.level);
  const filter = { districtId: actor.districtId, from: week.start, to: week.end, levels: levels.map((l) => l.code), schoolIds: scopeIds(actor) };
  const ob = jointObligation(pack);
  const [head, inspections, items, facts] = await Promise.all([
    documentHead(app, actor, now),
    repo.findLedgerInspections(app.db, filter),
    repo.findLedgerItems(app.db, filter),
    ob ? findInspectionFacts(app.db, actor.districtId, week.start, week.end, filter.schoolIds) : Promise.resolve([]),
  ]);
  const rows = ledgerRows(pack, inspections, items);
  const schoolIds = [...new Set(inspections.map((r) => r.school_id))];
  const notices = await repo.countNoticesToSchools(app.db, actor.districtId, schoolIds, dayStart(week.start), dayAfter(week.end));
  const title = `${q.level === 'all' ? '各级督查' : (levels[0]?.label ?? '')}每周台账（${week.label.replace('（', ' ').replace('）', '')}）`;
  return {
    ...head,
    title,
    period: week,
    level: q.level,
    levelLabel: q.level === 'all' ? '全部督查层级' : (levels[0]?.label ?? ''),
    summary: {
      days: new Set(rows.map((r) => r.day)).size,
      joint: jointDays(ob, [week], facts, actor, today),
      schools: schoolIds.length,
      inspections: rows.length,
      failedItems: rows.reduce((n, r) => n + r.fail, 0),
      hazards: new Set(rows.flatMap((r) => r.hazardIds)).size,
      notices,
    },
    rows,
  };
}

const statusLabels: Record<'open' | 'overdue', string> = { open: '本月尚未督查', overdue: '逾期未督查' };
type HazardGroup = Awaited<ReturnType<typeof repo.countHazardGroups>>[number];

/** 发现问题: the month's hazards by category × level and by source. */
function findingsOf(pack: ResolvedPack, groups: readonly HazardGroup[], schools: number) {
  const sum = (gs: readonly HazardGroup[]) => gs.reduce((n, g) => n + g.n, 0);
  const categoryLabel = (code: string) => pack.hazardCategories.find((c) => c.code === code)?.label ?? hazardCategoryLabel(code);
  const order = new Map(pack.hazardCategories.map((c, i) => [c.code, i]));
  const byCategory = [...groupBy(groups, (g) => g.category)]
    .sort(([a], [b]) => (order.get(a) ?? 999) - (order.get(b) ?? 999) || a.localeCompare(b))
    .map(([category, gs]) => {
      const level = (l: HazardLevel | null) => sum(gs.filter((g) => g.level === l));
      return { category, label: categoryLabel(category), general: level('general'), major: level('major'), unassessed: level(null), total: sum(gs) };
    });
  const bySource = [...groupBy(groups, (g) => g.source)]
    .map(([source, gs]) => ({ source, label: hazardSourceLabels[source as HazardSource] ?? source, n: sum(gs) }))
    .sort((a, b) => b.n - a.n || a.source.localeCompare(b.source));
  return {
    total: sum(groups),
    fromInspections: sum(groups.filter((g) => g.fromInspection)),
    major: sum(groups.filter((g) => g.level === 'major')),
    schools,
    byCategory,
    bySource,
  };
}

/** 整改情况 of the month's hazards, counted by the ledger's own query (the same numbers as GET /api/hazards). */
async function rectificationOf(app: AppContext, actor: Actor, month: Period, today: string) {
  const from = dayStart(month.start);
  const to = dayAfter(month.end);
  const scope = scopedHazardFilter(actor, today);
  const [counts, supervised] = await Promise.all([
    countHazards(app.db, { ...scope, foundFrom: from, foundTo: to }),
    repo.findOpenSupervisedHazards(app.db, scope, to),
  ]);
  return {
    total: counts.total,
    closed: counts.closed,
    closedOnTime: counts.closedOnTime,
    open: counts.open,
    overdue: counts.overdue,
    closedRate: rate(counts.closed, counts.total),
    onTimeRate: rate(counts.closedOnTime, counts.closed),
    supervised: supervised.map((h) => ({
      code: h.code,
      schoolName: h.school_name,
      parentName: h.parent_name ?? '',
      title: h.title,
      level: h.level,
      stateLabel: hazardStateLabels[h.state],
      deadline: h.deadline,
      overdue: h.deadline !== null && h.deadline < today,
      listedOn: h.supervision_listed_at ? shanghaiDay(h.supervision_listed_at) : null,
    })),
  };
}

/** Inspections of the month per level of the pack: count, schools, days. */
function inspectionsByLevel(pack: ResolvedPack, facts: readonly DutyFact[]) {
  return pack.levels.map((l) => {
    const own = facts.filter((f) => f.level === l.code);
    return {
      level: l.code,
      label: l.label,
      supervising: l.supervising,
      inspections: own.length,
      schools: new Set(own.map((f) => f.subjectId)).size,
      days: new Set(own.map((f) => f.day)).size,
    };
  });
}

/** The export adds the audit anchor written for it (docs/ARCHITECTURE.md "Audit trail"). */
export type MonthlyBriefing = Awaited<ReturnType<typeof getMonthlyBriefing>> & { auditAnchor?: string };

/** 每月通报: coverage, findings, rectification, rates by area and inspector, uncovered schools. */
export async function getMonthlyBriefing(app: AppContext, actor: Actor, q: { month: string }, now = new Date()) {
  assertSupervisor(actor);
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const month = periodOfKey(pack, 'monthly', q.month, today, 'month');
  const weeks = periodsBetween('weekly', month.start, month.end, pack.calendar.semesters);
  const ids = scopeIds(actor);
  const hazardScope = scopedHazardFilter(actor, today);
  const [head, coverage, weekFacts, groups, hazardSchools, rectification, supervision] = await Promise.all([
    documentHead(app, actor, now),
    getCoverage(app, actor, { view: 'month', from: month.key, to: month.key }, now),
    // The weeks of the month reach into the months around it: one read covers both uses.
    findInspectionFacts(app.db, actor.districtId, (weeks[0] as Period).start, (weeks[weeks.length - 1] as Period).end, ids),
    repo.countHazardGroups(app.db, hazardScope, dayStart(month.start), dayAfter(month.end)),
    repo.countHazardSchools(app.db, hazardScope, dayStart(month.start), dayAfter(month.end)),
    rectificationOf(app, actor, month, today),
    // 督查汇总 of the month: the same function as the dashboard, the statistics page and its Excel.
    getSupervisionSummary(app, actor, { from: month.start, to: month.end }, now),
  ]);
  const total = coverage.totals[0];
  const facts = weekFacts.filter((f) => f.day >= month.start && f.day <= month.end);
  const byLevel = inspectionsByLevel(pack, facts);
  const rateOf = (c: { cells: { schools: number; done: number; rate: number | null }[] }) => c.cells[0] ?? { schools: 0, done: 0, rate: null };
  return {
    ...head,
    title: `${head.districtName}学校安全联合督检 ${month.label}工作通报`,
    period: month,
    overview: {
      obligation: coverage.obligation.label,
      schools: total?.schools ?? 0,
      supervised: total?.done ?? 0,
      uncovered: (total?.schools ?? 0) - (total?.done ?? 0),
      rate: total?.rate ?? null,
      inspections: facts.length,
      supervisionInspections: byLevel.filter((l) => l.supervising).reduce((n, l) => n + l.inspections, 0),
      byLevel,
      joint: jointDays(jointObligation(pack), weeks, weekFacts, actor, today),
    },
    findings: findingsOf(pack, groups, hazardSchools),
    rectification: { ...rectification, notices: supervision.noticesIssued, penalties: supervision.penalties },
    supervision,
    byParent: coverage.byParent.map((p) => ({ name: p.name, ...rateOf(p) })),
    byInspector: coverage.byInspector.map((p) => ({ name: p.name, ...rateOf(p) })),
    uncovered: coverage.uncovered
      .filter((u) => u.periodKey === month.key)
      .map((u) => ({ schoolName: u.school.name, schoolCode: u.school.code, parentName: u.school.parentName ?? '', status: statusLabels[u.status] })),
  };
}

export type ExportFormat = 'xlsx' | 'pdf';
export type ExportFile = { fileName: string; format: ExportFormat; body: Buffer };

/** The weekly ledger as 联合督检每周台账-2026-W47.xlsx (or .pdf). */
export async function exportWeeklyLedger(
  app: AppContext,
  actor: Actor,
  q: { week: string; level: LedgerLevel; format: ExportFormat },
  now = new Date(),
): Promise<ExportFile> {
  const ledger = await getWeeklyLedger(app, actor, q, now);
  const fileName = `${ledger.title.slice(0, ledger.title.indexOf('（'))}-${ledger.period.key}.${q.format}`;
  const body = q.format === 'xlsx' ? await buildWeeklyLedgerXlsx(ledger) : await renderWeeklyLedgerPdf(ledger, weeklySummaryLine(ledger));
  return { fileName, format: q.format, body };
}

/** The monthly briefing as 学校安全联合督检工作通报-2026-11.xlsx (or .pdf). */
export async function exportMonthlyBriefing(app: AppContext, actor: Actor, q: { month: string; format: ExportFormat }, now = new Date()): Promise<ExportFile> {
  const content = await getMonthlyBriefing(app, actor, q, now);
  // Every export (by someone allowed to make it) anchors the district's audit chain and prints the anchor.
  const anchor = await anchorDistrict(app.db, app.config, actor.districtId, 'briefing', now);
  const briefing: MonthlyBriefing = { ...content, ...(anchor && { auditAnchor: anchorLabel(anchor) }) };
  const body = q.format === 'xlsx' ? await buildMonthlyBriefingXlsx(briefing) : await renderMonthlyBriefingPdf(briefing);
  return { fileName: `学校安全联合督检工作通报-${briefing.period.key}.${q.format}`, format: q.format, body };
}
