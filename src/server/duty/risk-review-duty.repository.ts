import { reviewFacts } from '../../domain/risk-review.js';
import { findPointOwner, findReviewHistories } from '../risk/risk.repository.js';
import type { DutySource } from './duty-sources.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Risk point reviews (风险点复评) as duty facts: one per review date an assessment set, dated by
 * that date, at the point's school, answered by the point's next assessment (domain/risk-review.ts
 * reviewFacts; judged by the on_time count rule). No SQL relation: a school's points are few, the
 * service tallies the facts in the domain. A fact's id is "point:due".
 */
export const riskReviewDutySource: DutySource = {
  kind: 'risk_review',
  async loadFacts(db, q) {
    if (q.subjectIds && q.subjectIds.length === 0) return [];
    const facts = reviewFacts(await findReviewHistories(db, q.districtId, q.subjectIds));
    // Due in the span, or due before it and still unanswered when it begins (carried into its periods).
    return facts.filter((f) => f.day <= q.to && (q.from <= f.day || f.reviewedOn == null || f.reviewedOn > q.from));
  },
  async ownerOf(db, districtId, recordId) {
    const pointId = recordId.split(':')[0] ?? '';
    if (!UUID.test(pointId)) return undefined;
    const row = await findPointOwner(db, districtId, pointId);
    return row?.school_id ? { unitId: row.school_id, label: `风险点「${row.name}」复评` } : undefined;
  },
};
