import type { HazardLevel, HazardState } from '../../../domain/hazard';
import type { InspectionStatus, ItemResult } from '../../../domain/inspection';
import type { InspectionLevel, Semester } from '../../../domain/policy/pack-schema';
import { api } from '../../api/client';
import type { Attachment, CurrentUser, Paged, School } from '../../api/types';
import { type Cached, cachedLoad } from '../../offline/cache';
import { readCache } from '../../offline/db';
import type { TemplateSnapshot } from '../../offline/types';
import { isSchoolRole } from '../hazards/hazardRoles';

/** Shapes of the inspection, template and policy-pack answers (src/server/inspections, src/server/policy). */

export type TemplateSummary = {
  id: string;
  code: string;
  version: number;
  name: string;
  description: string;
  period: string | null;
  periodLabel: string | null;
  levels: InspectionLevel[];
  report: { withinDays: number; signerRole: string; label: string } | null;
  itemCount: number;
};

export type TemplateDetail = TemplateSummary & {
  items: {
    code: string;
    text: string;
    category: string;
    categoryLabel?: string;
    place?: string;
    guidance: string;
    photoRequiredOnFail: boolean;
    failLevel: HazardLevel;
    retired?: boolean;
  }[];
};

export type PackLevel = { code: InspectionLevel; label: string; roles: string[]; supervising: boolean };
/** semesters: for the period of a check (absent in what an older release kept on the phone). */
export type PackLite = { id: string; name: string; version: string; levels: PackLevel[]; semesters?: Semester[] };

export type SchoolOption = { id: string; name: string; code: string; parentName: string };

export type ReportStanding = 'reported' | 'late' | 'due' | 'overdue';

export type InspectionSummary = {
  id: string;
  clientId: string;
  code: string;
  schoolId: string;
  schoolName: string;
  schoolCode: string;
  parentName: string | null;
  templateCode: string;
  templateName: string;
  templateVersion: number;
  level: InspectionLevel;
  levelLabel: string;
  status: InspectionStatus;
  inspectedAt: string;
  inspectedOn: string;
  inspectorNames: string[];
  counts: { pass: number; fail: number; na: number; unanswered: number };
  hazardCount: number;
  report: { due: string; reportedAt: string | null; reportedByName: string | null; standing: ReportStanding } | null;
  createdByName: string;
  submittedAt: string | null;
  updatedAt: string;
  version: number;
};

export type InspectionItem = {
  code: string;
  position: number;
  text: string;
  category: string;
  categoryLabel: string;
  place: string | null;
  guidance: string;
  photoRequiredOnFail: boolean;
  failLevel: HazardLevel;
  result: ItemResult | null;
  resultLabel: string;
  note: string;
  raiseHazard: boolean;
  attachments: Attachment[];
  hazard: { id: string; code: string; state: HazardState; title: string } | null;
};

export type InspectionDetail = InspectionSummary & {
  inspectors: { name: string; unitName?: string; userId?: string }[];
  summary: string;
  location: { lat: number; lng: number; accuracy?: number } | null;
  signatures: { name: string; role: string; attachmentId: string; signedAt: string; attachment: Attachment | null }[];
  reportSignature: Attachment | null;
  items: InspectionItem[];
  canEdit: boolean;
  canSubmit: boolean;
  canRaiseHazards: boolean;
  canReport: boolean;
};

export const reportStandingLabels: Record<ReportStanding, string> = { reported: '已上报', late: '逾期上报', due: '待上报', overdue: '逾期未报' };

// Cache keys carry the user: another account on the same phone sees other schools and templates.
const key = (user: CurrentUser, what: string) => `${user.id}:${what}`;

export const loadPack = (user: CurrentUser): Promise<Cached<PackLite>> =>
  cachedLoad(key(user, 'policy-pack'), async () => {
    const p = await api.get<PackLite & { calendar: { semesters: Semester[] } }>('/api/policy-pack');
    // Only what a check needs: the whole pack (obligations, origins) is much larger.
    return {
      id: p.id,
      name: p.name,
      version: p.version,
      levels: p.levels.map(({ code, label, roles, supervising }) => ({ code, label, roles, supervising })),
      semesters: p.calendar.semesters,
    };
  });

export const loadTemplates = (user: CurrentUser): Promise<Cached<TemplateSummary[]>> =>
  cachedLoad(key(user, 'templates'), () => api.get<{ items: TemplateSummary[] }>('/api/checklist-templates').then((r) => r.items));

export const loadTemplate = (user: CurrentUser, code: string): Promise<Cached<TemplateDetail>> =>
  cachedLoad(key(user, `template:${code}`), () => api.get<TemplateDetail>(`/api/checklist-templates/${encodeURIComponent(code)}`));

/** The schools the user may inspect: the own school for school staff, else every school in scope. */
export const loadSchools = (user: CurrentUser): Promise<Cached<SchoolOption[]>> =>
  cachedLoad(key(user, 'schools'), async () => {
    if (isSchoolRole(user.role)) return [{ id: user.orgUnitId, name: user.orgUnitName, code: '', parentName: '' }];
    const all: SchoolOption[] = [];
    for (let page = 1; page <= 50; page++) {
      const r = await api.get<Paged<School>>('/api/schools', { page, pageSize: 200 });
      for (const s of r.items) if (s.isActive) all.push({ id: s.id, name: s.name, code: s.code, parentName: s.parentName });
      if (page * r.pageSize >= r.total || r.items.length === 0) break;
    }
    return all;
  });

/** The levels the user inspects at (the pack's level → roles table). */
export const levelsOf = (pack: PackLite | undefined, user: CurrentUser): PackLevel[] => (pack?.levels ?? []).filter((l) => l.roles.includes(user.role));

/** The template as the check will keep it: retired items are gone, the rest in order. */
export function snapshotOf(t: TemplateDetail): TemplateSnapshot {
  return {
    code: t.code,
    name: t.name,
    version: t.version,
    report: t.report ?? null,
    items: t.items
      .filter((i) => !i.retired)
      .map((i) => ({
        code: i.code,
        text: i.text,
        category: i.category,
        ...(i.categoryLabel ? { categoryLabel: i.categoryLabel } : {}),
        ...(i.place ? { place: i.place } : {}),
        guidance: i.guidance ?? '',
        photoRequiredOnFail: i.photoRequiredOnFail,
        failLevel: i.failLevel,
      })),
  };
}

/**
 * Keeps on the phone every template the user may inspect with, while online: a check can then
 * start without a network on a phone that only ever opened the list. Failures are left for the
 * next visit.
 */
export async function prefetchTemplates(user: CurrentUser, templates: readonly TemplateSummary[], levels: readonly PackLevel[]): Promise<void> {
  const mine = new Set(levels.map((l) => l.code));
  for (const t of templates) {
    if (!t.levels.some((l) => mine.has(l))) continue;
    // Only what changed since it was kept: a rural uplink pays for every request.
    const kept = await readCache<TemplateDetail>(key(user, `template:${t.code}`)).catch(() => undefined);
    if (kept?.value.version === t.version) continue;
    await loadTemplate(user, t.code).catch(() => undefined);
  }
}
