import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { AppError, notFound } from '../../domain/errors.js';
import { type HazardSource, type HazardState, hazardCategoryLabel, hazardSourceLabels, hazardStateLabels } from '../../domain/hazard.js';
import { fullMonthsBefore, type MonthSpan, monthlyCounts, risesFor } from '../../domain/risk.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { listMissedDuties } from '../coverage/coverage.service.js';
import { packOf } from '../policy/policy.service.js';
import { findSchools, type ReadIds } from './risk.repository.js';
import * as repo from './risk-analytics.repository.js';
import { readIdsOf } from './risk-scope.js';

/**
 * Analytics beyond the anchors (issue 14): repeat hazards, what self-checks miss, and an
 * explained early warning. No black boxes: every figure comes with the hazards behind it.
 * Scope: a user's readable schools (a school only its own); one school narrows further.
 */
export type AnalyticsQuery = { from?: string | undefined; to?: string | undefined; schoolId?: string | undefined };

const startOf = (day: string) => new Date(`${day}T00:00:00+08:00`);

/** [from, to] in Shanghai days; default the last 365 days up to today. */
function rangeOf(q: AnalyticsQuery, now: Date): repo.Range & { fromDay: string; toDay: string } {
  const toDay = q.to ?? shanghaiDay(now);
  const fromDay = q.from ?? addDays(toDay, -364);
  if (fromDay > toDay) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期', [{ path: 'from', message: '开始日期不能晚于结束日期' }]);
  return { from: startOf(fromDay), to: startOf(addDays(toDay, 1)), fromDay, toDay };
}

/** The schools asked about: one school (404 outside the scope or the district: a whole-district reader's scope says yes to any id), or the scope. */
async function idsOf(app: AppContext, actor: Actor, schoolId: string | undefined): Promise<ReadIds> {
  if (!schoolId) return readIdsOf(actor);
  if (!canRead(actor.scope, schoolId) || !(await findSchools(app.db, actor.districtId, [schoolId])).length) throw notFound('学校');
  return [schoolId];
}

const hazardRow = (h: { id: string; code: string; title: string; state?: string; found_at: Date; closed_at?: Date | null; source?: string }) => ({
  id: h.id,
  code: h.code,
  title: h.title,
  ...(h.state && { state: h.state, stateLabel: hazardStateLabels[h.state as HazardState] ?? h.state }),
  ...(h.source && { source: h.source, sourceLabel: hazardSourceLabels[h.source as HazardSource] ?? h.source }),
  foundAt: h.found_at.toISOString(),
  ...(h.closed_at !== undefined && { closedAt: h.closed_at?.toISOString() ?? null }),
});

const GROUPS = 50;

export async function getRepeatHazards(app: AppContext, actor: Actor, q: AnalyticsQuery, now = new Date()) {
  const range = rangeOf(q, now);
  const ids = await idsOf(app, actor, q.schoolId);
  const [groups, categories] = await Promise.all([
    repo.findRepeatGroups(app.db, actor.districtId, ids, range, GROUPS),
    repo.findCategoriesAcrossSchools(app.db, actor.districtId, ids, range, GROUPS),
  ]);
  const rows = await repo.findGroupHazards(app.db, actor.districtId, groups, range.to);
  const key = (g: { school_id: string; category: string; place: string }) => `${g.school_id}|${g.category}|${g.place}`;
  return {
    from: range.fromDay,
    to: range.toDay,
    atSchools: groups.map((g) => {
      const mine = rows.filter((r) => key(r) === key(g));
      // A row is a repeat when an earlier hazard of its group had been closed by the time it was found.
      return {
        schoolId: g.school_id,
        schoolName: g.school_name,
        category: g.category,
        categoryLabel: hazardCategoryLabel(g.category),
        place: g.place,
        repeats: g.repeats,
        total: g.total,
        hazards: mine.map((h) => ({
          ...hazardRow(h),
          repeat: mine.some((p) => p.id !== h.id && p.closed_at !== null && p.closed_at <= h.found_at),
          inRange: h.found_at >= range.from,
        })),
      };
    }),
    acrossSchools: categories.map((c) => ({
      category: c.category,
      categoryLabel: hazardCategoryLabel(c.category),
      schools: c.schools,
      hazards: c.hazards,
      bySchool: c.school_list.map((s) => ({ schoolId: s.id, schoolName: s.name, count: Number(s.n) })),
    })),
  };
}

