import { findLetterFacts, findLetterOwner, letterFactRelation } from '../letters/letters.repository.js';
import type { DutySource } from './duty-sources.js';

/**
 * Signed 一岗双责 letters as duty facts: one per letter. The subject is the school (the principal's
 * letter, signed with the supervising unit, counts for the school too: type 'principal'); the type
 * is the post code; the holder's account, when linked, is credited. Each fact carries the
 * school-year's share: participants = letters signed so far that year, base = post holders named
 * for that year — so "every post holder signed" is participants >= base on the latest fact.
 */
export const letterDutySource: DutySource = {
  kind: 'letter',
  async loadFacts(db, q) {
    if (q.subjectIds && q.subjectIds.length === 0) return [];
    const rows = await findLetterFacts(db, q);
    return rows.map((r) => ({
      id: r.id,
      kind: 'letter' as const,
      subjectId: r.school_id,
      schoolId: r.school_id,
      day: r.day,
      type: r.post_code,
      actorIds: r.signer_user_id ? [r.signer_user_id] : [],
      participants: Number(r.participants),
      base: Number(r.base),
    }));
  },
  factRelation: (db, q) => letterFactRelation(db, q),
  async ownerOf(db, districtId, recordId) {
    const row = await findLetterOwner(db, districtId, recordId);
    return row ? { unitId: row.school_id, label: `${row.name} ${row.year} 年安全责任书（${row.signer_name}）` } : undefined;
  },
};
