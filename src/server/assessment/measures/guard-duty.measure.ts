import { getGuardPostSetupRate } from '../../guard-duty/guard-stats.service.js';
import type { MeasureDef, MeasureValue } from '../measures.registry.js';

/** 护学岗设置率 per school (100 when its posts cover every required period, else 0): getGuardPostSetupRate's own rows. */
export const guardPostSetMeasure: MeasureDef = {
  code: 'guard_post_set',
  label: '护学岗设置（各必设时段均有在用岗位为 100，否则为 0）',
  unit: '%',
  unitTypes: ['school'],
  checkParams: () => null,
  compute: async (ctx) => {
    const r = await getGuardPostSetupRate(ctx.app, ctx.actor, {});
    const bySchool = new Map(r.rows.map((x) => [x.schoolId, x]));
    const needed = r.requiredPeriods.map((p) => p.label).join('、');
    const out = new Map<string, MeasureValue>();
    for (const unit of ctx.units) {
      const row = bySchool.get(unit.id);
      out.set(unit.id, {
        value: row ? (row.set ? 100 : 0) : null,
        detail: row ? (row.set ? `已按要求设置护学岗（${needed}）` : `护学岗未覆盖全部必设时段（${needed}）`) : '不在护学岗统计范围',
        rows: row && !row.set ? [{ text: `${unit.name}：护学岗未覆盖全部必设时段`, link: '/guard-posts' }] : [],
      });
    }
    return out;
  },
};
