import { canKeepBusRegister } from '../../../domain/school-bus.js';
import { listSchoolBuses } from '../../school-bus/school-bus.service.js';
import type { WorkbenchSource } from '../workbench.types.js';

/**
 * 校车证照待处理: for the school's principal and safety officer, the school's buses with something
 * expired, not as required, or running out within the pack's days (licence, inspection, a driver's
 * licence, age or qualification check, no escort). Counted by listSchoolBuses with the filter its
 * page reads (`?flagged=true`), so the number is the rows the link opens.
 */
export const schoolBusSource: WorkbenchSource = {
  key: 'school_bus',
  section: 'duties',
  when: (actor) => canKeepBusRegister(actor.role),
  async items({ app, actor, now }) {
    const list = await listSchoolBuses(app, actor, { schoolId: actor.orgUnitId, flagged: true }, now);
    const count = list.items.length;
    if (!count) return [];
    const expired = list.items.filter((b) => b.expiredCount > 0).length;
    return [
      {
        key: 'school_bus:flags',
        label: '校车证照和驾驶人资格待处理',
        count,
        link: `/school-buses?flagged=true`,
        tone: expired ? 'danger' : 'warning',
        hint: expired ? `${expired} 辆校车有已过期或不符合要求的事项` : `${count} 辆校车有即将到期的证照或检验`,
      },
    ];
  },
};
