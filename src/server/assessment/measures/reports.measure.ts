import { addDays, shanghaiDay } from '../../../domain/calendar.js';
import type { Period } from '../../../domain/periods.js';
import { isFileable, type ReportStanding, reportPeriodOf, reportStandingLabels } from '../../../domain/reports.js';
import { ruleOf } from '../../reports/report-context.js';
import { getReportStatus } from '../../reports/report-status.service.js';
import type { MeasureContext, MeasureDef, MeasureValue } from '../measures.registry.js';
import { MAX_EVIDENCE_ROWS } from '../measures.registry.js';

/**
 * Reports filed late, missing or returned (报表报送): every period of the report type that lies in
 * the round's span and can be filed by now, read through the status board's own function
 * (getReportStatus, one call per period for every unit), so a unit's count is the number of the
 * board's columns where it stands late / missing / returned. params: `type` (the report type's
 * code), `count` (which standings count, comma separated: late, missing, returned; default
 * `late,missing`).
 */
const countable = ['late', 'missing', 'returned'] as const satisfies readonly ReportStanding[];
type Countable = (typeof countable)[number];

const countedOf = (params: MeasureContext['params']): Countable[] =>
  String(params.count ?? 'late,missing')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is Countable => (countable as readonly string[]).includes(s));

/** The type's periods wholly inside [from, to] that can be filed on `today`, oldest first. */
function periodsIn(rule: ReturnType<typeof ruleOf>, from: string, to: string, today: string): Period[] {
  const out: Period[] = [];
  if (rule.period === 'once') {
    const p = reportPeriodOf(rule, from);
    return p.start >= from && p.end <= to && isFileable(rule, p, today) ? [p] : [];
  }
  for (let p = reportPeriodOf(rule, from); p.start <= to; p = reportPeriodOf(rule, addDays(p.end, 1))) {
    if (p.start >= from && p.end <= to && isFileable(rule, p, today)) out.push(p);
    if (out.length > 800) break; // a daily report over two years: 731 periods at most
  }
  return out;
}

export const reportStandingMeasure: MeasureDef = {
  code: 'report_standing',
  label: '报表迟报、逾期未报、退回待重报的期数（报送情况同一算法；type 报表类型，count 计哪几种）',
  unit: '期',
  unitTypes: ['school', 'centre', 'department'],
  checkParams: (params, pack) => {
    if (!params.type) return '报表数据项须写 type（报表类型编码）';
    if (!pack.reports.some((t) => t.code === params.type)) return `本区政策包中没有报表类型「${String(params.type)}」`;
    const asked = String(params.count ?? 'late,missing').split(',');
    if (countedOf(params).length !== asked.length) return 'count 只能写 late（迟报）、missing（逾期未报）、returned（退回待重报），用逗号分隔';
    return null;
  },
  compute: async (ctx) => {
    const t = ctx.pack.reports.find((x) => x.code === ctx.params.type);
    const out = new Map<string, MeasureValue>();
    if (!t) return out;
    const counted = new Set<ReportStanding>(countedOf(ctx.params));
    const today = shanghaiDay(ctx.now);
    const periods = periodsIn(ruleOf(t), ctx.from, ctx.to, today);
    type Seen = { period: Period; standing: ReportStanding; firstSubmittedAt: string | null; dueOn: string };
    const seen = new Map<string, Seen[]>();
    for (const p of periods) {
      const s = await getReportStatus(ctx.app, ctx.actor, { typeCode: t.code, periodKey: p.key }, ctx.now);
      for (const r of s.rows)
        seen.set(r.unitId, [...(seen.get(r.unitId) ?? []), { period: p, standing: r.standing, firstSubmittedAt: r.firstSubmittedAt, dueOn: s.dueOn }]);
    }
    for (const unit of ctx.units) {
      const list = seen.get(unit.id);
      if (!list) {
        out.set(unit.id, { value: null, detail: `不填报「${t.label}」`, rows: [] });
        continue;
      }
      const n = (s: ReportStanding) => list.filter((x) => x.standing === s).length;
      const due = list.filter((x) => x.standing !== 'pending');
      const hits = list.filter((x) => counted.has(x.standing));
      out.set(unit.id, {
        value: due.length ? hits.length : null,
        detail: `${t.label}：期内应报 ${due.length} 期，按时 ${n('on_time')} 期，迟报 ${n('late')} 期，逾期未报 ${n('missing')} 期，退回待重报 ${n('returned')} 期`,
        rows: hits.slice(0, MAX_EVIDENCE_ROWS).map((x) => ({
          text: `${x.period.label}：${reportStandingLabels[x.standing]}（截止 ${x.dueOn}${x.firstSubmittedAt ? `，首次报送 ${shanghaiDay(new Date(x.firstSubmittedAt))}` : ''}）`,
          link: `/reports?tab=status&typeCode=${encodeURIComponent(t.code)}&periodKey=${encodeURIComponent(x.period.key)}`,
        })),
      });
    }
    return out;
  },
};
