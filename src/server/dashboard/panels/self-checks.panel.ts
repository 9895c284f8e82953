import { coverageOf, type ObligationCell } from '../../../domain/coverage.js';
import { type Period, rulePeriodAt, rulePeriodBefore } from '../../../domain/periods.js';
import { periodKindLabels } from '../../../domain/policy/pack-schema.js';
import { findInspectionFacts, findSchoolFacts } from '../../coverage/coverage.repository.js';
import type { DashboardPanel } from '../dashboard.registry.js';
import { elapsedTo, narrowedActor } from '../dashboard.view.js';

/**
 * 学校自查完成情况: each school self-check obligation (日巡查, 周检查, 月排查, 学期消防自查) in its
 * period holding the view's last day and the one before, decided by the coverage rules
 * (domain/coverage.ts coverageOf) over the coverage repository's facts, as GET /api/obligations
 * does. Unlike listObligations it reads only the obligation's own templates and levels per window
 * (a semester window would otherwise load a year of every inspection).
 */
const summarize = (period: Period, cells: readonly ObligationCell[]) => {
  const n = (s: ObligationCell['status']) => cells.filter((c) => c.status === s).length;
  const done = n('done');
  return {
    period: period.label,
    schools: cells.length,
    done,
    open: n('open'),
    overdue: n('overdue'),
    rate: cells.length ? Math.round((done / cells.length) * 1000) / 10 : null,
  };
};

export const selfChecksPanel: DashboardPanel = {
  key: 'selfChecks',
  title: '学校自查完成情况',
  load: async (v) => {
    const actor = narrowedActor(v);
    const ids = actor.scope.read.all ? null : [...actor.scope.read.ids];
    const day = elapsedTo(v);
    const obligations = v.pack.obligations.filter((o) => o.kind === 'inspection' && o.subject === 'school' && o.levels.includes('school_self'));
    const schools = await findSchoolFacts(v.app.db, v.actor.districtId, ids);
    const items = [];
    for (const ob of obligations) {
      let current: Period | null;
      let previous: Period | null;
      try {
        current = rulePeriodAt(ob, day, v.pack.calendar);
        previous = current && rulePeriodBefore(ob, current, v.pack.calendar);
      } catch {
        continue; // a holiday outside every semester: no semester duty to show
      }
      if (!current || !previous) continue;
      const facts = await findInspectionFacts(v.app.db, v.actor.districtId, previous.start, current.end, ids, ob);
      const cov = coverageOf({ ob, schools, parents: [], periods: [previous, current], facts, inspectors: [], today: v.today });
      if (cov.rows.length === 0) continue;
      const cells = (i: number) => cov.rows.map((r) => r.cells[i] as ObligationCell);
      items.push({
        code: ob.code,
        label: ob.label,
        periodLabel: periodKindLabels[ob.period],
        current: summarize(current, cells(1)),
        previous: summarize(previous, cells(0)),
      });
    }
    return { link: v.narrowing.schoolId ? `/schools/${v.narrowing.schoolId}` : '/obligations', items };
  },
};
