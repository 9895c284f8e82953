import type { AssignmentKind } from '../../api/types';

/** What each kind of assignment links, as the server's assignments.service defines it. */
export const assignmentKindInfo: Record<AssignmentKind, { label: string; subjectLabel: string; targetLabel: string; hint: string }> = {
  inspector_school: {
    label: '责任督学包校',
    subjectLabel: '责任督学',
    targetLabel: '学校',
    hint: '责任督学只能看到并督查包干的学校。',
  },
  leader_area: {
    label: '委领导包片',
    subjectLabel: '委领导',
    targetLabel: '街道/镇、教管中心',
    hint: '委领导看到所包片区内的全部学校。',
  },
  precinct_school: {
    label: '派出所辖区学校',
    subjectLabel: '派出所',
    targetLabel: '学校',
    hint: '派出所民警看到本所辖区内的学校。',
  },
};

export const assignmentKinds = Object.keys(assignmentKindInfo) as AssignmentKind[];
