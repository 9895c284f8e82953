import { aggregateReports, currentReportPeriod, dueDayOf, reportStanding, reportStandingLabels, reportStateLabels } from '../../domain/reports.js';
import { departmentTypeLabels, type OrgUnitKind, orgUnitKindLabels } from '../../domain/roles.js';
import { listAttachmentsOf } from '../attachments/attachments.service.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { findSubtreeIds } from '../org/org.repository.js';
import { reportCellOf } from './report-cells.registry.js';
import {
  canFileFor,
  canReturnFrom,
  computeCells,
  departmentFits,
  dueOf,
  filingRoles,
  filingUnitOf,
  periodOfType,
  type ReportType,
  type ReportUnit,
  reportTypeOf,
  reportTypesOf,
  todayOf,
} from './report-context.js';
import { savedDraftDto } from './report-draft.service.js';
import * as repo from './reports.repository.js';

/**
 * Reading reports: the types of the pack, a unit's draft prefilled from the platform's data (or its
 * submitted versions), and the list of reports in the actor's scope. Writes are in
 * report-submit.service.ts, the status board in report-status.service.ts.
 */
export function dueRuleText(t: ReportType): string {
  switch (t.period) {
    case 'monthly':
      return `每月${t.due.day}日（含）前报送上月情况`;
    case 'yearly':
      return `每年${t.due.month}月${t.due.day}日（含）前报送上年度情况`;
    case 'once':
      return `${t.due.date}（含）前报送`;
    default:
      return t.due.daysAfterEnd ? `周期结束后 ${t.due.daysAfterEnd} 天内报送` : '当天报送';
  }
}

