import { findImportedValues } from '../assessment.repository.js';
import type { MeasureDef, MeasureValue } from '../measures.registry.js';

/**
 * Figures kept by another platform (安全教育平台 completion rates …), imported from Excel per unit
 * and period key (importMeasureValues). params: `source` (the imported figure's code) and
 * `period` (the period key the import used, e.g. 2026-2027). A unit without a row scores 0 (nothing imported is not full marks).
 */
export const importedMeasure: MeasureDef = {
  code: 'imported',
  label: '导入的外部平台数据（如安全教育平台完成率）',
  unit: '',
  unitTypes: ['school', 'centre', 'department'],
  checkParams: (params) => (!params.source || !params.period ? '导入数据项须写 source（数据来源编码）和 period（期间）' : null),
  compute: async (ctx) => {
    const rows = await findImportedValues(ctx.app.db, ctx.actor.districtId, String(ctx.params.source), String(ctx.params.period));
    const byUnit = new Map(rows.map((r) => [r.unit_id, r]));
    const out = new Map<string, MeasureValue>();
    for (const unit of ctx.units) {
      const r = byUnit.get(unit.id);
      out.set(unit.id, {
        value: r ? Number(r.value) : 0,
        detail: r ? `导入值 ${Number(r.value)}（${r.imported_by_name} ${r.imported_at.toISOString().slice(0, 10)} 导入）` : '未导入该单位的数据（按 0 计）',
        rows: [],
      });
    }
    return out;
  },
};
