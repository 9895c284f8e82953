import { listCases } from '../../cases/cases.service.js';
import { href, type SchoolFilePanel } from '../panel.js';

/**
 * 案件: the school's cases as the reader sees them on /cases — the same listCases with the school as
 * the filter, so a restricted case (bullying seen only by its own units) is left out and the
 * reporter's personal data stays masked exactly as in the list. Counts: open, overdue, all; the
 * detail is the latest open ones.
 */
export const casesPanel: SchoolFilePanel = {
  key: 'cases',
  title: '案件',
  async summarize(app, actor, school, now) {
    const base = { schoolId: school.id };
    const [open, overdue, all] = await Promise.all([
      listCases(app, actor, { ...base, open: true, page: 1, pageSize: 5 }, now),
      listCases(app, actor, { ...base, overdue: true, page: 1, pageSize: 1 }, now),
      listCases(app, actor, { ...base, page: 1, pageSize: 1 }, now),
    ]);
    const count = (key: string, label: string, value: number, query: Record<string, string>, alert = false) => ({
      key,
      label,
      value,
      list: { path: '/api/cases', query: { ...base, ...query } },
      href: href('/cases', { ...base, ...query }),
      ...(alert && { alert }),
    });
    return {
      counts: [
        count('open', '办理中', open.total, { open: 'true' }),
        count('overdue', '已超时', overdue.total, { overdue: 'true' }, true),
        count('all', '全部案件', all.total, {}),
      ],
      detail: {
        open: open.items.map((c) => ({
          id: c.id,
          code: c.code,
          typeLabel: c.typeLabel,
          title: c.title,
          stateLabel: c.stateLabel,
          slaLabel: c.slaLabel,
          sla: c.sla,
        })),
      },
    };
  },
};
