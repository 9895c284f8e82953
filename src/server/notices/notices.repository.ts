import { type Insertable, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database, RectificationNoticeTable } from '../db/schema.js';

type Q = Kysely<Database>;

/**
 * Who may read which notices and penalty decisions: schools in the read scope (null: the whole
 * district), plus what the user recorded, plus what their own unit issued (police station, centre).
 */
export type RecordScope = { districtId: string; schoolIds: readonly string[] | null; userId: string; unitId: string | null };

/** The scope as a WHERE condition on a table with a school, an author and an issuing unit. */
export function scopeCondition(s: RecordScope, cols: { school: string; user: string; unit: string }) {
  const parts = [sql<boolean>`${sql.ref(cols.user)} = ${s.userId}`];
  if (s.schoolIds?.length) parts.push(sql<boolean>`${sql.ref(cols.school)} in (${sql.join(s.schoolIds)})`);
  if (s.unitId) parts.push(sql<boolean>`${sql.ref(cols.unit)} = ${s.unitId}`);
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** One school, or the schools of one township/centre (the dashboard's level), as the lists filter them. */
export type UnitNarrowing = { schoolId?: string | undefined; parentId?: string | undefined };

// biome-ignore lint/suspicious/noExplicitAny: any select query over a table with a school column
export function narrowToUnit<T extends SelectQueryBuilder<any, any, any>>(q: T, col: string, districtId: string, u: UnitNarrowing): T {
  let r = q;
  if (u.schoolId) r = r.where(sql.ref(col), '=', u.schoolId) as T;
  if (u.parentId) r = r.where(sql.ref(col), 'in', sql`(select id from org_unit where district_id = ${districtId} and parent_id = ${u.parentId})`) as T;
  return r;
}

const noticeScopeColumns = { school: 'n.school_id', user: 'n.issuer_user_id', unit: 'n.issuer_unit_id' };

export type NoticeState = 'unacknowledged' | 'acknowledged' | 'replied' | 'overdue';
export type NoticeFilter = {
  scope: RecordScope;
  schoolId?: string | undefined;
  /** Schools of one township or centre. */
  parentId?: string | undefined;
  issuerUnitId?: string | undefined;
  /** Only what this user issued (the workbench's "my notices"). */
  issuerUserId?: string | undefined;
  state?: NoticeState | undefined;
  issuedFrom?: Date | undefined;
  issuedTo?: Date | undefined;
  today: string;
};

function base(db: Q, districtId: string) {
  return db
    .selectFrom('rectification_notice as n')
    .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'n.district_id').onRef('s.id', '=', 'n.school_id'))
    .innerJoin('org_unit as iu', (j) => j.onRef('iu.district_id', '=', 'n.district_id').onRef('iu.id', '=', 'n.issuer_unit_id'))
    .where('n.district_id', '=', districtId);
}
type Base = ReturnType<typeof base>;

function applyFilter(q: Base, f: NoticeFilter, withState: boolean): Base {
  let r = q;
  if (f.scope.schoolIds) r = r.where(scopeCondition(f.scope, noticeScopeColumns));
  if (f.schoolId) r = r.where('n.school_id', '=', f.schoolId);
  if (f.parentId) r = r.where('s.parent_id', '=', f.parentId);
  if (f.issuerUnitId) r = r.where('n.issuer_unit_id', '=', f.issuerUnitId);
  if (f.issuerUserId) r = r.where('n.issuer_user_id', '=', f.issuerUserId);
  if (f.issuedFrom) r = r.where('n.issued_at', '>=', f.issuedFrom);
  if (f.issuedTo) r = r.where('n.issued_at', '<', f.issuedTo);
  if (withState && f.state === 'unacknowledged') r = r.where('n.acknowledged_at', 'is', null);
  if (withState && f.state === 'acknowledged') r = r.where('n.acknowledged_at', 'is not', null).where('n.replied_at', 'is', null);
  if (withState && f.state === 'replied') r = r.where('n.replied_at', 'is not', null);
  if (withState && f.state === 'overdue') r = r.where('n.replied_at', 'is', null).where('n.deadline', '<', f.today);
  return r;
}

const columns = [
  'n.id',
  'n.number',
  'n.year',
  'n.seq',
  'n.school_id',
  's.name as school_name',
  'n.issuer_unit_id',
  'iu.name as issuer_unit_name',
  'n.issuer_user_id',
  'n.issuer_name',
  'n.issuer_kind',
  'n.requirements',
  'n.deadline',
  'n.issued_at',
  'n.acknowledged_at',
  'n.acknowledged_by_name',
  'n.replied_at',
  'n.reply_text',
  'n.replied_by_name',
] as const;

const hazardCount = sql<number>`(select count(*) from notice_hazard nh where nh.district_id = n.district_id and nh.notice_id = n.id)`.as('hazard_count');

