import { getSanfangSummary } from '../../sanfang/sanfang-standing.service.js';
import type { DashboardPanel } from '../dashboard.registry.js';
import { narrowedActor } from '../dashboard.view.js';

/**
 * 三防 standing of the view's scope and unit: guards required / on post / short (summed per school,
 * never netted) and the four national rates, from getSanfangSummary (GET /api/sanfang/summary).
 * The register is a standing, not a period figure: the view's period does not apply.
 */
export const sanfangPanel: DashboardPanel = {
  key: 'sanfang',
  title: '三防建设',
  load: async (v) => {
    const s = await getSanfangSummary(v.app, narrowedActor(v), {});
    const link = v.narrowing.schoolId ? `/sanfang/schools/${v.narrowing.schoolId}` : '/sanfang';
    return {
      link,
      /** What the web's generic panel draws until 三防 has its own renderer. */
      figures: [
        { label: '应配保安', value: s.guardsRequired, link },
        { label: '现有保安', value: s.guardsOnPost, link },
        { label: '缺保安（逐校计）', value: s.guardsShort, link },
        ...s.rates.map((r) => ({ label: `${r.label}（%）`, value: r.rate ?? 0, link })),
      ],
      sentence: s.sentence,
      schools: s.schools,
      guardsRequired: s.guardsRequired,
      guardsOnPost: s.guardsOnPost,
      guardsShort: s.guardsShort,
      schoolsShort: s.schoolsShort,
      rates: s.rates.map(({ failing, ...r }) => ({ ...r, failing: failing.length })),
    };
  },
};
