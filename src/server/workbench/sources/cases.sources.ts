import { listCases } from '../../cases/cases.service.js';
import type { WorkbenchSource } from '../workbench.types.js';

/**
 * Cases waiting on the user's unit (分办给本单位待签收/办理, 本单位待分办/督查/答复/归档, 即时上报待确认)
 * and the overdue cases the user can see. Counted by listCases with the filter the /cases page reads
 * from its URL. Staff act for no unit: they have no queue.
 */
const caseQueue = (
  key: string,
  label: string,
  query: Record<string, string>,
  tone: 'danger' | 'warning',
  when: WorkbenchSource['when'] = (a) => a.role !== 'staff',
): WorkbenchSource => ({
  key,
  section: 'cases',
  when,
  items: async (c) => {
    const flags = { waiting: query.waiting === 'true', overdue: query.overdue === 'true', upwardPending: query.upwardPending === 'true' };
    const r = await listCases(c.app, c.actor, { ...flags, page: 1, pageSize: 1 }, c.now);
    return [{ key, label, count: r.total, link: `/cases?${new URLSearchParams(query)}`, tone: r.total ? tone : 'normal' }];
  },
});

export const caseSources: WorkbenchSource[] = [
  caseQueue('cases.waiting', '待本单位办理', { waiting: 'true' }, 'warning'),
  caseQueue('cases.overdue', '已超时', { overdue: 'true' }, 'danger'),
  // The district reports escalating incidents upward (逐级上报) within the pack's incident.upwardHours.
  caseQueue('cases.upward', '事故待向上级报告', { upwardPending: 'true' }, 'danger', (a) => a.role === 'district_admin'),
];
