import { describe, expect, it } from 'vitest';
import { titleOf } from '../../src/web/layout/PageTitle.js';

describe('browser tab titles', () => {
  it('name the page, then the platform', () => {
    expect(titleOf('/hazards')).toBe('隐患台账 - 护校安园');
    expect(titleOf('/hazards/new')).toBe('登记隐患 - 护校安园');
    expect(titleOf('/hazards/0b9c2d4e-1111-4222-8333-444455556666')).toBe('隐患详情 - 护校安园');
    expect(titleOf('/inspections/run/abc')).toBe('检查中 - 护校安园');
    expect(titleOf('/checklists/weekly_check/edit')).toBe('编辑检查表 - 护校安园');
    expect(titleOf('/coverage/')).toBe('督查覆盖 - 护校安园');
    expect(titleOf('/')).toBe('首页 - 护校安园');
    expect(titleOf('/something-new')).toBe('护校安园');
  });
});
