import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export type HolderRecord = {
  id: string;
  school_id: string;
  year: number;
  post_code: string;
  holder_name: string;
  user_id: string | null;
  letter_id: string | null;
  method: 'screen' | 'scan' | 'paper' | null;
  signed_on: string | null;
  signer_name: string | null;
  attachment_id: string | null;
  party_unit_id: string | null;
  recorded_by_name: string | null;
  party_signer_name: string | null;
  party_signed_at: Date | null;
};

export async function findHolders(db: Q, districtId: string, schoolId: string, year: number): Promise<HolderRecord[]> {
  return db
    .selectFrom('post_holder as h')
    .leftJoin('responsibility_letter as l', (j) => j.onRef('l.district_id', '=', 'h.district_id').onRef('l.holder_id', '=', 'h.id'))
    .select([
      'h.id',
      'h.school_id',
      'h.year',
      'h.post_code',
      'h.holder_name',
      'h.user_id',
      'l.id as letter_id',
      'l.method',
      sql<string | null>`to_char(l.signed_on, 'YYYY-MM-DD')`.as('signed_on'),
      'l.signer_name',
      'l.attachment_id',
      'l.party_unit_id',
      'l.recorded_by_name',
      'l.party_signer_name',
      'l.party_signed_at',
    ])
    .where('h.district_id', '=', districtId)
    .where('h.school_id', '=', schoolId)
    .where('h.year', '=', year)
    .orderBy('h.created_at')
    .orderBy('h.id')
    .execute();
}

export async function findHolder(db: Q, districtId: string, id: string) {
  return db.selectFrom('post_holder').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export async function insertHolders(
  db: Q,
  rows: {
    id?: string;
    district_id: string;
    school_id: string;
    year: number;
    post_code: string;
    holder_name: string;
    user_id: string | null;
    created_by: string | null;
  }[],
) {
  if (rows.length === 0) return;
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('post_holder')
      .values(rows.slice(i, i + 1000))
      .execute();
}

export async function updateHolder(db: Q, districtId: string, id: string, patch: { post_code: string; holder_name: string; user_id: string | null }) {
  await db.updateTable('post_holder').set(patch).where('district_id', '=', districtId).where('id', '=', id).execute();
}

export async function deleteHolders(db: Q, districtId: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  await db.deleteFrom('post_holder').where('district_id', '=', districtId).where('id', 'in', ids).execute();
}

/** Accounts of a school (a holder may be linked to one). */
export async function findSchoolUsers(db: Q, districtId: string, schoolId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('district_id', '=', districtId)
    .where('org_unit_id', '=', schoolId)
    .where('id', 'in', ids)
    .execute();
}

export type NewLetter = {
  district_id: string;
  holder_id: string;
  school_id: string;
  year: number;
  post_code: string;
  party_unit_id: string;
  signer_name: string;
  signer_user_id: string | null;
  method: 'screen' | 'scan' | 'paper';
  attachment_id: string | null;
  signed_on: string;
  signed_at: Date;
  recorded_by: string | null;
  recorded_by_name: string;
};

/** Bulk insert of letters already known to be unique (the demo district's history). */
export async function insertLetters(db: Q, rows: NewLetter[]) {
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('responsibility_letter')
      .values(rows.slice(i, i + 1000))
      .execute();
}

/** Inserts the holder's letter unless one exists (the unique holder key decides); the new id or undefined. */
export async function insertLetter(db: Q, row: NewLetter): Promise<string | undefined> {
  const r = await db
    .insertInto('responsibility_letter')
    .values(row)
    .onConflict((oc) => oc.columns(['district_id', 'holder_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function findLetter(db: Q, districtId: string, id: string) {
  return db
    .selectFrom('responsibility_letter as l')
    .innerJoin('post_holder as h', (j) => j.onRef('h.district_id', '=', 'l.district_id').onRef('h.id', '=', 'l.holder_id'))
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'l.district_id').onRef('s.id', '=', 'l.school_id'))
    .innerJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'l.district_id').onRef('p.id', '=', 'l.party_unit_id'))
    .select([
      'l.id',
      'l.school_id',
      'l.year',
      'l.post_code',
      'l.signer_name',
      'l.method',
      'l.attachment_id',
      'l.party_unit_id',
      'l.party_signer_name',
      'l.party_attachment_id',
      'l.party_signed_at',
      sql<string>`to_char(l.signed_on, 'YYYY-MM-DD')`.as('signed_on'),
      'h.holder_name',
      's.name as school_name',
      'p.name as party_unit_name',
      'p.kind as party_unit_kind',
    ])
    .where('l.district_id', '=', districtId)
    .where('l.id', '=', id)
    .executeTakeFirst();
}

