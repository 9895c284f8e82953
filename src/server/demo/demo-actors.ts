import { shanghaiDay } from '../../domain/calendar.js';
import { startOfShanghaiDay } from '../../domain/case-time.js';
import type { Role } from '../../domain/roles.js';
import type { Actor } from '../auth/actor.js';
import { resolveScope } from '../auth/scope.resolver.js';
import type { Db } from '../db/database.js';
import { findDemoUser } from './demo-cases.repository.js';

/**
 * What the demo loaders of the later modules share: a demo account signed in as an Actor (its
 * scope resolved as a session would), and a clock of past office-hour instants in Shanghai time,
 * so records are written through each module's own service at the moment they would have been.
 */
export async function demoActor(db: Db, districtId: string, username: string): Promise<Actor> {
  const u = await findDemoUser(db, districtId, username);
  const role = u.role as Role;
  const scope = await resolveScope(db, { userId: u.id, districtId, role, orgUnitId: u.org_unit_id });
  return {
    userId: u.id,
    districtId,
    username: u.username,
    displayName: u.display_name,
    role,
    orgUnitId: u.org_unit_id,
    sessionId: 'demo',
    csrfToken: '',
    mustChangePassword: false,
    scope,
    ip: '',
  };
}

export type DemoActors = Record<'admin' | 'centre' | 'principal' | 'officer' | 'police' | 'dept' | 'joint', Actor>;

export async function demoActors(db: Db, districtId: string): Promise<DemoActors> {
  const names = ['admin', 'centre_officer', 'principal', 'school_officer', 'police', 'dept_officer', 'joint_inspector'] as const;
  const [admin, centre, principal, officer, police, dept, joint] = await Promise.all(names.map((n) => demoActor(db, districtId, n)));
  return { admin, centre, principal, officer, police, dept, joint } as DemoActors;
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/**
 * Today's Shanghai day and `at(daysAgo, "HH:MM")`: that local time `daysAgo` days back (never
 * later than `now`, so a record of "today 16:00" loaded in the morning is written now instead).
 */
export function demoClock(now: Date) {
  const today = shanghaiDay(now);
  const midnight = startOfShanghaiDay(today).getTime();
  const at = (daysAgo: number, hhmm = '10:00') => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    const t = midnight - daysAgo * DAY + (h * 60 + m) * MIN;
    return new Date(Math.min(t, now.getTime()));
  };
  return { now, today, at };
}
