import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyFormula, itemSourceLabel, pendingLabel, rankWithin, scoreUnit, shownItemScore } from '../../src/domain/assessment/scoring.js';
import { parsePackFolder } from '../../src/domain/policy/pack-resolve.js';
import type { PackProblem } from '../../src/domain/policy/pack-schema.js';
import { type RubricDef, rubricFileSchema, rubricInForce, rubricProblems } from '../../src/domain/policy/rubric-schema.js';

/**
 * The scoring engine on a fixture whose every figure is computed by hand in the comments, and the
 * version of a rubric in force when it changes in the middle of a school year.
 */
const fixture = rubricFileSchema.parse({
  code: 'fixture',
  version: '1',
  label: '测试细则',
  unitType: 'school',
  effectiveFrom: '2026-09-01',
  certainty: 'M',
  source: '测试',
  bonusCap: 4,
  dimensions: [
    {
      code: 'a',
      label: '维度甲',
      points: 30,
      indicators: [
        {
          code: 'a1',
          label: '分档',
          points: 10,
          rule: {
            kind: 'measure',
            measure: 'm',
            formula: {
              type: 'thresholds',
              bands: [
                { min: 90, score: 10 },
                { min: 60, score: 6 },
              ],
              otherwise: 2,
            },
          },
        },
        { code: 'a2', label: '扣分', points: 10, cap: 8, rule: { kind: 'measure', measure: 'm', formula: { type: 'deduct', per: 1, deduct: 3 } } },
        { code: 'a3', label: '人工', points: 10, rule: { kind: 'manual' } },
      ],
    },
    {
      code: 'b',
      label: '维度乙',
      points: 20,
      indicators: [{ code: 'b1', label: '比例', points: 20, rule: { kind: 'measure', measure: 'm', formula: { type: 'proportional' } } }],
    },
  ],
  bonus: [
    { code: 'x1', label: '加分（数据）', points: 3, rule: { kind: 'measure', measure: 'm', formula: { type: 'award', per: 2, award: 1 } } },
    { code: 'x2', label: '加分（人工）', points: 3, rule: { kind: 'manual' } },
  ],
  veto: [
    { code: 'v1', label: '死亡事故', rule: { kind: 'measure', measure: 'm', formula: { type: 'veto', atLeast: 1 } } },
    { code: 'v2', label: '瞒报', rule: { kind: 'manual' } },
  ],
});

const base = {
  a1: { value: 75 }, // 60 ≤ 75 < 90 → 6
  a2: { value: 4 }, // 4 × 3 = 12, capped at 8 → 10 − 8 = 2
  a3: { assessorScore: 7.5 }, // 7.5
  b1: { value: 82.5 }, // 20 × 82.5 % = 16.5
  x1: { value: 5 }, // ⌊5 / 2⌋ × 1 = 2
  x2: { assessorScore: 3 }, // 3; bonus 2 + 3 = 5, capped at 4
  v1: { value: 0 },
};

