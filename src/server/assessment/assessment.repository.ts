import type { Insertable, Kysely, Selectable } from 'kysely';
import type { RubricUnitType } from '../../domain/policy/rubric-schema.js';
import type { AssessmentItemTable, Database } from '../db/schema.js';
import type { AssessedUnit } from './measures.registry.js';

type Q = Kysely<Database>;

/** The units a round assesses: active schools, townships/centres, or departments of the district. */
export async function findAssessedUnits(db: Q, districtId: string, unitType: RubricUnitType): Promise<AssessedUnit[]> {
  const kinds = unitType === 'school' ? (['school'] as const) : unitType === 'centre' ? (['township', 'centre'] as const) : (['department'] as const);
  const rows = await db
    .selectFrom('org_unit as o')
    .leftJoin('school as s', (j) => j.onRef('s.district_id', '=', 'o.district_id').onRef('s.id', '=', 'o.id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'o.district_id').onRef('p.id', '=', 'o.parent_id'))
    .select(['o.id', 'o.code', 'o.name', 'o.parent_id', 'p.name as parent_name', 's.school_type'])
    .where('o.district_id', '=', districtId)
    .where('o.kind', 'in', [...kinds])
    .where('o.is_active', '=', true)
    .orderBy('o.code')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, parentId: r.parent_id, parentName: r.parent_name ?? '', schoolType: r.school_type }));
}

export type RoundRow = Selectable<Database['assessment_round']>;
export type ItemRow = Selectable<AssessmentItemTable>;

