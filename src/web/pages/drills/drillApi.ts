import type { GuidanceKind } from '../../../domain/drill';
import type { Role } from '../../../domain/roles';
import type { Attachment } from '../../api/types';

/** What the web reads of the drills API (src/server/drills). */
export type DrillOptions = {
  types: { code: string; label: string; description: string }[];
  evacuation: { targetSeconds: number; lowRiseMaxFloors: number; highRiseTargetSeconds: number };
  guidanceKinds: { code: GuidanceKind; label: string }[];
  hazardCategories: { code: string; label: string }[];
  semesters: { code: string; label: string; start: string; end: string }[];
};

export type DrillSummary = {
  id: string;
  clientId: string;
  code: string;
  schoolId: string;
  schoolName: string;
  parentName: string | null;
  type: string;
  typeLabel: string;
  status: 'draft' | 'submitted';
  statusLabel: string;
  startedAt: string;
  drilledOn: string;
  organiser: string;
  studentParticipants: number;
  staffParticipants: number;
  participants: number;
  enrollmentBase: number;
  staffBase: number;
  participationShare: number | null;
  buildingCount: number;
  slowCount: number;
  problemCount: number;
  hazardCount: number;
  createdByName: string;
  version: number;
};

export type DrillBuilding = { name: string; floors: number; seconds: number | null; targetSeconds: number; ownTarget: boolean; slow: boolean };

export type DrillDetail = DrillSummary & {
  scenario: string;
  guidance: { kind: GuidanceKind; unit: string; kindLabel: string }[];
  buildings: DrillBuilding[];
  assemblyPoint: string;
  photos: Attachment[];
  plan: Attachment | null;
  summary: string;
  evaluation: string;
  problems: {
    no: number;
    description: string;
    place: string;
    category: string;
    categoryLabel: string;
    level: 'general' | 'major';
    raiseHazard: boolean;
    attachments: Attachment[];
    hazard: { id: string; code: string; state: string; title: string } | null;
  }[];
  canEdit: boolean;
  canRaiseHazards: boolean;
};

/** The roles that record their own school's drills (the server decides; this only shows the buttons). */
export const isDrillRecorder = (role: Role) => role === 'principal' || role === 'school_safety_officer';

/** The form as the phone keeps it (the outbox's draft) until the server has it. */
export type DrillFormValues = {
  type?: string;
  startedAt?: string;
  scenario?: string;
  organiser?: string;
  guidance?: { kind?: GuidanceKind; unit?: string }[];
  studentParticipants?: number | null;
  staffParticipants?: number | null;
  buildings?: { name?: string; floors?: number | null; seconds?: number | null; targetSeconds?: number | null }[];
  assemblyPoint?: string;
  problems?: { description?: string; place?: string; category?: string; raiseHazard?: boolean; photos?: Attachment[] }[];
  photos?: Attachment[];
  plan?: Attachment[];
  summary?: string;
  evaluation?: string;
};

/** The API body of a form (drafts may be incomplete; the server says what is missing on submit). */
export function drillContent(v: DrillFormValues) {
  return {
    type: v.type ?? '',
    startedAt: v.startedAt ?? new Date().toISOString(),
    scenario: v.scenario ?? '',
    organiser: v.organiser ?? '',
    guidance: (v.guidance ?? []).filter((g) => g.kind && g.unit).map((g) => ({ kind: g.kind as GuidanceKind, unit: g.unit as string })),
    studentParticipants: v.studentParticipants ?? 0,
    staffParticipants: v.staffParticipants ?? 0,
    buildings: (v.buildings ?? [])
      .filter((b) => b.name)
      .map((b) => ({ name: b.name as string, floors: b.floors ?? 1, seconds: b.seconds ?? null, targetSeconds: b.targetSeconds ?? null })),
    assemblyPoint: v.assemblyPoint ?? '',
    problems: (v.problems ?? [])
      .filter((p) => p.description)
      .map((p) => ({
        description: p.description as string,
        place: p.place ?? '',
        category: p.category ?? '',
        raiseHazard: p.raiseHazard ?? false,
        attachmentIds: (p.photos ?? []).map((a) => a.id),
      })),
    photoIds: (v.photos ?? []).map((a) => a.id),
    planAttachmentId: v.plan?.[0]?.id ?? null,
    summary: v.summary ?? '',
    evaluation: v.evaluation ?? '',
  };
}

/** A server drill back into the form (editing a draft saved on the server). */
export function formOf(d: DrillDetail): DrillFormValues {
  return {
    type: d.type,
    startedAt: d.startedAt,
    scenario: d.scenario,
    organiser: d.organiser,
    guidance: d.guidance.map(({ kind, unit }) => ({ kind, unit })),
    studentParticipants: d.studentParticipants,
    staffParticipants: d.staffParticipants,
    buildings: d.buildings.map((b) => ({ name: b.name, floors: b.floors, seconds: b.seconds, targetSeconds: b.ownTarget ? b.targetSeconds : null })),
    assemblyPoint: d.assemblyPoint,
    problems: d.problems.map((p) => ({ description: p.description, place: p.place, category: p.category, raiseHazard: p.raiseHazard, photos: p.attachments })),
    photos: d.photos,
    plan: d.plan ? [d.plan] : [],
    summary: d.summary,
    evaluation: d.evaluation,
  };
}

/** Where an older version kept the autosaved form (localStorage); moved to the outbox once. */
export const legacyDraftKey = (userId: string) => `huxiao:drill-draft:${userId}`;

export const targetOf = (o: DrillOptions['evacuation'] | undefined, floors: number | null | undefined, own: number | null | undefined) =>
  own ?? ((floors ?? 1) <= (o?.lowRiseMaxFloors ?? 4) ? (o?.targetSeconds ?? 120) : (o?.highRiseTargetSeconds ?? 180));
