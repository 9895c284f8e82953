import { type Kysely, sql } from 'kysely';
import type { Database, PublicReportTable } from '../db/schema.js';

type Q = Kysely<Database>;

/** A QR code's unit, by its id alone (the public page knows no district): an active school or district. */
export async function findPublicUnit(db: Q, unitId: string) {
  return db
    .selectFrom('org_unit')
    .select(['district_id', 'id', 'kind', 'name', 'parent_id'])
    .where('id', '=', unitId)
    .where('kind', 'in', ['school', 'district'])
    .where('is_active', '=', true)
    .executeTakeFirst();
}

export async function findUnit(db: Q, districtId: string, id: string) {
  return db
    .selectFrom('org_unit')
    .select(['id', 'kind', 'name', 'parent_id', 'is_active'])
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The district page's school picker: names only. */
export async function listActiveSchools(db: Q, districtId: string) {
  return db
    .selectFrom('org_unit')
    .select(['id', 'name'])
    .where('district_id', '=', districtId)
    .where('kind', '=', 'school')
    .where('is_active', '=', true)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
}

/** Reports already accepted for one school (or the district page's unnamed ones) since `since`. */
export async function countRecentReports(db: Q, districtId: string, schoolId: string | null, since: Date): Promise<number> {
  let q = db
    .selectFrom('public_report')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', districtId)
    .where('submitted_at', '>=', since);
  q = schoolId ? q.where('school_id', '=', schoolId) : q.where('school_id', 'is', null);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export type NewReport = {
  district_id: string;
  id: string;
  receipt: string;
  school_id: string | null;
  handling_unit_id: string;
  description: string;
  place: string;
  contact_name: string;
  contact_phone: string;
  submitted_at: Date;
};
export type NewPhoto = { no: number; file_name: string; content_type: string; size_bytes: number; sha256: string; storage_key: string };

export async function insertReport(db: Q, row: NewReport, photos: readonly NewPhoto[]) {
  await db.insertInto('public_report').values(row).execute();
  if (photos.length) {
    await db
      .insertInto('public_report_photo')
      .values(photos.map((p) => ({ ...p, district_id: row.district_id, report_id: row.id })))
      .execute();
  }
}

/** The status look-up: only what the reporter may see, with the linked hazard's state. */
export async function findStatusByReceipt(db: Q, receipt: string) {
  return db
    .selectFrom('public_report as r')
    .leftJoin('hazard as h', (j) => j.onRef('h.district_id', '=', 'r.district_id').onRef('h.id', '=', 'r.hazard_id'))
    .leftJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'r.district_id').onRef('s.id', '=', 'r.school_id'))
    .leftJoin('case_file as c', (j) => j.onRef('c.district_id', '=', 'r.district_id').onRef('c.id', '=', 'r.case_id'))
    .select([
      'r.receipt',
      'r.submitted_at',
      'r.outcome',
      'r.public_reply',
      'r.triaged_at',
      'h.state as hazard_state',
      'h.closed_at',
      's.name as school_name',
      'c.state as case_state',
      'c.archived_at as case_archived_at',
    ])
    .where('r.receipt', '=', receipt)
    .executeTakeFirst();
}

const listColumns = [
  'r.id',
  'r.receipt',
  'r.school_id',
  'r.handling_unit_id',
  'r.description',
  'r.place',
  'r.contact_name',
  'r.contact_phone',
  'r.submitted_at',
  'r.outcome',
  'r.hazard_id',
  'r.public_reply',
  'r.internal_note',
  'r.triaged_by_name',
  'r.triaged_at',
  's.name as school_name',
  'u.name as handling_unit_name',
  'h.code as hazard_code',
  'h.state as hazard_state',
  'r.case_id',
  'c.code as case_code',
  'c.state as case_state',
] as const;

const withNames = (db: Q) =>
  db
    .selectFrom('public_report as r')
    .leftJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'r.district_id').onRef('s.id', '=', 'r.school_id'))
    .innerJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'r.district_id').onRef('u.id', '=', 'r.handling_unit_id'))
    .leftJoin('hazard as h', (j) => j.onRef('h.district_id', '=', 'r.district_id').onRef('h.id', '=', 'r.hazard_id'))
    .leftJoin('case_file as c', (j) => j.onRef('c.district_id', '=', 'r.district_id').onRef('c.id', '=', 'r.case_id'));

export type QueueFilter = {
  districtId: string;
  unitIds: readonly string[] | null;
  pending: boolean | null;
  /** Received in [from, to) (instants: the Shanghai days of the page's date filter). */
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
};

const queue = (db: Q, f: Omit<QueueFilter, 'pending' | 'limit' | 'offset'>) => {
  let q = withNames(db).where('r.district_id', '=', f.districtId);
  if (f.unitIds) q = f.unitIds.length ? q.where('r.handling_unit_id', 'in', f.unitIds) : q.where(sql<boolean>`false`);
  if (f.from) q = q.where('r.submitted_at', '>=', f.from);
  if (f.to) q = q.where('r.submitted_at', '<', f.to);
  return q;
};

/** Received and handled (triaged) in the filter, whatever the tab: the page's figures and the report cells. */
export async function countQueue(db: Q, f: Omit<QueueFilter, 'pending' | 'limit' | 'offset'>) {
  const r = await queue(db, f)
    .select((eb) => [eb.fn.countAll<number>().as('received'), eb.fn.count<number>('r.outcome').as('handled')])
    .executeTakeFirstOrThrow();
  return { received: Number(r.received), handled: Number(r.handled) };
}

/** The triage queue: reports of the given handling units (null: every unit of the district). */
export async function listReports(db: Q, f: QueueFilter) {
  let q = queue(db, f);
  if (f.pending === true) q = q.where('r.outcome', 'is', null);
  if (f.pending === false) q = q.where('r.outcome', 'is not', null);
  const [rows, total] = await Promise.all([
    q
      .select([...listColumns])
      .orderBy('r.submitted_at', f.pending === false ? 'desc' : 'asc')
      .orderBy('r.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export type ReportRecord = Awaited<ReturnType<typeof listReports>>['rows'][number];

export async function findReport(db: Q, districtId: string, id: string): Promise<ReportRecord | undefined> {
  return withNames(db)
    .where('r.district_id', '=', districtId)
    .where('r.id', '=', id)
    .select([...listColumns])
    .executeTakeFirst();
}

export async function findPhotos(db: Q, districtId: string, reportIds: readonly string[]) {
  if (!reportIds.length) return [];
  return db
    .selectFrom('public_report_photo')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('report_id', 'in', reportIds)
    .orderBy('report_id')
    .orderBy('no')
    .execute();
}

export type TriagePatch = Pick<PublicReportTable, 'outcome' | 'hazard_id' | 'triaged_by' | 'triaged_by_name'> & {
  case_id: string | null;
  public_reply: string;
  internal_note: string;
  triaged_at: Date;
};

/** Triage only a report still waiting; 0 rows when someone else was quicker. */
export async function triageIfPending(db: Q, districtId: string, id: string, patch: TriagePatch): Promise<number> {
  const r = await db
    .updateTable('public_report')
    .set(patch)
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('outcome', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
