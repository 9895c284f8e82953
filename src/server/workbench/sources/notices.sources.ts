import type { Actor } from '../../auth/actor.js';
import { issuerKindOf } from '../../notices/notice-scope.js';
import { listNotices } from '../../notices/notices.service.js';
import { isSchoolActor } from '../role-abilities.js';
import type { WorkbenchSource, WorkbenchTone } from '../workbench.types.js';

type NoticeQuery = { state: 'unacknowledged' | 'acknowledged' | 'overdue'; issuerUnitId?: string; mine?: boolean };

/** Whose notices an issuer follows: the district's for its admin, the unit's for a station or centre, else the user's own. */
function issuedBy(a: Actor): Omit<NoticeQuery, 'state'> {
  if (a.role === 'district_admin') return {};
  if (a.role === 'police_officer' || a.role === 'centre_officer') return { issuerUnitId: a.orgUnitId };
  return { mine: true };
}

/** The notice list's query string for the same filter (the /notices page reads it from its URL). */
const linkOf = (q: NoticeQuery) =>
  `/notices?${new URLSearchParams({ state: q.state, ...(q.issuerUnitId && { issuerUnitId: q.issuerUnitId }), ...(q.mine && { mine: 'true' }) })}`;

const noticeQueue = (key: string, label: string, tone: WorkbenchTone, when: (a: Actor) => boolean, query: (a: Actor) => NoticeQuery): WorkbenchSource => ({
  key,
  section: 'notices',
  when,
  items: async (c) => {
    const q = query(c.actor);
    const r = await listNotices(c.app.db, c.actor, { ...q, page: 1, pageSize: 1 }, c.now);
    return [{ key, label, count: r.total, link: linkOf(q), tone: r.total ? tone : 'normal' }];
  },
});

const issues = (a: Actor) => issuerKindOf[a.role] !== undefined;

export const noticeSources: WorkbenchSource[] = [
  noticeQueue(
    'notices.to_acknowledge',
    '待签收',
    'danger',
    (a) => isSchoolActor(a.role),
    () => ({ state: 'unacknowledged' }),
  ),
  noticeQueue(
    'notices.to_reply',
    '待回执',
    'warning',
    (a) => isSchoolActor(a.role),
    () => ({ state: 'acknowledged' }),
  ),
  noticeQueue('notices.issued_unacknowledged', '发出未签收', 'warning', issues, (a) => ({ state: 'unacknowledged', ...issuedBy(a) })),
  noticeQueue('notices.issued_overdue', '发出逾期未回执', 'danger', issues, (a) => ({ state: 'overdue', ...issuedBy(a) })),
];
