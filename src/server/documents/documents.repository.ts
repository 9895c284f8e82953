import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export type DocumentFilter = {
  districtId: string;
  schoolIds: readonly string[] | null;
  schoolId?: string | undefined;
  typeCode?: string | undefined;
};

export async function findDocuments(db: Q, f: DocumentFilter) {
  if (f.schoolIds && f.schoolIds.length === 0) return [];
  let q = db
    .selectFrom('school_document as d')
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'd.district_id').onRef('s.id', '=', 'd.school_id'))
    .select(['d.id', 'd.school_id', 's.name as school_name', 'd.type_code', 'd.title', 'd.created_at'])
    .where('d.district_id', '=', f.districtId)
    .orderBy('s.sort_order')
    .orderBy('s.code')
    .orderBy('d.type_code')
    .orderBy('d.created_at');
  if (f.schoolIds) q = q.where('d.school_id', 'in', f.schoolIds);
  if (f.schoolId) q = q.where('d.school_id', '=', f.schoolId);
  if (f.typeCode) q = q.where('d.type_code', '=', f.typeCode);
  return q.execute();
}

export type VersionRecord = Awaited<ReturnType<typeof findVersionsOf>>[number];

export async function findVersionsOf(db: Q, districtId: string, documentIds: readonly string[]) {
  if (documentIds.length === 0) return [];
  return db
    .selectFrom('school_document_version as v')
    .leftJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'v.district_id').onRef('u.id', '=', 'v.reviewer_unit_id'))
    .select([
      'v.id',
      'v.document_id',
      'v.school_id',
      'v.version_no',
      sql<string>`to_char(v.version_date, 'YYYY-MM-DD')`.as('version_date'),
      'v.summary',
      'v.attachment_id',
      'v.created_by_name',
      'v.created_at',
      'v.review_state',
      'v.reviewer_name',
      'u.name as reviewer_unit_name',
      'v.reviewed_at',
      'v.review_remarks',
    ])
    .where('v.district_id', '=', districtId)
    .where('v.document_id', 'in', documentIds)
    .orderBy('v.document_id')
    .orderBy('v.version_no', 'desc')
    .execute();
}

export async function findDocument(db: Q, districtId: string, id: string) {
  return db.selectFrom('school_document').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export async function insertDocument(db: Q, row: { district_id: string; school_id: string; type_code: string; title: string; created_by: string }) {
  return (await db.insertInto('school_document').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function nextVersionNo(db: Q, districtId: string, documentId: string): Promise<number> {
  const r = await db
    .selectFrom('school_document_version')
    .select(sql<number>`coalesce(max(version_no), 0)::int + 1`.as('n'))
    .where('district_id', '=', districtId)
    .where('document_id', '=', documentId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertVersion(
  db: Q,
  row: {
    district_id: string;
    document_id: string;
    school_id: string;
    version_no: number;
    version_date: string;
    summary: string;
    attachment_id: string;
    created_by: string;
    created_by_name: string;
  },
) {
  return (await db.insertInto('school_document_version').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findVersion(db: Q, districtId: string, id: string) {
  return db
    .selectFrom('school_document_version as v')
    .innerJoin('school_document as d', (j) => j.onRef('d.district_id', '=', 'v.district_id').onRef('d.id', '=', 'v.document_id'))
    .select(['v.id', 'v.document_id', 'v.school_id', 'v.version_no', 'v.review_state', 'd.title', 'd.type_code'])
    .where('v.district_id', '=', districtId)
    .where('v.id', '=', id)
    .executeTakeFirst();
}

export async function latestVersionNo(db: Q, districtId: string, documentId: string): Promise<number> {
  return (await nextVersionNo(db, districtId, documentId)) - 1;
}

export async function markReviewed(
  db: Q,
  districtId: string,
  id: string,
  r: { state: 'approved' | 'returned'; userId: string; name: string; unitId: string; at: Date; remarks: string },
) {
  await db
    .updateTable('school_document_version')
    .set({ review_state: r.state, reviewed_by: r.userId, reviewer_name: r.name, reviewer_unit_id: r.unitId, reviewed_at: r.at, review_remarks: r.remarks })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .execute();
}

/** Versions dated in a day range that count (not returned), for the duty engine. */
type DocumentFactQuery = { districtId: string; from: string; to: string; subjectIds: readonly string[] | null; types?: readonly string[] | undefined };

function countingVersions(db: Q, q: DocumentFactQuery) {
  let query = db
    .selectFrom('school_document_version as v')
    .innerJoin('school_document as d', (j) => j.onRef('d.district_id', '=', 'v.district_id').onRef('d.id', '=', 'v.document_id'))
    .where('v.district_id', '=', q.districtId)
    .where('v.review_state', '<>', 'returned')
    .where('v.version_date', '>=', q.from)
    .where('v.version_date', '<=', q.to);
  if (q.subjectIds) query = query.where('v.school_id', 'in', q.subjectIds);
  if (q.types?.length) query = query.where('d.type_code', 'in', q.types);
  return query;
}

export async function findDocumentFacts(db: Q, q: DocumentFactQuery) {
  return countingVersions(db, q)
    .select(['v.id', 'v.school_id', 'd.type_code', 'v.created_by', sql<string>`to_char(v.version_date, 'YYYY-MM-DD')`.as('day')])
    .execute();
}

/** The same versions as the duty engine's fact relation (server/duty/duty-tally.repository.ts). */
export function documentFactRelation(db: Q, q: DocumentFactQuery) {
  return countingVersions(db, q).select([
    'v.school_id as subject_id',
    'v.school_id',
    'v.version_date as day',
    'd.type_code as type',
    sql<null>`null::text`.as('level'),
    sql<null>`null::numeric`.as('hours'),
    sql<null>`null::text`.as('audience'),
    sql<null>`null::text`.as('occasion'),
    sql<null>`null::int`.as('participants'),
    sql<null>`null::int`.as('base'),
  ]);
}

export async function findVersionOwner(db: Q, districtId: string, id: string) {
  return db
    .selectFrom('school_document_version as v')
    .innerJoin('school_document as d', (j) => j.onRef('d.district_id', '=', 'v.district_id').onRef('d.id', '=', 'v.document_id'))
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'v.district_id').onRef('o.id', '=', 'v.school_id'))
    .select(['v.school_id', 'o.name', 'd.title', 'v.version_no'])
    .where('v.district_id', '=', districtId)
    .where('v.id', '=', id)
    .executeTakeFirst();
}
