import { daysBetween } from '../../../domain/calendar.js';
import { DEADLINE_SOON_DAYS } from '../../../domain/notification-kinds.js';
import { reportStandingLabels } from '../../../domain/reports.js';
import { filingRoles } from '../../reports/report-context.js';
import { getReportStatus } from '../../reports/report-status.service.js';
import { listReportTypes } from '../../reports/reports.service.js';
import type { WorkbenchItem, WorkbenchSource } from '../workbench.types.js';

/**
 * 报表报送: for a filing unit's managers, each report type's period to file now that the unit has
 * not filed (or that was returned), with its due day; for the district's admins, the units late,
 * missing or returned on each type's current period. Both counted by getReportStatus, the one
 * function the status board reads, so a count is the board's rows.
 */
const files = (role: string) => Object.values(filingRoles).some((r) => r.includes(role as never));

export const reportsSource: WorkbenchSource = {
  key: 'reports',
  section: 'duties',
  when: (actor) => files(actor.role) || actor.role === 'district_admin',
  async items({ app, actor, now, today }) {
    const { items: types } = await listReportTypes(app, actor, now);
    const out: WorkbenchItem[] = [];
    for (const t of types) {
      if (!t.current) continue;
      const own = t.filesHere && actor.role !== 'district_admin';
      const s = await getReportStatus(app, actor, { typeCode: t.code, periodKey: t.current.key }, now);
      if (own) {
        const row = s.rows.find((r) => r.unitId === actor.orgUnitId);
        if (!row || row.standing === 'on_time' || row.standing === 'late') continue;
        const left = daysBetween(today, s.dueOn);
        const tone = row.standing === 'pending' && left > DEADLINE_SOON_DAYS ? 'normal' : row.standing === 'pending' ? 'warning' : 'danger';
        out.push({
          key: `reports:${t.code}`,
          label: `报送${t.current.label}「${t.label}」`,
          count: 1,
          link: `/reports/draft?typeCode=${t.code}&periodKey=${t.current.key}`,
          tone,
          hint: row.standing === 'pending' ? `截止 ${s.dueOn}` : `${reportStandingLabels[row.standing]}，截止 ${s.dueOn}`,
        });
      } else {
        const behind = s.totals.missing + s.totals.returned;
        if (!behind) continue;
        out.push({
          key: `reports:${t.code}:behind`,
          label: `${t.current.label}「${t.label}」逾期未报或退回待重报`,
          count: behind,
          link: `/reports/status?typeCode=${t.code}&periodKey=${t.current.key}`,
          tone: 'danger',
          hint: `逾期未报 ${s.totals.missing} 个单位，退回待重报 ${s.totals.returned} 个`,
        });
      }
    }
    return out;
  },
};
