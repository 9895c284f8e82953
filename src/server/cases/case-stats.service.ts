import { shanghaiDay } from '../../domain/calendar.js';
import { caseStepLabels } from '../../domain/case-workflow.js';
import type { CaseStep } from '../../domain/policy/cases-schema.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { XLSX } from '../http/query.js';
import { packOf } from '../policy/policy.service.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import { viewerOf } from './case-standing.js';
import { levelLabel, toListItem, typeLabel } from './cases.dto.js';
import * as repo from './cases.repository.js';

/**
 * Case statistics (issue 12): cases by type, state, handling unit and month; the on-time rate of
 * each step (a step left before its due instant, or with no limit, is on time; a step still open
 * past its due counts as late); the overdue list; incidents by level. Over the cases the actor may
 * see, created in the period. One function for the API, the dashboard panel and the Excel.
 */
export type CaseStatsInput = {
  from?: Date | undefined;
  to?: Date | undefined;
  /** Narrowed to one school, or to the schools of one 教管中心/街道 (within what the actor sees). */
  schoolId?: string | undefined;
  parentId?: string | undefined;
};

type Count = { key: string; label: string; count: number };

const tally = (keys: readonly string[], label: (k: string) => string): Count[] => {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m.entries()].map(([key, count]) => ({ key, label: label(key), count })).sort((a, b) => b.count - a.count);
};

export async function getCaseStats(app: AppContext, actor: Actor, input: CaseStatsInput, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const { from, to, schoolId, parentId } = input;
  const cases = await repo.findAllCases(app.db, actor.districtId, viewerOf(actor), { from, to, schoolId, parentId, now });
  const steps = await repo.findStepRows(
    app.db,
    actor.districtId,
    cases.map((c) => c.id),
  );
  const byStep = new Map<string, { total: number; onTime: number; late: number }>();
  for (const s of steps) {
    const done = s.left_at !== null;
    if (!done && !(s.due_at && s.due_at < now)) continue; // still running within its limit: not judged yet
    const row = byStep.get(s.step) ?? { total: 0, onTime: 0, late: 0 };
    row.total++;
    if (done && (!s.due_at || (s.left_at as Date) <= s.due_at)) row.onTime++;
    else row.late++;
    byStep.set(s.step, row);
  }
  const open = cases.filter((c) => c.state !== 'archived');
  const overdue = open.filter((c) => c.step_due_at && c.step_due_at < now);
  const incidents = cases.filter((c) => c.level !== null);
  return {
    total: cases.length,
    open: open.length,
    overdueCount: overdue.length,
    byType: tally(
      cases.map((c) => c.type_code),
      (k) => typeLabel(pack, k),
    ),
    byState: tally(
      cases.map((c) => c.state),
      (k) => caseStepLabels[k as CaseStep] ?? k,
    ),
    byUnit: tally(
      cases.map((c) => c.assigned_unit_name ?? '（未分办）'),
      (k) => k,
    ),
    byMonth: tally(
      cases.map((c) => shanghaiDay(c.created_at).slice(0, 7)),
      (k) => k,
    ).sort((a, b) => a.key.localeCompare(b.key)),
    onTimeBySteps: (Object.keys(caseStepLabels) as CaseStep[])
      .filter((s) => byStep.has(s))
      .map((s) => {
        const r = byStep.get(s) as { total: number; onTime: number; late: number };
        return { step: s, label: caseStepLabels[s], ...r, rate: r.total ? Math.round((r.onTime / r.total) * 1000) / 10 : null };
      }),
    overdue: overdue.slice(0, 100).map((c) => toListItem(pack, c, now)),
    incidentsByLevel: tally(
      incidents.map((c) => c.level as string),
      (k) => levelLabel(pack.cases.incident, k) ?? k,
    ),
  };
}

/** The case list as Excel (the list's own filter), and the statistics on a second sheet. */
export async function exportCases(app: AppContext, actor: Actor, filter: repo.CaseFilter, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const rows = await repo.findAllCases(app.db, actor.districtId, viewerOf(actor), filter, 10_000);
  const stats = await getCaseStats(app, actor, { from: filter.from, to: filter.to, schoolId: filter.schoolId, parentId: filter.parentId }, now);
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('案件台账');
  ws.columns = [
    { header: '案件编号', width: 16 },
    { header: '类型', width: 14 },
    { header: '标题', width: 40 },
    { header: '来源', width: 16 },
    { header: '学校', width: 24 },
    { header: '承办单位', width: 22 },
    { header: '环节', width: 12 },
    { header: '时限状态', width: 10 },
    { header: '本环节时限', width: 20 },
    { header: '事故等级', width: 10 },
    { header: '登记时间', width: 20 },
  ];
  for (const c of rows) {
    const d = toListItem(pack, c, now);
    ws.addRow([
      d.code,
      d.typeLabel,
      d.title,
      d.sourceLabel,
      d.schoolName ?? '',
      d.assignedUnitName ?? '',
      d.stateLabel,
      d.slaLabel,
      d.stepDueAt ? new Date(d.stepDueAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '',
      d.levelLabel ?? '',
      new Date(d.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }),
    ]);
  }
  ws.getRow(1).font = { bold: true };
  const st = wb.addWorksheet('统计');
  st.addRow(['案件总数', stats.total, '办理中', stats.open, '超时', stats.overdueCount]);
  st.addRow([]);
  st.addRow(['按类型']).font = { bold: true };
  for (const r of stats.byType) st.addRow([r.label, r.count]);
  st.addRow([]);
  st.addRow(['按环节']).font = { bold: true };
  for (const r of stats.byState) st.addRow([r.label, r.count]);
  st.addRow([]);
  st.addRow(['各环节按时率', '已评判', '按时', '超时', '按时率(%)']).font = { bold: true };
  for (const r of stats.onTimeBySteps) st.addRow([r.label, r.total, r.onTime, r.late, r.rate ?? '']);
  st.addRow([]);
  st.addRow(['事故按等级']).font = { bold: true };
  for (const r of stats.incidentsByLevel) st.addRow([r.label, r.count]);
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, contentType: XLSX, fileName: `案件台账-${shanghaiDay(now)}.xlsx` };
}
