import { hazardCategoryLabel } from '../../../domain/hazard.js';
import { periodsBetween } from '../../../domain/periods.js';
import { hazardCountCacheOf } from '../../hazards/hazard-count-cache.js';
import type { DashboardPanel } from '../dashboard.registry.js';
import { countBacklogBySchool, countHazardGroups, findUnitNames, type HazardGroup } from '../dashboard.repository.js';
import { earlier, elapsedTo, foundRange, later, linkTo, once, type View } from '../dashboard.view.js';

/** Hazard figures: the open backlog now, and the period's hazards by month, category, place, township. */
const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

/**
 * The backlog and the period's groups are read off hazards and org units alone, so they are kept
 * by the hazard ledger's versioned cache (exact across processes): a dashboard opened again with
 * no hazard changed since costs a version read instead of two scans of the district's hazards.
 */
const cached = <T>(v: View, name: string, args: unknown, load: () => Promise<T>) =>
  hazardCountCacheOf(v.app.db).get(v.app.db, v.actor.districtId, `dashboard.${name}`, args, load);

export const backlogOf = (v: View) => once(v, 'backlog', () => cached(v, 'backlog', v.hazards, () => countBacklogBySchool(v.app.db, v.hazards)));
/** The period's months so far, each clipped to the period: the trend's bars and their ledger links. */
const monthsOf = (v: View) =>
  periodsBetween('monthly', v.period.from, later(elapsedTo(v), v.period.from), []).map((m) => {
    const from = later(m.start, v.period.from);
    const to = earlier(m.end, v.period.to);
    return { key: m.key, label: m.label, days: { from, to }, ...foundRange(from, to) };
  });
const countsOf = (v: View) =>
  once(v, 'groups', () => {
    const f = { ...v.hazards, ...foundRange(v.period.from, v.period.to) };
    const months = monthsOf(v).map((m) => ({ key: m.key, from: m.foundFrom, to: m.foundTo }));
    return cached(v, 'groups', [f, months], () => countHazardGroups(v.app.db, f, months));
  });
const groupsOf = async (v: View) => (await countsOf(v)).groups;
/**
 * The 督查汇总's hazard counts (countHazardsAndSchools over the supervising levels) read off the
 * period's groups the other panels share: the schools' groups hold each school's supervision
 * hazards, so the dashboard scans the period's hazards once.
 */
export async function supervisionCountsOf(v: View) {
  const c = { total: 0, closed: 0, open: 0, overdue: 0, schools: 0, rectifying: 0 };
  for (const { supervision: s } of ofDim(await groupsOf(v), 'school')) {
    if (!s.found) continue;
    c.total += s.found;
    c.closed += s.closed;
    c.overdue += s.overdue;
    c.schools++;
    if (s.found > s.closed) c.rectifying++;
  }
  c.open = c.total - c.closed;
  return c;
}
const inPeriod = (v: View, extra: Record<string, string | boolean | undefined> = {}) =>
  linkTo(v, '/hazards', { from: v.period.from, to: v.period.to, ...extra });
const ofDim = (groups: HazardGroup[], dim: HazardGroup['dim']) => groups.filter((g) => g.dim === dim);

/** 未销号 / 逾期 / 重大 / 挂牌督办: open hazards whenever found (the backlog does not reset with the period). */
const tiles: DashboardPanel = {
  key: 'hazardTiles',
  title: '隐患概况（当前未销号，不限发现时间）',
  load: async (v) => {
    const rows = await backlogOf(v);
    const sum = (k: 'open' | 'overdue' | 'major' | 'listed') => rows.reduce((n, r) => n + r[k], 0);
    return {
      tiles: [
        { key: 'open', label: '未销号', value: sum('open'), link: linkTo(v, '/hazards', { open: true }) },
        { key: 'overdue', label: '逾期', value: sum('overdue'), link: linkTo(v, '/hazards', { overdue: true }) },
        { key: 'major', label: '重大隐患', value: sum('major'), link: linkTo(v, '/hazards', { open: true, level: 'major' }) },
        { key: 'listed', label: '挂牌督办', value: sum('listed'), link: linkTo(v, '/hazards', { open: true, supervisionListed: true }) },
      ],
    };
  },
};

/** 整改率 (closed of found) and 按期销号率 (on time of closed) of the period's hazards: the ledger's own counts. */
const rates: DashboardPanel = {
  key: 'hazardRates',
  title: '本期隐患整改',
  load: async (v) => {
    const all = ofDim(await groupsOf(v), 'all')[0] ?? { found: 0, closed: 0, closedOnTime: 0, overdue: 0 };
    return {
      found: { value: all.found, link: inPeriod(v) },
      closed: { value: all.closed, link: inPeriod(v, { state: 'closed' }) },
      open: { value: all.found - all.closed, link: inPeriod(v, { open: true }) },
      overdue: { value: all.overdue, link: inPeriod(v, { overdue: true }) },
      closedOnTime: all.closedOnTime,
      rectifiedRate: rate(all.closed, all.found),
      onTimeRate: rate(all.closedOnTime, all.closed),
    };
  },
};

