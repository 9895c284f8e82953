import { describe, expect, it } from 'vitest';
import { originLabel, packFileLabel, packRefLabel } from '../../src/domain/policy/origin-label.js';
import { loadPolicyRegistry } from '../../src/server/policy/policy.registry.js';

describe('the origin of a rule in words', () => {
  it('names the pack and the kind of file, never the codes', () => {
    expect(originLabel({ pack: 'national', version: '2026.1', file: 'obligations.yaml' })).toBe('国家默认规则 2026.1 版 · 检查义务文件');
    expect(originLabel({ pack: 'yunjiang', version: '2026.1', file: 'checklists/sanfang.yaml' })).toBe('本区规则 2026.1 版 · 检查表文件');
    expect(packRefLabel('national@2026.1')).toBe('国家默认规则 2026.1 版');
    expect(packFileLabel('hazards.yaml')).toBe('隐患类别与整改期限文件');
  });

  it('has a Chinese name for every file and pack of the repository packs', () => {
    const registry = loadPolicyRegistry();
    const pack = registry.forDistrictCode('YJ');
    const origins = [
      ...pack.hazardCategories.map((c) => c.origin),
      ...pack.levels.map((l) => l.origin),
      ...pack.obligations.map((o) => o.origin),
      ...pack.checklists.map((c) => c.origin),
      ...pack.departmentFunctions.map((f) => f.origin),
      pack.calendar.origin,
      pack.deadlineDays.origin.general,
    ];
    for (const o of origins) {
      const text = `${originLabel(o)} ${o.overrides ? packRefLabel(o.overrides) : ''}`;
      expect(text).not.toMatch(/[a-z]/);
    }
  });
});