export async function insertRound(db: Q, row: Insertable<Database['assessment_round']>) {
  return (await db.insertInto('assessment_round').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findRounds(db: Q, districtId: string): Promise<RoundRow[]> {
  return db.selectFrom('assessment_round').selectAll().where('district_id', '=', districtId).orderBy('created_at', 'desc').execute();
}

export async function findRound(db: Q, districtId: string, id: string, forUpdate = false): Promise<RoundRow | undefined> {
  let q = db.selectFrom('assessment_round').selectAll().where('district_id', '=', districtId).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertUnits(db: Q, districtId: string, roundId: string, unitIds: readonly string[]) {
  for (let i = 0; i < unitIds.length; i += 500) {
    const part = unitIds.slice(i, i + 500);
    await db
      .insertInto('assessment_unit')
      .values(part.map((unit_id) => ({ district_id: districtId, round_id: roundId, unit_id, total: null, rank_in_type: null, rank_in_township: null })))
      .execute();
  }
}

/** Writes the computed value and rows of each (unit, item); what the school and the assessor entered stays. */
export async function upsertComputed(
  db: Q,
  districtId: string,
  roundId: string,
  rows: readonly { unitId: string; itemCode: string; value: number | null; computed: boolean; detail: string; evidence: unknown }[],
) {
  for (let i = 0; i < rows.length; i += 300) {
    const part = rows.slice(i, i + 300);
    await db
      .insertInto('assessment_item')
      .values(
        part.map((r) => ({
          district_id: districtId,
          round_id: roundId,
          unit_id: r.unitId,
          item_code: r.itemCode,
          value: r.value,
          computed: r.computed,
          detail: r.detail,
          evidence: JSON.stringify(r.evidence),
          self_score: null,
          self_by_name: null,
          self_at: null,
          assessor_score: null,
          assessor_veto: null,
          assessor_by_name: null,
          assessor_at: null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['district_id', 'round_id', 'unit_id', 'item_code']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          computed: eb.ref('excluded.computed'),
          detail: eb.ref('excluded.detail'),
          evidence: eb.ref('excluded.evidence'),
        })),
      )
      .execute();
  }
}

export async function findItems(db: Q, districtId: string, roundId: string, unitIds: readonly string[] | null): Promise<ItemRow[]> {
  if (unitIds && unitIds.length === 0) return [];
  let q = db.selectFrom('assessment_item').selectAll().where('district_id', '=', districtId).where('round_id', '=', roundId);
  if (unitIds) q = q.where('unit_id', 'in', unitIds);
  return q.execute();
}

export async function findItem(db: Q, districtId: string, roundId: string, unitId: string, itemCode: string, forUpdate = false) {
  let q = db
    .selectFrom('assessment_item')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('round_id', '=', roundId)
    .where('unit_id', '=', unitId)
    .where('item_code', '=', itemCode);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateItem(
  db: Q,
  districtId: string,
  roundId: string,
  unitId: string,
  itemCode: string,
  set: Partial<
    Pick<
      ItemRow,
      | 'self_score'
      | 'self_note'
      | 'self_by_name'
      | 'self_at'
      | 'assessor_score'
      | 'assessor_veto'
      | 'assessor_note'
      | 'override_reason'
      | 'assessor_by_name'
      | 'assessor_at'
    >
  >,
) {
  await db
    .updateTable('assessment_item')
    .set(set)
    .where('district_id', '=', districtId)
    .where('round_id', '=', roundId)
    .where('unit_id', '=', unitId)
    .where('item_code', '=', itemCode)
    .execute();
}

export async function findRoundUnits(db: Q, districtId: string, roundId: string) {
  return db
    .selectFrom('assessment_unit as a')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'a.district_id').onRef('o.id', '=', 'a.unit_id'))
    .leftJoin('school as s', (j) => j.onRef('s.district_id', '=', 'a.district_id').onRef('s.id', '=', 'a.unit_id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'o.district_id').onRef('p.id', '=', 'o.parent_id'))
    .select([
      'a.unit_id',
      'a.total',
      'a.vetoed',
      'a.rank_in_type',
      'a.rank_in_township',
      'o.code',
      'o.name',
      'o.parent_id',
      'p.name as parent_name',
      's.school_type',
    ])
    .where('a.district_id', '=', districtId)
    .where('a.round_id', '=', roundId)
    .orderBy('o.code')
    .execute();
}

export async function updateUnitResult(
  db: Q,
  districtId: string,
  roundId: string,
  unitId: string,
  r: { total: number; vetoed: boolean; rank_in_type: number | null; rank_in_township: number | null },
) {
  await db.updateTable('assessment_unit').set(r).where('district_id', '=', districtId).where('round_id', '=', roundId).where('unit_id', '=', unitId).execute();
}

export async function markPublished(db: Q, districtId: string, roundId: string, at: Date, byName: string) {
  await db
    .updateTable('assessment_round')
    .set({ state: 'published', published_at: at, published_by_name: byName })
    .where('district_id', '=', districtId)
    .where('id', '=', roundId)
    .execute();
}

export async function touchComputed(db: Q, districtId: string, roundId: string, at: Date) {
  await db.updateTable('assessment_round').set({ computed_at: at }).where('district_id', '=', districtId).where('id', '=', roundId).execute();
}

/* ---- imported measures ---- */

export async function findImportedValues(db: Q, districtId: string, source: string, periodKey: string) {
  return db
    .selectFrom('imported_measure')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('source', '=', source)
    .where('period_key', '=', periodKey)
    .execute();
}

export async function upsertImported(
  db: Q,
  districtId: string,
  rows: readonly { source: string; unitId: string; periodKey: string; value: number }[],
  byName: string,
  at: Date,
) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('imported_measure')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          district_id: districtId,
          source: r.source,
          unit_id: r.unitId,
          period_key: r.periodKey,
          value: r.value,
          imported_at: at,
          imported_by_name: byName,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['district_id', 'source', 'period_key', 'unit_id']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          imported_at: eb.ref('excluded.imported_at'),
          imported_by_name: eb.ref('excluded.imported_by_name'),
        })),
      )
      .execute();
  }
}

export async function findUnitsByCode(db: Q, districtId: string) {
  return db.selectFrom('org_unit').select(['id', 'code', 'name', 'kind']).where('district_id', '=', districtId).where('is_active', '=', true).execute();
}
