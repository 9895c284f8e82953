import { hazardCategoryLabel, hazardLevelLabels, hazardSourceLabels, hazardStateLabels } from '../../domain/hazard.js';
import { isOverdue } from '../../domain/hazard-workflow.js';
import type { HazardRecord } from './hazards.repository.js';

/** The API shape of a hazard: labels alongside codes, overdue computed for `today`. */
export function toHazardDto(h: HazardRecord, today: string, handedOverName?: string) {
  return {
    id: h.id,
    code: h.code,
    schoolId: h.school_id,
    schoolName: h.school_name,
    townshipId: h.township_id,
    townshipName: h.township_name ?? '',
    title: h.title,
    description: h.description,
    place: h.place,
    category: h.category,
    categoryLabel: hazardCategoryLabel(h.category),
    level: h.level,
    levelLabel: h.level ? hazardLevelLabels[h.level] : '未研判',
    source: h.source,
    sourceLabel: hazardSourceLabels[h.source as keyof typeof hazardSourceLabels] ?? h.source,
    state: h.state,
    stateLabel: hazardStateLabels[h.state],
    foundAt: h.found_at.toISOString(),
    reportedByName: h.reported_by_name,
    /** The unit whose inspection or report found it (a department or the joint group supervises what it found). */
    foundByUnitId: h.found_by_unit_id,
    responsibleUnitId: h.responsible_unit_id,
    responsibleUnitName: h.responsible_unit_name ?? '',
    handedOverTo: h.handed_over_to,
    handedOverToName: handedOverName ?? (h.handed_over_to ? (h.responsible_unit_name ?? '') : null),
    deadline: h.deadline,
    overdue: isOverdue(h, today),
    supervisionListed: h.supervision_listed,
    interimControl: h.interim_control,
    plan: {
      measures: h.plan_measures,
      responsiblePerson: h.plan_responsible_person,
      funds: h.plan_funds,
      contingencyPlan: h.plan_contingency,
    },
    rectificationNote: h.rectification_note,
    extension: h.extension_requested_deadline ? { requestedDeadline: h.extension_requested_deadline, reason: h.extension_reason } : null,
    closedAt: h.closed_at?.toISOString() ?? null,
    closedOnTime: h.closed_on_time,
    recurrenceOf: h.recurrence_of,
    /** The inspection and item it was raised from (转为隐患), when it was. */
    inspectionId: h.inspection_id,
    inspectionItemCode: h.inspection_item_code,
    /** The drill whose problem it was raised from, when it was. */
    drillId: h.drill_id,
    verificationFailures: h.verification_failures,
    version: h.version,
    createdAt: h.created_at.toISOString(),
    updatedAt: h.updated_at.toISOString(),
  };
}
export type HazardDto = ReturnType<typeof toHazardDto>;
