import { shanghaiDay } from '../../domain/calendar.js';
import { roleLabels } from '../../domain/roles.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import { abilitiesOf, isSchoolRole } from './role-abilities.js';
import { workbenchRegistry } from './workbench.registry.js';
import { type WorkbenchItem, type WorkbenchSectionKey, type WorkbenchSource, workbenchSectionTitles } from './workbench.types.js';

/** A school acts first on its own hazards; a supervising unit first on its supervision, then on what was handed to it. */
const sectionOrder = (a: Actor): WorkbenchSectionKey[] =>
  isSchoolRole(a.role)
    ? ['duties', 'school_hazards', 'supervision', 'cases', 'notices', 'inbox']
    : ['duties', 'supervision', 'school_hazards', 'cases', 'notices', 'inbox'];

const sectionTitle = (key: WorkbenchSectionKey, a: Actor) =>
  key === 'school_hazards' ? (isSchoolRole(a.role) ? '待本校处理的隐患' : '交办本单位的隐患') : workbenchSectionTitles[key];

/** District admins and leaders also get the dashboard (数据看板) on their home page. */
const dashboardRoles = new Set(['district_admin', 'commission_leader']);

/**
 * The signed-in user's workbench: the registry's sources that apply to them, grouped by section.
 * Each item's count is read by the same service and filter as the list its link opens.
 */
export async function getWorkbench(app: AppContext, actor: Actor, now = new Date(), registry: readonly WorkbenchSource[] = workbenchRegistry) {
  const today = shanghaiDay(now);
  const c = { app, actor, now, today };
  const sources = registry.filter((s) => s.when(actor));
  const [pack, ...answers] = await Promise.all([packOf(app, actor.districtId), ...sources.map((s) => s.items(c))]);
  const bySection = new Map<WorkbenchSectionKey, WorkbenchItem[]>();
  sources.forEach((s, i) => {
    bySection.set(s.section, [...(bySection.get(s.section) ?? []), ...(answers[i] ?? [])]);
  });
  return {
    today,
    role: actor.role,
    roleLabel: roleLabels[actor.role],
    abilities: abilitiesOf(actor.role, pack),
    dashboard: dashboardRoles.has(actor.role) ? { link: '/dashboard', label: '数据看板' } : null,
    sections: sectionOrder(actor).flatMap((key) => {
      const items = bySection.get(key) ?? [];
      return items.length ? [{ key, title: sectionTitle(key, actor), items }] : [];
    }),
  };
}
