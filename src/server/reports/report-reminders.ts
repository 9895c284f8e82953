import { daysBetween } from '../../domain/calendar.js';
import { DEADLINE_SOON_DAYS } from '../../domain/notification-kinds.js';
import { currentReportPeriod, dueDayOf } from '../../domain/reports.js';
import type { Db } from '../db/database.js';
import { findActiveUnitUsers, findDistrictIds } from '../notifications/notifications.repository.js';
import { type NewNotification, notifyMany } from '../notifications/notifications.service.js';
import type { PolicyRegistry } from '../policy/policy.registry.js';
import { packForDistrict } from '../policy/policy.service.js';
import { filingRoles, ruleOf } from './report-context.js';
import { findFilerUnits, findPeriodReports } from './reports.repository.js';

/**
 * Report reminders of the hourly scan: for each report type's period to file now, every filing unit
 * that has not filed (or was returned) is reminded in its inbox when the due day is DEADLINE_SOON_DAYS
 * or fewer away, and told once more when the due day has passed. The dedupe key names the type,
 * period and unit, so a rerun sends nothing twice. The notification's entity is the filing unit
 * (there is no report row before the first submission); the web opens the reports page.
 */
export async function scanReportDeadlines(db: Db, policies: PolicyRegistry, today: string): Promise<number> {
  let sent = 0;
  for (const districtId of await findDistrictIds(db)) {
    const pack = await packForDistrict(db, policies, districtId);
    for (const t of pack.reports) {
      const rule = ruleOf(t);
      const p = currentReportPeriod(rule, today);
      if (!p) continue;
      const due = dueDayOf(rule, p);
      const left = daysBetween(today, due);
      if (left > DEADLINE_SOON_DAYS) continue;
      const units = await findFilerUnits(db, districtId, t.filers, null, undefined, t.departmentTypes);
      const reports = await findPeriodReports(
        db,
        districtId,
        t.code,
        p.key,
        units.map((u) => u.id),
      );
      const filed = new Set(reports.filter((r) => r.state === 'submitted').map((r) => r.unit_id));
      const waiting = units.filter((u) => !filed.has(u.id));
      const users = await findActiveUnitUsers(
        db,
        districtId,
        waiting.map((u) => u.id),
      );
      const batch = waiting.map((u) => {
        const n: NewNotification =
          left >= 0
            ? {
                kind: 'report_due',
                title: `报表即将截止：${p.label}「${t.label}」`,
                body: `请于 ${due}（${left === 0 ? '今天' : `还有 ${left} 天`}）前报送。`,
                entityType: 'report',
                entityId: u.id,
                dedupeKey: `report_due:${t.code}:${p.key}:${u.id}`,
              }
            : {
                kind: 'report_due',
                title: `报表逾期未报：${p.label}「${t.label}」`,
                body: `截止日 ${due} 已过，尚未报送，请尽快报送。`,
                entityType: 'report',
                entityId: u.id,
                dedupeKey: `report_overdue:${t.code}:${p.key}:${u.id}`,
              };
        const roles = filingRoles[u.kind] ?? [];
        return { userIds: users.filter((x) => x.unit_id === u.id && roles.includes(x.role as never)).map((x) => x.user_id), n };
      });
      sent += await notifyMany(db, districtId, batch);
    }
  }
  return sent;
}
