import { AppError, type ErrorDetail } from '../../domain/errors.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { getComplianceCalendar } from '../coverage/coverage.service.js';
import { getReportStatus } from '../reports/report-status.service.js';
import { schoolsOfUnit, type TargetUnit } from './bulletin-scope.js';

/**
 * The reports and duties a bulletin cites as its reason, checked against the one function that
 * counts them — getReportStatus (a unit's late, missing or returned report of a type and period)
 * and the compliance calendar (a school's missed duty periods this semester) — so a bulletin
 * can only cite what those pages show, with the figures they show, frozen at issue time.
 */
export type CitedReport = { typeCode: string; periodKey: string; unitId: string };
export type CitedDuty = { schoolId: string; obligationCode: string; periodKey: string };
export type CitationRow = { ref_type: 'report' | 'duty'; ref_id: string; ref_key: string; label: string; detail: string };

const citable = new Set(['late', 'missing', 'returned']);

const notFoundIn = (e: unknown) => {
  if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'VALIDATION_FAILED')) return null;
  throw e;
};

export async function loadCitations(
  app: AppContext,
  actor: Actor,
  unit: TargetUnit,
  input: { reports: CitedReport[]; duties: CitedDuty[] },
  now: Date,
): Promise<CitationRow[]> {
  const own = new Set([unit.id, ...(await schoolsOfUnit(app.db, actor.districtId, unit))]);
  const rows: CitationRow[] = [];
  const details: ErrorDetail[] = [];

  const boards = new Map<string, Awaited<ReturnType<typeof getReportStatus>> | null>();
  for (const [i, r] of input.reports.entries()) {
    const key = `${r.typeCode}:${r.periodKey}`;
    if (!boards.has(key)) boards.set(key, await getReportStatus(app, actor, { typeCode: r.typeCode, periodKey: r.periodKey }, now).catch(notFoundIn));
    const board = boards.get(key);
    const row = board?.rows.find((x) => x.unitId === r.unitId);
    if (!board || !row) details.push({ path: `reports.${i}`, message: '报表或单位不存在，或不在您的权限范围内' });
    else if (!own.has(r.unitId)) details.push({ path: `reports.${i}`, message: `${row.unitName}不属于${unit.name}` });
    else if (!citable.has(row.standing))
      details.push({ path: `reports.${i}`, message: `${row.unitName}的${board.period.label}「${board.type.label}」${row.standingLabel}，不能作为通报依据` });
    else if (!rows.some((x) => x.ref_type === 'report' && x.ref_id === r.unitId && x.ref_key === key)) {
      const when = row.firstSubmittedAt ? `，${row.firstSubmittedAt.slice(0, 10)} 报送` : '';
      rows.push({
        ref_type: 'report',
        ref_id: r.unitId,
        ref_key: key,
        label: `${row.unitName} ${board.period.label}「${board.type.label}」`,
        detail: `${row.standingLabel}（截止 ${board.dueOn}${when}${row.returnCount ? `，退回 ${row.returnCount} 次` : ''}）`,
      });
    }
  }

  const calendars = new Map<string, Awaited<ReturnType<typeof getComplianceCalendar>> | null>();
  for (const [i, d] of input.duties.entries()) {
    if (!own.has(d.schoolId)) {
      details.push({ path: `duties.${i}`, message: `所列学校不属于${unit.name}` });
      continue;
    }
    if (!calendars.has(d.schoolId)) calendars.set(d.schoolId, await getComplianceCalendar(app, actor, d.schoolId, 'semester', now).catch(notFoundIn));
    const cal = calendars.get(d.schoolId);
    const item = cal?.items.find((x) => x.obligation.code === d.obligationCode);
    const missed =
      item?.missed.find((m) => m.period.key === d.periodKey) ??
      (item && item.cell.status === 'overdue' && item.period.key === d.periodKey
        ? { period: item.period, done: item.cell.done, required: item.cell.required }
        : undefined);
    if (!cal || !item) details.push({ path: `duties.${i}`, message: '职责任务不存在或不在您的权限范围内' });
    else if (!missed) details.push({ path: `duties.${i}`, message: `${cal.school.name}「${item.obligation.label}」在该周期没有逾期未完成，不能作为通报依据` });
    else {
      const key = `${d.obligationCode}:${d.periodKey}`;
      if (rows.some((x) => x.ref_type === 'duty' && x.ref_id === d.schoolId && x.ref_key === key)) continue;
      rows.push({
        ref_type: 'duty',
        ref_id: d.schoolId,
        ref_key: key,
        label: `${cal.school.name}「${item.obligation.label}」${missed.period.label}`,
        detail: `逾期未完成：完成 ${missed.done}/${missed.required}（${missed.period.start} 至 ${missed.period.end}）`,
      });
    }
  }
  if (details.length)
    throw new AppError('VALIDATION_FAILED', `所列记录有误：${details[0]?.message}${details.length > 1 ? ` 等 ${details.length} 处问题` : ''}`, details);
  return rows;
}
