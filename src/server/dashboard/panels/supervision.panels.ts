import { periodsBetween } from '../../../domain/periods.js';
import { getCoverageTotals } from '../../coverage/coverage.service.js';
import { recordScopeOf, shanghaiDayRange } from '../../notices/notice-scope.js';
import { getNoticeStats } from '../../notices/notice-stats.service.js';
import { countNotices } from '../../notices/notices.repository.js';
import type { DashboardPanel } from '../dashboard.registry.js';
import { elapsedTo, linkTo, narrowedActor, type View } from '../dashboard.view.js';
import { summaryOf } from '../supervision-summary.service.js';
import { supervisionCountsOf } from './hazard.panels.js';
import { selfChecksPanel } from './self-checks.panel.js';

/** Coverage, self-checks and notices from their own services (one set of numbers), plus the 督查汇总. */
const MAX_MONTHS = 24;

/** 每月督查覆盖 of the period's months so far, from the coverage service itself (GET /api/coverage). */
const coverage: DashboardPanel = {
  key: 'coverage',
  title: '督查覆盖率（每月全覆盖）',
  load: async (v) => {
    if (v.period.from > v.today) return { obligation: null, months: [] };
    const months = periodsBetween('monthly', v.period.from, elapsedTo(v), []).slice(-MAX_MONTHS);
    const first = months[0]?.key as string;
    const last = months.at(-1)?.key as string;
    const c = await getCoverageTotals(v.app, narrowedActor(v), { view: 'month', from: first, to: last });
    const link = (key: string) =>
      v.narrowing.schoolId ? `/schools/${v.narrowing.schoolId}` : linkTo(v, '/coverage', { from: key, to: key, schoolId: undefined });
    return {
      obligation: c.obligation.label,
      months: c.totals.map((t) => ({
        month: t.periodKey,
        label: c.periods.find((p) => p.key === t.periodKey)?.label ?? t.periodKey,
        schools: t.schools,
        done: t.done,
        overdue: t.overdue,
        rate: t.rate,
        link: link(t.periodKey),
      })),
    };
  },
};

/** 整改通知书 issued / acknowledged / overdue and 执法处罚书 in the period (the notice list's and stats' counts). */
const notices: DashboardPanel = {
  key: 'notices',
  title: '整改通知书与执法处罚',
  load: async (v) => {
    const { from, to } = v.period;
    const range = shanghaiDayRange(from, to);
    const [stats, counts] = await Promise.all([
      getNoticeStats(v.app.db, v.actor, { from, to, ...v.narrowing }),
      countNotices(v.app.db, { scope: recordScopeOf(v.actor), ...v.narrowing, issuedFrom: range.from, issuedTo: range.to, today: v.today }),
    ]);
    const link = (state?: string) => linkTo(v, '/notices', { from, to, state });
    return {
      issued: { value: counts.total, link: link() },
      acknowledged: { value: counts.total - counts.unacknowledged, link: null },
      unacknowledged: { value: counts.unacknowledged, link: link('unacknowledged') },
      overdue: { value: counts.overdue, link: link('overdue') },
      replied: { value: counts.replied, link: link('replied') },
      penalties: { value: stats.penalties, link: linkTo(v, '/penalties', { from, to }) },
      byIssuerKind: stats.byIssuerKind,
      byMonth: stats.byMonth,
    };
  },
};

/** 督查汇总 of the period over every supervising level (GET /api/statistics/supervision-summary). */
const summary: DashboardPanel = {
  key: 'supervisionSummary',
  title: '督查汇总',
  load: (v: View) => summaryOf(v, undefined, supervisionCountsOf(v)),
};

export const supervisionPanels: DashboardPanel[] = [coverage, selfChecksPanel, notices, summary];
