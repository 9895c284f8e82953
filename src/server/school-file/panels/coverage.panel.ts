import { getCoverage } from '../../coverage/coverage.service.js';
import type { SchoolFilePanel } from '../panel.js';

/**
 * 督查覆盖 by month: the school's row of the coverage grid (getCoverage, as GET /api/coverage,
 * with the school as the filter), this semester's months so far. Nothing is recomputed here.
 */
export const coveragePanel: SchoolFilePanel = {
  key: 'coverage',
  title: '督查覆盖',
  async summarize(app, actor, school, now) {
    const c = await getCoverage(app, actor, { view: 'month', schoolId: school.id }, now);
    const cells = c.rows[0]?.cells ?? [];
    const n = (status: string) => cells.filter((x) => x.status === status).length;
    return {
      counts: [
        { key: 'done', label: '已覆盖月份', value: n('done'), list: null, href: '/coverage' },
        { key: 'overdue', label: '未覆盖（逾期）', value: n('overdue'), list: null, href: '/coverage', alert: true },
      ],
      detail: { obligation: c.obligation, periods: c.periods, cells },
    };
  },
};
