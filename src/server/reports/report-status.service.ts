import { notFound } from '../../domain/errors.js';
import { type ReportStanding, reportStanding, reportStandingLabels, reportStandings } from '../../domain/reports.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { dueOf, periodOfType, reportTypeOf, todayOf } from './report-context.js';
import * as repo from './reports.repository.js';

/**
 * 报送情况: for one report type and period, every unit in the actor's scope that must file it, and
 * how it stands — on time, late (first filed after the due day), returned and not yet refiled,
 * missing (past due, not filed), pending (not due yet) — with the returns counted. The one function
 * the status board, the workbench and (later) assessment read: the late/missing/returned numbers
 * per unit and period come from here only.
 */
export async function getReportStatus(
  app: AppContext,
  actor: Actor,
  q: { typeCode: string; periodKey?: string | undefined; parentId?: string | undefined },
  now = new Date(),
) {
  const t = await reportTypeOf(app, actor.districtId, q.typeCode);
  const today = todayOf(now);
  const p = periodOfType(t, q.periodKey, today);
  if (q.parentId && (!canRead(actor.scope, q.parentId) || !(await repo.findUnit(app.db, actor.districtId, q.parentId)))) throw notFound('单位');
  const ids = actor.scope.read.all ? null : [...actor.scope.read.ids];
  const units = await repo.findFilerUnits(app.db, actor.districtId, t.filers, ids, q.parentId, t.departmentTypes);
  const reports = await repo.findPeriodReports(
    app.db,
    actor.districtId,
    t.code,
    p.key,
    units.map((u) => u.id),
  );
  const byUnit = new Map(reports.map((r) => [r.unit_id, r]));
  const due = dueOf(t, p);
  const rows = units.map((u) => {
    const r = byUnit.get(u.id);
    const standing = reportStanding(r ? { state: r.state, firstSubmittedDay: todayOf(r.first_submitted_at) } : null, due, today);
    return {
      unitId: u.id,
      unitName: u.name,
      unitKind: u.kind,
      parentId: u.parent_id,
      parentName: u.parent_name,
      reportId: r?.id ?? null,
      standing,
      standingLabel: reportStandingLabels[standing],
      firstSubmittedAt: r ? r.first_submitted_at.toISOString() : null,
      submittedAt: r ? r.submitted_at.toISOString() : null,
      versionNo: r?.version_no ?? 0,
      returnCount: r?.return_count ?? 0,
    };
  });
  const totals = Object.fromEntries(reportStandings.map((s) => [s, rows.filter((r) => r.standing === s).length])) as Record<ReportStanding, number>;
  return {
    type: { code: t.code, label: t.label },
    period: { key: p.key, label: p.label, start: p.start, end: p.end },
    dueOn: due,
    today,
    totals: { expected: rows.length, ...totals, returns: rows.reduce((n, r) => n + r.returnCount, 0) },
    rows,
  };
}