export async function listReportTypes(app: AppContext, actor: Actor, now = new Date()) {
  const { types } = await reportTypesOf(app, actor.districtId);
  const today = todayOf(now);
  const own = await repo.findUnit(app.db, actor.districtId, actor.orgUnitId);
  return {
    items: types.map((t) => {
      const p = currentReportPeriod(t.rule, today);
      return {
        code: t.code,
        label: t.label,
        filers: t.filers,
        filerLabels: t.filers.map((k) =>
          k === 'department' && t.departmentTypes.length
            ? t.departmentTypes.map((d) => departmentTypeLabels[d]).join('、')
            : orgUnitKindLabels[k as OrgUnitKind],
        ),
        departmentTypes: t.departmentTypes,
        to: t.to,
        toLabel: t.toLabel || (t.to === 'parent' ? '上级单位' : '区教委'),
        period: t.period,
        dueRule: dueRuleText(t),
        current: p ? { key: p.key, label: p.label, start: p.start, end: p.end, dueOn: dueDayOf(t.rule, p) } : null,
        cells: t.cells,
        fields: t.fields,
        allowAttachments: t.allowAttachments,
        zeroReport: t.zeroReport,
        source: t.source,
        /** Whether the signed-in user files this type for their own unit. */
        filesHere: !!own && (t.filers as readonly string[]).includes(own.kind) && (filingRoles[own.kind] ?? []).includes(actor.role) && departmentFits(t, own),
      };
    }),
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
type StoredCell = { key: string; label: string; computed: number | null; value: number | null; note: string };

async function versionsOf(app: AppContext, districtId: string, reportId: string) {
  const rows = await repo.findVersions(app.db, districtId, [reportId]);
  const files = await listAttachmentsOf(
    app.db,
    districtId,
    'report_version',
    rows.map((r) => r.id),
  );
  return rows.map((v) => ({
    versionNo: v.version_no,
    zeroReport: v.zero_report,
    cells: v.cells as StoredCell[],
    fields: v.fields as Record<string, string>,
    submittedByName: v.submitted_by_name,
    submittedAt: v.submitted_at.toISOString(),
    returnedByName: v.returned_by_name,
    returnedAt: iso(v.returned_at),
    returnReason: v.return_reason,
    attachments: files.get(v.id) ?? [],
  }));
}

export const reportDto = (r: repo.ReportRecord, today: string) => ({
  id: r.id,
  typeCode: r.type_code,
  periodKey: r.period_key,
  unitId: r.unit_id,
  unitName: r.unit_name,
  state: r.state,
  stateLabel: reportStateLabels[r.state],
  versionNo: r.version_no,
  dueOn: r.due_on,
  firstSubmittedAt: r.first_submitted_at.toISOString(),
  submittedAt: r.submitted_at.toISOString(),
  returnCount: r.return_count,
  returnReason: r.return_reason,
  returnedAt: iso(r.returned_at),
  standing: reportStanding({ state: r.state, firstSubmittedDay: todayOf(r.first_submitted_at) }, r.due_on, today),
});

/** A centre's view of its schools' reports of the same type and period, summed, with the missing listed. */
async function childrenOf(app: AppContext, actor: Actor, t: ReportType, unit: ReportUnit, periodKey: string, due: string, today: string) {
  if (unit.kind !== 'centre' && unit.kind !== 'township') return null;
  const kinds = t.filers.filter((k) => k === 'school');
  if (!kinds.length) return null;
  const schools = (await repo.findFilerUnits(app.db, actor.districtId, kinds, null, unit.id)).filter((s) => s.id !== unit.id);
  const reports = await repo.findPeriodReports(
    app.db,
    actor.districtId,
    t.code,
    periodKey,
    schools.map((s) => s.id),
  );
  const byUnit = new Map(reports.map((r) => [r.unit_id, r]));
  const versions = await repo.findVersions(
    app.db,
    actor.districtId,
    reports.map((r) => r.id),
  );
  const latest = new Map<string, StoredCell[]>();
  for (const v of versions) if (!latest.has(v.report_id)) latest.set(v.report_id, v.cells as StoredCell[]);
  const children = schools.map((s) => {
    const r = byUnit.get(s.id);
    const cells = Object.fromEntries((r ? (latest.get(r.id) ?? []) : []).map((c) => [c.key, c.value]));
    return { unitId: s.id, unitName: s.name, state: r?.state ?? null, cells };
  });
  // The schools' cells only: a cell a school's table does not have (群众反映) has no sum.
  const schoolCells = t.cells.filter((k) => {
    const c = reportCellOf(k);
    return !c?.filers || c.filers.includes('school');
  });
  const agg = aggregateReports(children, schoolCells);
  return {
    ...agg,
    rows: children.map((c) => {
      const r = byUnit.get(c.unitId);
      const standing = reportStanding(r ? { state: r.state, firstSubmittedDay: todayOf(r.first_submitted_at) } : null, due, today);
      return { unitId: c.unitId, unitName: c.unitName, reportId: r?.id ?? null, standing, standingLabel: reportStandingLabels[standing], cells: c.cells };
    }),
  };
}

export async function getReportDraft(
  app: AppContext,
  actor: Actor,
  q: { typeCode: string; periodKey?: string | undefined; unitId?: string | undefined },
  now = new Date(),
) {
  const t = await reportTypeOf(app, actor.districtId, q.typeCode);
  const today = todayOf(now);
  const p = periodOfType(t, q.periodKey, today);
  const unit = await filingUnitOf(app, actor, t, q.unitId);
  const due = dueOf(t, p);
  const [computed, report] = await Promise.all([
    computeCells(app, actor, t, unit, p, now),
    repo.findReportOf(app.db, actor.districtId, t.code, p.key, unit.id),
  ]);
  const versions = report ? await versionsOf(app, actor.districtId, report.id) : [];
  const last = versions[0];
  // The filer's saved draft (their own unit, not yet submitted) comes before the last version.
  const mine = canFileFor(actor, unit) && report?.state !== 'submitted';
  const saved = mine ? await repo.findDraft(app.db, actor.districtId, t.code, p.key, unit.id) : undefined;
  const savedCells = saved ? (saved.cells as { key: string; value: number | null; note: string }[]) : null;
  const source: { key: string; value: number | null; note: string }[] = savedCells ?? last?.cells ?? [];
  const stored = new Map(source.map((c) => [c.key, c]));
  const lastComputed = new Map((last?.cells ?? []).map((c) => [c.key, c.computed]));
  const standing = reportStanding(report ? { state: report.state, firstSubmittedDay: todayOf(report.first_submitted_at) } : null, due, today);
  return {
    type: {
      code: t.code,
      label: t.label,
      period: t.period,
      dueRule: dueRuleText(t),
      toLabel: t.toLabel,
      allowAttachments: t.allowAttachments,
      zeroReport: t.zeroReport,
    },
    period: { key: p.key, label: p.label, start: p.start, end: p.end },
    dueOn: due,
    standing,
    standingLabel: reportStandingLabels[standing],
    unit: { id: unit.id, name: unit.name, kind: unit.kind },
    /** computed: the platform's figure now; value/note: what the filer reported (the last version), else the figure. */
    cells: computed.map((c) => {
      const s = stored.get(c.key);
      return { ...c, value: s ? s.value : c.computed, note: s?.note ?? '', submittedComputed: lastComputed.get(c.key) ?? null };
    }),
    fields: t.fields.map((f) => ({ ...f, value: (saved ? (saved.fields as Record<string, string>) : last?.fields)?.[f.code] ?? '' })),
    zeroReport: saved ? saved.zero_report : (last?.zeroReport ?? false),
    /** The filer's saved draft (shown to the unit's filers only), or null. */
    savedDraft: saved ? savedDraftDto(saved) : null,
    report: report ? { ...reportDto(report, today), versions } : null,
    children: await childrenOf(app, actor, t, unit, p.key, due, today),
    canSubmit: canFileFor(actor, unit) && report?.state !== 'submitted',
    canReturn: report?.state === 'submitted' && canReturnFrom(actor, t, unit),
  };
}

export async function listReports(
  app: AppContext,
  actor: Actor,
  q: { typeCode?: string | undefined; periodKey?: string | undefined; unitId?: string | undefined; state?: string | undefined; page: number; pageSize: number },
  now = new Date(),
) {
  const { types } = await reportTypesOf(app, actor.districtId);
  let unitIds: string[] | null = actor.scope.read.all ? null : [...actor.scope.read.ids];
  if (q.unitId) {
    const within = actor.scope.read.all || actor.scope.read.ids.has(q.unitId);
    unitIds = within ? await findSubtreeIds(app.db, actor.districtId, [q.unitId]) : [];
    if (!actor.scope.read.all) unitIds = unitIds.filter((id) => (actor.scope.read.all ? true : actor.scope.read.ids.has(id)));
  }
  const { rows, total } = await repo.findReports(
    app.db,
    actor.districtId,
    { typeCode: q.typeCode, periodKey: q.periodKey, unitIds, state: q.state },
    { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
  );
  const today = todayOf(now);
  const label = new Map(types.map((t) => [t.code, t.label]));
  return { items: rows.map((r) => ({ ...reportDto(r, today), typeLabel: label.get(r.type_code) ?? r.type_code })), total, page: q.page, pageSize: q.pageSize };
}
