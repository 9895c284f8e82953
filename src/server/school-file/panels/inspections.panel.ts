import { listInspections } from '../../inspections/inspections.service.js';
import { href, type SchoolFilePanel } from '../panel.js';

/** 检查记录: the school's submitted inspections (listInspections, as GET /api/inspections), the latest first. */
export const inspectionsPanel: SchoolFilePanel = {
  key: 'inspections',
  title: '检查记录',
  async summarize(app, actor, school, now) {
    const query = { schoolId: school.id, status: 'submitted' as const };
    const r = await listInspections(app, actor, { ...query, page: 1, pageSize: 1 }, now);
    const latest = r.items[0];
    return {
      counts: [{ key: 'submitted', label: '检查记录', value: r.total, list: { path: '/api/inspections', query }, href: href('/inspections', query) }],
      detail: { latest: latest ? { id: latest.id, inspectedAt: latest.inspectedAt, levelLabel: latest.levelLabel, templateName: latest.templateName } : null },
    };
  },
};
