import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

/**
 * The facts of the joint group's weekly ledger and the monthly briefing that coverage and the
 * hazard counts do not already load: the inspections with their failed items and hazards, the
 * hazards of a month by category, level and source, the open 挂牌督办 list.
 */

/** Submitted inspections at the given levels in [from, to] (Shanghai days), at the schools in scope (null: all). */
export type LedgerFilter = { districtId: string; from: string; to: string; levels: readonly string[]; schoolIds: readonly string[] | null };

function ledgerInspections(db: Q, f: LedgerFilter) {
  let q = db
    .selectFrom('inspection as i')
    .where('i.district_id', '=', f.districtId)
    .where('i.status', '=', 'submitted')
    .where('i.inspected_on', '>=', f.from)
    .where('i.inspected_on', '<=', f.to)
    .where('i.level', 'in', f.levels.length ? [...f.levels] : ['']);
  if (f.schoolIds) q = f.schoolIds.length ? q.where('i.school_id', 'in', [...f.schoolIds]) : q.where(sql<boolean>`false`);
  return q;
}

export async function findLedgerInspections(db: Q, f: LedgerFilter) {
  return ledgerInspections(db, f)
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'i.district_id').onRef('s.id', '=', 'i.school_id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 's.district_id').onRef('p.id', '=', 's.parent_id'))
    .select([
      'i.id',
      'i.code',
      'i.school_id',
      's.name as school_name',
      'p.name as parent_name',
      'i.level',
      'i.inspected_at',
      sql<string>`to_char(i.inspected_on, 'YYYY-MM-DD')`.as('inspected_on'),
      'i.inspectors',
      'i.template_name',
      'i.template_version',
      'i.pass_count',
      'i.fail_count',
      'i.na_count',
      'i.summary',
    ])
    .orderBy('i.inspected_at')
    .orderBy('i.code')
    .execute();
}

export type LedgerInspectionRow = Awaited<ReturnType<typeof findLedgerInspections>>[number];

/** The failed items of those inspections and the hazards their items point at, in checklist order. */
export async function findLedgerItems(db: Q, f: LedgerFilter) {
  return db
    .selectFrom('inspection_item as it')
    .leftJoin('hazard as h', (j) => j.onRef('h.district_id', '=', 'it.district_id').onRef('h.id', '=', 'it.hazard_id'))
    .select(['it.inspection_id', 'it.position', 'it.text', 'it.result', 'h.id as hazard_id', 'h.code as hazard_code', 'h.state as hazard_state'])
    .where('it.district_id', '=', f.districtId)
    .where('it.inspection_id', 'in', ledgerInspections(db, f).select('i.id'))
    .where((eb) => eb.or([eb('it.result', '=', 'fail'), eb('it.hazard_id', 'is not', null)]))
    .orderBy('it.inspection_id')
    .orderBy('it.position')
    .execute();
}

export type LedgerItemRow = Awaited<ReturnType<typeof findLedgerItems>>[number];

/** Rectification notices issued to these schools in [from, to). */
export async function countNoticesToSchools(db: Q, districtId: string, schoolIds: readonly string[], from: Date, to: Date): Promise<number> {
  if (schoolIds.length === 0) return 0;
  const r = await db
    .selectFrom('rectification_notice')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', districtId)
    .where('school_id', 'in', [...schoolIds])
    .where('issued_at', '>=', from)
    .where('issued_at', '<', to)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The hazard scope of the ledger (hazards.service scopedHazardFilter): schools in scope, plus what was handed to the unit. */
export type HazardScope = { districtId: string; schoolIds: readonly string[] | null; handedOverUnitId: string };

function scopedHazards(db: Q, s: HazardScope) {
  let q = db.selectFrom('hazard as h').where('h.district_id', '=', s.districtId);
  const ids = s.schoolIds;
  if (ids) {
    q = q.where((eb) => {
      const parts = [eb('h.handed_over_to', '=', s.handedOverUnitId)];
      if (ids.length) parts.push(eb('h.school_id', 'in', [...ids]));
      return eb.or(parts);
    });
  }
  return q;
}

/** Hazards found in [from, to) grouped by category, level, source and whether an inspection raised them. */
export async function countHazardGroups(db: Q, s: HazardScope, from: Date, to: Date) {
  const fromInspection = sql<boolean>`(h.inspection_id is not null)`;
  const rows = await scopedHazards(db, s)
    .select(['h.category', 'h.level', 'h.source', fromInspection.as('from_inspection'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('h.found_at', '>=', from)
    .where('h.found_at', '<', to)
    .groupBy(['h.category', 'h.level', 'h.source', fromInspection])
    .execute();
  return rows.map((r) => ({ category: r.category, level: r.level, source: r.source, fromInspection: Boolean(r.from_inspection), n: Number(r.n) }));
}

/** How many schools had a hazard found in [from, to). */
export async function countHazardSchools(db: Q, s: HazardScope, from: Date, to: Date): Promise<number> {
  const r = await scopedHazards(db, s)
    .select(sql<number>`count(distinct h.school_id)`.as('n'))
    .where('h.found_at', '>=', from)
    .where('h.found_at', '<', to)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Open hazards listed for supervision (挂牌督办) found before `to`, oldest deadline first. */
export async function findOpenSupervisedHazards(db: Q, s: HazardScope, to: Date) {
  return scopedHazards(db, s)
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'h.district_id').onRef('o.id', '=', 'h.school_id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'o.district_id').onRef('p.id', '=', 'o.parent_id'))
    .select(['h.code', 'o.name as school_name', 'p.name as parent_name', 'h.title', 'h.level', 'h.state', 'h.deadline', 'h.supervision_listed_at'])
    .where('h.supervision_listed', '=', true)
    .where('h.state', '!=', 'closed')
    .where('h.found_at', '<', to)
    .orderBy(
      (eb) => eb.ref('h.deadline'),
      (ob) => ob.asc().nullsLast(),
    )
    .orderBy('h.code')
    .execute();
}

/** The district's own name (org_unit kind 'district'), for the briefing's title. */
export async function findDistrictName(db: Q, districtId: string): Promise<string> {
  const r = await db.selectFrom('org_unit').select('name').where('district_id', '=', districtId).where('kind', '=', 'district').executeTakeFirst();
  return r?.name ?? '';
}