describe('scoring engine (hand-computed fixture)', () => {
  it('applies thresholds, capped deductions, proportions, manual scores and the bonus cap', () => {
    const s = scoreUnit(fixture, base);
    expect(s.items.map((i) => [i.code, i.score, i.source])).toEqual([
      ['a1', 6, 'auto'],
      ['a2', 2, 'auto'],
      ['a3', 7.5, 'assessor'],
      ['b1', 16.5, 'auto'],
      ['x1', 2, 'auto'],
      ['x2', 3, 'assessor'],
      ['v1', null, 'auto'],
      ['v2', null, 'pending'],
    ]);
    expect(s.dimensions.map((d) => d.score)).toEqual([15.5, 16.5]); // 6 + 2 + 7.5; 16.5
    expect(s.base).toBe(32);
    expect(s.bonus).toBe(4);
    expect(s.total).toBe(36);
    expect(s.pending).toBe(0); // a manual veto without a decision is not a pending score
  });

  it('an override replaces the automatic score; no data keeps full points; a missing manual score is pending', () => {
    const s = scoreUnit(fixture, { ...base, a1: { value: 75, assessorScore: 9 }, a2: { value: null }, a3: {}, x2: {} });
    expect(s.items.find((i) => i.code === 'a1')).toMatchObject({ autoScore: 6, score: 9, source: 'override' });
    expect(s.items.find((i) => i.code === 'a2')).toMatchObject({ score: 10, source: 'no_data' });
    expect(s.pending).toBe(1); // a3; x2 is a bonus not awarded (0), not a missing score
    expect(s.total).toBe(9 + 10 + 0 + 16.5 + 2); // 37.5
  });

  it('an unscored manual item reads 待评定 until publication, then as what the total counted (0 points, no veto)', () => {
    const s = scoreUnit(fixture, { ...base, a3: {}, x2: {} });
    const shown = (published: boolean) => s.items.map((i) => [i.code, shownItemScore(i, published), itemSourceLabel(i, published)]);
    expect(shown(false).filter(([code]) => ['a1', 'a3', 'x2', 'v2'].includes(code as string))).toEqual([
      ['a1', 6, '平台数据自动计算'],
      ['a3', null, '待评定'],
      ['x2', null, '待评定'],
      ['v2', null, '待评定'],
    ]);
    expect(shown(true).filter(([code]) => ['a1', 'a3', 'x2', 'v2'].includes(code as string))).toEqual([
      ['a1', 6, '平台数据自动计算'],
      ['a3', 0, '未评分（计 0 分）'],
      ['x2', 0, '未评分（计 0 分）'],
      ['v2', null, '未认定（不否决）'],
    ]);
    // The scores shown once published add up to the total the engine counted.
    const indicators = s.items.filter((i) => i.section === 'indicator').reduce((n, i) => n + (shownItemScore(i, true) ?? 0), 0);
    expect(indicators).toBe(s.base);
    expect([pendingLabel(s.pending, false), pendingLabel(s.pending, true), pendingLabel(0, true)]).toEqual(['1 项待评定', '1 项未评分（计 0 分）', '无']);
  });

  it('a veto overrides everything: automatic, manual, and an assessor who clears an automatic veto', () => {
    expect(scoreUnit(fixture, { ...base, v1: { value: 1 } })).toMatchObject({ total: 0, base: 32, vetoedBy: ['v1'] });
    expect(scoreUnit(fixture, { ...base, v2: { assessorVeto: true } })).toMatchObject({ total: 0, vetoedBy: ['v2'] });
    expect(scoreUnit(fixture, { ...base, v1: { value: 2, assessorVeto: false } })).toMatchObject({ total: 36, vetoedBy: [] });
  });

  it('no item goes below 0 or above its points, whatever the value (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), (v, w) => {
        const s = scoreUnit(fixture, { ...base, a1: { value: v }, a2: { value: w }, b1: { value: v }, x1: { value: w } });
        for (const i of s.items) {
          if (i.score === null) continue;
          const points = { a1: 10, a2: 10, a3: 10, b1: 20, x1: 3, x2: 3 }[i.code] as number;
          expect(i.score).toBeGreaterThanOrEqual(0);
          expect(i.score).toBeLessThanOrEqual(points);
        }
        expect(s.total).toBeLessThanOrEqual(50 + 4);
      }),
    );
  });

  it('deductions stop at the cap and at zero', () => {
    const item = { points: 10, cap: 8 };
    expect(applyFormula({ type: 'deduct', per: 5, deduct: 1 }, 14, item)).toBe(8); // ⌊14/5⌋ = 2 → 10 − 2
    expect(applyFormula({ type: 'deduct', per: 1, deduct: 3 }, 100, item)).toBe(2);
    expect(applyFormula({ type: 'deduct', per: 1, deduct: 3 }, 100, { points: 10, cap: 10 })).toBe(0);
  });

  it('ranks by total within each group, ties share a rank, vetoed units last', () => {
    const r = rankWithin([
      { unitId: 'a', group: 'primary', total: 90, vetoed: false },
      { unitId: 'b', group: 'primary', total: 90, vetoed: false },
      { unitId: 'c', group: 'primary', total: 80, vetoed: false },
      { unitId: 'd', group: 'primary', total: 0, vetoed: true },
      { unitId: 'e', group: 'primary', total: 0, vetoed: false },
      { unitId: 'k', group: 'kindergarten', total: 10, vetoed: false },
    ]);
    expect(Object.fromEntries(r)).toEqual({ a: 1, b: 1, c: 3, e: 4, d: 5, k: 1 });
  });
});

