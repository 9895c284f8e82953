import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database, EducationSessionTable } from '../db/schema.js';

type Q = Kysely<Database>;

const base = (db: Q, districtId: string) =>
  db
    .selectFrom('education_session as e')
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'e.district_id').onRef('s.id', '=', 'e.school_id'))
    .where('e.district_id', '=', districtId);

const selectRow = (q: ReturnType<typeof base>) =>
  q.select([
    'e.id',
    'e.client_id',
    'e.school_id',
    's.name as school_name',
    sql<string>`to_char(e.held_on, 'YYYY-MM-DD')`.as('held_on'),
    'e.audience_kind',
    'e.grade',
    'e.audiences',
    'e.topic',
    'e.occasion',
    'e.hours',
    'e.speaker_name',
    'e.speaker_type',
    'e.speaker_unit_id',
    sql<string | null>`(select u.name from org_unit u where u.district_id = e.district_id and u.id = e.speaker_unit_id)`.as('speaker_unit_name'),
    'e.participants',
    'e.note',
    'e.source',
    'e.created_by',
    'e.created_by_name',
    'e.created_at',
  ]);

export type SessionRecord = NonNullable<Awaited<ReturnType<typeof findSessionById>>>;

export async function findSessionById(db: Q, districtId: string, id: string) {
  return selectRow(base(db, districtId)).where('e.id', '=', id).executeTakeFirst();
}

export async function findSessionByClientId(db: Q, districtId: string, clientId: string) {
  return selectRow(base(db, districtId)).where('e.client_id', '=', clientId).executeTakeFirst();
}

export type SessionFilter = {
  districtId: string;
  /** null: every school of the district. */
  schoolIds: string[] | null;
  schoolId?: string | undefined;
  topic?: string | undefined;
  occasion?: string | undefined;
  /** Sessions whose audience is one of these (a class, its grade, the whole school). */
  audiences?: string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

function applyFilter<T extends ReturnType<typeof base>>(q: T, f: SessionFilter): T {
  let r = q;
  if (f.schoolIds) r = (f.schoolIds.length ? r.where('e.school_id', 'in', f.schoolIds) : r.where(sql<boolean>`false`)) as T;
  if (f.schoolId) r = r.where('e.school_id', '=', f.schoolId) as T;
  if (f.topic) r = r.where('e.topic', '=', f.topic) as T;
  if (f.occasion) r = r.where('e.occasion', '=', f.occasion) as T;
  if (f.audiences?.length) r = r.where(sql<boolean>`e.audiences && ${sql.val(f.audiences)}::text[]`) as T;
  if (f.from) r = r.where('e.held_on', '>=', f.from) as T;
  if (f.to) r = r.where('e.held_on', '<=', f.to) as T;
  return r;
}

export async function findSessions(db: Q, f: SessionFilter, page: { offset: number; limit: number }) {
  return selectRow(applyFilter(base(db, f.districtId), f))
    .orderBy('e.held_on', 'desc')
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countSessions(db: Q, f: SessionFilter) {
  const row = await applyFilter(base(db, f.districtId), f)
    .select([sql<number>`count(*)::int`.as('total'), sql<number>`coalesce(sum(e.hours), 0)::float8`.as('hours')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), hours: Number(row.hours) };
}

/** One row per session (school, audiences, hours, topic): what class hours are computed from. */
export async function findSessionHours(db: Q, f: SessionFilter) {
  return applyFilter(base(db, f.districtId), f).select(['e.school_id', 's.name as school_name', 'e.audiences', 'e.hours', 'e.topic']).execute();
}

/** Class hours by topic of one school in a period (the school file's panel). */
export async function sumHoursByTopic(db: Q, districtId: string, schoolId: string, from: string, to: string) {
  const rows = await db
    .selectFrom('education_session')
    .select(['topic', sql<number>`sum(hours)::float8`.as('hours'), sql<number>`count(*)::int`.as('sessions')])
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('held_on', '>=', from)
    .where('held_on', '<=', to)
    .groupBy('topic')
    .orderBy('topic')
    .execute();
  return rows.map((r) => ({ topic: r.topic, hours: Number(r.hours), sessions: Number(r.sessions) }));
}

export type NewSession = Insertable<EducationSessionTable>;

export async function insertSession(db: Q, row: NewSession): Promise<string> {
  const r = await db.insertInto('education_session').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Inserts unless the phone's clientId is already recorded (two sends of one draft racing: the
 * second waits for the first and then inserts nothing). Null when nothing was inserted.
 */
export async function insertSessionOnce(db: Q, row: NewSession): Promise<string | null> {
  const r = await db
    .insertInto('education_session')
    .values(row)
    .onConflict((oc) => oc.columns(['district_id', 'client_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

/**
 * Many sessions at once (the Excel import, the demo): one JSON parameter per 2000 rows, unpacked
 * by the database. On PGlite this is ~10× faster than thousands of bound parameters.
 */
export async function insertSessions(db: Q, rows: NewSession[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = JSON.stringify(rows.slice(i, i + 2000));
    const got = await sql<{ id: string }>`
      insert into education_session (district_id, client_id, school_id, held_on, audience_kind, grade, audiences, topic, occasion, hours,
        speaker_name, speaker_type, speaker_unit_id, participants, note, source, created_by, created_by_name)
      select district_id, client_id, school_id, held_on, audience_kind, grade, audiences, topic, occasion, hours,
        speaker_name, speaker_type, speaker_unit_id, participants, coalesce(note, ''), coalesce(source, 'form'), created_by, created_by_name
      from jsonb_to_recordset(${chunk}::jsonb) as r(district_id uuid, client_id uuid, school_id uuid, held_on date, audience_kind text, grade integer,
        audiences text[], topic text, occasion text, hours numeric, speaker_name text, speaker_type text, speaker_unit_id uuid, participants integer, note text,
        source text, created_by uuid, created_by_name text)
      returning id`.execute(db);
    ids.push(...got.rows.map((r) => r.id));
  }
  return ids;
}

/**
 * The units an outside speaker or trainer can come from: the district's active departments (the
 * fire brigade, the police stations, market supervision …), whose own duties count the record.
 */
export async function findSpeakerUnits(db: Q, districtId: string) {
  return db
    .selectFrom('org_unit')
    .select(['id', 'name', 'code', 'department_type'])
    .where('district_id', '=', districtId)
    .where('kind', '=', 'department')
    .where('is_active', '=', true)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
}

/** The class lists (classes per grade) of the schools the hours summary covers; schools keeping none are left out. */
export async function findClassLists(db: Q, f: Pick<SessionFilter, 'districtId' | 'schoolIds' | 'schoolId'>) {
  if (f.schoolIds && f.schoolIds.length === 0) return [];
  let q = db
    .selectFrom('school as sc')
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'sc.district_id').onRef('s.id', '=', 'sc.id'))
    .select(['sc.id as school_id', 's.name as school_name', 'sc.class_counts'])
    .where('sc.district_id', '=', f.districtId)
    .where('s.is_active', '=', true)
    .where(sql<boolean>`cardinality(sc.class_counts) > 0`);
  if (f.schoolIds) q = q.where('sc.id', 'in', f.schoolIds);
  if (f.schoolId) q = q.where('sc.id', '=', f.schoolId);
  return q.execute();
}
