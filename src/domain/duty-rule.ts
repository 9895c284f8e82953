import { dutyKindLabels, dutyKindVocab } from './duty.js';
import { windowLabel } from './periods.js';
import { type ObligationDef, periodKindLabels, type ResolvedPack } from './policy/pack-schema.js';

/**
 * An obligation's count rule in words, as the obligations page, the coverage grid and the
 * compliance calendar show it: 每月每班不少于 2 课时, 每学期不少于 1 次全员参与（≥90%）的应急演练,
 * 开学第一周 安全教育「开学第一课」不少于 1 次, 每月到每所学校 1 次 …
 */
export function ruleText(ob: ObligationDef, pack?: { vocab?: ResolvedPack['vocab']; checklists: readonly { code: string; name: string }[] }): string {
  const when =
    ob.period === 'window' && ob.window
      ? windowLabel(ob.window)
      : ob.period === 'daily' && ob.dueOn === 'school_days'
        ? '每个上学日'
        : periodKindLabels[ob.period];
  const per = ob.per === 'class' ? '每班' : ob.per === 'type' ? '每类' : '';
  const section = dutyKindVocab[ob.kind];
  const names = (codes: readonly string[], labelOf: (c: string) => string | undefined) => codes.map((c) => labelOf(c) ?? c).join('、');
  const typeNames =
    ob.kind === 'inspection'
      ? names([...ob.templates, ...ob.types], (c) => pack?.checklists.find((x) => x.code === c)?.name)
      : section
        ? names(ob.types, (c) => pack?.vocab?.[section].find((x) => x.code === c)?.label)
        : '';
  const occasions = names(ob.occasions, (c) => pack?.vocab?.educationOccasions.find((x) => x.code === c)?.label);
  const what = `${dutyKindLabels[ob.kind]}${typeNames ? `（${typeNames}）` : ''}${occasions ? `「${occasions}」` : ''}`;
  const share = ob.minShare !== undefined ? `全员参与（不少于 ${Math.round(ob.minShare * 100)}%）的` : '';
  const amount =
    ob.countBy === 'hours'
      ? `不少于 ${ob.count} 课时`
      : ob.countBy === 'days'
        ? `不少于 ${ob.count} 天`
        : ob.countBy === 'schools'
          ? '到每所学校至少 1 次'
          : ob.countBy === 'on_time'
            ? '：每个风险点在复评日期前（含当日）完成复评，复评周期按风险等级'
            : `不少于 ${ob.count} 次`;
  return `${when}${per}${ob.countBy === 'hours' ? `${what}${amount}` : `${share}${what}${amount}`}`;
}
