import { listPenalties } from '../../notices/penalties.service.js';
import type { SchoolFilePanel } from '../panel.js';

/** 执法处罚书 recorded for the school: listPenalties (as GET /api/penalties) with the school as the filter. */
export const penaltiesPanel: SchoolFilePanel = {
  key: 'penalties',
  title: '执法处罚',
  async summarize(app, actor, school) {
    const query = { schoolId: school.id };
    const r = await listPenalties(app.db, actor, { ...query, page: 1, pageSize: 20 });
    return {
      counts: [{ key: 'total', label: '执法处罚书', value: r.total, list: { path: '/api/penalties', query }, href: null }],
      detail: { items: r.items },
    };
  },
};