export type SchoolLetterCount = { school_id: string; school_name: string; parent_id: string | null; holders: number; signed: number; principal_signed: number };

/** Per school of the list: holders of the year, letters signed, and whether the principal's (chain) letter is signed. */
export async function countLettersBySchool(db: Q, districtId: string, year: number, schoolIds: readonly string[] | null): Promise<SchoolLetterCount[]> {
  if (schoolIds && schoolIds.length === 0) return [];
  let q = db
    .selectFrom('org_unit as s')
    .leftJoin('post_holder as h', (j) => j.onRef('h.district_id', '=', 's.district_id').onRef('h.school_id', '=', 's.id').on('h.year', '=', year))
    .leftJoin('responsibility_letter as l', (j) => j.onRef('l.district_id', '=', 'h.district_id').onRef('l.holder_id', '=', 'h.id'))
    .select([
      's.id as school_id',
      's.name as school_name',
      's.parent_id',
      sql<number>`count(h.id)::int`.as('holders'),
      sql<number>`count(l.id)::int`.as('signed'),
      sql<number>`count(l.id) filter (where l.post_code = 'principal')::int`.as('principal_signed'),
    ])
    .where('s.district_id', '=', districtId)
    .where('s.kind', '=', 'school')
    .where('s.is_active', '=', true)
    .groupBy(['s.id', 's.name', 's.parent_id', 's.sort_order', 's.code'])
    .orderBy('s.sort_order')
    .orderBy('s.code');
  if (schoolIds) q = q.where('s.id', 'in', schoolIds);
  return q.execute();
}

/** Signed letters in a day range, for the duty engine, with each school-year's holder and signed counts. */
type LetterFactQuery = { districtId: string; from: string; to: string; subjectIds: readonly string[] | null; types?: readonly string[] | undefined };

/**
 * Signed letters in [from, to] with their school-year's share: one count per school and year (post
 * holders named, letters signed), grouped once and joined, instead of two correlated count(*) per
 * letter row; only the years of the letters in range.
 */
function lettersWithShare(db: Q, q: LetterFactQuery) {
  const years = db
    .selectFrom('responsibility_letter')
    .select('year')
    .where('district_id', '=', q.districtId)
    .where('signed_on', '>=', q.from)
    .where('signed_on', '<=', q.to);
  const perSchoolYear = (table: 'post_holder' | 'responsibility_letter') => {
    let g = db
      .selectFrom(table)
      .select(['school_id', 'year', sql<number>`count(*)::int`.as('n')])
      .where('district_id', '=', q.districtId)
      .where('year', 'in', years)
      .groupBy(['school_id', 'year']);
    if (q.subjectIds) g = g.where('school_id', 'in', q.subjectIds);
    return g;
  };
  let query = db
    .selectFrom('responsibility_letter as l')
    .leftJoin(perSchoolYear('post_holder').as('h'), (j) => j.onRef('h.school_id', '=', 'l.school_id').onRef('h.year', '=', 'l.year'))
    .leftJoin(perSchoolYear('responsibility_letter').as('x'), (j) => j.onRef('x.school_id', '=', 'l.school_id').onRef('x.year', '=', 'l.year'))
    .where('l.district_id', '=', q.districtId)
    .where('l.signed_on', '>=', q.from)
    .where('l.signed_on', '<=', q.to);
  if (q.subjectIds) query = query.where('l.school_id', 'in', q.subjectIds);
  if (q.types?.length) query = query.where('l.post_code', 'in', q.types);
  return query;
}

