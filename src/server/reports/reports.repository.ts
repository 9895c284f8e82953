import { type Insertable, sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { ReportVersionTable } from '../db/schema.js';

type Q = Db;

/** The units that file a report type: active units of the kinds, inside a read scope (null: the district). */
export async function findFilerUnits(
  db: Q,
  districtId: string,
  kinds: readonly string[],
  ids: readonly string[] | null,
  parentId?: string,
  departmentTypes: readonly string[] = [],
) {
  let q = db
    .selectFrom('org_unit as u')
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'u.district_id').onRef('p.id', '=', 'u.parent_id'))
    .select(['u.id', 'u.name', 'u.kind', 'u.parent_id', 'p.name as parent_name'])
    .where('u.district_id', '=', districtId)
    .where('u.is_active', '=', true)
    .where('u.kind', 'in', kinds as never[]);
  if (ids) q = ids.length ? q.where('u.id', 'in', ids) : q.where('u.id', 'is', null);
  if (parentId) q = q.where((eb) => eb.or([eb('u.parent_id', '=', parentId), eb('u.id', '=', parentId)]));
  if (departmentTypes.length) q = q.where((eb) => eb.or([eb('u.kind', '!=', 'department'), eb('u.department_type', 'in', departmentTypes)]));
  // Centres and townships first (a handful), then the schools under each.
  return q
    .orderBy(sql`case when u.kind = 'school' then 1 else 0 end`)
    .orderBy('p.sort_order')
    .orderBy('u.kind')
    .orderBy('u.sort_order')
    .orderBy('u.code')
    .execute();
}
export type FilerUnit = Awaited<ReturnType<typeof findFilerUnits>>[number];

export async function findUnit(db: Q, districtId: string, id: string) {
  return db
    .selectFrom('org_unit')
    .select(['id', 'name', 'kind', 'parent_id', 'is_active', 'department_type'])
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

const reportColumns = [
  'r.id',
  'r.type_code',
  'r.period_key',
  'r.unit_id',
  'u.name as unit_name',
  'u.kind as unit_kind',
  'u.parent_id',
  'r.state',
  'r.version_no',
  'r.due_on',
  'r.first_submitted_at',
  'r.submitted_at',
  'r.return_count',
  'r.return_reason',
  'r.returned_at',
] as const;

const reports = (db: Q, districtId: string) =>
  db
    .selectFrom('report as r')
    .innerJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'r.district_id').onRef('u.id', '=', 'r.unit_id'))
    .select(reportColumns)
    .where('r.district_id', '=', districtId);

export async function findReport(db: Q, districtId: string, id: string) {
  return reports(db, districtId).where('r.id', '=', id).executeTakeFirst();
}
export type ReportRecord = NonNullable<Awaited<ReturnType<typeof findReport>>>;

export async function findReportOf(db: Q, districtId: string, typeCode: string, periodKey: string, unitId: string) {
  return reports(db, districtId).where('r.type_code', '=', typeCode).where('r.period_key', '=', periodKey).where('r.unit_id', '=', unitId).executeTakeFirst();
}

/** One period's reports of a type for many units (the status board, a centre's schools). */
export async function findPeriodReports(db: Q, districtId: string, typeCode: string, periodKey: string, unitIds: readonly string[]) {
  if (unitIds.length === 0) return [];
  return reports(db, districtId).where('r.type_code', '=', typeCode).where('r.period_key', '=', periodKey).where('r.unit_id', 'in', unitIds).execute();
}

export type ReportListFilter = { typeCode?: string | undefined; periodKey?: string | undefined; unitIds: readonly string[] | null; state?: string | undefined };

