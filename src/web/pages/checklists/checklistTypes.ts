import type { HazardLevel } from '../../../domain/hazard';
import type { ChecklistItem, ChecklistTemplateDef, InspectionLevel, PeriodKind, ResolvedPack, WithOrigin } from '../../../domain/policy/pack-schema';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';

/** Shapes of the checklist and policy-pack answers (src/server/policy/*.routes.ts). */

/** Where a template version came from: a policy pack (`packRef` = national@2026.1), or an admin's save in the UI. */
export type TemplateOriginKind = 'pack' | 'district';

export type TemplateItem = Omit<ChecklistItem, 'failLevel'> & { failLevel: HazardLevel; retired?: boolean; categoryLabel?: string };

export type ChecklistTemplateSummary = {
  id: string;
  code: string;
  version: number;
  name: string;
  description: string;
  period: PeriodKind | null;
  periodLabel: string | null;
  levels: InspectionLevel[];
  levelLabels?: string[];
  report: { withinDays: number; signerRole: string; label: string } | null;
  source: string;
  origin: TemplateOriginKind;
  packRef: string;
  /** Items in use (retired ones not counted). */
  itemCount: number;
  createdAt: string;
  createdByName: string;
};

export type TemplateVersion = { version: number; origin: TemplateOriginKind; packRef: string; createdByName: string; createdAt: string };

export type ChecklistTemplate = ChecklistTemplateSummary & { items: TemplateItem[]; versions?: TemplateVersion[] };

/** GET /api/policy-pack: the resolved pack; checklists carry their item count instead of the items. */
export type PolicyPack = Omit<ResolvedPack, 'checklists'> & {
  checklists: (Omit<WithOrigin<ChecklistTemplateDef>, 'items'> & { itemCount: number })[];
};

/** The district's resolved pack: labels of levels and categories for every page here. */
export function usePolicyPack() {
  return useLoad(() => api.get<PolicyPack>('/api/policy-pack'), 'policy-pack');
}

export function levelLabel(pack: PolicyPack | undefined, code: string): string {
  return pack?.levels.find((l) => l.code === code)?.label ?? code;
}

export function categoryLabel(pack: PolicyPack | undefined, code: string): string {
  return pack?.hazardCategories.find((c) => c.code === code)?.label ?? code;
}
