import { canTriageRole, countPendingReports } from '../../public-reports/triage.service.js';
import type { WorkbenchSource } from '../workbench.types.js';

/**
 * 群众反映待分拣: for the district admin (the whole district) and the 教管中心 (its schools'
 * reports), counted by the queue's own service with the filter of the page's first tab.
 */
export const publicReportsSource: WorkbenchSource = {
  key: 'public_reports',
  section: 'supervision',
  when: (actor) => canTriageRole(actor.role),
  async items({ app, actor }) {
    const count = await countPendingReports(app.db, actor);
    if (!count) return [];
    return [
      {
        key: 'public_reports.pending',
        label: '群众反映待分拣',
        count,
        link: '/public-reports?status=pending',
        tone: 'warning',
        hint: `${count} 条扫码反映等待转为隐患、并入已有隐患或答复不予受理`,
      },
    ];
  },
};
