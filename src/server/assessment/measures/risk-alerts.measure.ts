import { riskAlertTally } from '../../risk/risk-alerts.service.js';
import type { MeasureContext, MeasureDef, MeasureValue } from '../measures.registry.js';
import { spanOf } from './span.js';

/**
 * 风险提示 acknowledged by the schools: alerts sent in the round's span, counted by the one tally
 * the alert list and panels use (riskAlertTally, one call for the district). Alerts still before
 * their deadline and not acknowledged are not judged yet.
 */
async function tallyOf(ctx: MeasureContext) {
  const { start, end } = spanOf(ctx);
  const rows = await riskAlertTally(ctx.app, ctx.actor, { from: start, to: end }, ctx.now);
  return new Map(rows.map((r) => [r.schoolId, r]));
}

type AlertTally = { sent: number; acknowledged: number; late: number; pending: number; overdue: number };

const detailOf = (r: AlertTally) =>
  `期内收到风险提示 ${r.sent} 条：按时签收 ${r.acknowledged} 条，逾期签收 ${r.late} 条，逾期未签收 ${r.overdue} 条，未到期 ${r.pending} 条`;

/**
 * Both measures read the same tally and say the same detail and rows (the late and missed alerts
 * of the school); they differ only in the figure a school's tally gives (figureOf; undefined: the
 * school received no alert in the span).
 */
function perSchool(figureOf: (r: AlertTally | undefined) => number | null): MeasureDef['compute'] {
  return async (ctx) => {
    const tally = await tallyOf(ctx);
    const out = new Map<string, MeasureValue>();
    for (const unit of ctx.units) {
      const r = tally.get(unit.id);
      out.set(unit.id, {
        value: figureOf(r),
        detail: r ? detailOf(r) : '期内未收到风险提示',
        rows: r && r.late + r.overdue ? [{ text: `逾期签收 ${r.late} 条，逾期未签收 ${r.overdue} 条`, link: `/risk/alerts?schoolId=${unit.id}` }] : [],
      });
    }
    return out;
  };
}

export const riskAlertRateMeasure: MeasureDef = {
  code: 'risk_alert_ack_rate',
  label: '风险提示按时签收率（已到期的提示中按时签收并落实措施的比例）',
  unit: '%',
  unitTypes: ['school'],
  checkParams: () => null,
  compute: perSchool((r) => {
    const judged = r ? r.acknowledged + r.late + r.overdue : 0;
    return r && judged ? Math.round((r.acknowledged / judged) * 1000) / 10 : null;
  }),
};

export const riskAlertMissedMeasure: MeasureDef = {
  code: 'risk_alert_missed',
  label: '风险提示逾期签收和逾期未签收的条数',
  unit: '条',
  unitTypes: ['school'],
  checkParams: () => null,
  compute: perSchool((r) => (r ? r.late + r.overdue : 0)),
};
