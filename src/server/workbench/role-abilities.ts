import { type HazardLevel, hazardLevels } from '../../domain/hazard.js';
import { mayUrge } from '../../domain/hazard-urge.js';
import { type HazardAction, type HazardSnapshot, hazardActionLabels, hazardActions, hazardTransitions, type Standing } from '../../domain/hazard-workflow.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { grantableRoles, homeUnitKinds, type Role, roleLabels, roles } from '../../domain/roles.js';
import { allUnits, canEditSchoolIdentity, type ReadRule, scopeRules } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import { standingOf } from '../hazards/hazard-standing.js';
import { canPlanInspections } from '../inspections/plans.service.js';
import { issuerKindOf } from '../notices/notice-scope.js';
import { canRecordPenalty } from '../notices/penalties.service.js';
import { actingRoles } from '../notifications/notifications.service.js';
import { canEditTemplates } from '../policy/templates.service.js';

/**
 * What a role can really do, read from the rules the server enforces (the hazard workflow table
 * through the server's own standingOf, the scope table, the policy pack's levels, the grant
 * table, the issuers of notices), never written as a sentence per role. The workbench uses it
 * to choose a role's queues and to write the home page's 权限 line.
 */

/**
 * How a user of this role can stand to a hazard in their scope: at their own school (school
 * roles), at a school they supervise (for a department or the joint group: a hazard their own
 * unit found), or handed over (交办) to their own department.
 */
export function typicalStandings(role: Role): Standing[] {
  const actor = { role, orgUnitId: 'own', scope: { districtId: '', read: allUnits, write: allUnits } } as unknown as Actor;
  const kinds = homeUnitKinds[role];
  const out: Standing[] = [];
  if (kinds.includes('school')) out.push(standingOf(actor, { school_id: 'own', responsible_unit_id: 'own', found_by_unit_id: 'own' }));
  else out.push(standingOf(actor, { school_id: 'school', responsible_unit_id: 'school', found_by_unit_id: 'own' }));
  if (kinds.includes('department')) out.push(standingOf(actor, { school_id: 'school', responsible_unit_id: 'own', found_by_unit_id: null }));
  return out;
}

const probe = (action: HazardAction, level: HazardLevel): HazardSnapshot => ({
  state: hazardTransitions[action].from[0] ?? 'reported',
  level,
  deadline: '2000-01-01',
  supervisionListed: false,
  extensionPending: true,
  handedOver: false,
});

/** Whether the role may take `action` on some hazard, standing as `as` picks (any standing by default). */
export function roleMay(role: Role, action: HazardAction, as: (s: Standing) => boolean = () => true): boolean {
  return typicalStandings(role)
    .filter(as)
    .some((s) => hazardLevels.some((l) => hazardTransitions[action].allowed(s, probe(action, l))));
}

export const asSupervisor = (s: Standing) => s.supervisor;
export const asResponsible = (s: Standing) => s.responsible;
export const asSchoolManager = (s: Standing) => s.schoolManager;

/** Whether the role 催办 overdue hazards (domain/hazard-urge.ts). */
export const roleMayUrge = (role: Role): boolean => typicalStandings(role).some(mayUrge);

/** Whether the role acts for a school on what it receives (签收, 回执, rectifying). */
export const isSchoolActor = (role: Role): boolean => actingRoles.school?.includes(role) ?? false;

/** Schools only ever see their own school; everyone else supervises some. */
export const isSchoolRole = (role: Role): boolean => scopeRules[role].read === 'home_school';

export type Ability = { area: string; text: string };

/** What each read rule of domain/scope.ts reaches, in the users' words. */
const readRuleLabels: Record<ReadRule, string> = {
  district: '全区学校',
  home_subtree: '本街镇/教管中心所属学校',
  home_school: '本校',
  inspector_schools: '包校学校',
  leader_areas: '包片街镇的学校',
  precinct_schools: '辖区学校',
};

/** The 权限 line: one entry per area the role can act in, starting with what it can see. */
export function abilitiesOf(role: Role, pack: ResolvedPack): Ability[] {
  const handedOver = homeUnitKinds[role].includes('department') && typicalStandings(role).some((s) => s.responsible);
  const out: Ability[] = [{ area: '查看', text: `${readRuleLabels[scopeRules[role].read]}${handedOver ? '，及交办本单位的隐患' : ''}` }];
  const levels = pack.levels.filter((l) => l.roles.includes(role)).map((l) => l.label);
  if (levels.length) out.push({ area: '检查', text: `开展${levels.join('、')}` });
  const hazard = ['登记', ...hazardActions.filter((a) => roleMay(role, a)).map((a) => hazardActionLabels[a]), ...(roleMayUrge(role) ? ['催办'] : [])];
  out.push({ area: '隐患', text: hazard.join('、') });
  const notices = [
    ...(issuerKindOf[role] ? ['下达整改通知书'] : []),
    ...(isSchoolActor(role) ? ['签收、回执整改通知书'] : []),
    ...(canRecordPenalty(role) ? ['登记执法处罚书'] : []),
  ];
  if (notices.length) out.push({ area: '文书', text: notices.join('、') });
  if (canPlanInspections(role)) out.push({ area: '督检', text: '安排、取消督检' });
  if (canEditTemplates(role)) out.push({ area: '检查表', text: '修改检查表' });
  const rule = scopeRules[role].write;
  if (rule !== 'none') out.push({ area: '学校档案', text: canEditSchoolIdentity(role) ? '维护学校档案' : '维护学校档案（名称、代码、隶属由区教委维护）' });
  const grants = grantableRoles[role];
  if (grants.length === roles.length) out.push({ area: '账号', text: '开通、停用各类账号' });
  else if (grants.length) out.push({ area: '账号', text: `开通${grants.map((r) => roleLabels[r]).join('、')}账号` });
  return out;
}