describe('rubric versions', () => {
  const v2: RubricDef = {
    ...fixture,
    version: '2',
    effectiveFrom: '2027-03-01',
    dimensions: fixture.dimensions.map((d) =>
      d.code !== 'a'
        ? d
        : {
            ...d,
            indicators: d.indicators.map((i) =>
              i.code === 'a1'
                ? {
                    ...i,
                    rule: {
                      kind: 'measure' as const,
                      measure: 'm',
                      params: {},
                      formula: { type: 'thresholds' as const, bands: [{ min: 95, score: 10 }], otherwise: 0 },
                    },
                  }
                : i,
            ),
          },
    ),
  };
  const versions = [v2, fixture];

  it('a period is scored by the version in force on its first day', () => {
    expect(rubricInForce(versions, 'fixture', '2026-08-31')).toBeUndefined();
    expect(rubricInForce(versions, 'fixture', '2026-09-01')?.version).toBe('1'); // the school year 2026–2027
    expect(rubricInForce(versions, 'fixture', '2027-02-28')?.version).toBe('1'); // the autumn semester
    expect(rubricInForce(versions, 'fixture', '2027-03-01')?.version).toBe('2'); // the spring semester, after the change
    expect(rubricInForce(versions, 'other', '2027-03-01')).toBeUndefined();
  });

  it('the same data scores differently under the two versions', () => {
    // a1 = 75: version 1 gives 6 (≥60), version 2 gives 0 (below 95): the totals differ by 6.
    expect(scoreUnit(fixture, base).total).toBe(36);
    expect(scoreUnit(v2, base).total).toBe(30);
  });
});

describe('rubric files in a pack', () => {
  const pack = (files: Record<string, string>) => {
    const problems: PackProblem[] = [];
    const p = parsePackFolder('districts/t', { 'pack.yaml': 'id: t\nname: 测试\nversion: "2026.1"\nextends: national\n', ...files }, problems);
    return { p, problems };
  };
  const yaml = (extra = '') => `code: demo
version: "1"
label: 演示
unitType: school
effectiveFrom: "2026-09-01"
certainty: M
source: 测试
dimensions:
  - code: d
    label: 维度
    points: 10
    indicators:
      - { code: i, label: 指标, points: 10, rule: { kind: manual } }
${extra}`;

  it('reads a rubric whose file name says its code and version', () => {
    const { p, problems } = pack({ 'rubrics/demo@1.yaml': yaml() });
    expect(problems).toEqual([]);
    expect(p?.rubrics.map((r) => r.def.code)).toEqual(['demo']);
  });

  it('reports a wrong file name, a veto formula outside a veto item, and points that do not add up', () => {
    expect(pack({ 'rubrics/demo@2.yaml': yaml() }).problems[0]?.message).toContain('demo@1.yaml');
    const bad = yaml()
      .replace('rule: { kind: manual }', 'rule: { kind: measure, measure: x, formula: { type: veto } }')
      .replace('points: 10\n    indicators', 'points: 12\n    indicators');
    const msgs = rubricProblems(rubricFileSchema.parse(parse(bad))).map((x) => x.message);
    expect(msgs).toEqual(['veto 公式只用于一票否决项', '维度「维度」分值 12 与其指标分值之和 10 不一致']);
  });
});
