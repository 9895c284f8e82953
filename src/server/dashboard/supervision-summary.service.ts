import { shanghaiDay } from '../../domain/calendar.js';
import { AppError } from '../../domain/errors.js';
import { supervisionSources } from '../../domain/hazard.js';
import type { InspectionLevel } from '../../domain/policy/pack-schema.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { findDistrictName } from '../coverage/briefing.repository.js';
import { getNoticeStats } from '../notices/notice-stats.service.js';
import { countHazardsAndSchools, countInspectedSchools } from './dashboard.repository.js';
import { foundRange, linkTo, resolveView, type View } from './dashboard.view.js';
import { buildSupervisionSummaryXlsx } from './statistics.excel.js';

/**
 * 督查汇总: the numbers a district reports for a period and a supervision level (seed 000: schools
 * inspected, schools where hazards were found, rectified, still rectifying, notices, penalties).
 *
 * - Hazard and school counts are over the hazards found in the period by inspections of the level:
 *   a hazard's source is the level it was found at (a failed item carries its inspection's level);
 *   without a level, every supervising level (督查: all but 学校自查 and 群众举报).
 * - schoolsInspected: schools with a submitted inspection of the level in the period.
 * - noticesIssued and penalties: issued (decided) in the period by any level.
 * Everything in the actor's scope, narrowed to `orgUnitId` (a township/centre or school).
 * The dashboard, the statistics page, the monthly briefing and the Excel download all call this.
 */
export type SupervisionSummaryQuery = { from: string; to: string; level?: InspectionLevel | undefined; orgUnitId?: string | undefined };

export type SupervisionSummary = {
  from: string;
  to: string;
  level: InspectionLevel | null;
  levelLabel: string;
  unit: { id: string; name: string } | null;
  schoolsInScope: number;
  schoolsInspected: number;
  schoolsWithHazards: number;
  schoolsAllClosed: number;
  schoolsRectifying: number;
  hazardsFound: number;
  hazardsClosed: number;
  hazardsOpen: number;
  hazardsOverdue: number;
  noticesIssued: number;
  penalties: number;
  /** The web list behind each figure (same filter); null where no list shows those rows. */
  links: Record<string, string | null>;
};

export async function getSupervisionSummary(app: AppContext, actor: Actor, q: SupervisionSummaryQuery, now = new Date()): Promise<SupervisionSummary> {
  if (q.from > q.to) throw new AppError('VALIDATION_FAILED', '结束日期不能早于开始日期', [{ path: 'to', message: '结束日期不能早于开始日期' }]);
  const view = await resolveView(app, actor, { period: 'custom', from: q.from, to: q.to, orgUnitId: q.orgUnitId }, now);
  return summaryOf(view, q.level);
}

type HazardCounts = Awaited<ReturnType<typeof countHazardsAndSchools>>;

/**
 * The summary over a resolved view (the dashboard's panel reuses the view it already built, and
 * passes the supervision hazards' counts it already has: `hazardCounts`, for no level only).
 */
export async function summaryOf(v: View, level: InspectionLevel | undefined, hazardCounts?: Promise<HazardCounts>): Promise<SupervisionSummary> {
  const { from, to } = v.period;
  const pack = v.pack;
  const hazardFilter = { ...v.hazards, ...foundRange(from, to), ...(level ? { source: level } : { supervision: true }) };
  const scopeIds = v.actor.scope.read.all ? null : [...v.actor.scope.read.ids];
  const [counts, inspected, notices] = await Promise.all([
    hazardCounts && !level ? hazardCounts : countHazardsAndSchools(v.app.db, hazardFilter),
    countInspectedSchools(v.app.db, v.actor.districtId, scopeIds, v.narrowing, { from, to, levels: level ? [level] : supervisionSources }),
    getNoticeStats(v.app.db, v.actor, { from, to, ...v.narrowing }),
  ]);
  const hazardLink = (extra: Record<string, string | boolean | undefined>) =>
    linkTo(v, '/hazards', { from, to, ...(level ? { source: level } : { supervision: true }), ...extra });
  return {
    from,
    to,
    level: level ?? null,
    levelLabel: level ? (pack.levels.find((l) => l.code === level)?.label ?? level) : '各级督查（不含学校自查）',
    unit: v.unit ? { id: v.unit.id, name: v.unit.name } : null,
    schoolsInScope: v.schools.length,
    schoolsInspected: inspected,
    schoolsWithHazards: counts.schools,
    schoolsAllClosed: counts.schools - counts.rectifying,
    schoolsRectifying: counts.rectifying,
    hazardsFound: counts.total,
    hazardsClosed: counts.closed,
    hazardsOpen: counts.open,
    hazardsOverdue: counts.overdue,
    noticesIssued: notices.notices,
    penalties: notices.penalties,
    links: {
      schoolsInScope: v.narrowing.schoolId ? `/schools/${v.narrowing.schoolId}` : linkTo(v, '/schools', {}),
      // The inspection list takes one level: without one (every supervising level) there is no single list.
      schoolsInspected: level ? linkTo(v, '/inspections', { status: 'submitted', from, to, level }) : null,
      hazardsFound: hazardLink({}),
      hazardsClosed: hazardLink({ state: 'closed' }),
      hazardsOpen: hazardLink({ open: true }),
      hazardsOverdue: hazardLink({ overdue: true }),
      noticesIssued: linkTo(v, '/notices', { from, to }),
      penalties: null,
    },
  };
}

/** 督查汇总-2026-11-01-2026-11-30.xlsx: the summary, and per township/centre when the view is wider than one. */
export async function exportSupervisionSummary(app: AppContext, actor: Actor, q: SupervisionSummaryQuery, now = new Date()) {
  const summary = await getSupervisionSummary(app, actor, q, now);
  const byArea: { name: string; summary: SupervisionSummary }[] = [];
  if (!q.orgUnitId) {
    const view = await resolveView(app, actor, { period: 'custom', from: q.from, to: q.to }, now);
    const areas = new Map(view.schools.flatMap((s) => (s.parentId && canRead(actor.scope, s.parentId) ? [[s.parentId, s.parentName ?? '']] : [])));
    for (const [id, name] of areas) byArea.push({ name, summary: await getSupervisionSummary(app, actor, { ...q, orgUnitId: id }, now) });
  }
  const districtName = await findDistrictName(app.db, actor.districtId);
  const body = await buildSupervisionSummaryXlsx({
    title: `${summary.unit?.name ?? districtName}学校安全督查汇总（${summary.levelLabel}）`,
    scopeLabel: actor.scope.read.all ? `${districtName}全区` : '权限范围内学校',
    generatedOn: shanghaiDay(now),
    generatedBy: actor.displayName,
    summary,
    byArea,
  });
  return { fileName: `督查汇总-${q.from}-${q.to}.xlsx`, body };
}
