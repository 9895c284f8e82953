import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database, HazardTable } from '../db/schema.js';

type Q = Kysely<Database>;

/** Rows per INSERT: 500 hazards × 25 columns stays far below the 65,535 bind parameters of one statement. */
export const IMPORT_BATCH = 500;

/** Every school of the district with its township, for resolving the 学校代码/学校名称 cells of an import. */
export async function findSchoolRefs(db: Q, districtId: string) {
  return db
    .selectFrom('org_unit as s')
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 's.district_id').onRef('p.id', '=', 's.parent_id'))
    .select(['s.id', 's.code', 's.name', 's.is_active', 'p.name as parent_name'])
    .where('s.district_id', '=', districtId)
    .where('s.kind', '=', 'school')
    .orderBy('p.sort_order')
    .orderBy('s.code')
    .execute();
}
export type SchoolRef = Awaited<ReturnType<typeof findSchoolRefs>>[number];

/**
 * Hazards already in the ledger for these schools, found between two instants: an import
 * checks its rows against them so that uploading the same file twice does not double the ledger.
 */
export async function findHazardKeys(db: Q, districtId: string, schoolIds: readonly string[], from: Date, to: Date) {
  if (schoolIds.length === 0) return [];
  return db
    .selectFrom('hazard')
    .select(['school_id', 'title', 'found_at', 'code'])
    .where('district_id', '=', districtId)
    .where('school_id', 'in', schoolIds)
    .where('found_at', '>=', from)
    .where('found_at', '<', to)
    .execute();
}

/**
 * Takes `n` consecutive values of a per-district counter in one statement (the upsert holds the
 * row lock until commit, like `nextCounterValue`); returns the first of them.
 */
export async function reserveCounterValues(db: Q, districtId: string, name: string, n: number): Promise<number> {
  const r = await db
    .insertInto('counter')
    .values({ district_id: districtId, name, value: n })
    .onConflict((oc) => oc.columns(['district_id', 'name']).doUpdateSet({ value: sql`counter.value + ${n}` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(r.value) - n + 1;
}

export async function insertHazardBatch(db: Q, rows: Insertable<HazardTable>[]) {
  for (let i = 0; i < rows.length; i += IMPORT_BATCH)
    await db
      .insertInto('hazard')
      .values(rows.slice(i, i + IMPORT_BATCH))
      .execute();
}

export type NewHazardEvent = {
  district_id: string;
  hazard_id: string;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  actor_unit_name: string;
  note: string;
  data: string;
};

export async function insertHazardEventBatch(db: Q, rows: NewHazardEvent[]) {
  for (let i = 0; i < rows.length; i += IMPORT_BATCH)
    await db
      .insertInto('hazard_event')
      .values(rows.slice(i, i + IMPORT_BATCH))
      .execute();
}
