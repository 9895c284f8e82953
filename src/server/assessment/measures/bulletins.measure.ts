import { type BulletinKind, bulletinKindLabels, bulletinKinds } from '../../../domain/bulletin.js';
import { countBulletinsByUnit } from '../../bulletins/bulletin-stats.service.js';
import type { MeasureDef, MeasureValue } from '../measures.registry.js';

/**
 * 通报、约谈、挂牌督办 addressed to a unit and issued in the round's span (revoked ones do not
 * count), through the bulletin page's own statistics (countBulletinsByUnit, one call for the
 * district). params: `kind` (criticism 通报批评, summons 约谈, listed 挂牌督办), all kinds when absent.
 */
export const bulletinsMeasure: MeasureDef = {
  code: 'bulletins',
  label: '被通报、约谈、挂牌督办的次数（通报约谈统计同一算法；可限定 kind）',
  unit: '次',
  unitTypes: ['school', 'centre', 'department'],
  checkParams: (params) =>
    params.kind && !(bulletinKinds as readonly string[]).includes(String(params.kind)) ? `kind 只能写 ${bulletinKinds.join('、')}` : null,
  compute: async (ctx) => {
    const kind = ctx.params.kind ? (String(ctx.params.kind) as BulletinKind) : null;
    const stats = await countBulletinsByUnit(ctx.app.db, ctx.actor, { from: ctx.from, to: ctx.to });
    const byUnit = new Map(stats.items.map((r) => [r.unitId, r]));
    const out = new Map<string, MeasureValue>();
    for (const unit of ctx.units) {
      const r = byUnit.get(unit.id);
      const value = r ? (kind ? r[kind] : r.total) : 0;
      const parts = r ? bulletinKinds.filter((k) => r[k] > 0).map((k) => `${bulletinKindLabels[k]} ${r[k]} 次`) : [];
      out.set(unit.id, {
        value,
        detail: parts.length ? `期内${parts.join('，')}` : '期内未被通报、约谈或挂牌督办',
        rows: value ? [{ text: `${unit.name}：${parts.join('，')}`, link: '/bulletins' }] : [],
      });
    }
    return out;
  },
};
