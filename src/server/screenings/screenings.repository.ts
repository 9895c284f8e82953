import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

export async function insertReport(db: Q, row: Insertable<Database['screening_report']>): Promise<string> {
  const r = await db.insertInto('screening_report').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertFindings(db: Q, rows: Insertable<Database['screening_finding']>[]): Promise<void> {
  if (rows.length) await db.insertInto('screening_finding').values(rows).execute();
}

export type ScreeningFilter = {
  districtId: string;
  /** Units the reader may see; null = the whole district. */
  unitIds: readonly string[] | null;
  unitId?: string | undefined;
  screeningType?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

function filtered(db: Q, f: ScreeningFilter) {
  let q = db
    .selectFrom('screening_report as r')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'r.district_id').onRef('o.id', '=', 'r.unit_id'))
    .where('r.district_id', '=', f.districtId);
  if (f.unitIds) q = f.unitIds.length ? q.where('r.unit_id', 'in', f.unitIds) : q.where(sql<boolean>`false`);
  if (f.unitId) q = q.where('r.unit_id', '=', f.unitId);
  if (f.screeningType) q = q.where('r.screening_type', '=', f.screeningType);
  if (f.from) q = q.where('r.screened_on', '>=', f.from);
  if (f.to) q = q.where('r.screened_on', '<=', f.to);
  return q;
}

export async function findReports(db: Q, f: ScreeningFilter, page: { offset: number; limit: number }) {
  return filtered(db, f)
    .select([
      'r.id',
      'r.unit_id',
      'o.name as unit_name',
      'o.kind as unit_kind',
      'r.screening_type',
      sql<string>`to_char(r.screened_on, 'YYYY-MM-DD')`.as('day'),
      'r.zero_report',
      'r.note',
      'r.recorded_by_name',
      'r.created_at',
    ])
    .orderBy('r.screened_on', 'desc')
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countReports(db: Q, f: ScreeningFilter): Promise<number> {
  const r = await filtered(db, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return r.n;
}

export async function findFindings(db: Q, districtId: string, reportIds: readonly string[]) {
  if (!reportIds.length) return [];
  return db
    .selectFrom('screening_finding as f')
    .leftJoin('case_file as c', (j) => j.onRef('c.district_id', '=', 'f.district_id').onRef('c.id', '=', 'f.case_id'))
    .select(['f.report_id', 'f.no', 'f.summary', 'f.case_id', 'c.code as case_code'])
    .where('f.district_id', '=', districtId)
    .where('f.report_id', 'in', reportIds)
    .orderBy('f.report_id')
    .orderBy('f.no')
    .execute();
}

/** The duty facts: one per record on its day, the filing unit as subject. */
export function screeningFactRelation(
  db: Q,
  q: { districtId: string; from: string; to: string; subjectIds: readonly string[] | null; types?: readonly string[] },
) {
  let query = db
    .selectFrom('screening_report')
    .select([
      'unit_id as subject_id',
      'unit_id as school_id',
      'screened_on as day',
      'screening_type as type',
      sql<null>`null::text`.as('level'),
      sql<null>`null::numeric`.as('hours'),
      sql<null>`null::text`.as('audience'),
      sql<null>`null::text`.as('occasion'),
      sql<null>`null::int`.as('participants'),
      sql<null>`null::int`.as('base'),
    ])
    .where('district_id', '=', q.districtId)
    .where('screened_on', '>=', q.from)
    .where('screened_on', '<=', q.to);
  if (q.subjectIds) query = q.subjectIds.length ? query.where('unit_id', 'in', q.subjectIds) : query.where(sql<boolean>`false`);
  if (q.types?.length) query = query.where('screening_type', 'in', q.types);
  return query;
}

export async function findScreeningFacts(
  db: Q,
  q: { districtId: string; from: string; to: string; subjectIds: readonly string[] | null; types?: readonly string[] },
) {
  let query = db
    .selectFrom('screening_report as r')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'r.district_id').onRef('o.id', '=', 'r.unit_id'))
    .select(['r.id', 'r.unit_id', 'o.kind as unit_kind', 'r.screening_type', 'r.recorded_by', sql<string>`to_char(r.screened_on, 'YYYY-MM-DD')`.as('day')])
    .where('r.district_id', '=', q.districtId)
    .where('r.screened_on', '>=', q.from)
    .where('r.screened_on', '<=', q.to);
  if (q.subjectIds) query = q.subjectIds.length ? query.where('r.unit_id', 'in', q.subjectIds) : query.where(sql<boolean>`false`);
  if (q.types?.length) query = query.where('r.screening_type', 'in', q.types);
  return query.execute();
}

export async function findScreeningOwner(db: Q, districtId: string, id: string) {
  return db
    .selectFrom('screening_report as r')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'r.district_id').onRef('o.id', '=', 'r.unit_id'))
    .select(['r.unit_id', 'r.screening_type', 'o.name', sql<string>`to_char(r.screened_on, 'YYYY-MM-DD')`.as('day')])
    .where('r.district_id', '=', districtId)
    .where('r.id', '=', id)
    .executeTakeFirst();
}
