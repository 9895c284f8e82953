import fs from 'node:fs';
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
    expect(titleOf('/')).toBe('工作台 - 护校安园');
    expect(titleOf('/schools/0b9c2d4e-1111-4222-8333-444455556666')).toBe('一校一档 - 护校安园');
    expect(titleOf('/schools/0b9c2d4e-1111-4222-8333-444455556666/edit')).toBe('编辑学校档案 - 护校安园');
    expect(titleOf('/something-new')).toBe('护校安园');
  });

  // A page added to App.tsx without a title would show the bare platform name in its tab.
  it('exist for every route of the app', () => {
    const app = fs.readFileSync(new URL('../../src/web/App.tsx', import.meta.url), 'utf8');
    const paths = [...app.matchAll(/path="([^"]+)"/g)].map((m) => m[1] as string).filter((p) => p !== '*');
    expect(paths.length).toBeGreaterThan(20);
    const untitled = paths.map((p) => `/${p.replace(/^\//, '').replace(/:[a-zA-Z]+/g, 'x1')}`).filter((p) => titleOf(p) === '护校安园');
    expect(untitled).toEqual([]);
  });
});
