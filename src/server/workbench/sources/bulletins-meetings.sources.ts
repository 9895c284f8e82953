import type { Actor } from '../../auth/actor.js';
import { canIssueBulletins } from '../../bulletins/bulletin-scope.js';
import { listBulletins } from '../../bulletins/bulletins.service.js';
import { isManagerRole } from '../../bulletins/unit-party.js';
import { canRecordMeetings } from '../../meetings/meeting-scope.js';
import { listMeetingTasks } from '../../meetings/meeting-tasks.service.js';
import type { WorkbenchItem, WorkbenchSource, WorkbenchTone } from '../workbench.types.js';

/**
 * 通报/约谈 and joint-meeting tasks on the workbench: the addressed unit until it acknowledges,
 * the owner unit until its tasks are done, and the issuer/organiser for what waits on them.
 * Each count comes from the list service with the filter its link opens.
 */
const item = (key: string, label: string, count: number, link: string, tone: WorkbenchTone): WorkbenchItem => ({
  key,
  label,
  count,
  link,
  tone: count ? tone : 'normal',
});

/** Whose bulletins an issuer follows: all in scope for the district admin, else its own unit's. */
const issuedBy = (a: Actor): Record<string, string> => (a.role === 'district_admin' ? {} : { issuerUnitId: a.orgUnitId });

export const bulletinMeetingSources: WorkbenchSource[] = [
  {
    key: 'bulletins.to_acknowledge',
    section: 'supervision',
    when: (a) => isManagerRole(a.role),
    items: async (c) => {
      const r = await listBulletins(c.app.db, c.actor, { mine: true, state: 'issued', page: 1, pageSize: 1 }, c.now);
      // Shown to the unit only while there is one: most schools are never bulletined.
      return r.total ? [item('bulletins.to_acknowledge', '收到通报/约谈待签收反馈', r.total, '/bulletins?mine=true&state=issued', 'danger')] : [];
    },
  },
  {
    key: 'bulletins.to_close',
    section: 'supervision',
    when: canIssueBulletins,
    items: async (c) => {
      const q = issuedBy(c.actor);
      const r = await listBulletins(c.app.db, c.actor, { ...q, state: 'acknowledged', page: 1, pageSize: 1 }, c.now);
      return [item('bulletins.to_close', '通报已反馈待跟进办结', r.total, `/bulletins?${new URLSearchParams({ ...q, state: 'acknowledged' })}`, 'warning')];
    },
  },
  {
    key: 'meeting_tasks.mine',
    section: 'supervision',
    when: (a) => isManagerRole(a.role),
    items: async (c) => {
      const [open, overdue] = await Promise.all([
        listMeetingTasks(c.app.db, c.actor, { mine: true, state: 'open', page: 1, pageSize: 1 }, c.now),
        listMeetingTasks(c.app.db, c.actor, { mine: true, overdue: true, page: 1, pageSize: 1 }, c.now),
      ]);
      // Only for units that were given tasks; the overdue line only when there is one.
      if (!open.total && !overdue.total) return [];
      return [
        item('meeting_tasks.mine:open', '联席会议交办事项待落实', open.total, '/meeting-tasks?mine=true&state=open', 'warning'),
        ...(overdue.total
          ? [item('meeting_tasks.mine:overdue', '联席会议交办事项已逾期', overdue.total, '/meeting-tasks?mine=true&overdue=true', 'danger')]
          : []),
      ];
    },
  },
  {
    key: 'meeting_tasks.organiser',
    section: 'supervision',
    when: canRecordMeetings,
    items: async (c) => {
      const [submitted, overdue] = await Promise.all([
        listMeetingTasks(c.app.db, c.actor, { state: 'submitted', page: 1, pageSize: 1 }, c.now),
        listMeetingTasks(c.app.db, c.actor, { overdue: true, page: 1, pageSize: 1 }, c.now),
      ]);
      return [
        item('meeting_tasks.organiser:submitted', '会议议定事项待验收', submitted.total, '/meeting-tasks?state=submitted', 'warning'),
        item('meeting_tasks.organiser:overdue', '会议议定事项逾期未办结', overdue.total, '/meeting-tasks?overdue=true', 'danger'),
      ];
    },
  },
];
