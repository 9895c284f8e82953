import type { ItemInput } from '../../domain/assessment/scoring.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { rubricUnitTypeLabels } from '../../domain/policy/rubric-schema.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { ItemRow, RoundRow } from './assessment.repository.js';

/** School users: they see their own assessment only, and its scores only once published. */
export const isSchoolRole = (actor: Actor) => actor.role === 'principal' || actor.role === 'school_safety_officer' || actor.role === 'staff';

/** The round's units the actor may see: all for district-wide readers, else the units in their read scope or their own unit. */
export function visibleUnitIds(actor: Actor, _round: RoundRow, units: readonly { unit_id: string }[]): Set<string> {
  if (isSchoolRole(actor)) return new Set(units.filter((u) => u.unit_id === actor.orgUnitId).map((u) => u.unit_id));
  return new Set(units.filter((u) => actor.scope.read.all || canRead(actor.scope, u.unit_id) || u.unit_id === actor.orgUnitId).map((u) => u.unit_id));
}

/** What the engine needs of each stored item. */
export function inputsOf(items: readonly ItemRow[]): Record<string, ItemInput> {
  return Object.fromEntries(
    items.map((i) => [
      i.item_code,
      {
        value: i.computed ? (i.value === null ? null : Number(i.value)) : undefined,
        assessorScore: i.assessor_score === null ? null : Number(i.assessor_score),
        assessorVeto: i.assessor_veto,
      },
    ]),
  );
}

export function roundDto(r: RoundRow, pack: ResolvedPack) {
  const rubric = pack.rubrics.find((x) => x.code === r.rubric_code && x.version === r.rubric_version);
  return {
    id: r.id,
    title: r.title,
    rubricCode: r.rubric_code,
    rubricVersion: r.rubric_version,
    rubricLabel: rubric?.label ?? `${r.rubric_code}@${r.rubric_version}（政策包中已无此版本）`,
    unitType: r.unit_type,
    unitTypeLabel: rubricUnitTypeLabels[r.unit_type],
    from: r.period_from,
    to: r.period_to,
    state: r.state,
    stateLabel: r.state === 'published' ? '已公布' : '评分中',
    computedAt: r.computed_at.toISOString(),
    createdByName: r.created_by_name,
    createdAt: r.created_at.toISOString(),
    publishedAt: r.published_at?.toISOString() ?? null,
    publishedByName: r.published_by_name,
  };
}
