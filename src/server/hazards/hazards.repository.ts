import { type Insertable, type Kysely, type OrderByItemBuilder, sql, type Updateable } from 'kysely';
import { hazardStates, supervisionSources } from '../../domain/hazard.js';
import { QueryTemplate } from '../db/query-template.js';
import type { Database, HazardTable } from '../db/schema.js';

type Q = Kysely<Database>;
export type HazardState = HazardRecord['state'];

export type HazardFilter = {
  districtId: string;
  /** Schools in the actor's read scope (null: all), plus hazards handed over to `handedOverUnitId`. */
  schoolIds: readonly string[] | null;
  handedOverUnitId?: string | undefined;
  parentId?: string | undefined;
  schoolId?: string | undefined;
  category?: string | undefined;
  level?: string | undefined;
  state?: string | undefined;
  source?: string | undefined;
  /** 督查发现: found by a supervising level (any source but 学校自查 and 群众举报). */
  supervision?: boolean | undefined;
  place?: string | undefined;
  /** true: not closed (未销号). */
  open?: boolean | undefined;
  /** true: past deadline and open; false: not overdue. */
  overdue?: boolean | undefined;
  supervisionListed?: boolean | undefined;
  extensionPending?: boolean | undefined;
  /** The unit now responsible for rectifying (the school, or the department it was handed to). */
  responsibleUnitId?: string | undefined;
  /** true: failed verification at least once (验收不通过, back to rectifying). */
  verificationFailed?: boolean | undefined;
  /** Hazards whose extension request was decided (approved or not) on or after this instant. */
  extensionDecidedFrom?: Date | undefined;
  foundFrom?: Date | undefined;
  foundTo?: Date | undefined;
  keyword?: string | undefined;
  /** Hazards tagged with this 专项行动. */
  campaignId?: string | undefined;
  today: string;
};

export const hazardSorts = {
  '-foundAt': ['h.found_at', 'desc'],
  foundAt: ['h.found_at', 'asc'],
  deadline: ['h.deadline', 'asc'],
  '-deadline': ['h.deadline', 'desc'],
  code: ['h.code', 'asc'],
  '-code': ['h.code', 'desc'],
  '-updatedAt': ['h.updated_at', 'desc'],
} as const;
export type HazardSort = keyof typeof hazardSorts;

/**
 * The open states, listed: `state in (...)` is an index condition of hazard_counts_ix and
 * hazard_state_deadline_ix, where `state <> 'closed'` could only filter what they return.
 */
export const openStates = hazardStates.filter((s) => s !== 'closed');

export function hazards(db: Q, districtId: string) {
  return db.selectFrom('hazard as h').where('h.district_id', '=', districtId);
}
type Hazards = ReturnType<typeof hazards>;

/** The names shown with a hazard: its school, the school's township or centre, the responsible unit. */
function withUnits(q: Hazards) {
  return q
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'h.district_id').onRef('s.id', '=', 'h.school_id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 's.district_id').onRef('p.id', '=', 's.parent_id'))
    .leftJoin('org_unit as r', (j) => j.onRef('r.district_id', '=', 'h.district_id').onRef('r.id', '=', 'h.responsible_unit_id'));
}

/**
 * The filter on the hazard table alone (the school's township and name through subqueries), so
 * that the counts and the ids of a page need no join and can be read from an index alone
 * (hazard_counts_ix, hazard_list_cover_ix: migration 0006).
 */
