import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { findDistrictName } from '../coverage/briefing.repository.js';
import { dashboardPanels, panelApplies } from './dashboard.registry.js';
import { type DashboardQuery, resolveView } from './dashboard.view.js';

/**
 * 数据看板: every registered panel over one view (the actor's scope, a unit, a period). The
 * panels run together: on PostgreSQL each takes a pooled connection, on PGlite the dialect queues
 * them on its one connection; queries two panels share (the backlog, the period's groups) run
 * once through the view's memo.
 */
export async function getDashboard(app: AppContext, actor: Actor, q: DashboardQuery, now = new Date()) {
  const v = await resolveView(app, actor, q, now);
  const shown = dashboardPanels.filter((p) => panelApplies(p, v.level));
  const [panels, districtName] = await Promise.all([
    Promise.all(shown.map(async (p) => ({ key: p.key, title: p.title, data: await p.load(v) }))),
    findDistrictName(app.db, actor.districtId),
  ]);
  return {
    today: v.today,
    generatedAt: now.toISOString(),
    period: v.period,
    level: v.level,
    unit: v.unit,
    /** What the figures cover, for a heading: 云江区, a township or school, or 权限范围内. */
    scopeName: v.unit?.name ?? (v.level === 'district' ? districtName.replace(/(教育委员会|教育和体育局|教育局|教委)$/, '') : '权限范围内'),
    schools: v.schools.length,
    panels,
  };
}
