import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database, PenaltyDecisionTable } from '../db/schema.js';
import { narrowToUnit, type RecordScope, scopeCondition, type UnitNarrowing } from './notices.repository.js';

type Q = Kysely<Database>;

const penaltyScopeColumns = { school: 'p.school_id', user: 'p.recorded_by', unit: 'p.police_unit_id' };

export type PenaltyFilter = {
  scope: RecordScope;
  schoolId?: string | undefined;
  parentId?: string | undefined;
  policeUnitId?: string | undefined;
  decidedFrom?: string | undefined;
  decidedTo?: string | undefined;
};

function base(db: Q, districtId: string) {
  return db
    .selectFrom('penalty_decision as p')
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'p.district_id').onRef('s.id', '=', 'p.school_id'))
    .innerJoin('org_unit as pu', (j) => j.onRef('pu.district_id', '=', 'p.district_id').onRef('pu.id', '=', 'p.police_unit_id'))
    .where('p.district_id', '=', districtId);
}
type Base = ReturnType<typeof base>;

function applyFilter(q: Base, f: PenaltyFilter): Base {
  let r = q;
  if (f.scope.schoolIds) r = r.where(scopeCondition(f.scope, penaltyScopeColumns));
  if (f.schoolId) r = r.where('p.school_id', '=', f.schoolId);
  if (f.parentId) r = r.where('s.parent_id', '=', f.parentId);
  if (f.policeUnitId) r = r.where('p.police_unit_id', '=', f.policeUnitId);
  if (f.decidedFrom) r = r.where('p.decided_on', '>=', f.decidedFrom);
  if (f.decidedTo) r = r.where('p.decided_on', '<=', f.decidedTo);
  return r;
}

const columns = [
  'p.id',
  'p.number',
  'p.police_unit_id',
  'pu.name as police_unit_name',
  'p.school_id',
  's.name as school_name',
  'p.decided_on',
  'p.content',
  'p.recorded_by',
  'p.recorded_by_name',
  'p.created_at',
] as const;

const hazardCount = sql<number>`(select count(*) from penalty_hazard ph where ph.district_id = p.district_id and ph.penalty_id = p.id)`.as('hazard_count');

export async function findPenalties(db: Q, f: PenaltyFilter, page: { offset: number; limit: number }) {
  const filtered = applyFilter(base(db, f.scope.districtId), f);
  const [rows, count] = await Promise.all([
    filtered
      .select(columns)
      .select(hazardCount)
      .orderBy('p.decided_on', 'desc')
      .orderBy('p.created_at', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export type PenaltyRecord = Awaited<ReturnType<typeof findPenalties>>['rows'][number];

export async function findPenaltyById(db: Q, districtId: string, id: string): Promise<PenaltyRecord | undefined> {
  return base(db, districtId).select(columns).select(hazardCount).where('p.id', '=', id).executeTakeFirst();
}

export async function findPenaltyByNumber(db: Q, districtId: string, policeUnitId: string, number: string) {
  return db
    .selectFrom('penalty_decision')
    .select(['id', 'decided_on'])
    .where('district_id', '=', districtId)
    .where('police_unit_id', '=', policeUnitId)
    .where('number', '=', number)
    .executeTakeFirst();
}

export async function findPenaltyHazards(db: Q, districtId: string, penaltyId: string) {
  return db
    .selectFrom('penalty_hazard as ph')
    .innerJoin('hazard as h', (j) => j.onRef('h.district_id', '=', 'ph.district_id').onRef('h.id', '=', 'ph.hazard_id'))
    .select(['h.id', 'h.code', 'h.title', 'h.place', 'h.state'])
    .where('ph.district_id', '=', districtId)
    .where('ph.penalty_id', '=', penaltyId)
    .orderBy('h.code')
    .execute();
}

export async function insertPenalty(db: Q, row: Insertable<PenaltyDecisionTable>) {
  return db.insertInto('penalty_decision').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export async function insertPenaltyHazards(db: Q, districtId: string, penaltyId: string, hazardIds: readonly string[]) {
  if (!hazardIds.length) return;
  await db
    .insertInto('penalty_hazard')
    .values(hazardIds.map((hazard_id) => ({ district_id: districtId, penalty_id: penaltyId, hazard_id })))
    .execute();
}

/** Penalty decisions per month of their decision date, in the scope and the window. */
export async function countPenaltiesByMonth(db: Q, scope: RecordScope, from: string, to: string, unit: UnitNarrowing = {}) {
  const month = sql<string>`to_char(p.decided_on, 'YYYY-MM')`;
  let q = db
    .selectFrom('penalty_decision as p')
    .select([month.as('month'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('p.district_id', '=', scope.districtId)
    .where('p.decided_on', '>=', from)
    .where('p.decided_on', '<=', to);
  if (scope.schoolIds) q = q.where(scopeCondition(scope, penaltyScopeColumns));
  q = narrowToUnit(q, 'p.school_id', scope.districtId, unit);
  const rows = await q.groupBy(month).execute();
  return rows.map((r) => ({ month: r.month, n: Number(r.n) }));
}
