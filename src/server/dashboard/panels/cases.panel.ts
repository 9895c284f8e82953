import { addDays } from '../../../domain/calendar.js';
import { getCaseStats } from '../../cases/case-stats.service.js';
import type { DashboardPanel } from '../dashboard.registry.js';
import type { View } from '../dashboard.view.js';

/**
 * Cases (信访、纠纷、举报、欺凌、线索、扬言报复、事故、突发事件) registered in the view's period:
 * totals, by type, incidents by level and each step's on-time rate, from getCaseStats (the same
 * numbers as GET /api/cases/stats and the Excel). Every count links to the case list with the same
 * filter. Cases are seen by the units they are assigned to and their supervisors (bullying cases by
 * the case's own units only), so at every level the figures are the cases the reader sees; a
 * township/centre or school level narrows them to the cases about its schools (school_id or a
 * related school): a centre sees its schools' cases, a school its own. The monthly report's case
 * cells read this panel.
 */
const rangeOf = (v: View) => ({
  from: `${v.period.from}T00:00:00+08:00`,
  to: `${addDays(v.period.to, 1)}T00:00:00+08:00`,
});

export const casesPanel: DashboardPanel = {
  key: 'cases',
  title: '案件（信访、纠纷、举报、事故）',
  load: async (v) => {
    const r = rangeOf(v);
    const { schoolId, parentId } = v.narrowing;
    const narrowing: Record<string, string> = { ...(schoolId ? { schoolId } : {}), ...(parentId ? { parentId } : {}) };
    const s = await getCaseStats(v.app, v.actor, { from: new Date(r.from), to: new Date(r.to), schoolId, parentId });
    const link = (extra: Record<string, string> = {}) => `/cases?${new URLSearchParams({ ...r, ...narrowing, ...extra })}`;
    return {
      link: link(),
      figures: [
        { label: '登记案件', value: s.total, link: link() },
        { label: '办理中', value: s.open, link: link({ open: 'true' }) },
        { label: '已超时', value: s.overdueCount, link: link({ overdue: 'true' }) },
      ],
      byType: s.byType.map((t) => ({ label: t.label, value: t.count, link: link({ typeCode: t.key }) })),
      incidentsByLevel: s.incidentsByLevel.map((l) => ({ label: l.label, value: l.count, link: link({ level: l.key }) })),
      onTimeBySteps: s.onTimeBySteps.map((x) => ({ label: x.label, judged: x.total, onTime: x.onTime, rate: x.rate })),
    };
  },
};
