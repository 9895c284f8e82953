import { getSchoolSurroundings } from '../../surroundings/premises.service.js';
import type { SchoolFilePanel } from '../panel.js';

/**
 * 周边: the premises near the school (getSchoolSurroundings, as GET /api/schools/:id/surroundings),
 * how many break a zone rule and how many of those are open hazards; the nearest ten in detail.
 */
export const surroundingsPanel: SchoolFilePanel = {
  key: 'surroundings',
  title: '周边',
  async summarize(app, actor, school) {
    const s = await getSchoolSurroundings(app, actor, school.id);
    // The school is in the path; the query names it too, as every panel's list does (the route ignores it).
    const path = `/api/schools/${school.id}/surroundings`;
    const query = { schoolId: school.id };
    return {
      counts: [
        { key: 'near', label: '周边场所', value: s.total, list: { path, query }, href: null },
        { key: 'breach', label: '违反禁设规定', value: s.counts.breach, list: { path, query, countKey: 'breach' }, href: null, alert: true },
        { key: 'openHazards', label: '已转隐患未销号', value: s.counts.openHazards, list: { path, query, countKey: 'openHazards' }, href: null },
      ],
      detail: { items: s.items.slice(0, 10), zones: s.zones },
    };
  },
};