/** Found per month and, of those, closed by now (a cohort: each bar opens the ledger of that month). */
const trend: DashboardPanel = {
  key: 'hazardTrend',
  title: '各月发现与销号（按发现月份）',
  load: async (v) => {
    const counts = new Map((await countsOf(v)).byMonth.map((m) => [m.key, m]));
    return {
      months: monthsOf(v).map((m) => ({
        month: m.key,
        label: m.label,
        found: counts.get(m.key)?.found ?? 0,
        closed: counts.get(m.key)?.closed ?? 0,
        link: linkTo(v, '/hazards', m.days),
        closedLink: linkTo(v, '/hazards', { ...m.days, state: 'closed' }),
      })),
    };
  },
};

const categories: DashboardPanel = {
  key: 'hazardCategories',
  title: '隐患类别分布',
  load: async (v) => {
    const label = (code: string) => v.pack.hazardCategories.find((c) => c.code === code)?.label ?? hazardCategoryLabel(code);
    return {
      items: ofDim(await groupsOf(v), 'category')
        .sort((a, b) => b.found - a.found || a.key.localeCompare(b.key))
        .map((g) => ({ key: g.key, label: label(g.key), found: g.found, open: g.found - g.closed, link: inPeriod(v, { category: g.key }) })),
    };
  },
};

const places: DashboardPanel = {
  key: 'hazardPlaces',
  title: '隐患部位分布',
  load: async (v) => ({
    items: ofDim(await groupsOf(v), 'place')
      .sort((a, b) => b.found - a.found || a.key.localeCompare(b.key))
      .map((g) => ({ key: g.key, label: g.key, found: g.found, open: g.found - g.closed, link: inPeriod(v, { place: g.key }) })),
  }),
};

/** The schools' groups summed into their township/centre (a school's hazards stay in its township's row). */
function townshipsOf(v: View, schools: HazardGroup[]): HazardGroup[] {
  const parentOf = new Map(v.schools.map((s) => [s.id, s.parentId]));
  const byParent = new Map<string, HazardGroup>();
  for (const g of schools) {
    const parent = parentOf.get(g.key);
    if (!parent) continue; // a closed-down school, or one outside the view's schools (a hazard handed over to the actor)
    const t = byParent.get(parent) ?? {
      dim: 'school',
      key: parent,
      found: 0,
      closed: 0,
      closedOnTime: 0,
      overdue: 0,
      supervision: { found: 0, closed: 0, overdue: 0 },
    };
    t.found += g.found;
    t.closed += g.closed;
    t.closedOnTime += g.closedOnTime;
    t.overdue += g.overdue;
    byParent.set(parent, t);
  }
  return [...byParent.values()];
}

/** 街镇排名: the period's hazards per township/centre, ranked by 整改率 (lowest first: who needs a push). */
const townships: DashboardPanel = {
  key: 'townshipRanking',
  title: '各街镇隐患整改排名',
  levels: ['district', 'area'],
  load: async (v) => {
    const groups = townshipsOf(v, ofDim(await groupsOf(v), 'school'));
    const names = await findUnitNames(
      v.app.db,
      v.actor.districtId,
      groups.map((g) => g.key),
    );
    const rows = groups.map((g) => {
      const link = (extra: Record<string, string | boolean>) => linkTo(v, '/hazards', { from: v.period.from, to: v.period.to, parentId: g.key, ...extra });
      return {
        id: g.key,
        name: names.get(g.key) ?? '（未知）',
        found: g.found,
        closed: g.closed,
        open: g.found - g.closed,
        overdue: g.overdue,
        rectifiedRate: rate(g.closed, g.found),
        onTimeRate: rate(g.closedOnTime, g.closed),
        link: link({}),
        overdueLink: link({ overdue: true }),
        dashboardLink: `/dashboard?orgUnitId=${g.key}`,
      };
    });
    rows.sort((a, b) => (a.rectifiedRate ?? 101) - (b.rectifiedRate ?? 101) || b.overdue - a.overdue || a.name.localeCompare(b.name, 'zh-CN'));
    return { rows: rows.map((r, i) => ({ rank: i + 1, ...r })) };
  },
};

export const hazardPanels: DashboardPanel[] = [tiles, rates, trend, categories, places, townships];
