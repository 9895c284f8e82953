import { listRiskAlerts } from '../../risk/risk-alerts.service.js';
import { listRiskPoints } from '../../risk/risk-points.service.js';
import type { PanelCount, SchoolFilePanel } from '../panel.js';

/**
 * 风险清单: the school's risk points by colour, those past their review date, and the risk alerts
 * it has not acknowledged — each figure read through the list it drills into (listRiskPoints,
 * listRiskAlerts) with the school as the filter.
 */
export const riskPanel: SchoolFilePanel = {
  key: 'risk',
  title: '风险清单',
  async summarize(app, actor, school, now) {
    const points = await listRiskPoints(app, actor, { page: 1, pageSize: 10, schoolId: school.id }, now);
    const overdue = await listRiskPoints(app, actor, { page: 1, pageSize: 1, schoolId: school.id, overdue: true }, now);
    const alerts = await listRiskAlerts(app, actor, { page: 1, pageSize: 1, schoolId: school.id, pending: true }, now);
    const path = '/api/risk-points';
    const q = { schoolId: school.id };
    const counts: PanelCount[] = [
      { key: 'total', label: '风险点', value: points.total, list: { path, query: q }, href: `/risk?schoolId=${school.id}` },
      {
        key: 'red',
        label: '红色（重大）',
        value: points.counts.red,
        list: { path, query: q, countKey: 'red' },
        href: `/risk?schoolId=${school.id}&colour=red`,
        alert: true,
      },
      {
        key: 'orange',
        label: '橙色（较大）',
        value: points.counts.orange,
        list: { path, query: q, countKey: 'orange' },
        href: `/risk?schoolId=${school.id}&colour=orange`,
      },
      {
        key: 'overdue',
        label: '复评逾期',
        value: overdue.total,
        list: { path, query: { ...q, overdue: 'true' } },
        href: `/risk?schoolId=${school.id}&overdue=true`,
        alert: true,
      },
      {
        key: 'alertsPending',
        label: '风险提示未签收',
        value: alerts.total,
        list: { path: '/api/risk-alerts', query: { schoolId: school.id, pending: 'true' } },
        href: `/risk/alerts?schoolId=${school.id}&pending=true`,
        alert: true,
      },
    ];
    return {
      counts,
      detail: {
        items: points.items.map((p) => ({
          id: p.id,
          name: p.name,
          sourceLabel: p.sourceLabel,
          colour: p.colour,
          colourLabel: p.colourLabel,
          score: p.score,
          nextReviewDue: p.nextReviewDue,
        })),
      },
    };
  },
};
