import { sql } from 'kysely';
import { busCheckFactRelation, findCheckFacts, findCheckOwner } from '../school-bus/school-bus.repository.js';
import type { DutySource } from './duty-sources.js';

/**
 * School-bus checks as duty facts, one per record on its day, the school as subject: the monthly
 * special check (kind bus_check; recorded by the centre, police or district, whose user is credited)
 * and the weekly study of drivers and escorts (kind bus_study; recorded by the school).
 */
function busSource(kind: 'bus_check' | 'bus_study', recordKind: 'special_check' | 'weekly_study', label: string): DutySource {
  return {
    kind,
    async loadFacts(db, q) {
      // The record kind is the fact's type: an obligation naming other types counts none of these.
      if ((q.subjectIds && q.subjectIds.length === 0) || (q.types?.length && !q.types.includes(recordKind))) return [];
      const rows = await findCheckFacts(db, q, recordKind);
      return rows.map((r) => ({ id: r.id, kind, subjectId: r.school_id, schoolId: r.school_id, day: r.day, type: recordKind, actorIds: [r.recorded_by] }));
    },
    factRelation(db, q) {
      const relation = busCheckFactRelation(db, q, recordKind);
      // The record kind is the fact's type: an obligation naming other types counts none of these.
      return q.types?.length && !q.types.includes(recordKind) ? relation.where(sql<boolean>`false`) : relation;
    },
    async ownerOf(db, districtId, recordId) {
      const row = await findCheckOwner(db, districtId, recordId);
      return row && row.kind === recordKind ? { unitId: row.school_id, label: `${row.name} ${label}（${row.day}）` } : undefined;
    },
  };
}

export const busCheckDutySource = busSource('bus_check', 'special_check', '校车专项检查');
export const busStudyDutySource = busSource('bus_study', 'weekly_study', '校车安全学习');
