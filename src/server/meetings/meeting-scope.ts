import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import { districtIssuerRoles } from '../bulletins/unit-party.js';
import type { TaskFilter } from './meetings.repository.js';

/**
 * Who sees joint meetings: the district (admin, joint group) and the commission's leaders see
 * every meeting; any other unit sees the meetings it hosted or attended. A task is seen with its
 * meeting, and by its owner unit and the units above it (a centre sees its schools' tasks), so a
 * school sees only the tasks given to it.
 */
export const seesAllMeetings = (actor: Actor) => districtIssuerRoles.has(actor.role) || actor.role === 'commission_leader';

/** Who records meetings and decides their tasks. */
export const canRecordMeetings = (actor: Actor) => districtIssuerRoles.has(actor.role);

const participantIds = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export const canSeeMeeting = (actor: Actor, m: { host_unit_id: string; participant_unit_ids: unknown }) =>
  seesAllMeetings(actor) || m.host_unit_id === actor.orgUnitId || participantIds(m.participant_unit_ids).includes(actor.orgUnitId);

/** A school that attended reads the minutes, but of the tasks only its own. */
const isSchoolActor = (actor: Actor) => actor.role === 'principal' || actor.role === 'school_safety_officer' || actor.role === 'staff';

/**
 * Of a meeting the actor sees, the tasks it sees, as owner units: null for all of them, else only
 * those owned by the listed units (a school: its own). canSeeTask's rule for a visible meeting,
 * in the form the list's task counts filter on, so the list counts what the minutes show.
 */
export const taskOwnersInVisibleMeeting = (actor: Actor): readonly string[] | null => (isSchoolActor(actor) ? [actor.orgUnitId] : null);

export const canSeeTask = (actor: Actor, t: { host_unit_id: string; participant_unit_ids: unknown; owner_unit_id: string }) =>
  isSchoolActor(actor)
    ? t.owner_unit_id === actor.orgUnitId
    : canSeeMeeting(actor, t) || t.owner_unit_id === actor.orgUnitId || canRead(actor.scope, t.owner_unit_id);

export const taskScopeOf = (actor: Actor, today: string): TaskFilter =>
  seesAllMeetings(actor)
    ? { districtId: actor.districtId, meetingUnitId: null, ownerUnitIds: null, today }
    : isSchoolActor(actor)
      ? { districtId: actor.districtId, meetingUnitId: false, ownerUnitIds: [actor.orgUnitId], today }
      : {
          districtId: actor.districtId,
          meetingUnitId: actor.orgUnitId,
          ownerUnitIds: actor.scope.read.all ? null : [...actor.scope.read.ids, actor.orgUnitId],
          today,
        };

/** The organiser of a meeting acts on its tasks: the district admin, or the joint group of the hosting unit. */
export const isOrganiser = (actor: Actor, m: { host_unit_id: string }) =>
  actor.role === 'district_admin' || (canRecordMeetings(actor) && actor.orgUnitId === m.host_unit_id);
