import { getGuardPostSetupRate } from '../../guard-duty/guard-stats.service.js';
import type { MeasureDef, MeasureValue } from '../measures.registry.js';

/**
 * 护学岗设置率 per school (100 when posts in force stand at every recorded gate and cover every
 * required period, else 0; no gates recorded: 0): getGuardPostSetupRate's own rows.
 */
type SetupRow = Awaited<ReturnType<typeof getGuardPostSetupRate>>['rows'][number];
const unsetText = (r: SetupRow) =>
  r.status === 'no_gates'
    ? '未登记校门，无法按校门核定护学岗'
    : `未设护学岗或时段不全的校门：${r.uncoveredGates.map((g) => (g.posts ? `${g.name}（缺${g.missingPeriods.join('、')}）` : g.name)).join('、')}`;

export const guardPostSetMeasure: MeasureDef = {
  code: 'guard_post_set',
  label: '护学岗设置（每个校门各必设时段均有在用岗位为 100，否则为 0；未登记校门为 0）',
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
        detail: row ? (row.set ? `每个校门均已设置护学岗（${needed}）` : unsetText(row)) : '不在护学岗统计范围',
        rows: row && !row.set ? [{ text: `${unit.name}：${unsetText(row)}`, link: '/guard-posts?tab=stats' }] : [],
      });
    }
    return out;
  },
};
