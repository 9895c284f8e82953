import { listNotices } from '../../notices/notices.service.js';
import { href, type SchoolFilePanel } from '../panel.js';

/** 整改通知书 the school received: listNotices (as GET /api/notices) with the school as the filter. */
export const noticesPanel: SchoolFilePanel = {
  key: 'notices',
  title: '整改通知书',
  async summarize(app, actor, school, now) {
    const schoolId = school.id;
    const r = await listNotices(app.db, actor, { schoolId, page: 1, pageSize: 1 }, now);
    const list = (countKey: string) => ({ path: '/api/notices', query: { schoolId }, countKey });
    const page = (state: string) => href('/notices', { schoolId, state });
    return {
      counts: [
        { key: 'total', label: '整改通知书', value: r.counts.total, list: list('total'), href: page('') },
        { key: 'unacknowledged', label: '待签收', value: r.counts.unacknowledged, list: list('unacknowledged'), href: page('unacknowledged'), alert: true },
        { key: 'overdue', label: '逾期未回执', value: r.counts.overdue, list: list('overdue'), href: page('overdue'), alert: true },
        { key: 'replied', label: '已回执', value: r.counts.replied, list: list('replied'), href: page('replied') },
      ],
    };
  },
};
