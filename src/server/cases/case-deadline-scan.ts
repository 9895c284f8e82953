import { caseStepLabels } from '../../domain/case-workflow.js';
import type { CaseStep } from '../../domain/policy/cases-schema.js';
import type { OrgUnitKind } from '../../domain/roles.js';
import type { Db } from '../db/database.js';
import { notifyMany } from '../notifications/notifications.service.js';
import * as repo from './cases.repository.js';

/**
 * The escalation when a step's time limit passes: the hourly deadline scan (notifications/
 * deadline-scan.ts) calls this; each overdue step tells the handling unit, the owner and the
 * district admins once (dedupe key: case and due instant, so an extension that runs out again
 * tells them again).
 */
const rolesOf: Record<OrgUnitKind, string[]> = {
  school: ['principal', 'school_safety_officer'],
  centre: ['centre_officer'],
  township: ['centre_officer'],
  department: ['department_officer', 'police_officer'],
  district: ['district_admin'],
};

export async function scanCaseDeadlines(db: Db, now: Date): Promise<number> {
  const rows = await repo.findOverdueOpenCases(db, now);
  let sent = 0;
  const districtAdmins = new Map<string, string[]>();
  for (const c of rows) {
    let admins = districtAdmins.get(c.district_id);
    if (!admins) {
      const d = await repo.findDistrictUnit(db, c.district_id);
      admins = d ? await repo.findUnitUserIds(db, c.district_id, d.id, ['district_admin']) : [];
      districtAdmins.set(c.district_id, admins);
    }
    const owner = await repo.findUnitUserIds(db, c.district_id, c.owner_unit_id, rolesOf[c.owner_kind]);
    const assigned = c.assigned_unit_id && c.assigned_kind ? await repo.findUnitUserIds(db, c.district_id, c.assigned_unit_id, rolesOf[c.assigned_kind]) : [];
    sent += await notifyMany(db, c.district_id, [
      {
        userIds: [...new Set([...owner, ...assigned, ...admins])],
        n: {
          kind: 'case_overdue',
          title: `案件超时：${c.code}`,
          body: `${c.title}（「${caseStepLabels[c.state as CaseStep] ?? c.state}」已超过时限）`,
          entityType: 'case',
          entityId: c.id,
          dedupeKey: `${c.id}:${c.step_due_at?.toISOString() ?? ''}`,
        },
      },
    ]);
  }
  return sent + (await scanUpwardReports(db, now));
}

/** Notice ahead of the upward report's due time (将到期) and once it has passed (已超时). */
export const UPWARD_WARN_MS = 30 * 60_000;

/**
 * The district's upward report of an escalating incident (逐级上报): the district admins are told
 * when less than 30 minutes are left and again when the time has passed, each once (dedupe key).
 */
async function scanUpwardReports(db: Db, now: Date): Promise<number> {
  let sent = 0;
  for (const c of await repo.findUpwardDue(db, new Date(now.getTime() + UPWARD_WARN_MS))) {
    const d = await repo.findDistrictUnit(db, c.district_id);
    const admins = d ? await repo.findUnitUserIds(db, c.district_id, d.id, ['district_admin']) : [];
    const due = c.upward_due_at as Date;
    const late = due < now;
    const at = due.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    sent += await notifyMany(db, c.district_id, [
      {
        userIds: admins,
        n: {
          kind: 'case_overdue',
          title: late ? `事故向上级报告已超时：${c.code}` : `事故向上级报告即将到期：${c.code}`,
          body: `${c.title}（应于 ${at} 前向上级报告）`,
          entityType: 'case',
          entityId: c.id,
          dedupeKey: `${c.id}:upward:${due.toISOString()}:${late ? 'late' : 'soon'}`,
        },
      },
    ]);
  }
  return sent;
}
