import { listHazards } from '../../hazards/hazards.service.js';
import { href, type SchoolFilePanel } from '../panel.js';

/** 隐患: the ledger's own counts with the school as the filter (listHazards, as GET /api/hazards). */
export const hazardsPanel: SchoolFilePanel = {
  key: 'hazards',
  title: '隐患',
  async summarize(app, actor, school, now) {
    const schoolId = school.id;
    const base = { schoolId, page: 1, pageSize: 1, sort: '-foundAt' as const };
    const [all, major] = await Promise.all([listHazards(app.db, actor, base, now), listHazards(app.db, actor, { ...base, level: 'major' }, now)]);
    const c = all.counts;
    const list = (query: Record<string, string>, countKey?: string) => ({ path: '/api/hazards', query: { schoolId, ...query }, ...(countKey && { countKey }) });
    const page = (query: Record<string, string>) => href('/hazards', { schoolId, ...query });
    return {
      counts: [
        { key: 'total', label: '隐患总数', value: c.total, list: list({}), href: page({}) },
        { key: 'open', label: '未销号', value: c.open, list: list({ open: 'true' }), href: page({ open: 'true' }) },
        { key: 'overdue', label: '逾期', value: c.overdue, list: list({ overdue: 'true' }), href: page({ overdue: 'true' }), alert: true },
        { key: 'closed', label: '已销号', value: c.closed, list: list({ state: 'closed' }), href: page({ state: 'closed' }) },
        { key: 'major', label: '重大隐患', value: major.total, list: list({ level: 'major' }), href: page({ level: 'major' }) },
      ],
      detail: { closedOnTimeRate: c.closedOnTimeRate },
    };
  },
};
