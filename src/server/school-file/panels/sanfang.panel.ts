import { getSchoolSanfang } from '../../sanfang/sanfang-standing.service.js';
import type { SchoolFilePanel } from '../panel.js';

/**
 * 三防: the school's guards against the standard and its unmet 三防 standards, from
 * getSchoolSanfang (as GET /api/sanfang/schools/:id). Nothing is recomputed here.
 */
export const sanfangPanel: SchoolFilePanel = {
  key: 'sanfang',
  title: '三防建设',
  async summarize(app, actor, school, now) {
    const r = await getSchoolSanfang(app, actor, school.id, now, false);
    const page = `/sanfang/schools/${school.id}`;
    const unmet = r.standards.filter((s) => s.applies && !s.met);
    return {
      counts: [
        { key: 'guardsRequired', label: '应配保安', value: r.school?.guardsRequired ?? 0, list: null, href: page },
        { key: 'guardsOnPost', label: '现有保安', value: r.school?.guardsOnPost ?? 0, list: null, href: page },
        { key: 'guardsShort', label: '缺保安', value: r.school?.guardsShort ?? 0, list: null, href: page, alert: true },
        { key: 'unmet', label: '未达标项', value: unmet.length, list: null, href: page, alert: true },
      ],
      detail: { unmet: unmet.map((s) => ({ code: s.code, label: s.label, detail: s.detail, hazard: s.hazard })) },
    };
  },
};
