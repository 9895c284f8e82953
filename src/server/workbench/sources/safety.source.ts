import { isLate } from '../../../domain/safety-check-in.js';
import { findUnreportedPeriods } from '../../safety/safety.repository.js';
import { reporterRoles } from '../../safety/safety.service.js';
import type { WorkbenchSource } from '../workbench.types.js';

/**
 * 报平安: a school's principal and safety officer see today's check-in as a to-do until the
 * school has reported, one item per open period (the one tap is on the linked page).
 */
export const safetyCheckInSource: WorkbenchSource = {
  key: 'safety_check_in',
  section: 'duties',
  when: (actor) => reporterRoles.includes(actor.role),
  async items({ app, actor, now, today }) {
    const periods = await findUnreportedPeriods(app.db, actor.districtId, actor.orgUnitId, today);
    return periods.map((p) => {
      const late = isLate(today, p.cutoff_time, now);
      return {
        key: `safety_check_in:${p.id}`,
        label: `今日报平安：${p.title}`,
        count: 1,
        link: '/safety-check-ins',
        tone: late ? ('danger' as const) : ('warning' as const),
        hint: late ? `已过今日 ${p.cutoff_time} 截止时间，请立即报送` : `请在今天 ${p.cutoff_time} 前报平安或报告异常`,
      };
    });
  },
};
