import { addDays } from '../../../domain/calendar.js';
import { asResponsible, asSchoolManager, asSupervisor, roleMay, roleMayUrge } from '../role-abilities.js';
import type { WorkbenchSource } from '../workbench.types.js';
import { hazardQueue } from './hazard-queue.js';

/**
 * The hazard ledger's queues. The side responsible for rectifying (a school's managers, or a
 * department a hazard was handed to) sees what waits for its own action; a supervising role sees
 * what waits for the supervisor's. Who gets which queue follows the workflow table (role-abilities).
 */
const own = (unitId: string) => ({ responsibleUnitId: unitId });

export const responsibleHazardSources: WorkbenchSource[] = [
  hazardQueue({
    key: 'hazards.own_to_assess',
    section: 'school_hazards',
    label: '待研判',
    tone: 'warning',
    when: (a) => roleMay(a.role, 'assess', asSchoolManager),
    query: (a) => ({ schoolId: a.orgUnitId, state: 'reported' }),
  }),
  hazardQueue({
    key: 'hazards.to_plan',
    section: 'school_hazards',
    label: '待制定整改方案',
    tone: 'warning',
    when: (a) => roleMay(a.role, 'plan', asResponsible),
    query: (a) => ({ ...own(a.orgUnitId), state: 'assessed' }),
  }),
  hazardQueue({
    key: 'hazards.rectifying',
    section: 'school_hazards',
    label: '整改中',
    tone: 'normal',
    when: (a) => roleMay(a.role, 'submit', asResponsible),
    query: (a) => ({ ...own(a.orgUnitId), state: 'rectifying' }),
    hint: '完成后提交验收',
  }),
  hazardQueue({
    key: 'hazards.rejected',
    section: 'school_hazards',
    label: '验收未通过',
    tone: 'danger',
    when: (a) => roleMay(a.role, 'submit', asResponsible),
    query: (a) => ({ ...own(a.orgUnitId), state: 'rectifying', verificationFailed: 'true' }),
  }),
  hazardQueue({
    key: 'hazards.own_overdue',
    section: 'school_hazards',
    label: '已逾期',
    tone: 'danger',
    when: (a) => roleMay(a.role, 'submit', asResponsible),
    query: (a) => ({ ...own(a.orgUnitId), overdue: 'true', sort: 'deadline' }),
  }),
  hazardQueue({
    key: 'hazards.extension_decided',
    section: 'school_hazards',
    label: '延期已审批',
    tone: 'warning',
    when: (a) => roleMay(a.role, 'request_extension', asResponsible),
    query: (a, today) => ({ ...own(a.orgUnitId), state: 'rectifying', extensionDecidedFrom: addDays(today, -6) }),
    hint: '近 7 天',
  }),
  hazardQueue({
    key: 'hazards.principal_verify',
    section: 'school_hazards',
    label: '待校长验收',
    tone: 'warning',
    when: (a) => roleMay(a.role, 'verify_pass', asSchoolManager),
    query: (a) => ({ schoolId: a.orgUnitId, state: 'pending_verification', level: 'general' }),
    hint: '一般隐患由校长销号',
  }),
];

export const supervisorHazardSources: WorkbenchSource[] = [
  hazardQueue({
    key: 'hazards.to_assess',
    section: 'supervision',
    label: '待研判',
    tone: 'warning',
    when: (a) => roleMay(a.role, 'assess', asSupervisor),
    query: () => ({ state: 'reported' }),
  }),
  hazardQueue({
    key: 'hazards.to_verify',
    section: 'supervision',
    label: '待验收',
    tone: 'warning',
    when: (a) => roleMay(a.role, 'verify_pass', asSupervisor),
    query: () => ({ state: 'pending_verification' }),
  }),
  hazardQueue({
    key: 'hazards.extension_requests',
    section: 'supervision',
    label: '延期待审批',
    tone: 'warning',
    when: (a) => roleMay(a.role, 'decide_extension', asSupervisor),
    query: () => ({ extensionPending: 'true' }),
  }),
  hazardQueue({
    key: 'hazards.overdue',
    section: 'supervision',
    label: '逾期隐患',
    tone: 'danger',
    when: (a) => roleMayUrge(a.role),
    query: () => ({ overdue: 'true', sort: 'deadline' }),
    rows: 5,
    hint: '最早到期的见下方，可催办',
  }),
];