export async function findReports(db: Q, districtId: string, f: ReportListFilter, page: { offset: number; limit: number }) {
  let q = reports(db, districtId);
  if (f.typeCode) q = q.where('r.type_code', '=', f.typeCode);
  if (f.periodKey) q = q.where('r.period_key', '=', f.periodKey);
  if (f.state) q = q.where('r.state', '=', f.state as 'submitted');
  if (f.unitIds) q = f.unitIds.length ? q.where('r.unit_id', 'in', f.unitIds) : q.where('r.id', 'is', null);
  const [rows, total] = await Promise.all([
    q.orderBy('r.period_key', 'desc').orderBy('r.submitted_at', 'desc').orderBy('r.id').offset(page.offset).limit(page.limit).execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function findVersions(db: Q, districtId: string, reportIds: readonly string[]) {
  if (reportIds.length === 0) return [];
  return db
    .selectFrom('report_version')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('report_id', 'in', reportIds)
    .orderBy('report_id')
    .orderBy('version_no', 'desc')
    .execute();
}
export type VersionRecord = Awaited<ReturnType<typeof findVersions>>[number];

export async function insertReport(
  db: Q,
  row: { district_id: string; type_code: string; period_key: string; unit_id: string; due_on: string; submitted_at: Date },
) {
  return db
    .insertInto('report')
    .values({ ...row, state: 'submitted', version_no: 1, first_submitted_at: row.submitted_at })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Resubmission of a returned report: a new version, the first submission's time kept. */
export async function resubmitReport(db: Q, districtId: string, id: string, versionNo: number, at: Date) {
  return db
    .updateTable('report')
    .set({ state: 'submitted', version_no: versionNo, submitted_at: at, updated_at: at })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('state', '=', 'returned')
    .where('version_no', '=', versionNo - 1)
    .executeTakeFirst();
}

export async function insertVersion(db: Q, row: Insertable<ReportVersionTable>) {
  return db.insertInto('report_version').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function markReturned(db: Q, districtId: string, r: { id: string; versionNo: number; reason: string; by: string; at: Date }) {
  const res = await db
    .updateTable('report')
    .set((eb) => ({ state: 'returned', return_count: eb('return_count', '+', 1), return_reason: r.reason, returned_at: r.at, updated_at: r.at }))
    .where('district_id', '=', districtId)
    .where('id', '=', r.id)
    .where('state', '=', 'submitted')
    .where('version_no', '=', r.versionNo)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await db
    .updateTable('report_version')
    .set({ returned_by_name: r.by, returned_at: r.at, return_reason: r.reason })
    .where('district_id', '=', districtId)
    .where('report_id', '=', r.id)
    .where('version_no', '=', r.versionNo)
    .execute();
  return true;
}

/* ---- saved drafts (migration 0041) ---- */

export async function findDraft(db: Q, districtId: string, typeCode: string, periodKey: string, unitId: string) {
  return db
    .selectFrom('report_draft')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('type_code', '=', typeCode)
    .where('period_key', '=', periodKey)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
}
export type DraftRecord = NonNullable<Awaited<ReturnType<typeof findDraft>>>;

type DraftContent = { zero_report: boolean; cells: string; fields: string; saved_by: string; saved_by_name: string; saved_at: Date };

export async function insertDraft(db: Q, row: DraftContent & { district_id: string; type_code: string; period_key: string; unit_id: string }) {
  return db
    .insertInto('report_draft')
    .values(row)
    .onConflict((oc) => oc.columns(['district_id', 'type_code', 'period_key', 'unit_id']).doNothing())
    .returning(['id', 'version'])
    .executeTakeFirst();
}

/** The next version of a draft, only over the version the filer saw (else undefined: someone saved meanwhile). */
export async function updateDraft(db: Q, districtId: string, id: string, version: number, row: DraftContent) {
  return db
    .updateTable('report_draft')
    .set({ ...row, version: version + 1 })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'version'])
    .executeTakeFirst();
}

export async function deleteDraft(db: Q, districtId: string, id: string) {
  await db.deleteFrom('report_draft').where('district_id', '=', districtId).where('id', '=', id).execute();
}
