import { type NationalRateCode, nationalRateCodes, nationalRateLabels } from '../../../domain/sanfang.js';
import { getSanfangSummary, sanfangRatesBySchool } from '../../sanfang/sanfang-standing.service.js';
import type { MeasureContext, MeasureDef, MeasureValue } from '../measures.registry.js';
import { MAX_EVIDENCE_ROWS } from '../measures.registry.js';

/**
 * 三防 (人防、物防、技防) as it stands now, through the 三防 summary (getSanfangSummary): the page,
 * the dashboard and the report read the same summary. The register is a standing, not a history:
 * the figure is today's (as on the 三防 page), whatever the round's span.
 */
const rateOf = (params: MeasureContext['params']) => String(params.rate ?? '') as NationalRateCode;

/**
 * One of the four national rates (and 护学岗设置率) for a school — 100 when it meets it, 0 when not,
 * nothing when it does not apply: the rates its 三防 page shows (sanfangRatesBySchool, one read of
 * the district's standings) — or for a centre the share of its schools: the summary with that
 * township chosen (getSanfangSummary), as the 三防 page shows it.
 */
export const sanfangRateMeasure: MeasureDef = {
  code: 'sanfang_rate',
  label: '三防达标率（专职保安员配备率、封闭化管理达标率、一键式报警和视频监控联网率、硬质防冲撞设施安装率、护学岗设置率之一；rate）',
  unit: '%',
  unitTypes: ['school', 'centre'],
  checkParams: (params) =>
    (nationalRateCodes as readonly string[]).includes(rateOf(params))
      ? null
      : `rate 只能写 ${nationalRateCodes.join('、')}（${Object.values(nationalRateLabels).join('、')}）`,
  compute: async (ctx) => {
    const code = rateOf(ctx.params);
    const label = nationalRateLabels[code];
    const out = new Map<string, MeasureValue>();
    if (ctx.unitType === 'school') {
      const bySchool = await sanfangRatesBySchool(ctx.app, ctx.actor, ctx.now);
      for (const unit of ctx.units) {
        const r = bySchool.get(unit.id)?.find((x) => x.code === code);
        out.set(unit.id, {
          value: r?.rate ?? null,
          detail: !r || r.status === null ? `${label}：不适用` : r.status ? `${label}：达标` : `${label}：未达标`,
          rows: r?.status === false ? [{ text: `${unit.name}：${label}未达标`, link: `/sanfang/schools/${unit.id}` }] : [],
        });
      }
      return out;
    }
    for (const unit of ctx.units) {
      const s = await getSanfangSummary(ctx.app, ctx.actor, { orgUnitId: unit.id }, ctx.now);
      const r = s.rates.find((x) => x.code === code);
      out.set(unit.id, {
        value: r?.rate ?? null,
        detail: r?.applicable ? `${label}：适用 ${r.applicable} 所，达标 ${r.met} 所` : `${label}：不适用`,
        rows: (r?.failing ?? []).slice(0, MAX_EVIDENCE_ROWS).map((f) => ({ text: `${f.name}：${label}未达标`, link: `/sanfang/schools/${f.id}` })),
      });
    }
    return out;
  },
};

/** The 三防 standards a school does not meet today (the summary's own rows for the school), or its schools' for a centre. */
export const sanfangGapsMeasure: MeasureDef = {
  code: 'sanfang_gaps',
  label: '三防建设未达标的标准项数（三防台账对照政策包）',
  unit: '项',
  unitTypes: ['school', 'centre'],
  checkParams: () => null,
  compute: async (ctx) => {
    const s = await getSanfangSummary(ctx.app, ctx.actor, {}, ctx.now);
    const out = new Map<string, MeasureValue>();
    for (const unit of ctx.units) {
      const rows = s.schoolRows.filter((r) => (ctx.unitType === 'centre' ? r.parentId === unit.id : r.id === unit.id));
      const gaps = rows.flatMap((r) => r.unmet.map((u) => ({ school: r, u })));
      out.set(unit.id, {
        value: rows.length ? gaps.length : null,
        detail: rows.length ? `三防未达标 ${gaps.length} 项` : '不在三防统计范围',
        rows: gaps.slice(0, MAX_EVIDENCE_ROWS).map((g) => ({
          text: `${ctx.unitType === 'centre' ? `${g.school.name}：` : ''}${g.u.category}·${g.u.label}：${g.u.detail}`,
          link: `/sanfang/schools/${g.school.id}`,
        })),
      });
    }
    return out;
  },
};
