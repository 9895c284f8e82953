import type { AssessedUnit, MeasureContext } from '../measures.registry.js';

/** The round's days as instants: from the first day's Shanghai midnight to the day after the last (exclusive). */
export function spanOf(ctx: Pick<MeasureContext, 'from' | 'to'>) {
  const start = new Date(`${ctx.from}T00:00:00+08:00`);
  const end = new Date(new Date(`${ctx.to}T00:00:00+08:00`).getTime() + 24 * 3600_000);
  return { start, end };
}

/** The filter that narrows a module's list to one assessed unit: a school, a centre's schools, a department's work. */
export function unitFilter(ctx: Pick<MeasureContext, 'unitType'>, unit: AssessedUnit) {
  return ctx.unitType === 'school' ? { schoolId: unit.id } : ctx.unitType === 'centre' ? { parentId: unit.id } : { responsibleUnitId: unit.id };
}
