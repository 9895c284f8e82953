import { findScreeningFacts, findScreeningOwner, screeningFactRelation } from '../screenings/screenings.repository.js';
import type { DutySource } from './duty-sources.js';

/**
 * Screening records (排查报告, with findings or a 零报告) as duty facts: one per record on its
 * screening day, the filing unit as subject — a school for the schools' screenings, a department
 * (a community) for its own, credited to it as its unit. The type is the screening type.
 */
export const screeningDutySource: DutySource = {
  kind: 'screening',
  async loadFacts(db, q) {
    if (q.subjectIds && q.subjectIds.length === 0) return [];
    const rows = await findScreeningFacts(db, q);
    return rows.map((r) => ({
      id: r.id,
      kind: 'screening' as const,
      subjectId: r.unit_id,
      schoolId: r.unit_kind === 'school' ? r.unit_id : null,
      day: r.day,
      type: r.screening_type,
      actorIds: [r.recorded_by],
      unitId: r.unit_id,
    }));
  },
  factRelation: (db, q) => screeningFactRelation(db, q),
  async ownerOf(db, districtId, recordId) {
    const row = await findScreeningOwner(db, districtId, recordId);
    return row ? { unitId: row.unit_id, label: `${row.name} 排查报告（${row.day}）` } : undefined;
  },
};