export function applyFilter(q: Hazards, f: HazardFilter): Hazards {
  let r = q;
  if (f.schoolIds) {
    const ids = f.schoolIds;
    const unit = f.handedOverUnitId;
    r = r.where((eb) => {
      const parts = [];
      if (ids.length) parts.push(eb('h.school_id', 'in', ids));
      if (unit) parts.push(eb('h.handed_over_to', '=', unit));
      return parts.length ? eb.or(parts) : sql<boolean>`false`;
    });
  }
  if (f.parentId) {
    const parentId = f.parentId;
    r = r.where((eb) =>
      eb('h.school_id', 'in', eb.selectFrom('org_unit').select('id').where('district_id', '=', f.districtId).where('parent_id', '=', parentId)),
    );
  }
  if (f.schoolId) r = r.where('h.school_id', '=', f.schoolId);
  if (f.campaignId) r = r.where('h.campaign_id', '=', f.campaignId);
  if (f.category) r = r.where('h.category', '=', f.category);
  if (f.level) r = r.where('h.level', '=', f.level as 'general' | 'major');
  if (f.state) r = r.where('h.state', '=', f.state as HazardState);
  if (f.source) r = r.where('h.source', '=', f.source);
  if (f.supervision) r = r.where('h.source', 'in', supervisionSources);
  if (f.place) r = r.where('h.place', '=', f.place);
  if (f.open) r = r.where('h.state', 'in', openStates);
  if (f.supervisionListed !== undefined) r = r.where('h.supervision_listed', '=', f.supervisionListed);
  if (f.extensionPending !== undefined) r = r.where('h.extension_requested_deadline', f.extensionPending ? 'is not' : 'is', null);
  if (f.responsibleUnitId) r = r.where('h.responsible_unit_id', '=', f.responsibleUnitId);
  if (f.verificationFailed !== undefined) r = r.where('h.verification_failures', f.verificationFailed ? '>' : '=', 0);
  if (f.extensionDecidedFrom) {
    const since = f.extensionDecidedFrom;
    r = r.where((eb) =>
      eb.exists(
        eb
          .selectFrom('hazard_event as e')
          .select('e.id')
          .whereRef('e.district_id', '=', 'h.district_id')
          .whereRef('e.hazard_id', '=', 'h.id')
          .where('e.action', '=', 'decide_extension')
          .where('e.occurred_at', '>=', since),
      ),
    );
  }
  if (f.overdue === true) r = r.where('h.state', 'in', openStates).where('h.deadline', '<', f.today);
  if (f.overdue === false) r = r.where((eb) => eb.or([eb('h.state', '=', 'closed'), eb('h.deadline', 'is', null), eb('h.deadline', '>=', f.today)]));
  if (f.foundFrom) r = r.where('h.found_at', '>=', f.foundFrom);
  if (f.foundTo) r = r.where('h.found_at', '<', f.foundTo);
  if (f.keyword) {
    const like = `%${f.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    r = r.where((eb) =>
      eb.or([
        eb('h.title', 'ilike', like),
        eb('h.code', 'ilike', like),
        eb('h.description', 'ilike', like),
        eb('h.school_id', 'in', eb.selectFrom('org_unit').select('id').where('district_id', '=', f.districtId).where('name', 'ilike', like)),
      ]),
    );
  }
  return r;
}

export const hazardColumns = [
  'h.id',
  'h.code',
  'h.school_id',
  's.name as school_name',
  's.parent_id as township_id',
  'p.name as township_name',
  'h.title',
  'h.description',
  'h.place',
  'h.category',
  'h.level',
  'h.source',
  'h.state',
  'h.found_at',
  'h.reported_by',
  'h.reported_by_name',
  'h.found_by_unit_id',
  'h.responsible_unit_id',
  'r.name as responsible_unit_name',
  'h.handed_over_to',
  'h.deadline',
  'h.supervision_listed',
  'h.supervision_listed_at',
  'h.interim_control',
  'h.plan_measures',
  'h.plan_responsible_person',
  'h.plan_funds',
  'h.plan_contingency',
  'h.rectification_note',
  'h.extension_requested_deadline',
  'h.extension_reason',
  'h.closed_at',
  'h.closed_on_time',
  'h.recurrence_of',
  'h.inspection_id',
  'h.inspection_item_code',
  'h.drill_id',
  'h.verification_failures',
  'h.version',
  'h.created_at',
  'h.updated_at',
] as const;

/**
 * One page of the ledger in two steps: the page's ids first, from the filter on the hazard
 * table alone (on the default order an index-only walk of hazard_list_cover_ix, however many
 * rows the filter skips), then those rows with their names.
 */
export async function findHazards(db: Q, f: HazardFilter, page: { offset: number; limit: number; sort: HazardSort }) {
  return ledgerPageQuery.execute(db, page.sort, { f, offset: page.offset, limit: page.limit });
}

/** The ledger page's query: the page's ids from the filter alone, then those rows with their names. */
export function buildLedgerPage(db: Q, sort: HazardSort, v: { f: HazardFilter; offset: number; limit: number }) {
  const [col, dir] = hazardSorts[sort];
  // Only the deadline can be null; other sort keys use plain order so their indexes serve it.
  const order = (ob: OrderByItemBuilder) => (col === 'h.deadline' ? (dir === 'asc' ? ob.asc() : ob.desc()).nullsLast() : dir === 'asc' ? ob.asc() : ob.desc());
  const ids = applyFilter(hazards(db, v.f.districtId), v.f).select('h.id').orderBy(col, order).orderBy('h.code', 'desc').offset(v.offset).limit(v.limit);
  return withUnits(hazards(db, v.f.districtId).where('h.id', 'in', ids))
    .select(hazardColumns)
    .orderBy(col, order)
    .orderBy('h.code', 'desc');
}

/** Compiled once per filter shape (db/query-template.ts): ~0.1 ms and its garbage less a page. */
export const ledgerPageQuery = new QueryTemplate(buildLedgerPage);

export type HazardRecord = Awaited<ReturnType<typeof findHazards>>[number];

/**
 * Counts for the top of the ledger, over the same filter. Each FILTER is evaluated on every
 * match (80,000 on a district's unfiltered ledger), so open is derived rather than counted.
 */
export async function countHazards(db: Q, f: HazardFilter) {
  const r = await applyFilter(hazards(db, f.districtId), f)
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) filter (where h.state = 'closed')`.as('closed'),
      sql<number>`count(*) filter (where h.state <> 'closed' and h.deadline < ${f.today})`.as('overdue'),
      sql<number>`count(*) filter (where h.state = 'closed' and h.closed_on_time)`.as('closed_on_time'),
    ])
    .executeTakeFirstOrThrow();
  const [total, closed] = [Number(r.total), Number(r.closed)];
  return { total, open: total - closed, overdue: Number(r.overdue), closed, closedOnTime: Number(r.closed_on_time) };
}

