import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

const columns = [
  'i.id',
  'i.client_id',
  'i.code',
  'i.school_id',
  'i.template_id',
  'i.template_code',
  'i.template_version',
  'i.template_name',
  'i.level',
  'i.status',
  'i.inspected_at',
  'i.inspected_on',
  'i.inspectors',
  'i.inspector_ids',
  'i.summary',
  'i.location',
  'i.signatures',
  'i.pass_count',
  'i.fail_count',
  'i.na_count',
  'i.open_count',
  'i.hazard_count',
  'i.report_due',
  'i.reported_at',
  'i.reported_by_name',
  'i.report_signature_id',
  'i.plan_id',
  'i.campaign_id',
  'i.content_hash',
  'i.created_by',
  'i.created_by_name',
  'i.created_at',
  'i.updated_at',
  'i.submitted_at',
  'i.version',
] as const;

const base = (db: Q, districtId: string) =>
  db
    .selectFrom('inspection as i')
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'i.district_id').onRef('s.id', '=', 'i.school_id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 's.district_id').onRef('p.id', '=', 's.parent_id'))
    .where('i.district_id', '=', districtId);

const selectRow = (q: ReturnType<typeof base>) =>
  q.select([...columns, 's.name as school_name', 's.code as school_code', 's.parent_id as parent_id', 'p.name as parent_name']);

export type InspectionRecord = Awaited<ReturnType<typeof findInspectionById>> & {};

export async function findInspectionById(db: Q, districtId: string, id: string) {
  return selectRow(base(db, districtId)).where('i.id', '=', id).executeTakeFirst();
}

export async function findInspectionByClientId(db: Q, districtId: string, clientId: string) {
  return selectRow(base(db, districtId)).where('i.client_id', '=', clientId).executeTakeFirst();
}

export type InspectionFilter = {
  districtId: string;
  schoolIds: string[] | null; // null: every school of the district
  userId: string; // drafts are the author's own
  schoolId?: string | undefined;
  parentId?: string | undefined;
  level?: string | undefined;
  templateCode?: string | undefined;
  status?: 'draft' | 'submitted' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  mine?: boolean | undefined;
  campaignId?: string | undefined;
};

function applyFilter(q: ReturnType<typeof base>, f: InspectionFilter) {
  let r = q.where((eb) => eb.or([eb('i.status', '=', 'submitted'), eb('i.created_by', '=', f.userId)]));
  if (f.schoolIds) r = f.schoolIds.length ? r.where('i.school_id', 'in', f.schoolIds) : r.where(sql<boolean>`false`);
  if (f.schoolId) r = r.where('i.school_id', '=', f.schoolId);
  if (f.parentId) r = r.where('s.parent_id', '=', f.parentId);
  if (f.level) r = r.where('i.level', '=', f.level);
  if (f.templateCode) r = r.where('i.template_code', '=', f.templateCode);
  if (f.status) r = r.where('i.status', '=', f.status);
  if (f.from) r = r.where('i.inspected_on', '>=', f.from);
  if (f.to) r = r.where('i.inspected_on', '<=', f.to);
  if (f.mine) r = r.where('i.created_by', '=', f.userId);
  if (f.campaignId) r = r.where('i.campaign_id', '=', f.campaignId);
  return r;
}

export async function findInspections(db: Q, f: InspectionFilter, page: { offset: number; limit: number }) {
  return selectRow(applyFilter(base(db, f.districtId), f))
    .orderBy('i.inspected_at', 'desc')
    .orderBy('i.code', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countInspections(db: Q, f: InspectionFilter): Promise<number> {
  const r = await applyFilter(base(db, f.districtId), f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export type NewInspectionRow = {
  district_id: string;
  client_id: string;
  code: string;
  school_id: string;
  template_id: string;
  template_code: string;
  template_version: number;
  template_name: string;
  plan_id: string | null;
  campaign_id?: string | null;
  created_by: string;
  created_by_name: string;
};

export type InspectionHeader = {
  level: string;
  inspected_at: Date;
  inspected_on: string;
  inspectors: unknown;
  inspector_ids: string[];
  summary: string;
  location: unknown;
  signatures: unknown;
  content_hash: string;
  pass_count: number;
  fail_count: number;
  na_count: number;
  open_count: number;
};

const jsonHeader = (h: InspectionHeader) => ({
  ...h,
  inspectors: JSON.stringify(h.inspectors),
  location: h.location == null ? null : JSON.stringify(h.location),
  signatures: JSON.stringify(h.signatures),
});

export async function insertInspection(db: Q, row: NewInspectionRow, header: InspectionHeader): Promise<string> {
  const r = await db
    .insertInto('inspection')
    .values({ ...row, ...jsonHeader(header) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Rewrites the header of a draft if its version has not moved; false when someone saved in between. */
export async function updateInspectionHeader(db: Q, districtId: string, id: string, version: number, header: InspectionHeader): Promise<boolean> {
  const r = await db
    .updateTable('inspection')
    .set({ ...jsonHeader(header), version: version + 1, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markSubmitted(db: Q, districtId: string, id: string, at: Date, reportDue: string | null, hazardCount: number) {
  await db
    .updateTable('inspection')
    .set({ status: 'submitted', submitted_at: at, report_due: reportDue, hazard_count: hazardCount, updated_at: at, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export async function markReported(db: Q, districtId: string, id: string, r: { at: Date; userId: string; name: string; signatureId: string }) {
  const res = await db
    .updateTable('inspection')
    .set({
      reported_at: r.at,
      reported_by: r.userId,
      reported_by_name: r.name,
      report_signature_id: r.signatureId,
      updated_at: r.at,
      version: sql`version + 1`,
    })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('reported_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function incrementHazardCount(db: Q, districtId: string, id: string) {
  await db
    .updateTable('inspection')
    .set({ hazard_count: sql`hazard_count + 1`, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export type ItemRow = {
  code: string;
  position: number;
  text: string;
  category: string;
  place: string | null;
  guidance: string;
  photo_required: boolean;
  fail_level: string;
  result: 'pass' | 'fail' | 'na' | null;
  note: string;
  attachment_ids: string[];
  raise_hazard: boolean;
  hazard_id: string | null;
};

export async function replaceItems(db: Q, districtId: string, inspectionId: string, items: ItemRow[]) {
  await db.deleteFrom('inspection_item').where('district_id', '=', districtId).where('inspection_id', '=', inspectionId).execute();
  await insertItems(db, districtId, inspectionId, items);
}

export async function insertItems(db: Q, districtId: string, inspectionId: string, items: ItemRow[]) {
  if (items.length === 0) return;
  await db
    .insertInto('inspection_item')
    .values(items.map((i) => ({ ...i, district_id: districtId, inspection_id: inspectionId })))
    .execute();
}

export async function findItems(db: Q, districtId: string, inspectionId: string): Promise<ItemRow[]> {
  return db
    .selectFrom('inspection_item')
    .select([
      'code',
      'position',
      'text',
      'category',
      'place',
      'guidance',
      'photo_required',
      'fail_level',
      'result',
      'note',
      'attachment_ids',
      'raise_hazard',
      'hazard_id',
    ])
    .where('district_id', '=', districtId)
    .where('inspection_id', '=', inspectionId)
    .orderBy('position')
    .execute();
}

export async function setItemHazard(db: Q, districtId: string, inspectionId: string, code: string, hazardId: string): Promise<boolean> {
  const r = await db
    .updateTable('inspection_item')
    .set({ hazard_id: hazardId })
    .where('district_id', '=', districtId)
    .where('inspection_id', '=', inspectionId)
    .where('code', '=', code)
    .where('hazard_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findHazardSummaries(db: Q, districtId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('hazard').select(['id', 'code', 'state', 'title']).where('district_id', '=', districtId).where('id', 'in', ids).execute();
}
