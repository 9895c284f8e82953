import { countPendingRiskAlerts } from '../../risk/risk-alerts.service.js';
import { countOverdueReviews } from '../../risk/risk-points.service.js';
import type { WorkbenchSource } from '../workbench.types.js';

const writes = (a: { scope: { write: { all: boolean; ids?: ReadonlySet<string> } } }) => a.scope.write.all || (a.scope.write.ids?.size ?? 0) > 0;

/**
 * 风险点复评逾期: active risk points past their review date, for the users who write the register
 * (a school its own, a centre its schools, the district all) — the list's `?overdue=true`.
 */
export const riskReviewSource: WorkbenchSource = {
  key: 'risk_points',
  section: 'duties',
  when: (actor) => writes(actor),
  async items({ app, actor, now }) {
    const count = await countOverdueReviews(app, actor, now);
    if (!count) return [];
    return [
      {
        key: 'risk_points.overdue_review',
        label: '风险点复评逾期',
        count,
        link: '/risk?overdue=true',
        tone: 'warning',
        hint: `${count} 个风险点已过复评日期，请重新评估风险等级`,
      },
    ];
  },
};

/** 风险提示待签收: for a school's principal and safety officer, the alerts to the school not yet acknowledged (`?pending=true`). */
export const riskAlertSource: WorkbenchSource = {
  key: 'risk_alerts',
  section: 'duties',
  when: (actor) => actor.role === 'principal' || actor.role === 'school_safety_officer',
  async items({ app, actor }) {
    const count = await countPendingRiskAlerts(app, actor);
    if (!count) return [];
    return [
      {
        key: 'risk_alerts.pending',
        label: '风险提示待签收',
        count,
        link: '/risk/alerts?pending=true',
        tone: 'danger',
        hint: `${count} 条风险提示待签收并填报落实措施`,
      },
    ];
  },
};
