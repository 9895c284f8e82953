import { shanghaiDay } from '../../../domain/calendar.js';
import type { ObligationCell } from '../../../domain/coverage.js';
import { getCoverage } from '../../coverage/coverage.service.js';
import type { AssessedUnit, MeasureContext, MeasureDef, MeasureValue } from '../measures.registry.js';
import { MAX_EVIDENCE_ROWS } from '../measures.registry.js';

/**
 * Obligations met (duty engine): every period of the obligation in the round's span, judged by
 * the coverage grid's own computation (getCoverage), month by month (its 31-period limit holds
 * for daily duties). Periods not yet ended and those before a school's records begin do not count.
 */
type Cells = Map<string, Map<string, ObligationCell>>; // unit → periodKey → cell

const months = (from: string, to: string) => {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
  }
  return out;
};

async function cellsOf(ctx: MeasureContext): Promise<{ cells: Cells; label: string }> {
  const code = String(ctx.params.obligation);
  const cells: Cells = new Map();
  let label = code;
  // The span up to today, Beijing time (not the UTC day, which lags before 08:00); days compare as text.
  const today = shanghaiDay(ctx.now);
  let until = ctx.to;
  if (today < until) until = today;
  for (const month of months(ctx.from, until)) {
    const c = await getCoverage(ctx.app, ctx.actor, { view: 'month', from: month, to: month, obligation: code }, ctx.now);
    label = c.obligation.label;
    for (const row of c.rows) {
      const own = cells.get(row.school.id) ?? new Map<string, ObligationCell>();
      c.periods.forEach((p, i) => {
        const cell = row.cells[i];
        if (cell && p.start >= ctx.from && p.end <= ctx.to) own.set(p.key, cell);
      });
      cells.set(row.school.id, own);
    }
  }
  return { cells, label };
}

/** The unit's cells: its own (school, department), or its schools' (a centre: every school under it). */
function unitCells(cells: Cells, unit: AssessedUnit, ctx: MeasureContext, schoolsOf: Map<string, string[]>) {
  const ids = ctx.unitType === 'centre' ? (schoolsOf.get(unit.id) ?? []) : [unit.id];
  return ids.flatMap((id) => [...(cells.get(id)?.entries() ?? [])].map(([key, cell]) => ({ id, key, cell })));
}

async function judge(ctx: MeasureContext, rateOf: (done: number, judged: number) => number | null) {
  const { cells, label } = await cellsOf(ctx);
  const schoolsOf = new Map<string, string[]>();
  if (ctx.unitType === 'centre') {
    const facts = await getCoverage(ctx.app, ctx.actor, { view: 'month', obligation: String(ctx.params.obligation) }, ctx.now);
    for (const r of facts.rows) if (r.school.parentId) schoolsOf.set(r.school.parentId, [...(schoolsOf.get(r.school.parentId) ?? []), r.school.id]);
  }
  const out = new Map<string, MeasureValue>();
  for (const unit of ctx.units) {
    const list = unitCells(cells, unit, ctx, schoolsOf).filter((x) => x.cell.status === 'done' || x.cell.status === 'overdue');
    const done = list.filter((x) => x.cell.status === 'done').length;
    const missed = list.filter((x) => x.cell.status === 'overdue');
    out.set(unit.id, {
      value: rateOf(done, list.length),
      detail: `${label}：应完成 ${list.length} 个周期，完成 ${done} 个，未完成 ${missed.length} 个`,
      rows: missed.slice(0, MAX_EVIDENCE_ROWS).map((x) => ({
        text: `${x.key} 未完成：应 ${x.cell.required}，实际 ${x.cell.done}（截止 ${x.cell.dueDate}）`,
        link: `/coverage?obligation=${encodeURIComponent(String(ctx.params.obligation))}`,
      })),
    });
  }
  return out;
}

const checkObligation = (params: MeasureContext['params'], pack: MeasureContext['pack']) => {
  const ob = pack.obligations.find((o) => o.code === params.obligation);
  if (!ob) return `本区政策包中没有义务「${String(params.obligation)}」`;
  return ob.subject === 'district' ? `「${ob.label}」是区县整体的义务，不能按单位考核` : null;
};

export const obligationRateMeasure: MeasureDef = {
  code: 'obligation_rate',
  label: '义务完成率（按周期，督查覆盖同一算法）',
  unit: '%',
  unitTypes: ['school', 'centre', 'department'],
  checkParams: checkObligation,
  compute: (ctx) => judge(ctx, (done, judged) => (judged ? Math.round((done / judged) * 1000) / 10 : null)),
};

export const obligationMissedMeasure: MeasureDef = {
  code: 'obligation_missed',
  label: '义务未完成的周期数',
  unit: '个周期',
  unitTypes: ['school', 'centre', 'department'],
  checkParams: checkObligation,
  compute: (ctx) => judge(ctx, (done, judged) => (judged ? judged - done : null)),
};
