import { z } from 'zod';
import { urgeBlock } from '../../../domain/hazard-urge.js';
import type { Actor } from '../../auth/actor.js';
import { standingOf } from '../../hazards/hazard-standing.js';
import { findUrgedSince } from '../../hazards/hazard-urge.repository.js';
import type { HazardDto } from '../../hazards/hazards.dto.js';
import { hazardSorts } from '../../hazards/hazards.repository.js';
import { hazardFilterQuery, toHazardFilter } from '../../hazards/hazards.routes.js';
import { listHazards } from '../../hazards/hazards.service.js';
import type { WorkbenchContext, WorkbenchItem, WorkbenchRow, WorkbenchSectionKey, WorkbenchSource, WorkbenchTone } from '../workbench.types.js';

/** The ledger's own query schema: a queue's filter is parsed exactly as GET /api/hazards parses it. */
const ledgerQuery = z.object({
  ...hazardFilterQuery,
  sort: z.enum(Object.keys(hazardSorts) as [keyof typeof hazardSorts]).default('-foundAt'),
});

export type LedgerQuery = Record<string, string>;

/**
 * Counts one queue of the hazard ledger with listHazards and the query string the ledger page
 * (/hazards) reads from its URL and sends back unchanged: the link opens the same rows.
 */
export async function countLedger(c: WorkbenchContext, query: LedgerQuery, rows = 0) {
  const q = ledgerQuery.parse(query);
  const r = await listHazards(c.app.db, c.actor, { ...toHazardFilter(q), page: 1, pageSize: Math.max(rows, 1), sort: q.sort }, c.now);
  return { total: r.total, items: rows ? r.items : [], link: `/hazards?${new URLSearchParams(query)}` };
}

const startOfDay = (day: string) => new Date(`${day}T00:00:00+08:00`);

/** The first hazards of a queue as rows, with whether this user may 催办 each one now. */
async function rowsOf(c: WorkbenchContext, items: HazardDto[]): Promise<WorkbenchRow[]> {
  const ids = items.map((h) => h.id);
  const urged = await findUrgedSince(c.app.db, c.actor.districtId, ids, c.actor.userId, startOfDay(c.today));
  return items.map((h) => ({
    id: h.id,
    title: `${h.code} ${h.title}`,
    subtitle: h.handedOverToName ? `交办${h.handedOverToName}` : '',
    link: `/hazards/${h.id}`,
    school: { id: h.schoolId, name: h.schoolName },
    deadline: h.deadline,
    canUrge:
      urgeBlock(
        standingOf(c.actor, { school_id: h.schoolId, responsible_unit_id: h.responsibleUnitId, found_by_unit_id: h.foundByUnitId }),
        h,
        c.today,
        urged.has(h.id),
      ) === null,
  }));
}

export type HazardQueueDef = {
  key: string;
  section: WorkbenchSectionKey;
  label: string;
  /** Tone when the count is not zero. */
  tone: WorkbenchTone;
  when: (actor: Actor) => boolean;
  query: (actor: Actor, today: string) => LedgerQuery;
  /** How many of its hazards to list under the count (the overdue queue, with 催办). */
  rows?: number;
  hint?: string;
};

/** A workbench source made of one ledger queue. */
export const hazardQueue = (d: HazardQueueDef): WorkbenchSource => ({
  key: d.key,
  section: d.section,
  when: d.when,
  items: async (c): Promise<WorkbenchItem[]> => {
    const r = await countLedger(c, d.query(c.actor, c.today), d.rows ?? 0);
    const item: WorkbenchItem = { key: d.key, label: d.label, count: r.total, link: r.link, tone: r.total ? d.tone : 'normal' };
    if (d.hint) item.hint = d.hint;
    if (d.rows) item.rows = await rowsOf(c, r.items);
    return [item];
  },
});
