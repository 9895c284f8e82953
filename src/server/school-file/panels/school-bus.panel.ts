import { getSchoolBuses } from '../../school-bus/school-bus.service.js';
import type { SchoolFilePanel } from '../panel.js';

/**
 * 校车: the school's 校车数 (profile) next to its vehicles in service, what is expired or due, and the
 * last special check and weekly study, from getSchoolBuses (as GET /api/schools/:id/school-buses).
 */
export const schoolBusPanel: SchoolFilePanel = {
  key: 'school_bus',
  title: '校车',
  async summarize(app, actor, school, now) {
    const r = await getSchoolBuses(app, actor, school.id, now);
    const page = `/school-buses?schoolId=${school.id}`;
    const flags = r.buses.flatMap((b) => b.flags);
    return {
      counts: [
        { key: 'busCount', label: '档案校车数', value: r.busCount, list: null, href: `/schools/${school.id}` },
        { key: 'registered', label: '在用登记车辆', value: r.registered, list: null, href: page, alert: r.mismatch },
        { key: 'expired', label: '已过期/不符合', value: flags.filter((f) => f.severity !== 'due').length, list: null, href: page, alert: true },
        { key: 'due', label: '即将到期', value: flags.filter((f) => f.severity === 'due').length, list: null, href: page },
      ],
      detail: {
        mismatch: r.mismatch,
        lastSpecialCheck: r.lastSpecialCheck,
        lastWeeklyStudy: r.lastWeeklyStudy,
        buses: r.buses.map((b) => ({
          id: b.id,
          plateNo: b.plateNo,
          seats: b.seats,
          status: b.statusLabel,
          drivers: b.drivers.map((d) => d.name),
          flags: b.flags,
        })),
      },
    };
  },
};
