import type { Role } from '../../../domain/roles';
import { api } from '../../api/client';
import type { Attachment } from '../../api/types';
import { cachedLoad } from '../../offline/cache';

/** The server's SessionDto / TrainingDto and the answers around them (src/server/education). */
export type EducationSession = {
  id: string;
  schoolId: string;
  schoolName: string;
  heldOn: string;
  audienceKind: 'school' | 'grade' | 'class';
  grade: number | null;
  audiences: string[];
  audienceLabel: string;
  topic: string;
  topicLabel: string;
  occasion: string | null;
  occasionLabel: string | null;
  hours: number;
  speakerName: string;
  speakerType: string;
  speakerTypeLabel: string;
  speakerUnitId: string | null;
  speakerUnitName: string | null;
  participants: number | null;
  note: string;
  source: string;
  createdByName: string;
  createdAt: string;
};
export type SessionList = { items: EducationSession[]; total: number; counts: { total: number; hours: number }; page: number; pageSize: number };
export type SessionDetail = { session: EducationSession; attachments: Attachment[] };
export type ClassHoursRow = {
  schoolId: string;
  schoolName: string;
  audience: string;
  audienceLabel: string;
  hours: number;
  sessions: number;
  byTopic: { topic: string; topicLabel: string | null; hours: number }[];
};
export type ClassHours = { from: string; to: string; items: ClassHoursRow[]; total: number; page: number; pageSize: number };

export type Training = {
  id: string;
  schoolId: string;
  schoolName: string;
  trainedOn: string;
  kind: string;
  kindLabel: string;
  title: string;
  trainer: string;
  trainerBody: string;
  trainerUnitId: string | null;
  trainerUnitName: string | null;
  hours: number;
  attendeeIds: string[];
  attendeeCount: number;
  staffBase: number;
  note: string;
  createdByName: string;
  createdAt: string;
};
export type TrainingList = { items: Training[]; total: number; counts: { total: number; attendees: number }; page: number; pageSize: number };
export type TrainingDetail = { training: Training; attendees: { id: string; name: string }[]; attachments: Attachment[] };

type Option = { code: string; label: string; description?: string };
export type EducationOptions = {
  topics: Option[];
  occasions: Option[];
  trainingKinds: Option[];
  speakerTypes: Option[];
  /** The district's departments an outside speaker or trainer comes from. */
  speakerUnits: { id: string; name: string; departmentType: string | null }[];
  recordSchoolId: string | null;
  staff: { id: string; name: string }[];
  semester: { key: string; label: string; start: string; end: string };
};

let options: Promise<EducationOptions> | undefined;
/** Fetched once per page load: the pack's vocabularies change only on a server restart. */
export const loadEducationOptions = () => {
  // The copy kept on the phone answers when there is no network: the form works offline.
  options ??= cachedLoad('education-options', () => api.get<EducationOptions>('/api/education/options'))
    .then((c) => c.data)
    .catch((err: unknown) => {
      options = undefined;
      throw err;
    });
  return options;
};

/** The school's principal and safety officer record; everybody else reads (the server decides). */
export const canRecordEducation = (role: Role) => role === 'principal' || role === 'school_safety_officer';

export const gradeOptions = Array.from({ length: 12 }, (_, i) => ({
  value: i + 1,
  label: ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'][i] + '年级',
}));
