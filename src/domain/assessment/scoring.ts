import type { Formula, RubricDef, RubricItem } from '../policy/rubric-schema.js';
import { rubricItems } from '../policy/rubric-schema.js';

/**
 * The scoring engine: pure, from a rubric and what is known of each item of one unit to its
 * scores. Rules, in the order they apply:
 * - an automatic item scores its formula on the measure's value; a value of null means the
 *   measure had nothing to judge (no hazard found, no period due): full points, marked 无数据;
 * - an assessor's override replaces an automatic score (the reason is kept by the caller);
 * - a manual item counts only the assessor's score (自评 is shown, never counted);
 * - deductions never take more than the item's cap, nor an item below 0;
 * - a dimension never exceeds its points; bonus items add at most the rubric's bonusCap;
 * - any veto item triggered makes the total 0, whatever else was scored.
 */
export type ItemInput = {
  /** The measure's value for an automatic item (undefined: not computed; null: nothing to judge). */
  value?: number | null | undefined;
  /** The assessor's score for a manual item, or their override of an automatic one. */
  assessorScore?: number | null | undefined;
  /** Veto items: the assessor's decision (manual), or the override of an automatic veto. */
  assessorVeto?: boolean | null | undefined;
};

export type ItemSource = 'auto' | 'no_data' | 'override' | 'assessor' | 'pending';
export type ItemScore = {
  code: string;
  section: RubricItem['section'];
  dimension: string | null;
  autoScore: number | null;
  score: number | null;
  vetoed: boolean;
  source: ItemSource;
};
export type UnitScore = {
  items: ItemScore[];
  dimensions: { code: string; label: string; points: number; score: number }[];
  base: number;
  bonus: number;
  vetoedBy: string[];
  total: number;
  /** Indicators still waiting for the assessor (manual, no score yet; counted as 0). A bonus not awarded is simply 0. */
  pending: number;
};

/** Where an item's score comes from, in words (the page, the Excel export and the A4 report). */
export const itemSourceLabels: Record<ItemSource, string> = {
  auto: '平台数据自动计算',
  no_data: '期内无可评数据，不扣分',
  override: '考评人员调整',
  assessor: '考评人员评定',
  pending: '待评定',
};

/**
 * An item's source once the round's state is known. Until publication a manual item without the
 * assessor's entry is 待评定; publication makes the result final, and such an item is what the
 * total counted: 0 points for an indicator or a bonus, no veto for a veto item.
 */
export function itemSourceLabel(s: Pick<ItemScore, 'source' | 'section'>, published: boolean): string {
  if (s.source !== 'pending' || !published) return itemSourceLabels[s.source];
  return s.section === 'veto' ? '未认定（不否决）' : '未评分（计 0 分）';
}

/** The score shown for an item: as scored, but 0 for an indicator or bonus left unscored in a published round (what its total counted). */
export const shownItemScore = (s: Pick<ItemScore, 'source' | 'section' | 'score'>, published: boolean): number | null =>
  published && s.source === 'pending' && s.section !== 'veto' ? 0 : s.score;

/** The unit's unscored manual indicators in words: still to be scored, or, once published, counted as 0. */
export const pendingLabel = (pending: number, published: boolean): string =>
  published ? (pending ? `${pending} 项未评分（计 0 分）` : '无') : pending ? `${pending} 项待评定` : '无';

export const round1 = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** The score a formula gives a value on an item (veto formulas answer 1 when triggered, else 0). */
export function applyFormula(f: Formula, value: number, item: Pick<RubricItem, 'points' | 'cap'>): number {
  switch (f.type) {
    case 'thresholds': {
      const hit = f.bands.find((b) => (b.min !== undefined ? value >= b.min : value <= (b.max as number)));
      return hit ? hit.score : f.otherwise;
    }
    case 'deduct':
      return round1(clamp(item.points - Math.min(item.cap, Math.floor(value / f.per + 1e-9) * f.deduct), 0, item.points));
    case 'award':
      return round1(Math.min(item.points, Math.floor(value / f.per + 1e-9) * f.award));
    case 'proportional':
      return round1(clamp((item.points * value) / 100, 0, item.points));
    case 'veto':
      return value >= f.atLeast ? 1 : 0;
  }
}

function scoreItem(item: RubricItem, input: ItemInput): ItemScore {
  const base = { code: item.code, section: item.section, dimension: item.dimension };
  const assessor = input.assessorScore ?? null;
  if (item.section === 'veto') {
    const auto = item.rule.kind === 'measure' && input.value != null ? applyFormula(item.rule.formula, input.value, item) === 1 : null;
    const decided = input.assessorVeto ?? null;
    const vetoed = decided ?? auto ?? false;
    const source: ItemSource = decided !== null ? (item.rule.kind === 'measure' ? 'override' : 'assessor') : item.rule.kind === 'measure' ? 'auto' : 'pending';
    return { ...base, autoScore: auto === null ? null : auto ? 1 : 0, score: null, vetoed, source };
  }
  if (item.rule.kind === 'manual') {
    return {
      ...base,
      autoScore: null,
      score: assessor === null ? null : clamp(assessor, 0, item.points),
      vetoed: false,
      source: assessor === null ? 'pending' : 'assessor',
    };
  }
  const noData = input.value === null || input.value === undefined;
  const full = item.section === 'bonus' ? 0 : item.points;
  const auto = noData ? full : applyFormula(item.rule.formula, input.value as number, item);
  if (assessor !== null) return { ...base, autoScore: auto, score: clamp(assessor, 0, item.points), vetoed: false, source: 'override' };
  return { ...base, autoScore: auto, score: auto, vetoed: false, source: noData ? 'no_data' : 'auto' };
}

export function scoreUnit(rubric: RubricDef, inputs: Readonly<Record<string, ItemInput>>): UnitScore {
  const items = rubricItems(rubric).map((item) => scoreItem(item, inputs[item.code] ?? {}));
  const sumOf = (xs: ItemScore[]) => xs.reduce((n, x) => n + (x.score ?? 0), 0);
  const dimensions = rubric.dimensions.map((d) => ({
    code: d.code,
    label: d.label,
    points: d.points,
    score: round1(Math.min(d.points, sumOf(items.filter((i) => i.section === 'indicator' && i.dimension === d.code)))),
  }));
  const base = round1(dimensions.reduce((n, d) => n + d.score, 0));
  const bonus = round1(Math.min(rubric.bonusCap, sumOf(items.filter((i) => i.section === 'bonus'))));
  const vetoedBy = items.filter((i) => i.vetoed).map((i) => i.code);
  return {
    items,
    dimensions,
    base,
    bonus,
    vetoedBy,
    total: vetoedBy.length ? 0 : round1(base + bonus),
    pending: items.filter((i) => i.source === 'pending' && i.section === 'indicator').length,
  };
}

/** Competition ranking (1, 2, 2, 4) by total within each group; vetoed units rank after all others. */
export function rankWithin<T extends { unitId: string; group: string; total: number; vetoed: boolean }>(units: readonly T[]): Map<string, number> {
  const out = new Map<string, number>();
  const groups = new Map<string, T[]>();
  for (const u of units) groups.set(u.group, [...(groups.get(u.group) ?? []), u]);
  for (const list of groups.values()) {
    const key = (u: T) => (u.vetoed ? -1 : u.total);
    const sorted = [...list].sort((a, b) => key(b) - key(a));
    sorted.forEach((u, i) => {
      const prev = sorted[i - 1];
      out.set(u.unitId, prev && key(prev) === key(u) ? (out.get(prev.unitId) as number) : i + 1);
    });
  }
  return out;
}
