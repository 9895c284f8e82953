import { listGuardPosts } from '../../guard-duty/guard-posts.service.js';
import { getGuardDutyStats } from '../../guard-duty/guard-stats.service.js';
import type { SchoolFilePanel } from '../panel.js';

/**
 * 护学岗: the school's posts (listGuardPosts) and its attendance over the last four weeks
 * (getGuardDutyStats with the school as filter, as on the 到岗统计 tab): expected, signed, absent,
 * late, outside, and whether the school counts as set (护学岗设置率: posts at every recorded gate),
 * with the gates not covered.
 */
export const guardDutyPanel: SchoolFilePanel = {
  key: 'guard',
  title: '护学岗',
  async summarize(app, actor, school, now) {
    const posts = await listGuardPosts(app, actor, { schoolId: school.id }, now);
    const stats = await getGuardDutyStats(app, actor, { schoolId: school.id }, now);
    const query = { schoolId: school.id };
    const statsList = (countKey: string) => ({ path: '/api/guard-duty/stats', query, countKey });
    const href = '/guard-posts?tab=stats';
    return {
      counts: [
        { key: 'posts', label: '护学岗', value: posts.total, list: { path: '/api/guard-posts', query }, href: '/guard-posts?tab=posts' },
        { key: 'expected', label: '近四周应到岗', value: stats.counts.expected, list: statsList('expected'), href },
        { key: 'signed', label: '已签到', value: stats.counts.signed, list: statsList('signed'), href },
        { key: 'absent', label: '缺岗', value: stats.counts.absent, list: statsList('absent'), href, alert: true },
        { key: 'late', label: '迟到', value: stats.counts.late, list: statsList('late'), href, alert: true },
        { key: 'outside', label: '不在岗位范围', value: stats.counts.outside, list: statsList('outside'), href, alert: true },
      ],
      detail: {
        set: stats.setup.set === 1,
        setupStatus: stats.schools[0]?.statusLabel ?? '',
        uncoveredGates: stats.schools[0]?.uncoveredGates ?? [],
        requiredPeriods: stats.setup.requiredPeriods,
        rate: stats.rate,
        from: stats.from,
        to: stats.to,
        posts: posts.items.map((p) => ({
          id: p.id,
          gateLabel: p.gateLabel,
          gateName: p.gateName,
          kindLabel: p.kindLabel,
          periods: p.periods,
          active: p.active,
          rota: p.rota.length,
        })),
      },
    };
  },
};
