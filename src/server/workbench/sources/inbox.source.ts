import { listNotifications } from '../../notifications/notifications.service.js';
import type { WorkbenchSource } from '../workbench.types.js';

/** "2026-12-06 09:30" in Shanghai time (UTC+8, no DST). */
const shanghaiTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** Where a message leads: the record it is about. */
const recordLink: Record<string, (id: string) => string> = {
  hazard: (id) => `/hazards/${id}`,
  notice: (id) => `/notices/${id}`,
  inspection: (id) => `/inspections/${id}`,
  inspection_plan: () => '/plans',
};

/** Unread messages, the newest five shown in place (the inbox has no page of its own: the bell lists it). */
export const inboxSource: WorkbenchSource = {
  key: 'inbox',
  section: 'inbox',
  when: () => true,
  items: async (c) => {
    const r = await listNotifications(c.app.db, c.actor, { unreadOnly: true, page: 1, pageSize: 5 });
    return [
      {
        key: 'inbox.unread',
        label: '未读消息',
        count: r.unread,
        link: null,
        tone: r.unread ? 'warning' : 'normal',
        rows: r.items.map((n) => ({
          id: n.id,
          title: n.title,
          subtitle: `${n.kindLabel} · ${shanghaiTime(n.createdAt)}`,
          link: recordLink[n.entityType]?.(n.entityId) ?? '/',
          deadline: null,
          canUrge: false,
        })),
      },
    ];
  },
};
