import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { dashboardPanels, panelApplies } from './dashboard.registry.js';
import { type DashboardQuery, resolveView } from './dashboard.view.js';

/**
 * 数据看板: every registered panel over one view (the actor's scope, a unit, a period). The
 * panels run one after another: PGlite has one connection, and on PostgreSQL a dashboard is a
 * handful of grouped queries, not worth a connection each.
 */
export async function getDashboard(app: AppContext, actor: Actor, q: DashboardQuery, now = new Date()) {
  const v = await resolveView(app, actor, q, now);
  const panels: { key: string; title: string; data: unknown }[] = [];
  for (const p of dashboardPanels) {
    if (!panelApplies(p, v.level)) continue;
    panels.push({ key: p.key, title: p.title, data: await p.load(v) });
  }
  return {
    today: v.today,
    generatedAt: now.toISOString(),
    period: v.period,
    level: v.level,
    unit: v.unit,
    schools: v.schools.length,
    panels,
  };
}
