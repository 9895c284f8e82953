import { getGuardDutyToday } from '../../guard-duty/guard-sign-in.service.js';
import type { WorkbenchSource } from '../workbench.types.js';

/**
 * 护学岗今日未签到: the signed-in person's own rota lines today without a sign-in (anyone can stand on
 * a rota: school staff, teachers, police). Counted by the today screen's own service, whose
 * `unsigned` the link's page shows.
 */
export const guardDutySource: WorkbenchSource = {
  key: 'guard_duty',
  section: 'duties',
  when: () => true,
  async items({ app, actor, now }) {
    const today = await getGuardDutyToday(app, actor, now);
    if (!today.unsigned) return [];
    const open = today.slots.filter((s) => s.mine && !s.signIn);
    return [
      {
        key: 'guard_duty.unsigned',
        label: '护学岗今日未签到',
        count: today.unsigned,
        link: '/guard-posts?tab=today',
        tone: open.some((s) => s.ended) ? 'danger' : 'warning',
        hint: open.map((s) => `${s.periodLabel} ${s.start} ${s.gateLabel}`).join('；'),
      },
    ];
  },
};
