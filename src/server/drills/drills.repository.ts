import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

const columns = [
  'd.id',
  'd.client_id',
  'd.code',
  'd.school_id',
  'd.type_code',
  'd.type_label',
  'd.status',
  'd.started_at',
  'd.drilled_on',
  'd.scenario',
  'd.organiser',
  'd.guidance',
  'd.student_participants',
  'd.staff_participants',
  'd.enrollment_base',
  'd.staff_base',
  'd.buildings',
  'd.building_count',
  'd.slow_count',
  'd.assembly_point',
  'd.photo_ids',
  'd.plan_attachment_id',
  'd.summary',
  'd.evaluation',
  'd.problem_count',
  'd.hazard_count',
  'd.content_hash',
  'd.created_by',
  'd.created_by_name',
  'd.created_at',
  'd.updated_at',
  'd.submitted_at',
  'd.version',
] as const;

const base = (db: Q, districtId: string) =>
  db
    .selectFrom('drill as d')
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'd.district_id').onRef('s.id', '=', 'd.school_id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 's.district_id').onRef('p.id', '=', 's.parent_id'))
    .where('d.district_id', '=', districtId);

const selectRow = (q: ReturnType<typeof base>) =>
  q.select([...columns, 's.name as school_name', 's.code as school_code', 's.parent_id as parent_id', 'p.name as parent_name']);

export type DrillRecord = NonNullable<Awaited<ReturnType<typeof findDrillById>>>;

export async function findDrillById(db: Q, districtId: string, id: string) {
  return selectRow(base(db, districtId)).where('d.id', '=', id).executeTakeFirst();
}

export async function findDrillByClientId(db: Q, districtId: string, clientId: string) {
  return selectRow(base(db, districtId)).where('d.client_id', '=', clientId).executeTakeFirst();
}

export type DrillFilter = {
  districtId: string;
  /** null: every school of the district. */
  schoolIds: string[] | null;
  /** Drafts are seen by the users of their own school only. */
  ownSchoolId: string | null;
  schoolId?: string | undefined;
  parentId?: string | undefined;
  type?: string | undefined;
  status?: 'draft' | 'submitted' | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

function applyFilter(q: ReturnType<typeof base>, f: DrillFilter) {
  const own = f.ownSchoolId;
  let r = own ? q.where((eb) => eb.or([eb('d.status', '=', 'submitted'), eb('d.school_id', '=', own)])) : q.where('d.status', '=', 'submitted');
  if (f.schoolIds) r = f.schoolIds.length ? r.where('d.school_id', 'in', f.schoolIds) : r.where(sql<boolean>`false`);
  if (f.schoolId) r = r.where('d.school_id', '=', f.schoolId);
  if (f.parentId) r = r.where('s.parent_id', '=', f.parentId);
  if (f.type) r = r.where('d.type_code', '=', f.type);
  if (f.status) r = r.where('d.status', '=', f.status);
  if (f.from) r = r.where('d.drilled_on', '>=', f.from);
  if (f.to) r = r.where('d.drilled_on', '<=', f.to);
  return r;
}

export async function findDrills(db: Q, f: DrillFilter, page: { offset: number; limit: number }) {
  return selectRow(applyFilter(base(db, f.districtId), f))
    .orderBy('d.started_at', 'desc')
    .orderBy('d.code', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countDrills(db: Q, f: DrillFilter): Promise<number> {
  const r = await applyFilter(base(db, f.districtId), f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Counts by type under the same filter as the list (the one-school file's panel). */
export async function countDrillsByType(db: Q, f: DrillFilter): Promise<{ type_code: string; n: number }[]> {
  const rows = await applyFilter(base(db, f.districtId), f)
    .select(['d.type_code', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('d.type_code')
    .execute();
  return rows.map((r) => ({ type_code: r.type_code, n: Number(r.n) }));
}

export type NewDrillRow = {
  district_id: string;
  client_id: string;
  code: string;
  school_id: string;
  created_by: string;
  created_by_name: string;
};

/** The fields a save rewrites (everything the form holds, plus the snapshot of the base). */
export type DrillHeader = {
  type_code: string;
  type_label: string;
  started_at: Date;
  drilled_on: string;
  scenario: string;
  organiser: string;
  guidance: unknown;
  student_participants: number;
  staff_participants: number;
  enrollment_base: number;
  staff_base: number;
  buildings: unknown;
  building_count: number;
  slow_count: number;
  assembly_point: string;
  photo_ids: string[];
  plan_attachment_id: string | null;
  summary: string;
  evaluation: string;
  problem_count: number;
  content_hash: string;
};

const jsonHeader = (h: DrillHeader) => ({ ...h, guidance: JSON.stringify(h.guidance), buildings: JSON.stringify(h.buildings) });

export async function insertDrill(db: Q, row: NewDrillRow, header: DrillHeader): Promise<string> {
  const r = await db
    .insertInto('drill')
    .values({ ...row, ...jsonHeader(header) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Rewrites a draft if its version has not moved; false when someone saved or submitted in between. */
export async function updateDrillHeader(db: Q, districtId: string, id: string, version: number, header: DrillHeader): Promise<boolean> {
  const r = await db
    .updateTable('drill')
    .set({ ...jsonHeader(header), version: version + 1, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markDrillSubmitted(db: Q, districtId: string, id: string, at: Date, hazardCount: number): Promise<boolean> {
  const r = await db
    .updateTable('drill')
    .set({ status: 'submitted', submitted_at: at, hazard_count: hazardCount, updated_at: at, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function incrementDrillHazardCount(db: Q, districtId: string, id: string) {
  await db
    .updateTable('drill')
    .set({ hazard_count: sql`hazard_count + 1`, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export type ProblemRow = {
  no: number;
  description: string;
  place: string;
  category: string;
  level: string;
  attachment_ids: string[];
  raise_hazard: boolean;
  hazard_id: string | null;
};

export async function replaceProblems(db: Q, districtId: string, drillId: string, problems: ProblemRow[]) {
  await db.deleteFrom('drill_problem').where('district_id', '=', districtId).where('drill_id', '=', drillId).execute();
  if (problems.length === 0) return;
  await db
    .insertInto('drill_problem')
    .values(problems.map((p) => ({ ...p, district_id: districtId, drill_id: drillId })))
    .execute();
}

export async function findProblems(db: Q, districtId: string, drillId: string): Promise<ProblemRow[]> {
  return db
    .selectFrom('drill_problem')
    .select(['no', 'description', 'place', 'category', 'level', 'attachment_ids', 'raise_hazard', 'hazard_id'])
    .where('district_id', '=', districtId)
    .where('drill_id', '=', drillId)
    .orderBy('no')
    .execute();
}

/** Links a problem to its hazard (and the hazard back to the drill); false when it already has one. */
export async function setProblemHazard(db: Q, districtId: string, drillId: string, no: number, hazardId: string): Promise<boolean> {
  const r = await db
    .updateTable('drill_problem')
    .set({ hazard_id: hazardId })
    .where('district_id', '=', districtId)
    .where('drill_id', '=', drillId)
    .where('no', '=', no)
    .where('hazard_id', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db.updateTable('hazard').set({ drill_id: drillId }).where('district_id', '=', districtId).where('id', '=', hazardId).execute();
  return true;
}

export async function findHazardSummaries(db: Q, districtId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('hazard').select(['id', 'code', 'state', 'title']).where('district_id', '=', districtId).where('id', 'in', ids).execute();
}

/** The enrolment and staff of a school now: the base a drill's participation is a share of. */
export async function findSchoolBase(db: Q, districtId: string, schoolId: string) {
  return db.selectFrom('school').select(['enrollment', 'staff_count']).where('district_id', '=', districtId).where('id', '=', schoolId).executeTakeFirst();
}
