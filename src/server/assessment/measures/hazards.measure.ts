import { listHazards } from '../../hazards/hazards.service.js';
import type { MeasureContext, MeasureDef, MeasureValue } from '../measures.registry.js';
import { MAX_EVIDENCE_ROWS } from '../measures.registry.js';
import { spanOf, unitFilter } from './span.js';

/**
 * Hazards found in the round's span, per unit, through the ledger's own list (listHazards): the
 * same counts and 按期销号率 as the hazard ledger page with the same filter.
 */
type Ledger = {
  items: Awaited<ReturnType<typeof listHazards>>['items'];
  total: number;
  counts: { total: number; closed: number; closedOnTime: number; closedOnTimeRate: number | null };
};
const rateOf = (onTime: number, closed: number) => (closed ? Math.round((onTime / closed) * 1000) / 10 : null);

/**
 * Schools: one ledger read over the district, its rows partitioned by school (a school's rows are
 * exactly what the ledger shows filtered to it); centres and departments: one read per unit with
 * the ledger's own unit filter.
 */
async function ledgerOf(ctx: MeasureContext, extra: { overdue?: boolean }): Promise<Map<string, Ledger>> {
  const { start, end } = spanOf(ctx);
  const read = (f: object) =>
    listHazards(ctx.app.db, ctx.actor, { ...f, ...extra, foundFrom: start, foundTo: end, page: 1, pageSize: 100_000, sort: 'foundAt' }, ctx.now);
  const out = new Map<string, Ledger>();
  if (ctx.unitType === 'school') {
    const all = await read({});
    for (const unit of ctx.units) {
      const items = all.items.filter((h) => h.schoolId === unit.id);
      const closed = items.filter((h) => h.state === 'closed');
      const closedOnTime = closed.filter((h) => h.closedOnTime).length;
      out.set(unit.id, {
        items,
        total: items.length,
        counts: { total: items.length, closed: closed.length, closedOnTime, closedOnTimeRate: rateOf(closedOnTime, closed.length) },
      });
    }
    return out;
  }
  for (const unit of ctx.units) out.set(unit.id, await read(unitFilter(ctx, unit)));
  return out;
}

const link = (id: string) => `/hazards/${id}`;

export const hazardsOnTimeRateMeasure: MeasureDef = {
  code: 'hazards_on_time_rate',
  label: '隐患按期销号率（期内发现、已销号的隐患中按期销号的比例）',
  unit: '%',
  unitTypes: ['school', 'centre', 'department'],
  checkParams: () => null,
  compute: async (ctx) => {
    const out = new Map<string, MeasureValue>();
    for (const [unitId, l] of await ledgerOf(ctx, {})) {
      const late = l.items.filter((h) => h.state === 'closed' && !h.closedOnTime);
      out.set(unitId, {
        value: l.counts.closedOnTimeRate,
        detail: `期内发现 ${l.counts.total} 项，已销号 ${l.counts.closed} 项，其中按期 ${l.counts.closedOnTime} 项、超期 ${l.counts.closed - l.counts.closedOnTime} 项`,
        rows: late.slice(0, MAX_EVIDENCE_ROWS).map((h) => ({
          text: `${h.code} ${h.title}：期限 ${h.deadline ?? '—'}，${h.closedAt ? `${h.closedAt.slice(0, 10)} 销号` : ''}（超期）`,
          link: link(h.id),
        })),
      });
    }
    return out;
  },
};

export const hazardsOverdueMeasure: MeasureDef = {
  code: 'hazards_overdue',
  label: '逾期未销号隐患数（期内发现、现已过整改期限仍未销号）',
  unit: '项',
  unitTypes: ['school', 'centre', 'department'],
  checkParams: () => null,
  compute: async (ctx) => {
    const out = new Map<string, MeasureValue>();
    for (const [unitId, l] of await ledgerOf(ctx, { overdue: true })) {
      out.set(unitId, {
        value: l.total,
        detail: `逾期未销号 ${l.total} 项`,
        rows: l.items.slice(0, MAX_EVIDENCE_ROWS).map((h) => ({ text: `${h.code} ${h.title}：期限 ${h.deadline ?? '—'}，${h.stateLabel}`, link: link(h.id) })),
      });
    }
    return out;
  },
};
