import { documentFactRelation, findDocumentFacts, findVersionOwner } from '../documents/documents.repository.js';
import type { DutySource } from './duty-sources.js';

/**
 * School documents as duty facts: one per version that counts — pending review or approved, not
 * returned — on its version date; the type is the document type code (a yearly revision of the
 * plans is then "≥1 fact of the type in the year"). The uploader is credited.
 */
export const documentDutySource: DutySource = {
  kind: 'document',
  async loadFacts(db, q) {
    if (q.subjectIds && q.subjectIds.length === 0) return [];
    const rows = await findDocumentFacts(db, q);
    return rows.map((r) => ({
      id: r.id,
      kind: 'document' as const,
      subjectId: r.school_id,
      schoolId: r.school_id,
      day: r.day,
      type: r.type_code,
      actorIds: r.created_by ? [r.created_by] : [],
    }));
  },
  factRelation: (db, q) => documentFactRelation(db, q),
  async ownerOf(db, districtId, recordId) {
    const row = await findVersionOwner(db, districtId, recordId);
    return row ? { unitId: row.school_id, label: `${row.name}「${row.title}」第 ${row.version_no} 版` } : undefined;
  },
};
