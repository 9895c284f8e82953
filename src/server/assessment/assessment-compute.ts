import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { RubricDef } from '../../domain/policy/rubric-schema.js';
import { rubricItems } from '../../domain/policy/rubric-schema.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { type AssessedUnit, measureNamed } from './measures.registry.js';

export type ComputedItem = { unitId: string; itemCode: string; value: number | null; computed: boolean; detail: string; evidence: unknown };

/**
 * Every item of the rubric for every unit: automatic items through their measure (one call per
 * item for all units), manual items as empty rows waiting for 自评 and 考评. Reads only: the
 * caller writes the result in its transaction.
 */
export async function computeItems(
  app: AppContext,
  actor: Actor,
  pack: ResolvedPack,
  rubric: RubricDef,
  period: { from: string; to: string },
  units: readonly AssessedUnit[],
  now: Date,
): Promise<ComputedItem[]> {
  const out: ComputedItem[] = [];
  for (const item of rubricItems(rubric)) {
    if (item.rule.kind === 'manual') {
      for (const u of units) out.push({ unitId: u.id, itemCode: item.code, value: null, computed: false, detail: '', evidence: [] });
      continue;
    }
    const measure = measureNamed(item.rule.measure);
    if (!measure) throw new Error(`unknown measure ${item.rule.measure}`); // checked before: measureProblem
    const values = await measure.compute({ app, actor, pack, ...period, units, unitType: rubric.unitType, params: item.rule.params, now });
    for (const u of units) {
      const v = values.get(u.id) ?? { value: null, detail: '无数据', rows: [] };
      out.push({ unitId: u.id, itemCode: item.code, value: v.value, computed: true, detail: v.detail, evidence: v.rows });
    }
  }
  return out;
}
