import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import '../../src/domain/zod-locale.js';
import {
  createDrillSchema,
  defaultEvacuationRule,
  drillSubmissionProblems,
  evacuationTarget,
  formatSeconds,
  judgeBuildings,
  participationShare,
} from '../../src/domain/drill.js';
import { PolicyPackError, resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import { defaultPolicyDir, readPackFolders } from '../../src/server/policy/policy.registry.js';

const rule = defaultEvacuationRule;

describe('evacuation targets (RULES.md YJ-02)', () => {
  it('gives buildings of 4 floors or fewer 2 minutes, taller ones the pack target, and a school target wins', () => {
    expect(evacuationTarget(rule, { floors: 1, targetSeconds: null })).toBe(120);
    expect(evacuationTarget(rule, { floors: 4, targetSeconds: null })).toBe(120);
    expect(evacuationTarget(rule, { floors: 5, targetSeconds: null })).toBe(180);
    expect(evacuationTarget(rule, { floors: 5, targetSeconds: 150 })).toBe(150);
    expect(evacuationTarget({ targetSeconds: 90, lowRiseMaxFloors: 3, highRiseTargetSeconds: 150 }, { floors: 4, targetSeconds: null })).toBe(150);
  });

  it('flags a building slow only when its time is over the target (the target itself is on time)', () => {
    const judged = judgeBuildings(rule, [
      { name: 'A', floors: 4, seconds: 120, targetSeconds: null },
      { name: 'B', floors: 4, seconds: 121, targetSeconds: null },
      { name: 'C', floors: 6, seconds: 170, targetSeconds: null },
      { name: 'D', floors: 3, seconds: null, targetSeconds: null },
    ]);
    expect(judged.map((b) => [b.name, b.targetSeconds, b.slow])).toEqual([
      ['A', 120, false],
      ['B', 120, true],
      ['C', 180, false],
      ['D', 120, false],
    ]);
  });

  it('formats seconds in Chinese and takes the share of the base', () => {
    expect(formatSeconds(120)).toBe('2 分钟');
    expect(formatSeconds(95)).toBe('1 分 35 秒');
    expect(formatSeconds(45)).toBe('45 秒');
    expect(participationShare(450, 500)).toBe(0.9);
    expect(participationShare(600, 500)).toBe(1);
    expect(participationShare(10, 0)).toBeNull();
  });
});

describe('drill input', () => {
  const valid = {
    clientId: '0b9c2d4e-1111-4222-8333-444455556666',
    schoolId: '0b9c2d4e-1111-4222-8333-444455556667',
    type: 'fire',
    startedAt: '2026-11-20T09:30:00+08:00',
  };

  it('accepts a minimal draft and refuses bad fields with paths', () => {
    expect(createDrillSchema.parse(valid)).toMatchObject({ submit: false, buildings: [], problems: [], studentParticipants: 0 });
    const bad = createDrillSchema.safeParse({ ...valid, startedAt: '0000-01-01T00:00:00Z', buildings: [{ name: '', floors: 0 }], studentParticipants: 1.5 });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['startedAt', 'buildings.0.name', 'buildings.0.floors', 'studentParticipants']));
  });

  it('lists what is missing before submission, participants beyond the base included', () => {
    const draft = createDrillSchema.parse({ ...valid, buildings: [{ name: '教学楼', floors: 4 }], studentParticipants: 900 });
    const problems = drillSubmissionProblems(draft, { enrollment: 800, staff: 60 });
    expect(problems.map((p) => p.path)).toEqual(['scenario', 'organiser', 'studentParticipants', 'buildings.0.seconds', 'summary']);
    const done = createDrillSchema.parse({
      ...valid,
      scenario: '火灾疏散',
      organiser: '安全办',
      studentParticipants: 700,
      staffParticipants: 50,
      buildings: [{ name: '教学楼', floors: 4, seconds: 100 }],
      summary: '有序',
    });
    expect(drillSubmissionProblems(done, { enrollment: 800, staff: 60 })).toEqual([]);
    // An unknown base (0) never blocks.
    expect(drillSubmissionProblems(done, { enrollment: 0, staff: 0 })).toEqual([]);
  });
});

describe('the evacuation rule in the pack (vocabularies.yaml drillEvacuation)', () => {
  it('is 120 s / 4 floors / 180 s in the national pack, with its origin', () => {
    const { packs } = resolvePacks(readPackFolders(defaultPolicyDir));
    expect(packs.get('national')?.drillEvacuation).toMatchObject({
      targetSeconds: 120,
      lowRiseMaxFloors: 4,
      highRiseTargetSeconds: 180,
      origin: { pack: 'national' },
    });
    expect(packs.get('national')?.vocab.drillTypes.map((t) => t.code)).toContain('school_bus');
  });

  const base = readPackFolders(defaultPolicyDir).national as Record<string, string>;
  const district = (v: unknown) => ({
    'pack.yaml': stringify({ id: 'aa', name: 'aa 政策包', version: '2026.1', extends: 'national', districts: ['AA'] }),
    'vocabularies.yaml': stringify(v),
  });

  it('lets a district override one number and inherit the rest', () => {
    const { packs } = resolvePacks({ national: base, 'districts/aa': district({ drillEvacuation: { highRiseTargetSeconds: 240 } }) });
    expect(packs.get('aa')?.drillEvacuation).toMatchObject({ targetSeconds: 120, lowRiseMaxFloors: 4, highRiseTargetSeconds: 240, origin: { pack: 'aa' } });
    expect(packs.get('national')?.drillEvacuation.highRiseTargetSeconds).toBe(180);
  });

  it('rejects a broken rule with file, path and message', () => {
    try {
      resolvePacks({ national: base, 'districts/aa': district({ drillEvacuation: { targetSeconds: 5, slowest: 1 } }) });
      expect.unreachable('应被拒绝');
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyPackError);
      const problems = (e as PolicyPackError).problems;
      expect(problems.map((p) => p.file)).toEqual(expect.arrayContaining(['districts/aa/vocabularies.yaml']));
      expect(problems.map((p) => p.path).join(' ')).toContain('drillEvacuation');
    }
  });
});