/**
 * The district's hazard_version: it moves on with every committed change of its hazards or org
 * units (a deferred trigger, migration 0019); 0 when nothing changed since that migration.
 */
export async function findHazardVersion(db: Q, districtId: string): Promise<number> {
  const [r] = await hazardVersionQuery.execute(db, null, { districtId });
  return Number(r?.n ?? 0);
}

// Read before every cached figure (hazard-count-cache.ts), so compiled once.
const hazardVersionQuery = new QueryTemplate((db: Q, _shape: null, v: { districtId: string }) =>
  db.selectFrom('hazard_version').select('n').where('district_id', '=', v.districtId),
);

/** The columns of the 问题隐患清单 sheet: an export reads only what its sheet shows. */
const hazardLedgerColumns = [
  'h.code',
  's.name as school_name',
  'p.name as township_name',
  'h.title',
  'h.description',
  'h.place',
  'h.category',
  'h.level',
  'h.source',
  'h.found_at',
  'h.reported_by_name',
  'h.state',
  'h.deadline',
  'h.supervision_listed',
  'h.closed_at',
  'h.closed_on_time',
] as const;

/** The columns of the 整改措施清单 sheet. */
const measureLedgerColumns = [
  'h.code',
  's.name as school_name',
  'h.title',
  'h.level',
  'h.plan_measures',
  'h.plan_responsible_person',
  'h.plan_funds',
  'h.deadline',
  'h.interim_control',
  'h.plan_contingency',
  'h.rectification_note',
  'h.handed_over_to',
  'r.name as responsible_unit_name',
  'h.state',
  'h.closed_at',
] as const;

