import type { DutyFact } from './duty.js';

/**
 * Risk point reviews (复评) as duties of the duty engine (kind risk_review, count rule on_time).
 * A review is due on a rolling date, not in a calendar period: every assessment of a point (the
 * first, each review, each re-assessment) sets the next review date by the colour it gave
 * (risk.yaml reviewDays: red more often than blue), so a colour change moves the next due date.
 * Each due date is one fact of the point's school, dated by that due date; the next assessment
 * of the point answers it (reviewedOn). On time: reviewed on or before the due day; one day later
 * is missed. The engine then judges per school and calendar period (domain/coverage.ts
 * `on_time`): a cell is done when every review that came due in it was on time.
 */
export type ReviewHistory = {
  pointId: string;
  schoolId: string;
  /** The day the point stopped being controlled (retired), or null while active. */
  retiredOn: string | null;
  /** Every assessment, any order: its day, its colour and the next review date it set. */
  assessments: readonly { assessedOn: string; colour: string; nextReviewDue: string }[];
};

/**
 * The review facts of points: one per assessment whose next review date is not after the point's
 * retirement (a point retired before its review is no longer due). Two assessments on one day
 * are one: the later entry (a correction the same day) sets the due date.
 */
export function reviewFacts(points: readonly ReviewHistory[]): DutyFact[] {
  const out: DutyFact[] = [];
  for (const p of points) {
    const byDay = new Map<string, { colour: string; nextReviewDue: string }>();
    for (const a of p.assessments) byDay.set(a.assessedOn, a);
    const days = [...byDay.keys()].sort();
    days.forEach((day, i) => {
      const a = byDay.get(day) as { colour: string; nextReviewDue: string };
      if (p.retiredOn !== null && a.nextReviewDue > p.retiredOn) return;
      out.push({
        id: `${p.pointId}:${a.nextReviewDue}`,
        kind: 'risk_review',
        subjectId: p.schoolId,
        schoolId: p.schoolId,
        day: a.nextReviewDue,
        type: a.colour,
        actorIds: [],
        reviewedOn: days[i + 1] ?? null,
      });
    });
  }
  return out;
}

/** Whether a review fact was met on time: answered on or before its due day. */
export const reviewOnTime = (f: Pick<DutyFact, 'day' | 'reviewedOn'>): boolean => f.reviewedOn != null && f.reviewedOn <= f.day;

/** Whether a review fact is missed as of today: not answered by its due day, and the due day is past. */
export const reviewMissed = (f: Pick<DutyFact, 'day' | 'reviewedOn'>, today: string): boolean => !reviewOnTime(f) && f.day < today;