export async function getSelfCheckMisses(app: AppContext, actor: Actor, q: AnalyticsQuery & { weeks?: number | undefined }, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const weeks = q.weeks ?? pack.risk.selfCheckMissWeeks;
  const range = rangeOf(q, now);
  const rows = await repo.findSelfCheckMisses(app.db, actor.districtId, await idsOf(app, actor, q.schoolId), range, weeks);
  const items = rows.map((r) => ({
    ...hazardRow(r),
    schoolId: r.school_id,
    schoolName: r.school_name,
    itemCode: r.item_code,
    itemText: r.item_text,
    selfCheck: { id: r.self_inspection_id, code: r.self_inspection_code, inspectedOn: r.self_inspected_on },
  }));
  const bySchool = new Map<string, { schoolId: string; schoolName: string; count: number; items: Set<string> }>();
  const byItem = new Map<string, { itemCode: string; itemText: string; count: number; schools: Set<string> }>();
  for (const i of items) {
    const s = bySchool.get(i.schoolId) ?? { schoolId: i.schoolId, schoolName: i.schoolName, count: 0, items: new Set<string>() };
    s.count++;
    s.items.add(i.itemCode);
    bySchool.set(i.schoolId, s);
    const t = byItem.get(i.itemCode) ?? { itemCode: i.itemCode, itemText: i.itemText, count: 0, schools: new Set<string>() };
    t.count++;
    t.schools.add(i.schoolId);
    byItem.set(i.itemCode, t);
  }
  return {
    from: range.fromDay,
    to: range.toDay,
    weeks,
    total: items.length,
    bySchool: [...bySchool.values()]
      .map((s) => ({ schoolId: s.schoolId, schoolName: s.schoolName, count: s.count, items: s.items.size }))
      .sort((a, b) => b.count - a.count || a.schoolName.localeCompare(b.schoolName, 'zh')),
    byItem: [...byItem.values()]
      .map((t) => ({ itemCode: t.itemCode, itemText: t.itemText, count: t.count, schools: t.schools.size }))
      .sort((a, b) => b.count - a.count || a.itemCode.localeCompare(b.itemCode)),
    items,
  };
}

/** The period ends of the early warning: the ends of the last `n` full months, then now. */
export function warningPoints(now: Date, n: number) {
  const today = shanghaiDay(now);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const points: { idx: number; at: Date; day: string; label: string }[] = [];
  for (let k = n; k >= 1; k--) {
    // The first day of month (m - k + 1) is the end of month (m - k).
    const first = new Date(Date.UTC(y, m - 1 - k + 1, 1));
    const day = first.toISOString().slice(0, 10);
    const ended = new Date(Date.UTC(y, m - 1 - k, 1));
    points.push({ idx: n - k, at: startOf(day), day, label: `${ended.getUTCFullYear()}年${ended.getUTCMonth() + 1}月末` });
  }
  points.push({ idx: n, at: now, day: today, label: `今天（${today}）` });
  return points;
}

/**
 * Early warning (预警), two explained signals over N periods (N = the pack's earlyWarningPeriods;
 * months): a school whose overdue hazards rose at each of the last N period ends, and a school
 * whose missed duty periods rose in each of the last N full months. Each flag carries its series,
 * the rows that raised it, and a suggested risk alert (kind 数据研判) the user can send in one step.
 */
export async function getEarlyWarnings(app: AppContext, actor: Actor, q: { schoolId?: string | undefined }, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const n = pack.risk.earlyWarningPeriods;
  const ids = await idsOf(app, actor, q.schoolId);
  const points = warningPoints(now, n);
  const months = fullMonthsBefore(shanghaiDay(now), n + 1);
  const [hazardFlags, dutyFlags] = await Promise.all([overdueHazardFlags(app, actor, ids, points, n), missedDutyFlags(app, actor, ids, months, n, now)]);
  const flags = [...hazardFlags, ...dutyFlags];
  flags.sort((a, b) => (b.series.at(-1)?.value ?? 0) - (a.series.at(-1)?.value ?? 0) || a.schoolName.localeCompare(b.schoolName, 'zh'));
  return {
    periods: n,
    points: points.map((p) => p.label),
    months: months.map((m) => m.label),
    flags,
    measures: ['逾期未整改隐患（各月末及今天的在账逾期数）', '漏做的义务周期（各月内到期、至今未完成的本校义务周期数）'],
  };
}

async function schoolNames(app: AppContext, actor: Actor, ids: readonly string[]) {
  return new Map((await findSchools(app.db, actor.districtId, [...ids])).map((s) => [s.id, s.name]));
}

