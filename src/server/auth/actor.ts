import type { Role } from '../../domain/roles.js';
import type { Scope } from '../../domain/scope.js';

/** The signed-in user of one request, with the scope resolved on the server. */
export type Actor = {
  userId: string;
  districtId: string;
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: string;
  sessionId: string;
  csrfToken: string;
  mustChangePassword: boolean;
  scope: Scope;
  ip: string;
};

/** Who an audit event is attributed to: a signed-in user, or the system (CLI, demo load). */
export type AuditActor = {
  districtId: string;
  userId: string | null;
  name: string;
  role: string;
  ip: string;
};

export const auditActorOf = (actor: Actor): AuditActor => ({
  districtId: actor.districtId,
  userId: actor.userId,
  name: actor.displayName,
  role: actor.role,
  ip: actor.ip,
});

export const systemActor = (districtId: string, what = '系统'): AuditActor => ({
  districtId,
  userId: null,
  name: what,
  role: 'system',
  ip: '',
});
