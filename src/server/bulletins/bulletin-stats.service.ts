import { type BulletinKind, bulletinKinds } from '../../domain/bulletin.js';
import { shanghaiDay } from '../../domain/calendar.js';
import { forbidden } from '../../domain/errors.js';
import type { Actor } from '../auth/actor.js';
import { countBacklogBySchool, findUnitNames } from '../dashboard/dashboard.repository.js';
import type { Db } from '../db/database.js';
import { scopedHazardFilter } from '../hazards/hazards.service.js';
import { shanghaiDayRange } from '../notices/notice-scope.js';
import { bulletinScopeOf, canIssueBulletins } from './bulletin-scope.js';
import * as repo from './bulletins.repository.js';

export type BulletinCountRow = { unitId: string; unitName: string; total: number; open: number } & Record<BulletinKind, number>;

/**
 * 通报、约谈、挂牌督办 per addressed unit issued in a period (Shanghai days, both ends included;
 * revoked ones do not count), in the actor's scope. The one function the bulletin page's
 * statistics and assessment read.
 */
export async function countBulletinsByUnit(db: Db, actor: Actor, period: { from?: string | undefined; to?: string | undefined; unitId?: string | undefined }) {
  const range = shanghaiDayRange(period.from, period.to);
  const rows = await repo.countByUnitAndKind(db, { scope: bulletinScopeOf(actor), unitId: period.unitId, from: range.from, to: range.to });
  const byUnit = new Map<string, BulletinCountRow>();
  for (const r of rows) {
    const row = byUnit.get(r.unitId) ?? { unitId: r.unitId, unitName: r.unitName, total: 0, open: 0, criticism: 0, summons: 0, listed: 0 };
    row[r.kind] += r.n;
    row.total += r.n;
    row.open += r.open;
    byUnit.set(r.unitId, row);
  }
  const items = [...byUnit.values()].sort((a, b) => b.total - a.total || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  const totals = Object.fromEntries(bulletinKinds.map((k) => [k, items.reduce((n, r) => n + r[k], 0)])) as Record<BulletinKind, number>;
  return { from: period.from ?? null, to: period.to ?? null, items, totals };
}

/** A school is suggested when this many of its hazards are overdue, or one listed for supervision (挂牌督办) is. */
export const CANDIDATE_OVERDUE_MIN = 3;

/**
 * Schools the issuer might bulletin, from the hazard ledger's open figures (the dashboard's
 * backlog per school): many overdue hazards, or an overdue one already listed for supervision.
 * The issuer then picks the rows to cite from the ledger (the page preselects the overdue ones).
 */
export async function suggestBulletinCandidates(db: Db, actor: Actor, now = new Date()) {
  if (!canIssueBulletins(actor)) throw forbidden('只有区教委、联合督检组和教管中心可以发出通报');
  const today = shanghaiDay(now);
  const rows = (await countBacklogBySchool(db, scopedHazardFilter(actor, today))).filter(
    (r) =>
      (actor.scope.write.all || actor.role !== 'centre_officer' || actor.scope.write.ids.has(r.schoolId)) &&
      (r.overdue >= CANDIDATE_OVERDUE_MIN || (r.listed > 0 && r.overdue > 0)),
  );
  rows.sort((a, b) => b.overdue - a.overdue || b.major - a.major);
  const top = rows.slice(0, 30);
  const names = await findUnitNames(
    db,
    actor.districtId,
    top.map((r) => r.schoolId),
  );
  return {
    rule: `逾期未整改隐患 ≥ ${CANDIDATE_OVERDUE_MIN} 项，或挂牌督办的隐患已逾期`,
    items: top.map((r) => ({
      unitId: r.schoolId,
      unitName: names.get(r.schoolId) ?? '',
      ...r,
      reason: `未销号隐患 ${r.open} 项，其中逾期 ${r.overdue} 项${r.major ? `、重大隐患 ${r.major} 项` : ''}${r.listed ? `、挂牌督办 ${r.listed} 项` : ''}`,
    })),
  };
}