/** A keyset page of the filter in code order, for the exports (the caller reads page after page). */
function ledgerPage(db: Q, f: HazardFilter, afterCode: string | null, limit: number) {
  let q = applyFilter(hazards(db, f.districtId), f);
  if (afterCode) q = q.where('h.code', '>', afterCode);
  return withUnits(q).orderBy('h.code').limit(limit);
}

export const findHazardLedgerPage = (db: Q, f: HazardFilter, afterCode: string | null, limit: number) =>
  ledgerPage(db, f, afterCode, limit).select(hazardLedgerColumns).execute();
export const findMeasureLedgerPage = (db: Q, f: HazardFilter, afterCode: string | null, limit: number) =>
  ledgerPage(db, f, afterCode, limit).select(measureLedgerColumns).execute();
export type HazardLedgerRow = Awaited<ReturnType<typeof findHazardLedgerPage>>[number];
export type MeasureLedgerRow = Awaited<ReturnType<typeof findMeasureLedgerPage>>[number];

export async function findHazardById(db: Q, districtId: string, id: string): Promise<HazardRecord | undefined> {
  return withUnits(hazards(db, districtId).where('h.id', '=', id))
    .select(hazardColumns)
    .executeTakeFirst();
}

export async function insertHazard(db: Q, row: Insertable<HazardTable>) {
  return db.insertInto('hazard').values(row).returning(['id']).executeTakeFirstOrThrow();
}

/**
 * Updates a hazard only if nobody changed it since it was read (optimistic lock on `version`).
 * Returns false when the version moved: the caller reports a conflict.
 */
export async function updateHazardIfVersion(db: Q, districtId: string, id: string, version: number, patch: Updateable<HazardTable>): Promise<boolean> {
  const r = await db
    .updateTable('hazard')
    .set({ ...patch, version: version + 1, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertHazardEvent(
  db: Q,
  e: {
    district_id: string;
    hazard_id: string;
    action: string;
    from_state: string | null;
    to_state: string;
    actor_id: string | null;
    actor_name: string;
    actor_role: string;
    actor_unit_name: string;
    note: string;
    data: Record<string, unknown>;
  },
) {
  return db
    .insertInto('hazard_event')
    .values({ ...e, data: JSON.stringify(e.data) })
    .returning(['id', 'occurred_at'])
    .executeTakeFirstOrThrow();
}

export async function listHazardEvents(db: Q, districtId: string, hazardId: string) {
  return db
    .selectFrom('hazard_event')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('hazard_id', '=', hazardId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

export async function findDepartment(db: Q, districtId: string, id: string) {
  return db.selectFrom('org_unit').selectAll().where('district_id', '=', districtId).where('id', '=', id).where('kind', '=', 'department').executeTakeFirst();
}

export async function findUnitNames(db: Q, districtId: string, ids: readonly string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db.selectFrom('org_unit').select(['id', 'name']).where('district_id', '=', districtId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The photos of the inspection item a hazard was raised from (shown with the hazard's own). */
export async function findInspectionItemPhotoIds(db: Q, districtId: string, inspectionId: string, code: string): Promise<string[]> {
  const r = await db
    .selectFrom('inspection_item')
    .select('attachment_ids')
    .where('district_id', '=', districtId)
    .where('inspection_id', '=', inspectionId)
    .where('code', '=', code)
    .executeTakeFirst();
  return r?.attachment_ids ?? [];
}

/** The 专项行动 an inspection was run for (its failed items' hazards carry it too). */
export async function findInspectionCampaign(db: Q, districtId: string, inspectionId: string): Promise<string | null> {
  const r = await db.selectFrom('inspection').select('campaign_id').where('district_id', '=', districtId).where('id', '=', inspectionId).executeTakeFirst();
  return r?.campaign_id ?? null;
}
