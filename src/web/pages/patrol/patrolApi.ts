import type { Attachment, Paged } from '../../api/types';

/** The server's answers (src/server/patrol/*.service.ts), as the web reads them. */
export type RouteInfo = {
  code: string;
  label: string;
  description: string;
  perDay: number | null;
  boardingOnly: boolean;
  /** Whether perDay applies today: a duty due on school days only asks nothing on weekends and holidays. */
  dueToday: boolean;
};
export type PatrolLogDto = {
  id: string;
  code: string;
  schoolId: string;
  schoolName: string;
  route: string;
  routeLabel: string;
  patrolledAt: string;
  patrolDay: string;
  points: string[];
  patrollers: string[];
  note: string;
  findingCount: number;
  hazardCount: number;
  createdByName: string;
  createdAt: string;
};
export type PatrolLogDetail = PatrolLogDto & {
  findings: { position: number; text: string; place: string; attachmentIds: string[]; hazardId: string | null }[];
  attachments: Attachment[];
  canCheck: boolean;
  canRaise: boolean;
};
export type RosterDayDto = {
  day: string;
  leaderName: string;
  leaderUserId: string | null;
  nightDutyName: string;
  nightDutyUserId: string | null;
  phone: string;
  note: string;
};
export type PatrolList = Paged<PatrolLogDto> & { byRoute: Record<string, number>; routes: RouteInfo[] };
export type Roster = {
  school: { id: string; name: string; boarding: boolean };
  from: string;
  to: string;
  days: RosterDayDto[];
  users: { id: string; name: string }[];
  canEdit: boolean;
};

/** The usual points of each route, ticked by default on the phone (the guard unticks what was skipped). */
export const routePoints: Record<string, string[]> = {
  key_places: ['校门', '教学楼', '食堂', '宿舍', '实验室', '操场', '配电房'],
  dormitory_night: ['男生宿舍', '女生宿舍', '楼道', '安全出口'],
  perimeter: ['围墙', '周边道路', '后门', '监控'],
};

export type PatrolBody = {
  clientId: string;
  schoolId: string;
  route: string;
  patrolledAt: string;
  points: string[];
  patrollers: string[];
  note: string;
  findings: { text: string; place: string; raiseHazard: boolean; category?: string; attachmentIds: string[] }[];
  attachmentIds: string[];
};
