import { notFound } from '../../domain/errors.js';
import type { ResolvedPack, WithOrigin } from '../../domain/policy/pack-schema.js';
import type { Formula, RubricDef, RubricItem } from '../../domain/policy/rubric-schema.js';
import { rubricItems, rubricUnitTypeLabels, totalPoints } from '../../domain/policy/rubric-schema.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import { measureNamed } from './measures.registry.js';

/**
 * Rubrics are read from the district's policy pack (rubrics/<code>@<version>.yaml). Every role of
 * the district may read them: a school should know what it is scored on.
 */
const certaintyLabels: Record<string, string> = { C: '已确认（国家文件）', C2: '已确认（二手来源）', L: '地方做法', M: '平台假设' };

export function formulaText(f: Formula, item: Pick<RubricItem, 'points' | 'cap'>, unit: string): string {
  switch (f.type) {
    case 'thresholds':
      return `${f.bands.map((b) => (b.min !== undefined ? `≥${b.min}${unit} 得 ${b.score} 分` : `≤${b.max}${unit} 得 ${b.score} 分`)).join('；')}；其余得 ${f.otherwise} 分`;
    case 'deduct':
      return `每 ${f.per}${unit} 扣 ${f.deduct} 分，最多扣 ${item.cap} 分`;
    case 'award':
      return `每 ${f.per}${unit} 加 ${f.award} 分，最多加 ${item.points} 分`;
    case 'proportional':
      return `按比例得分：${item.points} 分 × 数值 ÷ 100`;
    case 'veto':
      return `达到 ${f.atLeast}${unit} 即一票否决`;
  }
}

/** The problem with an item's measure on this pack and unit type, or null. */
export function measureProblem(item: RubricItem, rubric: RubricDef, pack: ResolvedPack): string | null {
  if (item.rule.kind !== 'measure') return null;
  const m = measureNamed(item.rule.measure);
  if (!m) return `「${item.label}」使用的数据项「${item.rule.measure}」平台尚未提供`;
  if (!m.unitTypes.includes(rubric.unitType)) return `「${item.label}」的数据项「${m.label}」不适用于${rubricUnitTypeLabels[rubric.unitType]}`;
  const p = m.checkParams(item.rule.params, pack);
  return p ? `「${item.label}」：${p}` : null;
}

export function itemDto(item: RubricItem, rubric: RubricDef, pack: ResolvedPack) {
  const m = item.rule.kind === 'measure' ? measureNamed(item.rule.measure) : undefined;
  return {
    code: item.code,
    section: item.section,
    dimension: item.dimension,
    label: item.label,
    points: item.points,
    cap: item.cap,
    evidence: item.evidence,
    automatic: item.rule.kind === 'measure',
    measure: item.rule.kind === 'measure' ? { code: item.rule.measure, label: m?.label ?? item.rule.measure, params: item.rule.params } : null,
    ruleText:
      item.rule.kind === 'manual'
        ? item.section === 'veto'
          ? '考评人员认定'
          : '人工评分（学校自评，考评人员评定）'
        : formulaText(item.rule.formula, item, m?.unit ?? ''),
    problem: measureProblem(item, rubric, pack),
  };
}

export function rubricSummary(r: WithOrigin<RubricDef>, pack: ResolvedPack) {
  return {
    code: r.code,
    version: r.version,
    label: r.label,
    unitType: r.unitType,
    unitTypeLabel: rubricUnitTypeLabels[r.unitType],
    effectiveFrom: r.effectiveFrom,
    certainty: r.certainty,
    certaintyLabel: certaintyLabels[r.certainty] ?? r.certainty,
    source: r.source,
    totalPoints: totalPoints(r),
    bonusCap: r.bonusCap,
    items: rubricItems(r).length,
    problems: rubricItems(r).flatMap((i) => measureProblem(i, r, pack) ?? []),
    origin: r.origin,
  };
}

export async function listRubrics(app: AppContext, actor: Actor) {
  const pack = await packOf(app, actor.districtId);
  const items = [...pack.rubrics]
    .sort((a, b) => a.code.localeCompare(b.code) || b.effectiveFrom.localeCompare(a.effectiveFrom))
    .map((r) => rubricSummary(r, pack));
  return { items };
}

export async function rubricOf(app: AppContext, districtId: string, code: string, version: string) {
  const pack = await packOf(app, districtId);
  const rubric = pack.rubrics.find((r) => r.code === code && r.version === version);
  if (!rubric) throw notFound('考核细则');
  return { pack, rubric };
}

export function rubricDto(rubric: WithOrigin<RubricDef>, pack: ResolvedPack) {
  const items = rubricItems(rubric);
  return {
    ...rubricSummary(rubric, pack),
    dimensions: rubric.dimensions.map((d) => ({
      code: d.code,
      label: d.label,
      points: d.points,
      indicators: items.filter((i) => i.section === 'indicator' && i.dimension === d.code).map((i) => itemDto(i, rubric, pack)),
    })),
    bonus: items.filter((i) => i.section === 'bonus').map((i) => itemDto(i, rubric, pack)),
    veto: items.filter((i) => i.section === 'veto').map((i) => itemDto(i, rubric, pack)),
  };
}

export async function getRubric(app: AppContext, actor: Actor, code: string, version: string) {
  const { pack, rubric } = await rubricOf(app, actor.districtId, code, version);
  return rubricDto(rubric, pack);
}