export async function findLetterFacts(db: Q, q: LetterFactQuery) {
  return lettersWithShare(db, q)
    .select([
      'l.id',
      'l.school_id',
      'l.year',
      'l.post_code',
      'l.signer_user_id',
      sql<string>`to_char(l.signed_on, 'YYYY-MM-DD')`.as('day'),
      sql<number>`coalesce(h.n, 0)`.as('base'),
      sql<number>`coalesce(x.n, 0)`.as('participants'),
    ])
    .execute();
}

/** The same letters as the duty engine's fact relation (server/duty/duty-tally.repository.ts). */
export function letterFactRelation(db: Q, q: LetterFactQuery) {
  return lettersWithShare(db, q).select([
    'l.school_id as subject_id',
    'l.school_id',
    'l.signed_on as day',
    'l.post_code as type',
    sql<null>`null::text`.as('level'),
    sql<null>`null::numeric`.as('hours'),
    sql<null>`null::text`.as('audience'),
    sql<null>`null::text`.as('occasion'),
    sql<number>`coalesce(x.n, 0)`.as('participants'),
    sql<number>`coalesce(h.n, 0)`.as('base'),
  ]);
}

export async function findLetterOwner(db: Q, districtId: string, id: string) {
  return db
    .selectFrom('responsibility_letter as l')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'l.district_id').onRef('o.id', '=', 'l.school_id'))
    .select(['l.school_id', 'o.name', 'l.signer_name', 'l.year'])
    .where('l.district_id', '=', districtId)
    .where('l.id', '=', id)
    .executeTakeFirst();
}

/** Every holder of the year at the schools (null = the district), with the letter when signed: the Excel export. */
export async function findHoldersForExport(db: Q, districtId: string, year: number, schoolIds: readonly string[] | null) {
  if (schoolIds && schoolIds.length === 0) return [];
  let q = db
    .selectFrom('post_holder as h')
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'h.district_id').onRef('s.id', '=', 'h.school_id'))
    .leftJoin('responsibility_letter as l', (j) => j.onRef('l.district_id', '=', 'h.district_id').onRef('l.holder_id', '=', 'h.id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'l.district_id').onRef('p.id', '=', 'l.party_unit_id'))
    .select([
      's.id as school_id',
      's.name as school_name',
      's.parent_id',
      'h.post_code',
      'h.holder_name',
      'l.method',
      sql<string | null>`to_char(l.signed_on, 'YYYY-MM-DD')`.as('signed_on'),
      'l.signer_name',
      'p.name as party_name',
    ])
    .where('h.district_id', '=', districtId)
    .where('h.year', '=', year)
    .orderBy('s.sort_order')
    .orderBy('s.code')
    .orderBy('h.post_code')
    .orderBy('h.holder_name');
  if (schoolIds) q = q.where('h.school_id', 'in', schoolIds);
  return q.execute();
}

/** The principal's and safety officer's names of the school profiles (the demo names them as the post holders). */
export async function findSchoolManagerNames(db: Q, districtId: string) {
  return db.selectFrom('school').select(['id', 'principal_name', 'safety_officer_name']).where('district_id', '=', districtId).execute();
}

/** The active accounts of a school, which a post holder may be linked to. */
export async function listSchoolAccounts(db: Q, districtId: string, schoolId: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('district_id', '=', districtId)
    .where('org_unit_id', '=', schoolId)
    .where('is_active', '=', true)
    .orderBy('display_name')
    .execute();
}

/** 甲方's signature on a letter, once: false when the party has already signed. */
export async function setPartySignature(
  db: Q,
  districtId: string,
  id: string,
  v: { party_signer_name: string; party_signer_user_id: string; party_attachment_id: string; party_signed_at: Date },
): Promise<boolean> {
  const r = await db
    .updateTable('responsibility_letter')
    .set(v)
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('party_signed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
