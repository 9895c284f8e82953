import { countSafetyCheckIns, listSafetyPeriods } from '../../safety/safety.service.js';
import type { MeasureContext, MeasureDef, MeasureValue } from '../measures.registry.js';
import { MAX_EVIDENCE_ROWS } from '../measures.registry.js';

/**
 * 报平安 in key periods (重点时期报平安): the days a school checked in late or not at all in the
 * sensitive periods that began within the round's span, counted by the board's own function
 * (countSafetyCheckIns, one call per period for all its schools). params: `count` — `missing`
 * (days not reported), `late` (reported after the cut-off) or `late_missing` (both; default).
 */
const counts = ['late_missing', 'missing', 'late'] as const;
type Count = (typeof counts)[number];
const countOf = (params: MeasureContext['params']): Count => String(params.count ?? 'late_missing') as Count;

export const safetyCheckInMeasure: MeasureDef = {
  code: 'safety_check_ins',
  label: '重点时期报平安漏报、迟报天数（报平安看板同一算法；count 取 late_missing、missing 或 late）',
  unit: '天',
  unitTypes: ['school'],
  checkParams: (params) =>
    (counts as readonly string[]).includes(countOf(params)) ? null : 'count 只能写 late_missing（漏报和迟报）、missing（漏报）或 late（迟报）',
  compute: async (ctx) => {
    const count = countOf(ctx.params);
    const periods = (await listSafetyPeriods(ctx.app.db, ctx.actor, {}, ctx.now)).items.filter((p) => p.startsOn >= ctx.from && p.startsOn <= ctx.to);
    type Hit = { title: string; startsOn: string; endsOn: string; dueDays: number; late: number; missing: number };
    const bySchool = new Map<string, Hit[]>();
    for (const p of periods) {
      for (const c of await countSafetyCheckIns(ctx.app.db, ctx.actor.districtId, p.id, null, ctx.now))
        bySchool.set(c.schoolId, [...(bySchool.get(c.schoolId) ?? []), { title: p.title, startsOn: p.startsOn, endsOn: p.endsOn, ...c }]);
    }
    const out = new Map<string, MeasureValue>();
    for (const unit of ctx.units) {
      const list = (bySchool.get(unit.id) ?? []).filter((h) => h.dueDays > 0);
      const missing = list.reduce((n, h) => n + h.missing, 0);
      const late = list.reduce((n, h) => n + h.late, 0);
      const value = count === 'missing' ? missing : count === 'late' ? late : missing + late;
      const due = list.reduce((n, h) => n + h.dueDays, 0);
      out.set(unit.id, {
        value: list.length ? value : null,
        detail: list.length ? `期内 ${list.length} 个报平安时段，应报 ${due} 天，漏报 ${missing} 天，迟报 ${late} 天` : '期内没有需要本校报平安的时段',
        rows: list
          .filter((h) => (count === 'late' ? h.late : count === 'missing' ? h.missing : h.late + h.missing) > 0)
          .slice(0, MAX_EVIDENCE_ROWS)
          .map((h) => ({ text: `${h.title}（${h.startsOn} 至 ${h.endsOn}）：漏报 ${h.missing} 天，迟报 ${h.late} 天`, link: '/safety-check-ins' })),
      });
    }
    return out;
  },
};