export async function findNotices(db: Q, f: NoticeFilter, page: { offset: number; limit: number }) {
  const filtered = applyFilter(base(db, f.scope.districtId), f, true);
  const [rows, count] = await Promise.all([
    filtered.select(columns).select(hazardCount).orderBy('n.issued_at', 'desc').orderBy('n.number', 'desc').offset(page.offset).limit(page.limit).execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export type NoticeRecord = Awaited<ReturnType<typeof findNotices>>['rows'][number];

/** The counts above the list: the same filter without the state, so every tab shows its number. */
export async function countNotices(db: Q, f: NoticeFilter) {
  const r = await applyFilter(base(db, f.scope.districtId), f, false)
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) filter (where n.acknowledged_at is null)`.as('unacknowledged'),
      sql<number>`count(*) filter (where n.replied_at is null and n.deadline < ${f.today})`.as('overdue'),
      sql<number>`count(*) filter (where n.replied_at is not null)`.as('replied'),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(r.total), unacknowledged: Number(r.unacknowledged), overdue: Number(r.overdue), replied: Number(r.replied) };
}

export async function findNoticeById(db: Q, districtId: string, id: string): Promise<NoticeRecord | undefined> {
  return base(db, districtId).select(columns).select(hazardCount).where('n.id', '=', id).executeTakeFirst();
}

export async function findNoticeHazards(db: Q, districtId: string, noticeId: string) {
  return db
    .selectFrom('notice_hazard as nh')
    .innerJoin('hazard as h', (j) => j.onRef('h.district_id', '=', 'nh.district_id').onRef('h.id', '=', 'nh.hazard_id'))
    .select(['h.id', 'h.code', 'h.title', 'h.place', 'h.description', 'h.state', 'h.level', 'h.deadline'])
    .where('nh.district_id', '=', districtId)
    .where('nh.notice_id', '=', noticeId)
    .orderBy('h.code')
    .execute();
}

export async function insertNotice(db: Q, row: Insertable<RectificationNoticeTable>) {
  return db.insertInto('rectification_notice').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export async function insertNoticeHazards(db: Q, districtId: string, noticeId: string, hazardIds: readonly string[]) {
  if (!hazardIds.length) return;
  await db
    .insertInto('notice_hazard')
    .values(hazardIds.map((hazard_id) => ({ district_id: districtId, notice_id: noticeId, hazard_id })))
    .execute();
}

/** Sets the acknowledgement once; false when someone acknowledged it first. */
export async function markNoticeAcknowledged(db: Q, districtId: string, id: string, byName: string): Promise<boolean> {
  const r = await db
    .updateTable('rectification_notice')
    .set({ acknowledged_at: new Date(), acknowledged_by_name: byName, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records the reply once, only after the acknowledgement; false otherwise. */
export async function markNoticeReplied(db: Q, districtId: string, id: string, text: string, byName: string): Promise<boolean> {
  const r = await db
    .updateTable('rectification_notice')
    .set({ replied_at: new Date(), reply_text: text, replied_by_name: byName, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('acknowledged_at', 'is not', null)
    .where('replied_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * A notice's deadline becomes the hazard's when the hazard has none or a later one; the row
 * version moves like any other hazard change. False when the hazard kept its (earlier) deadline.
 */
export async function applyNoticeDeadline(db: Q, districtId: string, hazardId: string, deadline: string): Promise<boolean> {
  const r = await db
    .updateTable('hazard')
    .set((eb) => ({ deadline, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('district_id', '=', districtId)
    .where('id', '=', hazardId)
    .where('state', '!=', 'closed')
    .where((eb) => eb.or([eb('deadline', 'is', null), eb('deadline', '>', deadline)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findNumberFormat(db: Q, districtId: string, unitId: string) {
  return db
    .selectFrom('notice_number_format')
    .select(['format', 'updated_at'])
    .where('district_id', '=', districtId)
    .where('issuer_unit_id', '=', unitId)
    .executeTakeFirst();
}

export async function upsertNumberFormat(db: Q, districtId: string, unitId: string, format: string) {
  await db
    .insertInto('notice_number_format')
    .values({ district_id: districtId, issuer_unit_id: unitId, format, updated_at: new Date() })
    .onConflict((oc) => oc.columns(['district_id', 'issuer_unit_id']).doUpdateSet({ format, updated_at: new Date() }))
    .execute();
}

/** Notices per issuer kind and Shanghai month, in the scope and the issue-time window. */
export async function countNoticesByKindAndMonth(db: Q, scope: RecordScope, from: Date, to: Date, unit: UnitNarrowing = {}) {
  const month = sql<string>`to_char((n.issued_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;
  let q = db
    .selectFrom('rectification_notice as n')
    .select(['n.issuer_kind', month.as('month'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('n.district_id', '=', scope.districtId)
    .where('n.issued_at', '>=', from)
    .where('n.issued_at', '<', to);
  if (scope.schoolIds) q = q.where(scopeCondition(scope, noticeScopeColumns));
  q = narrowToUnit(q, 'n.school_id', scope.districtId, unit);
  const rows = await q.groupBy(['n.issuer_kind', month]).execute();
  return rows.map((r) => ({ kind: r.issuer_kind, month: r.month, n: Number(r.n) }));
}
