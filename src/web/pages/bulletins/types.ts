import type { BulletinAction, BulletinKind, BulletinState } from '../../../domain/bulletin';
import type { MeetingKind, TaskAction, TaskState } from '../../../domain/meeting';

/** The shapes the bulletin and meeting APIs answer (src/server/bulletins, src/server/meetings). */
export type Bulletin = {
  id: string;
  number: string;
  kind: BulletinKind;
  kindLabel: string;
  unitId: string;
  unitName: string;
  issuerUnitName: string;
  issuerName: string;
  title: string;
  reason: string;
  requirements: string;
  respondBy: string | null;
  triggerData: { asOf: string; open: number; overdue: number; major: number; listed: number } | null;
  state: BulletinState;
  stateLabel: string;
  issuedAt: string;
  response: string;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  closedAt: string | null;
  overdue: boolean;
};

export type TimelineEntry = { id: string; action: string; actionLabel: string; note: string; actorName: string; at: string };

export type BulletinDetail = {
  bulletin: Bulletin;
  links: { refType: 'hazard' | 'meeting_task' | 'report' | 'duty'; refId: string; refKey: string; label: string; detail: string }[];
  timeline: TimelineEntry[];
  actions: BulletinAction[];
};

export type BulletinList = { items: Bulletin[]; total: number; counts: Record<BulletinState, number>; canIssue: boolean };

export type Candidate = { unitId: string; unitName: string; open: number; overdue: number; major: number; listed: number; reason: string };

export type MeetingTask = {
  id: string;
  meetingId: string;
  meetingTitle: string;
  meetingKindLabel: string;
  heldOn: string;
  no: number;
  title: string;
  detail: string;
  ownerUnitId: string;
  ownerUnitName: string;
  deadline: string;
  state: TaskState;
  stateLabel: string;
  evidence: string;
  overdue: boolean;
};

export type Meeting = {
  id: string;
  kind: MeetingKind;
  kindLabel: string;
  title: string;
  heldOn: string;
  place: string;
  hostUnitName: string;
  chair: string;
  participants: { id: string; name: string }[];
  otherParticipants: string;
  agenda: { title: string; refType: 'hazard' | 'case' | null; refId: string | null; refLabel: string; note: string }[];
  decisions: string;
  createdByName: string;
  version: number;
};

export type MeetingDetail = { meeting: Meeting; tasks: MeetingTask[]; canEdit: boolean };

export type TaskDetail = { task: MeetingTask; timeline: TimelineEntry[]; actions: TaskAction[] };