/** Schools whose overdue hazards rose at each of the last N month-ends and today; the rows: the hazards overdue now. */
async function overdueHazardFlags(app: AppContext, actor: Actor, ids: ReadIds, points: ReturnType<typeof warningPoints>, n: number) {
  const counts = await repo.countOverdueAt(app.db, actor.districtId, ids, points);
  const series = new Map<string, number[]>();
  for (const c of counts) {
    const s = series.get(c.schoolId) ?? points.map(() => 0);
    s[c.idx] = c.n;
    series.set(c.schoolId, s);
  }
  const flagged = [...series.entries()].filter(([, s]) => risesFor(s, n));
  const latest = points[points.length - 1] as (typeof points)[number];
  const ids2 = flagged.map(([id]) => id);
  const [rows, names] = await Promise.all([repo.findOverdueAt(app.db, actor.districtId, ids2, latest.at, latest.day), schoolNames(app, actor, ids2)]);
  return flagged.map(([schoolId, s]) => {
    const mine = rows.filter((r) => r.school_id === schoolId);
    const schoolName = names.get(schoolId) ?? '';
    const trend = points.map((p, i) => `${p.label} ${s[i]} 条`).join('，');
    return {
      schoolId,
      schoolName,
      measure: 'overdue_hazards' as const,
      measureLabel: '逾期未整改隐患',
      series: points.map((p, i) => ({ label: p.label, value: s[i] ?? 0 })),
      reason: `逾期未整改隐患连续 ${n} 个月上升：${trend}`,
      hazards: mine.map((h) => ({
        id: h.id,
        code: h.code,
        title: h.title,
        categoryLabel: hazardCategoryLabel(h.category),
        place: h.place,
        deadline: h.deadline,
        foundAt: h.found_at.toISOString(),
      })),
      duties: [],
      suggestedAlert: {
        kind: 'data' as const,
        title: `${schoolName}逾期隐患持续上升`,
        content: `数据研判：${schoolName}逾期未整改隐患连续 ${n} 个月上升（${trend}）。请对照以下隐患逐项落实整改、明确责任人和完成时限：\n${mine
          .slice(0, 20)
          .map((h) => `${h.code} ${h.title}（期限 ${h.deadline}）`)
          .join('\n')}`,
        schoolIds: [schoolId],
      },
    };
  });
}

/**
 * Schools whose missed duty periods (listMissedDuties: the coverage computation's overdue cells of
 * the school's own duties, dated by due date) rose in each of the last N full months — N + 1
 * months are read; the current month is left out, its count is not final. The rows: every missed
 * period of those months (which obligation, which period, done of required).
 */
async function missedDutyFlags(app: AppContext, actor: Actor, ids: ReadIds, months: MonthSpan[], n: number, now: Date) {
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last || (ids !== null && !ids.length)) return [];
  const { missed } = await listMissedDuties(app, actor, { from: first.start, to: last.end, schoolIds: ids ?? undefined }, now);
  const series = monthlyCounts(
    missed.map((m) => ({ subjectId: m.schoolId, day: m.cell.dueDate })),
    months,
  );
  return [...series.entries()]
    .filter(([, s]) => risesFor(s, n))
    .map(([schoolId, s]) => {
      const mine = missed.filter((m) => m.schoolId === schoolId);
      const schoolName = mine[0]?.schoolName ?? '';
      const trend = months.map((m, i) => `${m.label} ${s[i]} 个`).join('，');
      const byObligation = new Map<string, number>();
      for (const m of mine) byObligation.set(m.obligation.label, (byObligation.get(m.obligation.label) ?? 0) + 1);
      return {
        schoolId,
        schoolName,
        measure: 'missed_duties' as const,
        measureLabel: '漏做的义务周期',
        series: months.map((m, i) => ({ label: m.label, value: s[i] ?? 0 })),
        reason: `漏做的义务周期连续 ${n} 个月上升：${trend}`,
        hazards: [],
        duties: mine.map((m) => ({
          key: `${m.obligation.code}|${m.period.key}`,
          obligationCode: m.obligation.code,
          obligationLabel: m.obligation.label,
          kindLabel: m.obligation.kindLabel,
          rule: m.obligation.rule,
          link: m.obligation.link,
          period: m.period.label,
          periodKey: m.period.key,
          dueDate: m.cell.dueDate,
          done: m.cell.done,
          required: m.cell.required,
        })),
        suggestedAlert: {
          kind: 'data' as const,
          title: `${schoolName}漏做的规定动作持续增多`,
          content: `数据研判：${schoolName}漏做的义务周期连续 ${n} 个月上升（${trend}）。漏做的义务：${[...byObligation.entries()]
            .map(([label, count]) => `${label} ${count} 期`)
            .join('；')}。请查明原因，按规定补齐检查、演练、教育等记录并明确责任人：\n${mine
            .slice(-20)
            .map((m) => `${m.obligation.label} ${m.period.label}（到期 ${m.cell.dueDate}，完成 ${m.cell.done}/${m.cell.required}）`)
            .join('\n')}`,
          schoolIds: [schoolId],
        },
      };
    });
}
