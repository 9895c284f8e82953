import type { Role } from '../../../domain/roles';

/** Roles that issue rectification notices (the server's issuer kinds: 区教委, 责任督学, 教管中心, 派出所, 联合督检组). */
const issuers: ReadonlySet<Role> = new Set(['district_admin', 'responsible_inspector', 'centre_officer', 'police_officer', 'joint_inspector']);

export const canIssueNotice = (role: Role): boolean => issuers.has(role);
