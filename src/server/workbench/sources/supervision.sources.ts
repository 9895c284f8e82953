import { periodOf } from '../../../domain/periods.js';
import { getCoverage } from '../../coverage/coverage.service.js';
import { listInspectionPlans } from '../../inspections/plans.service.js';
import { isSchoolRole } from '../role-abilities.js';
import type { WorkbenchContext, WorkbenchSource } from '../workbench.types.js';

const supervises = (a: { role: Parameters<typeof isSchoolRole>[0] }) => !isSchoolRole(a.role);

/**
 * 本月未覆盖学校: getCoverage for this month, the grid the 督查覆盖 page shows for the same
 * months (its 未覆盖 list is the same schools).
 */
export const coverageSource: WorkbenchSource = {
  key: 'coverage.uncovered',
  section: 'supervision',
  when: supervises,
  items: async (c) => {
    const month = periodOf('monthly', c.today, []).key;
    const r = await getCoverage(c.app, c.actor, { view: 'month', from: month, to: month }, c.now);
    const n = r.uncovered.length;
    return [
      {
        key: 'coverage.uncovered',
        label: '本月未督查学校',
        count: n,
        link: `/coverage?${new URLSearchParams({ from: month, to: month })}`,
        tone: n ? 'warning' : 'normal',
        hint: `已覆盖 ${r.rows.length - n}/${r.rows.length} 所`,
      },
    ];
  },
};

async function plansBetween(c: WorkbenchContext, key: string, label: string, from: string, to: string) {
  const r = await listInspectionPlans(c.app, c.actor, { from, to, active: true }, c.now);
  const open = r.items.filter((p) => p.status === 'planned').length;
  return {
    key,
    label,
    count: r.items.length,
    link: `/plans?${new URLSearchParams({ from, to, active: 'true' })}`,
    tone: open ? ('warning' as const) : ('normal' as const),
    ...(r.items.length > 0 && { hint: `待督检 ${open} 项` }),
  };
}

/** 督检安排 today and this week (Monday to Sunday), cancelled ones left out, as the 督检安排 page lists them. */
export const plansSource: WorkbenchSource = {
  key: 'plans',
  section: 'supervision',
  when: supervises,
  items: async (c) => {
    const week = periodOf('weekly', c.today, []);
    return [await plansBetween(c, 'plans.today', '今日督检安排', c.today, c.today), await plansBetween(c, 'plans.week', '本周督检安排', week.start, week.end)];
  },
};
