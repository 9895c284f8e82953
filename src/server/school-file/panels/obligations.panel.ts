import { listObligations } from '../../coverage/coverage.service.js';
import type { SchoolFilePanel } from '../panel.js';

/** 检查义务 (日巡查, 周检查, 月排查, 督查 …) and where the school stands in this period: listObligations for the school. */
export const obligationsPanel: SchoolFilePanel = {
  key: 'obligations',
  title: '检查义务',
  async summarize(app, actor, school, now) {
    const r = await listObligations(app, actor, { schoolId: school.id }, now);
    const statuses = r.items.map((i) => (i.current as { mine?: { status: string } | null } | undefined)?.mine?.status);
    const n = (s: string) => statuses.filter((x) => x === s).length;
    return {
      counts: [
        { key: 'done', label: '本期已完成', value: n('done'), list: null, href: null },
        { key: 'open', label: '本期进行中', value: n('open'), list: null, href: null },
        { key: 'overdue', label: '已逾期', value: n('overdue'), list: null, href: null, alert: true },
      ],
      detail: { today: r.today, items: r.items },
    };
  },
};
