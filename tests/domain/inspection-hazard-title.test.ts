import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hazardFromItem, hazardTitleFromItem, type TemplateItem } from '../../src/domain/inspection.js';

const gate = '门卫室有人值守，保安员在岗在位、着装规范，防护器械放在随手可取的位置。';

describe('the title of a hazard raised from a failed item', () => {
  it('is what the inspector wrote, first sentence only', () => {
    expect(hazardTitleFromItem(gate, '东门保安脱岗 20 分钟。已当场通知校长补岗')).toBe('东门保安脱岗 20 分钟');
    expect(hazardTitleFromItem(gate, '  钢叉锁在柜内\n拍照附后 ')).toBe('钢叉锁在柜内');
  });

  it("is the item's first clause, marked 不合格, when there is no note", () => {
    expect(hazardTitleFromItem(gate, '')).toBe('门卫室有人值守（不合格）');
    expect(hazardTitleFromItem('食品经营许可证在有效期内，经营项目与实际相符。', '   ')).toBe('食品经营许可证在有效期内（不合格）');
  });

  it('keeps the whole standard and the note in the description', () => {
    const item = { code: 'd01', text: gate, category: 'staffing', place: '门卫室', failLevel: 'general' } as unknown as TemplateItem;
    const h = hazardFromItem(item, '东门保安脱岗', '周检查（JC-1）');
    expect(h.title).toBe('东门保安脱岗');
    expect(h.description).toBe(`东门保安脱岗\n来源：周检查（JC-1）「${gate}」检查不合格`);
  });

  it('is never longer than 35 characters nor empty, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), fc.string({ maxLength: 300 }), (text, note) => {
        fc.pre(text.trim().length > 0);
        const t = hazardTitleFromItem(text, note);
        expect(t.length).toBeGreaterThan(0);
        expect(t.length).toBeLessThanOrEqual(35);
      }),
    );
  });
});
