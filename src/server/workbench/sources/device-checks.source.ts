import { canCheckDevices, getDeviceCheckGrid } from '../../sanfang/device-checks.service.js';
import type { WorkbenchSource } from '../workbench.types.js';

/**
 * 今日在线巡检未完成: for the police, the 教管中心 and the district admin, the schools of their scope
 * whose gate video and alarms nobody has confirmed today. Counted by the grid's own service with the
 * filter its page reads (`?unchecked=true`), so the number is the rows the link opens.
 */
export const deviceChecksSource: WorkbenchSource = {
  key: 'device_checks',
  section: 'duties',
  when: (actor) => canCheckDevices(actor.role),
  async items({ app, actor, now }) {
    const grid = await getDeviceCheckGrid(app, actor, { unchecked: true }, now);
    const count = grid.schools.length;
    if (!count) return [];
    return [
      {
        key: 'device_checks.today',
        label: '今日在线巡检未完成',
        count,
        link: '/sanfang/device-checks?unchecked=true',
        tone: 'warning',
        hint: `${count} 所学校的校门视频和一键报警今天尚未确认在线`,
      },
    ];
  },
};
